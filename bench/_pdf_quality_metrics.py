"""Import-quality metrics: Assay's sentences against a reference text (issue 11).

Pure functions on plain strings and lists, so the same code measures PDF, DOCX or any
other import. The reference text for a PDF is `pdftotext -raw FILE -` (poppler-utils);
pages are separated by form feeds there.

How each figure is computed:

* **fold** (`fold`): NFKD (ligatures "ﬁ" → "fi", superscript digits → digits) with
  every combining mark dropped and dotless "ı" read as "i", so accents do not count (a
  PDF draws "ï" as "ı" plus a spacing "¨" that Assay may put before the letter:
  "na¨ıve" is a display defect, not invented text); curly/low/prime quotes and
  guillemets unified to `'` and `"`; lower case.
* **match key** (`match_key`): the folded text with every whitespace character,
  hyphen, soft hyphen, dash (U+2010–U+2015), minus sign and quote removed (PDFs
  mix ‘‘ ’’ “ ” and straight quotes for one mark). Assay's sentences
  and the reference are keyed alike, so line breaks, line-end hyphens and spacing
  never count.
* **invented** (`is_invented`): a sentence whose key is not a substring of the
  reference's key, and cannot be split at any point into two non-empty pieces that are
  both in the reference key with the second starting after the first ends (one
  sentence joined across a page or column break is fine; a running header glued into
  the middle of a sentence, or two columns interleaved, make three or more pieces).
  A sentence whose key is empty (only dashes or spaces) is not invented. A table row
  (cells joined by tabs) is invented when one of its cells is (pdftotext may read a
  table's cells in another order). Target: ≤ 1 %
  of sentences. Of those, `is_prose` counts the ones that read as prose (the worst:
  interleaved columns, a header glued in) apart from figure labels and formulas.
  `unmatched_share` ranks them for display: the share of the key outside its longest
  found prefix and longest found suffix.
* **cut** (`cut_sentences`): a paragraph or list-item sentence that does not end in
  `. ! ? : ; …` (optionally followed by closing quotes or brackets) while the next
  sentence of the text flow starts, after opening quotes/brackets, with a lower-case
  letter (not a DOI, URL or e-mail address: "doi:10.1155/…" under a "Volume 2010"
  line is a unit of its own, it continues nothing). The flow is the sentences in
  document order with table rows, table headers, captions and notes left out (the
  layout places them beside the running text). Share of paragraph and list-item
  sentences. Target: ≤ 5 %.
* **headings** (`heading_key`, `standard_headings`, `found_headings`): expected titles
  are compared with Assay's heading and title units by `heading_key`: folded, a
  leading section number ("1", "2.", "3.1", "II.", "A.") removed, every character that
  is not a letter or digit a space, spaces collapsed. Expected titles are, where JATS
  is given (CERMINE's expected output), the titles of the top-level `<sec>` elements
  (CERMINE also made sections of some indented participant quotes: those nested
  `<sec>` titles are sentences of the text, not headings); otherwise every distinct
  line of the reference that, keyed, is one of `STANDARD_SECTIONS` and starts (after
  its number) with a capital. A title is found when some heading/title unit has
  exactly its key. Target: ≥ 85 %.
* **coverage** (`words`, `coverage`): the reference's words found in Assay's
  sentences, as multisets: words are maximal runs of letters and digits of the folded
  text after every hyphen (and soft hyphen) is removed with the spaces after it, so
  "health-\\ncare", "health-care" and "healthcare" are all "healthcare"
  (hyphenation-insensitive). Coverage = Σ min(reference count, Assay count) /
  reference words. For a PDF the reference first loses its running headers, footers
  and page numbers (`strip_page_furniture`), which Assay is meant to drop. Order is
  not checked (invented and cut see order). Target: ≥ 95 % on every file.
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
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'", "ı": "i",
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    }
)  # fmt: skip
_DROPPED = re.compile(r"[\s\-\u00ad\u2010-\u2015\u2212\ufe58\ufe63\uff0d'\"]+")


def fold(text: str) -> str:
    """NFKD without combining marks, quotes unified, lower case: compatibility forms,
    ligatures and accents do not count."""
    decomposed = unicodedata.normalize("NFKD", text)
    if not decomposed.isascii():
        decomposed = "".join(c for c in decomposed if not unicodedata.combining(c))
    return decomposed.translate(QUOTES).lower()


def match_key(text: str) -> str:
    """`text` folded, with spaces, hyphens and dashes removed."""
    return _DROPPED.sub("", fold(text))


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
    """Indexes of the sentences that are not in the reference text (see `is_invented`).
    A table row (cells joined by tabs) is checked cell by cell: a reference extractor
    may read a table's cells in another order, but every cell must be there."""
    reference = match_key(reference_text)

    def invented(text: str) -> bool:
        return any(is_invented(match_key(cell), reference) for cell in text.split("\t"))

    return [i for i, text in enumerate(sentences) if invented(text)]


_TOKEN = re.compile(r"\S+")
_WORDLIKE = re.compile(r"^[\"'“‘(\[]*[^\W\d_]{3,}")


def is_prose(text: str) -> bool:
    """Whether `text` reads as prose (6+ tokens, 60 %+ of them starting with a word of
    3+ letters), as opposed to figure labels, formulas or number columns; invented
    prose is the worst defect, debris from a figure the least harmful."""
    tokens = _TOKEN.findall(text)
    wordlike = sum(1 for token in tokens if _WORDLIKE.match(token))
    return len(tokens) >= 6 and wordlike >= 0.6 * len(tokens)


# --- cut ----------------------------------------------------------------------------

BODY_KINDS = frozenset({"paragraph", "list_item"})
# Placed by the layout beside the running text, not in it.
FLOATING_KINDS = frozenset({"table_row", "table_header", "caption", "note"})
_ENDS_SENTENCE = re.compile(r"[.!?:;…][\"'”’»)\]}]*$")
_OPENERS = "\"'“‘«([{"


# A DOI, URL or e-mail address starts in lower case without continuing a sentence.
_IDENTIFIER = re.compile(r"^(?:doi:|https?://|www\.|\S+@\S+\.\w+)", re.I)


def _starts_lower(text: str) -> bool:
    stripped = text.lstrip(_OPENERS + " ")
    return bool(stripped) and stripped[0].islower() and not _IDENTIFIER.match(stripped)


def cut_sentences(units: Sequence[tuple[str, str]]) -> tuple[list[int], int]:
    """(indexes of cut sentences, number of paragraph/list-item sentences) for units
    given as (kind, text) in document order."""
    flow = [i for i, (kind, _) in enumerate(units) if kind not in FLOATING_KINDS]
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
    text = _SECTION_NUMBER.sub("", fold(text))
    return " ".join(_NOT_ALNUM.sub(" ", text).split())


def standard_headings(lines: Iterable[str]) -> list[str]:
    """Distinct lines that are a standard section name on their own, in order; the name
    must start with a capital ("methods:" ending a wrapped sentence is no heading)."""
    seen: dict[str, str] = {}
    for line in lines:
        key = heading_key(line)
        name = _SECTION_NUMBER.sub("", line.strip())
        if key in STANDARD_SECTIONS and key not in seen and name[:1].isupper():
            seen[key] = line.strip()
    return list(seen.values())


def found_headings(expected: Sequence[str], headings: Iterable[str]) -> list[str]:
    """The expected titles that some heading/title unit spells (by `heading_key`)."""
    have = {heading_key(text) for text in headings}
    return [title for title in expected if heading_key(title) in have]


# --- coverage -----------------------------------------------------------------------

_HYPHEN_JOIN = re.compile(r"[-\u00ad\u2010\u2011]\s*")
# Chinese and Japanese are written without spaces: each ideograph or kana counts as a
# word, so a line break inside a word ("病 原菌" in the reference) does not count.
_CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK_CHARS}]|[^\\W_{_CJK_CHARS}]+")


def words(text: str) -> list[str]:
    """Lower-cased runs of letters and digits (each CJK character a word of its own),
    hyphens (and line breaks after them) removed first so hyphenation does not matter."""
    text = _HYPHEN_JOIN.sub("", fold(text))
    return _WORD.findall(text)


def missing_words(
    reference_words: Sequence[str], found_words: Sequence[str], top: int
) -> list[str]:
    """The `top` reference words most often missing from `found_words`, as "word×n"."""
    lacking = Counter(reference_words) - Counter(found_words)
    return [f"{word}×{count}" for word, count in lacking.most_common(top)]


def coverage(reference_words: Sequence[str], found_words: Sequence[str]) -> tuple[int, int]:
    """(reference words also in `found_words`, counted as multisets; reference words)."""
    have = Counter(found_words)
    need = Counter(reference_words)
    return sum(min(count, have[word]) for word, count in need.items()), len(reference_words)


_PAGE_NUMBER = re.compile(
    r"^[\s\-–—]*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*$", re.I
)


def strip_page_furniture(pages: Sequence[str], edge_lines: int = 2) -> list[str]:
    """The lines of `pages` without running headers/footers and page numbers.

    A line's furniture key is its text with digits removed, lower case. Dropped: among
    the first and last `edge_lines` non-empty lines of each page, a page number ("12",
    "Page 12", "- 12 -", "12 of 40") and a line whose key is at a page edge on at least
    max(2, 30 % of the pages) pages (odd and even pages often carry different
    headers, and a figure page none); anywhere on the page, a line whose key has 20 or
    more characters and occurs on that many pages (a margin note such as the Federal
    Register's "VerDate Sep<11>2014 … Frm 00001", which pdftotext puts mid-page).
    Line numbers in a page's margin go first (`_without_line_numbers`).
    """
    split = [
        _without_line_numbers([ln for ln in page.splitlines() if ln.strip()]) for page in pages
    ]

    def edges(lines: list[str]) -> set[int]:
        return set(range(min(edge_lines, len(lines)))) | set(
            range(max(0, len(lines) - edge_lines), len(lines))
        )

    def furniture_key(line: str) -> str:
        return " ".join(re.sub(r"\d+", "", line).lower().split())

    at_edges: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    for lines in split:
        at_edges.update({furniture_key(lines[i]) for i in edges(lines)})
        anywhere.update({key for key in map(furniture_key, lines) if len(key) >= 20})
    needed = max(2, 0.3 * len(split))
    kept: list[str] = []
    for lines in split:
        at_edge = edges(lines)
        for i, line in enumerate(lines):
            key = furniture_key(line)
            if i in at_edge and (_PAGE_NUMBER.match(line) or (key and at_edges[key] >= needed)):
                continue
            if len(key) >= 20 and anywhere[key] >= needed:
                continue
            kept.append(line)
    return kept


_LINE_NUMBER = re.compile(r"^(\d{1,5})(?:\s+|$)")


def _without_line_numbers(lines: list[str]) -> list[str]:
    """A page's lines without the line numbers of its margin (a transcript's 1–25, a
    manuscript's numbering), which Assay leaves out as furniture. pdftotext gives them
    as lines of their own or at the start of their lines; either way, ten or more
    numbers counting up one by one (90 % of the steps) in the order pdftotext gives
    them, on lines that are bare numbers or make 70 % of the page's lines, go."""
    numbered = [
        (i, int(m.group(1))) for i, line in enumerate(lines) if (m := _LINE_NUMBER.match(line))
    ]
    bare = [(i, value) for i, value in numbered if lines[i].strip().isdigit()]
    for found in (bare, numbered):
        if len(found) < 10 or (found is numbered and len(found) < 0.7 * len(lines)):
            continue
        values = [value for _, value in found]
        ones = sum(1 for a, b in zip(values, values[1:], strict=False) if b == a + 1)
        if ones < 0.9 * (len(values) - 1):
            continue
        result = list(lines)
        for index, _ in found:
            result[index] = _LINE_NUMBER.sub("", result[index], count=1)
        return [line for line in result if line.strip()]
    return lines


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
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)[a-z]?\b")
_INITIAL = re.compile(r"\b(?:[A-Z]\.|et al\.)")
# Authors (no full stop but after initials), then the year: "Bates DM, DebRoy S (2003).",
# "Baumeister, R. F., … Vohs, K. D. (2001).", "Goecks J. 2016.", "Tomas Mikolov. 2013b.".
_AUTHORS_THEN_YEAR = re.compile(r"^[^.]{2,800}?\.?\s+\(?(?:1[89]\d\d|20\d\d)[a-z]?\)?[.,]")
_NOT_A_HEAD = re.compile(r"^(?:In|Pages?|Proceedings|Vol|Volume|Available|URL|DOI)\b")
LONGEST_ENTRY = 1200  # characters; an author-year "entry" longer than this is body text


def _opens_entry(following: Sequence[str]) -> bool:
    """Whether the first of `following` lines opens an author-year entry: the author list,
    then the year, within the next eight lines."""
    if _NOT_A_HEAD.match(following[0]):
        return False
    head = _INITIAL.sub("X", " ".join(following[:8]))
    return _AUTHORS_THEN_YEAR.match(head) is not None


def reference_entries(lines: Sequence[str]) -> list[str]:
    """The entries of the reference list in `lines` (a reference text's lines).

    The list starts after the last line that is only "References" / "Bibliography" /
    "Literature cited" (possibly numbered) and ends at an appendix or "Affiliation:"
    line or the end; lines that are only a page number are skipped. Its style is told
    by its first line:

    * "[1] …": an entry starts at each line "[n]" whose n is one more than the last;
    * "1. …" or "1) …": likewise with "n." / "n)";
    * otherwise author–year: an entry starts at a line when the line before ends in
      `. ? !` (optionally with closing quotes/brackets), the current entry already
      holds a year, and, with initials ("R. F.") and "et al." masked, the text from
      this line on reaches a year followed by `. , )` with no full stop before it
      except one right before the year ("Goecks J. 2016.", "Bates DM, DebRoy S
      (2003).", "Andrea Frome, Greg Corrado, … and Tomas Mikolov. 2013."), and the
      line is not a continuation such as "In Proceedings …", "URL …". An entry that
      grows past LONGEST_ENTRY characters ends the list (an appendix without a
      recognised heading follows).
    """
    starts = [i for i, line in enumerate(lines) if _LIST_HEADING.match(line)]
    if not starts:
        return []
    body: list[str] = []
    for line in lines[starts[-1] + 1 :]:
        if _LIST_END.match(line):
            break
        if line.strip() and not _PAGE_NUMBER.match(line):
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
    for index, line in enumerate(body):
        if not entries:
            entries.append([line])
            continue
        current = " ".join(entries[-1])
        if len(current) > LONGEST_ENTRY:
            break
        ended = _ENTRY_ENDED.search(entries[-1][-1]) and _YEAR.search(current)
        if ended and _opens_entry(body[index : index + 8]):
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
