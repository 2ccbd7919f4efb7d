"""Clean Markdown extracted from a PDF, line by line, before block parsing.

A PDF-to-Markdown tool leaves the running page header in the text at every page
break (with varying emphasis), cuts sentences, list items, table rows and references
at those breaks, and repeats a table's header row on each new page. These rules put
the text back together; each counts what it did for ParsedDocument.notes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Marks the kept first occurrence of the running header: blocks.py makes it the TITLE.
TITLE_MARK = "\ue000"

_MARKUP = re.compile(r"<[^>]*>|[*_`]")
_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_REFERENCE_START = re.compile(r"^\s*(?:[-*+]\s+)?✓")
_CITATION_TAIL = re.compile(r"\b(?:1[89]|20)\d{2}[a-z]?\s*;\s*\d")  # "2016;7"
_NEW_BLOCK = re.compile(r"^\s*(?:[-+]\s|\d{1,3}[.)]\s|#|>|\|)")
_MAX_REFERENCE_LINES = 3
_MIN_REPEATS = 5
Checkpoint = Callable[[int], None]  # called with the number of lines done
_LINES_PER_REPEAT = 40


@dataclass
class CleanedSource:
    lines: list[str]
    notes: list[str] = field(default_factory=list)


def _plain_key(line: str) -> str:
    """The line with emphasis and HTML removed, spaces collapsed, lower-cased."""
    return " ".join(_MARKUP.sub("", line).split()).lower()


def find_running_headers(lines: list[str], keys: list[str] | None = None) -> set[str]:
    """Keys of lines that repeat often enough to be page headers or footers.

    ``keys``: ``_line_keys(lines)``, when the caller has them already.
    """
    if keys is None:
        keys = _line_keys(lines)
    counts = Counter(
        key for line, key in zip(lines, keys, strict=True) if key and len(line.strip()) >= 10
    )
    needed = max(_MIN_REPEATS, len(lines) // _LINES_PER_REPEAT)
    return {key for key, count in counts.items() if count >= needed}


def _line_keys(lines: list[str], checkpoint: Checkpoint | None = None, every: int = 0) -> list[str]:
    """_plain_key of every line; "" for table rows (never headers)."""
    if checkpoint is None or every <= 0:
        return [_plain_key(line) if "\t" not in line else "" for line in lines]
    keys: list[str] = []
    for first in range(0, len(lines), every):
        checkpoint(first // 2)  # keys are the first half of the cleaning
        keys.extend(
            _plain_key(line) if "\t" not in line else "" for line in lines[first : first + every]
        )
    return keys


def _plain_start(line: str) -> str:
    return _MARKUP.sub("", line).lstrip()[:1]


def _continues_sentence(previous: str, following: str) -> bool:
    """previous has no terminal punctuation and following opens lowercase or a dash."""
    prev_text = _MARKUP.sub("", previous).rstrip()
    if not prev_text or previous.lstrip().startswith("#") or _TERMINAL.search(prev_text):
        return False
    first = _plain_start(following)
    return first.islower() or first in "—–"


def _is_continuation_row(previous_row: str, row: str) -> bool:
    cells = row.split("\t")
    if not _MARKUP.sub("", cells[0]).strip():
        return True  # empty first cell: the rest of a row cut at the page break
    last_cell = next((c for c in reversed(previous_row.split("\t")) if c.strip()), "")
    unfinished = not _TERMINAL.search(_MARKUP.sub("", last_cell).rstrip())
    return unfinished and _plain_start(cells[0]).islower()


def _merge_rows(previous_row: str, row: str) -> str:
    """Join two halves of a table row cell by cell."""
    left, right = previous_row.split("\t"), row.split("\t")
    width = max(len(left), len(right))
    left += [""] * (width - len(left))
    right += [""] * (width - len(right))
    return "\t".join(
        " ".join(p for p in (a.strip(), b.strip()) if p) for a, b in zip(left, right, strict=True)
    )


def _table_start(out: list[str]) -> int:
    start = len(out) - 1
    while start > 0 and "\t" in out[start - 1]:
        start -= 1
    return start


def remove_running_headers(
    lines: list[str], checkpoint: Checkpoint | None = None, every: int = 0
) -> CleanedSource:
    keys = _line_keys(lines, checkpoint, every)
    headers = find_running_headers(lines, keys)
    if not headers:
        return CleanedSource(list(lines))
    out: list[str] = []
    dropped = joined_sentences = merged_tables = merged_rows = 0
    seen: set[str] = set()
    i, n = 0, len(lines)
    next_check = every if checkpoint is not None and every > 0 else n
    while i < n:
        if i >= next_check:
            checkpoint(n // 2 + i // 2)  # type: ignore[misc]
            next_check = i + every
        line = lines[i]
        key = keys[i]
        if key not in headers:
            out.append(line)
            i += 1
            continue
        if key not in seen:
            seen.add(key)
            out.append(TITLE_MARK + line.strip())
            i += 1
            continue
        dropped += 1
        while out and not out[-1].strip():
            out.pop()
        i += 1
        while i < n and not lines[i].strip():
            i += 1
        if not out or i >= n or (keys[i] or _plain_key(lines[i])) in headers:
            out.append("")
            continue
        previous, following = out[-1], lines[i]
        if "\t" in previous and "\t" in following:
            merged_tables += 1
            if following.strip() == out[_table_start(out)].strip():
                i += 1  # the header row repeated on the new page
            if i < n and "\t" in lines[i] and _is_continuation_row(out[-1], lines[i]):
                out[-1] = _merge_rows(out[-1], lines[i])
                merged_rows += 1
                i += 1
        elif "\t" not in previous and _continues_sentence(previous, following):
            out[-1] = previous.rstrip() + " " + following.lstrip()
            joined_sentences += 1
            i += 1
        else:
            out.append("")
    notes = [f"Dropped {dropped} repeated page headers"]
    if joined_sentences:
        notes.append(f"Joined {joined_sentences} sentences split by page breaks")
    if merged_tables:
        notes.append(
            f"Joined {merged_tables} tables continued across page breaks"
            f" ({merged_rows} split rows merged)"
        )
    return CleanedSource(out, notes)


def join_split_references(lines: list[str]) -> tuple[list[str], int]:
    """A reference entry cut by a page break is put back on one line:

    '✓ *Author. Title. J Am Board Fam Med.*' + '*2015;28(2):249–256.*', and
    '✓ *Author. Title that runs on*' + '*to here? Adv Nutr. 2016;7(1):25–43.*' (up to
    three following lines, taken only if they end the entry with its year;volume).
    """
    out: list[str] = []
    joined = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if _REFERENCE_START.match(line) and not _CITATION_TAIL.search(_MARKUP.sub("", line)):
            taken = _rest_of_reference(lines, i + 1)
            if taken:
                out.append(" ".join([line.rstrip(), *(lines[j].strip() for j in taken)]))
                joined += 1
                i = taken[-1] + 1
                continue
        out.append(line)
        i += 1
    return out, joined


def _rest_of_reference(lines: list[str], start: int) -> list[int]:
    """Indexes of the lines that finish an entry begun before `start`, or [] if the
    next few lines do not end it (blank lines between them are skipped)."""
    taken: list[int] = []
    j = start
    while j < len(lines) and len(taken) < _MAX_REFERENCE_LINES:
        if not lines[j].strip():
            j += 1
            continue
        plain = _MARKUP.sub("", lines[j]).strip()
        if "\t" in lines[j] or _NEW_BLOCK.match(lines[j]) or plain[:1] in "✓✔–—→":
            return []
        taken.append(j)
        if _CITATION_TAIL.search(plain):
            return taken
        j += 1
    return []


def clean_pdf_markdown(
    lines: list[str], checkpoint: Checkpoint | None = None, every: int = 0
) -> CleanedSource:
    """``checkpoint(lines_done)`` is called about every ``every`` lines, if given."""
    cleaned = remove_running_headers(lines, checkpoint, every)
    cleaned.lines, joined = join_split_references(cleaned.lines)
    if joined:
        cleaned.notes.append(f"Joined {joined} references split across lines")
    return cleaned
