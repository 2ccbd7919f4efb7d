"""Import-quality metrics: Assay's sentences against a reference text (issue 11).

Pure functions on plain strings and lists, so the same code measures PDF, DOCX or any
other import. The reference text for a PDF is `pdftotext -raw FILE -` (poppler-utils);
pages are separated by form feeds there.

How each figure is computed:

* **match key** (`match_key`): NFKC (ligatures "ﬁ" → "fi", superscript digits → digits),
  curly/low/prime quotes and guillemets unified to `'` and `"`, every whitespace
  character, hyphen, soft hyphen, dash (U+2010–U+2015) and minus sign removed, then
  lower case. Both Assay's sentences and the reference are keyed the same way, so line
  breaks, line-end hyphens and spacing never count.
* **invented** (`is_invented`): a sentence whose key is not a substring of the
  reference's key, and cannot be split at any point into two non-empty pieces that are
  both in the reference key with the second starting after the first ends (one
  sentence joined across a page or column break is fine; a running header glued into
  the middle of a sentence, or two columns interleaved, make three or more pieces).
  Sentences whose key is empty (only dashes or spaces) are not counted as invented.
  Target: ≤ 1 % of sentences. `unmatched_share` ranks them for display: the share of
  the key outside its longest found prefix and longest found suffix.
* **cut** (`cut_sentences`): a paragraph or list-item sentence that does not end in
  `. ! ? : ; …` (optionally followed by closing quotes or brackets) while the next
  sentence of the text flow starts, after opening quotes/brackets, with a lower-case
  letter. The flow is the sentences in document order with table rows and table
  headers left out (a table floats beside the text). Share of paragraph and list-item
  sentences. Target: ≤ 5 %.
* **headings** (`heading_key`, `standard_headings`, `found_headings`): expected titles
  are compared with Assay's heading and title units by `heading_key`: NFKC, lower
  case, a leading section number ("1", "2.", "3.1", "II.", "A.") removed, every
  character that is not a letter or digit a space, spaces collapsed. Expected titles
  are, where JATS is given (CERMINE's expected output), the titles of the top-level
  `<sec>` elements (CERMINE also made sections of some indented participant quotes:
  those nested `<sec>` titles are sentences of the text, not headings); otherwise every
  distinct line of the reference that, keyed, is one of `STANDARD_SECTIONS`. A title
  is found when some heading/title unit has exactly its key. Target: ≥ 85 %.
* **coverage** (`words`, `coverage`): the reference's words found in Assay's
  sentences, as multisets: words are maximal runs of letters and digits of the
  NFKC, lower-cased text after every hyphen (and soft hyphen) with the spaces after it
  is removed, so "health-\\ncare", "health-care" and "healthcare" are all
  "healthcare" (hyphenation-insensitive). Coverage = Σ min(reference count, Assay
  count) / reference words. For a PDF the reference first loses its running headers,
  footers and page numbers (`strip_page_furniture`), which Assay is meant to drop.
  Target: ≥ 95 % on every file.
* **references** (`reference_entries`, `matched_references`): expected entries are
  JATS `<ref>` texts where given, else the entries of the reference list in the
  reference text (see `reference_entries` for the rule). An entry is found when one of
  Assay's reference blocks, keyed and with its leading "[n]" / "n." number removed,
  starts with the entry's first 40 key characters (all of them if shorter); each block
  finds at most one entry, so a list run together into one block finds one entry.
  Target: ≥ 90 %.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

QUOTES = str.maketrans(
    {
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "´": "'",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    }
)  # fmt: skip
_DROPPED = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+")


def match_key(text: str) -> str:
    """`text` with ligatures, quotes, spaces, hyphens and dashes normalised away."""
    return _DROPPED.sub("", unicodedata.normalize("NFKC", text).translate(QUOTES)).lower()


# --- invented ---------------------------------------------------------------------


def _longest_found_prefix(key: str, reference: str) -> int:
    """Length of the longest prefix of `key` found in `reference` (prefixes of a found
    prefix are found too, so a binary search works)."""
    low, high = 0, len(key)
    while low < high:
        middle = (low + high + 1) // 2
        if key[:middle] in reference:
            low = middle
        else:
            high = middle - 1
    return low


def _longest_found_suffix(key: str, reference: str) -> int:
    low, high = 0, len(key)
    while low < high:
        middle = (low + high + 1) // 2
        if key[len(key) - middle :] in reference:
            low = middle
        else:
            high = middle - 1
    return low


def is_invented(key: str, reference: str) -> bool:
    """True when `key` (a `match_key`) is neither in `reference` (also a key) nor two
    in-order pieces of it."""
    if not key or key in reference:
        return False
    prefix = _longest_found_prefix(key, reference)
    suffix = _longest_found_suffix(key, reference)
    # A split at i needs key[:i] found (i <= prefix) and key[i:] found (i >= n - suffix).
    for split in range(max(1, len(key) - suffix), min(prefix, len(key) - 1) + 1):
        first = reference.find(key[:split])
        if reference.find(key[split:], first + split) >= 0:
            return False
    return True


def unmatched_share(key: str, reference: str) -> float:
    """Share of `key` outside its longest found prefix and suffix (0 when all found)."""
    if not key:
        return 0.0
    covered = _longest_found_prefix(key, reference) + _longest_found_suffix(key, reference)
    return max(0.0, 1 - covered / len(key))


def invented_sentences(sentences: Sequence[str], reference_text: str) -> list[int]:
    """Indexes of the sentences that are not in the reference text (see `is_invented`)."""
    reference = match_key(reference_text)
    return [i for i, text in enumerate(sentences) if is_invented(match_key(text), reference)]


# --- cut ----------------------------------------------------------------------------

BODY_KINDS = frozenset({"paragraph", "list_item"})
TABLE_KINDS = frozenset({"table_row", "table_header"})
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"'”’»)\]}]*$")
_OPENERS = "\"'“‘«([{"


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(_OPENERS + " ")
    return bool(stripped) and stripped[0].islower()


def cut_sentences(units: Sequence[tuple[str, str]]) -> tuple[list[int], int]:
    """(indexes of cut sentences, number of paragraph/list-item sentences) for units
    given as (kind, text) in document order."""
    flow = [i for i, (kind, _) in enumerate(units) if kind not in TABLE_KINDS]
    cut: list[int] = []
    for here, after in zip(flow, flow[1:], strict=False):
        kind, text = units[here]
        ends_open = kind in BODY_KINDS and not _ENDS_SENTENCE.search(text.rstrip())
        if ends_open and _starts_lower(units[after][1]):
            cut.append(here)
    body = sum(1 for kind, _ in units if kind in BODY_KINDS)
    return cut, body


# --- headings -----------------------------------------------------------------------

_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[ivxlc]+\.|[a-z]\.)\s+")
_NOT_ALNUM = re.compile(r"[^\w]+|_")

STANDARD_SECTIONS = frozenset(
    """abstract; introduction; background; methods; method; materials and methods;
    methods and materials; material and methods; methodology; results; findings;
    results and discussion; discussion; discussion and conclusions; conclusion;
    conclusions; conclusion and future work; conclusions and future work; summary;
    references; bibliography; literature cited; acknowledgements; acknowledgments;
    acknowledgement; acknowledgment; related work; related works; evaluation;
    experiments; experimental results; experimental setup; experimental; future work;
    limitations; appendix; case report; case presentation; implementation; motivation;
    preliminaries; overview; funding; competing interests; conflict of interest;
    conflicts of interest; declarations; abbreviations; authors contributions;
    author contributions; supplementary material; statistical analysis""".replace("\n", " ")
    .replace("    ", "")
    .split("; ")
)


def heading_key(text: str) -> str:
    """Lower case, leading section number and punctuation removed: "II. RELATED WORK"
    and "Related work" both give "related work"."""
    text = unicodedata.normalize("NFKC", text).translate(QUOTES).lower()
    text = _SECTION_NUMBER.sub("", text)
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


def standard_headings(lines: Iterable[str]) -> list[str]:
    """Distinct lines that are a standard section name on their own, in order."""
    seen: dict[str, str] = {}
    for line in lines:
        key = heading_key(line)
        if key in STANDARD_SECTIONS and key not in seen:
            seen[key] = line.strip()
    return list(seen.values())


def found_headings(expected: Sequence[str], headings: Iterable[str]) -> list[str]:
    """The expected titles that some heading/title unit spells (by `heading_key`)."""
    have = {heading_key(text) for text in headings}
    return [title for title in expected if heading_key(title) in have]


# --- coverage -----------------------------------------------------------------------

_HYPHEN_JOIN = re.compile(r"[-\u00ad\u2010\u2011]\s*")
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits, hyphens (and line breaks after them)
    removed first so hyphenation does not matter."""
    text = _HYPHEN_JOIN.sub("", unicodedata.normalize("NFKC", text).lower())
    return _WORD.findall(text)


def coverage(reference_words: Sequence[str], found_words: Sequence[str]) -> tuple[int, int]:
    """(reference words also in `found_words`, counted as multisets; reference words)."""
    have = Counter(found_words)
    need = Counter(reference_words)
    return sum(min(count, have[word]) for word, count in need.items()), len(reference_words)


_PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)


def strip_page_furniture(pages: Sequence[str], edge_lines: int = 2) -> list[str]:
    """The lines of `pages` without running headers/footers and page numbers.

    Among the first and last `edge_lines` non-empty lines of each page: a page number
    ("12", "Page 12", "- 12 -", "12 of 40") is dropped, and so is a line whose text with
    digits removed is at a page edge on at least max(2, 40 % of the pages) pages.
    """
    split = [[line for line in page.splitlines() if line.strip()] for page in pages]

    def edges(lines: list[str]) -> set[int]:
        return set(range(min(edge_lines, len(lines)))) | set(
            range(max(0, len(lines) - edge_lines), len(lines))
        )

    def furniture_key(line: str) -> str:
        return " ".join(re.sub(r"\d+", "", line).lower().split())

    counts: Counter[str] = Counter()
    for lines in split:
        counts.update({furniture_key(lines[i]) for i in edges(lines)})
    needed = max(2, 0.4 * len(split))
    kept: list[str] = []
    for lines in split:
        at_edge = edges(lines)
        for i, line in enumerate(lines):
            key = furniture_key(line)
            if i in at_edge and (_PAGE_NUMBER.match(line) or (key and counts[key] >= needed)):
                continue
            kept.append(line)
    return kept


# --- references ---------------------------------------------------------------------

_LIST_HEADING = re.compile(
    r"^\s*(?:(?:\d+|[ivxlc]+)\.?\s*)?(?:references|bibliography|literature cited|"
    r"references and notes|works cited|cited literature)\s*$",
    re.I,
)
# Lines after the list that end it: an appendix, a JSS-style "Affiliation:" block.
_LIST_END = re.compile(
    r"^\s*(?:(?:[A-Z]|\d+)\.?\s+)?(?:appendix|appendices|affiliations?:|supplementary)\b", re.I
)
_BRACKETED = re.compile(r"^\s*\[(\d+)\]")
_DOTTED = re.compile(r"^\s*(\d+)[.)]\s")
_ENTRY_ENDED = re.compile(r"[.?!][\"'”’)\]]*\s*$")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)[a-z]?\)?[.,:;]")
_AUTHOR_HEADS = (
    re.compile(r"^[A-Z][\w'’\-]+(?: [a-z]{1,3})? [A-Z]{1,3}[,( ]"),  # Bates DM, / Godfrey K (
    re.compile(r"^[A-Z][\w'’\-]+(?: [a-z]{1,3})?, (?:[A-Z]\.\s?)+"),  # Baumeister, R. F.,
)
_NOT_A_HEAD = re.compile(r"^(?:In|Pages?|Proceedings|Vol|Volume|Available|URL|DOI)\b")


def reference_entries(lines: Sequence[str]) -> list[str]:
    """The entries of the reference list in `lines` (a reference text's lines).

    The list starts after the last line that is only "References" / "Bibliography" /
    "Literature cited" (possibly numbered) and ends at an appendix or "Affiliation:"
    line or the end. Its style is told by its first line:

    * "[1] …": an entry starts at each line "[n]" whose n is one more than the last;
    * "1. …" or "1) …": likewise with "n." / "n)";
    * otherwise author–year: an entry starts at a line when the line before ends in
      `. ? !` (optionally with closing quotes/brackets), the current entry already
      holds a year, and the line opens with an author head ("Bates DM," "Godfrey K (",
      "Baumeister, R. F.") or opens with a capital and holds a year followed by
      `. , : ;` or ")" ("Alexandr Andoni and Piotr Indyk. 2008."), and is not a
      continuation such as "In Proceedings …", "Pages …", "URL …".
    """
    starts = [i for i, line in enumerate(lines) if _LIST_HEADING.match(line)]
    if not starts:
        return []
    body: list[str] = []
    for line in lines[starts[-1] + 1 :]:
        if _LIST_END.match(line):
            break
        if line.strip():
            body.append(line.strip())
    if not body:
        return []
    numbered = (
        _BRACKETED if _BRACKETED.match(body[0]) else _DOTTED if _DOTTED.match(body[0]) else None
    )
    entries: list[list[str]] = []
    if numbered is not None:
        expected = int(numbered.match(body[0]).group(1))  # type: ignore[union-attr]
        for line in body:
            match = numbered.match(line)
            if match and int(match.group(1)) == expected:
                entries.append([line])
                expected += 1
            elif entries:
                entries[-1].append(line)
        return [" ".join(entry) for entry in entries]
    for line in body:
        if not entries:
            entries.append([line])
            continue
        current = " ".join(entries[-1])
        opens = (
            any(head.match(line) for head in _AUTHOR_HEADS)
            or (line[:1].isupper() and _YEAR.search(line) is not None)
        ) and not _NOT_A_HEAD.match(line)
        if opens and _ENTRY_ENDED.search(entries[-1][-1]) and _YEAR.search(current):
            entries.append([line])
        else:
            entries[-1].append(line)
    return [" ".join(entry) for entry in entries]


_ENTRY_NUMBER = re.compile(r"^(?:\[\d+\]|\d+[.)])")


def _entry_key(text: str) -> str:
    return _ENTRY_NUMBER.sub("", match_key(text), count=1)


def matched_references(
    expected: Sequence[str], blocks: Sequence[str], prefix: int = 40
) -> list[int]:
    """Indexes of the expected entries that a distinct reference block starts like."""
    free = [_entry_key(block) for block in blocks]
    found: list[int] = []
    for index, entry in enumerate(expected):
        head = _entry_key(entry)[:prefix]
        if not head:
            continue
        for slot, block in enumerate(free):
            if block and block.startswith(head):
                found.append(index)
                free[slot] = ""
                break
    return found
