"""One reference entry as written → its fields. Pure: no SQL, no Qt.

`parse_reference` reads the common health-literature styles: Vancouver/NLM
("Boyle NB, Lawton C, Dye L. Title. Nutrients. 2017;9(5):429."), its variants with a
month, a space after ";", or no period after the journal; APA ("Boyle, N. B., & Dye,
L. (2017). Title. Nutrients, 9(5), 429."); GB/T 7714 ("王伟, 李娜. 标题[J]. 期刊, 2019,
99(3): 123-126.") and GOST ("Иванов И.И. Заглавие // Журнал. 2019. Т. 12, № 3. С. 45–50.").
Leading "✓"/bullets and "[3]"/"3." numbers are read as marks. Whatever it cannot
place stays empty: it never raises, and `raw` is always the entry as written, stripped.

Grouping entries into works is `reference_groups`; linking them to a document's
sentences is `references`, which also re-exports this module's API.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from assay.core.identifiers import IdentifierError, normalise_doi


@dataclass(frozen=True, slots=True)
class Reference:
    """The fields of one reference entry; empty where the entry does not say."""

    raw: str  # as written, stripped
    authors: tuple[str, ...] = ()  # "Surname Initials" as written, "et al." left out
    et_al: bool = False
    title: str = ""
    journal: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: tuple[str, str] | None = None  # (first, last): "547-54" → ("547", "554");
    # last is "" for one page or an article number ("e1234"); as LibraryEntry.pages
    doi: str = ""  # lower case, no "https://doi.org/"
    pmid: str = ""
    marker: str = ""  # "3" of "[3] ..." or "3. ..."

    @property
    def first_page(self) -> str:
        return self.pages[0] if self.pages else ""

    @property
    def last_page(self) -> str:
        return self.pages[1] if self.pages else ""

    @property
    def page_range(self) -> str:
        """ "547–554", "429", or ""."""
        return f"{self.first_page}–{self.last_page}" if self.last_page else self.first_page

    @property
    def first_author_surname(self) -> str:
        return surname(self.authors[0]) if self.authors else ""


# Bullets and check marks before an entry ("- ✓ ", "• "), then its number.
_LEAD = re.compile(r"^[\s\-*•·‣▪–—]*(?:[✓✔☑]\s*[\-*•·]*\s*)?")
_MARKER = re.compile(r"^(?:\[(\d{1,4})\]|(\d{1,3})[.)](?=\s))\s*")
# Full-width punctuation of CJK entries → ASCII, so one set of patterns reads both.
_FULL_WIDTH = str.maketrans(
    {"，": ", ", "．": ". ", "。": ". ", "；": "; ", "：": ": ", "（": "(", "）": ")"}
)
_SPACE_RUN = re.compile(r"\s+")
_DOI_TEXT = re.compile(
    r"(?:\bdoi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+)", re.I
)
_PMID_TEXT = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b", re.I)
# Identifiers and notes that are not part of the citation proper.
_NOISE = re.compile(
    r"\bPMCID\s*:?\s*PMC\d+|\bPMC\d{4,}|https?://\S+|\b(?:Available (?:from|at)|URL)\b\s*:?"
    r"|\bEpub(?: ahead of print)?(?:\s+\d{4}(?:\s+[A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2})?)?"
    r"|\[(?:Internet|cited[^\]]*)\]",
    re.I,
)
_EMPTY_SENTENCES = re.compile(r"([.;,])(?:\s+[.;,])+")  # left where identifiers were
_PAGE = r"[A-Za-z]{0,3}\d+[A-Za-z]?"
_PAGES = rf"(?P<first>{_PAGE})(?:\s*[-–—‐‑]\s*(?P<last>{_PAGE}))?"
_YEAR = r"(?<!\d)(?P<year>(?:1[5-9]|20)\d{2})[a-z]?(?!\d)"


def _vancouver_tail(separator: str) -> re.Pattern[str]:
    """Vancouver / GB/T: 2013 May-Jun;65(3):547-54 · 2015;16:1–6 · 2019, 99(3): 123-126."""
    return re.compile(
        rf"{_YEAR}(?:\s+[A-Z][a-z]{{2,8}}\.?(?:\s*[-–/]\s*[A-Z][a-z]{{2,8}}\.?)?(?:\s+\d{{1,2}})?)?"
        rf"\s*{separator}\s*(?P<volume>\d+[A-Za-z]?(?:\s+Suppl\.?\s*\d*)?)?"
        r"(?:\s*\((?P<issue>[^()]{1,30})\))?"
        rf"(?:\s*[:,]\s*{_PAGES})?"
    )


# "2019;" is tried before "2019," which a title ("in 2019, 3 cases") may also hold.
_VANCOUVER_TAILS = (_vancouver_tail(";"), _vancouver_tail(","))
# GOST: 2019. Т. 12, № 3. С. 45–50.
_GOST_TAIL = re.compile(
    rf"{_YEAR}\.\s*(?:Т|Vol)\.\s*(?P<volume>\d+)(?:\s*,\s*№\s*(?P<issue>[\w-]+))?"
    rf"(?:\.\s*(?:С|P|pp)\.\s*{_PAGES})?"
)
# APA: "(2017)." right after the authors, then "Journal, 9(5), 429." at the end.
_APA_YEAR = re.compile(r"^\((?:(?P<year>(?:1[5-9]|20)\d{2})[a-z]?(?:,[^)]*)?|n\.\s?d\.)\)\.?\s*")
_APA_TAIL = re.compile(
    r",\s*(?P<volume>\d+[A-Za-z]?)\s*(?:\((?P<issue>[^()]{1,30})\))?"
    rf"(?:\s*,\s*(?:Article\s+)?{_PAGES})?\s*\.?\s*$"
)
_ANY_YEAR = re.compile(_YEAR)
_AUTHOR_SPLIT = re.compile(r"\s*[,;&]\s*|\s+and\s+")
_ET_AL = re.compile(r"(?:^|\s)(?:et\.?\s*al\.?|и\s*др\.?|等|u\.\s?a\.|e\.a\.)$", re.I)
_APA_INITIALS = re.compile(r"^(?:[^\W\d_]\.[\s-]?)+$|^[^\W\d_]$")  # "N. B.", "J.-P.", "L"
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "della", "der", "den", "van", "von", "le", "la", "du", "dos"}
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
_TYPE_TAG = re.compile(r"\[(?:[A-Z]{1,2}(?:/OL)?|EB/OL)\]")


def parse_reference(text: str) -> Reference:
    """The fields of one entry as written; never raises, empty where unsure."""
    raw = text.strip()
    try:
        return _parse(raw)
    except Exception:  # noqa: BLE001 - an odd entry must never stop an import
        return Reference(raw=raw)


def leading_marker(text: str) -> str:
    """The "3" of "[3] …" or "3. …" (after any bullet or check mark), else ""."""
    match = _MARKER.match(_LEAD.sub("", text, count=1))
    return (match.group(1) or match.group(2)) if match else ""


def _parse(raw: str) -> Reference:
    work = _LEAD.sub("", raw, count=1)
    marker_match = _MARKER.match(work)
    marker = ""
    if marker_match:
        marker = marker_match.group(1) or marker_match.group(2)
        work = _LEAD.sub("", work[marker_match.end() :], count=1)
    work = _SPACE_RUN.sub(" ", work.replace("*", "").translate(_FULL_WIDTH).replace(" // ", ". "))
    work, doi = _take_doi(work)
    work, pmid = _take_pmid(work)
    work = _EMPTY_SENTENCES.sub(r"\1", _NOISE.sub(" ", work))
    work = _SPACE_RUN.sub(" ", work).strip()

    authors, et_al, rest = _split_authors(work)
    fields = _apa_fields(rest) if _APA_YEAR.match(rest) else _citation_fields(rest)
    return Reference(
        raw=raw, authors=authors, et_al=et_al, doi=doi, pmid=pmid, marker=marker, **fields
    )


def _take_doi(work: str) -> tuple[str, str]:
    match = _DOI_TEXT.search(work)
    if not match:
        return work, ""
    value = match.group(1).rstrip(".,;")
    while value.endswith((")", "]")) and value.count("(") < value.count(")") + value.count("]"):
        value = value[:-1]  # a closing bracket of the text around it, not of the DOI
    try:
        doi = normalise_doi(value)
    except IdentifierError:
        return work, ""
    return work[: match.start()] + " " + work[match.start(1) + len(value) :], doi


def _take_pmid(work: str) -> tuple[str, str]:
    match = _PMID_TEXT.search(work)
    if not match:
        return work, ""
    return work[: match.start()] + " " + work[match.end() :], match.group(1).lstrip("0")


# ---------------------------------------------------------------- authors


def _split_authors(work: str) -> tuple[tuple[str, ...], bool, str]:
    """(authors, et al., the rest) — no authors when the head does not look like names."""
    end = _authors_end(work)
    if end is None:
        return (), False, work
    names, et_al = _author_names(work[:end])
    if not names:
        return (), False, work
    return names, et_al, work[end + 1 :].strip()


def _authors_end(work: str) -> int | None:
    """Index of the period that closes the author list, skipping initials ("N. B.")."""
    for match in re.finditer(r"\.(?=\s|$)", work):
        after = work[match.end() : match.end() + 4].lstrip()  # spaces are single by now
        # "Boyle, N. B., ..." / "Dye, L. A. (2017)": another initial follows.
        if len(after) >= 2 and after[0].isupper() and after[1] in ".,-":
            continue
        return match.start()
    return None


def _author_names(head: str) -> tuple[tuple[str, ...], bool]:
    """The names of an author list, or () when `head` reads like a title."""
    et_al = False
    tokens: list[str] = []
    for token in _AUTHOR_SPLIT.split(head.strip().rstrip(".")):
        token = token.strip()
        if not token:
            continue
        stripped = _ET_AL.sub("", token).strip()
        if stripped != token:
            et_al = True
            token = stripped.rstrip(",").strip()
            if not token:
                continue
        if (
            _APA_INITIALS.match(token)
            and token.isupper()
            and tokens
            and not _has_initials(tokens[-1])
        ):
            # APA "Boyle, N. B." → "Boyle N. B." (the list's closing period is the last initial's)
            tokens[-1] = f"{tokens[-1]} {token if '.' in token else token + '.'}"
        else:
            tokens.append(token)
    if not tokens or not all(_looks_like_name(token) for token in tokens):
        return (), False
    if "." in tokens[-1].split()[-1] and not tokens[-1].endswith("."):
        tokens[-1] += "."  # "Петров П.П." : the list's closing period is its last initial's
    if et_al or any(_has_initials(token) for token in tokens) or all(map(_is_cjk, tokens)):
        return tuple(tokens), et_al
    return (), False


def _looks_like_name(token: str) -> bool:
    words = token.split()
    if not words or len(words) > 6 or any(ch.isdigit() for ch in token):
        return False
    first = next((w for w in words if w.lower() not in _PARTICLES), words[0])
    return first[:1].isupper() or _is_cjk(token)


def _is_initials(word: str) -> bool:
    letters = word.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 4 and letters.isalpha() and letters.isupper()


def _has_initials(token: str) -> bool:
    words = token.split()
    return len(words) >= 2 and _is_initials(words[-1])


def _is_cjk(token: str) -> bool:
    return 1 < len(token) <= 6 and all("\u3400" <= ch <= "\u9fff" for ch in token)


def surname(author: str) -> str:
    """ "de Baaij JHF" → "de Baaij"; "Boyle N. B." → "Boyle"; a CJK name stays whole."""
    words = author.split()
    kept = [word for word in words if not _is_initials(word)]
    return " ".join(kept or words[:1])


# ---------------------------------------------------------------- title, journal, numbers


def _citation_fields(rest: str) -> dict[str, Any]:
    """Title, journal and numbers of a Vancouver, GB/T or GOST entry (after the authors)."""
    tail = _first_tail(rest)
    if tail is not None:
        title, journal = _title_and_journal(rest[: tail.start()])
        return {"title": title, "journal": journal, **_numbers(tail)}
    year = None
    years = list(_ANY_YEAR.finditer(rest))
    if years:  # "Journal. 2017." or "Publisher; 2019": the text before the year
        year = int(years[-1].group("year"))
        rest = rest[: years[-1].start()]
    title, journal = _title_and_journal(rest)
    return {"title": title, "journal": journal, "year": year}


def _first_tail(rest: str) -> re.Match[str] | None:
    for pattern in (*_VANCOUVER_TAILS, _GOST_TAIL):
        for match in pattern.finditer(rest):
            if match.group("volume") or match.group("issue") or match.group("first"):
                return match
    return None


def _apa_fields(rest: str) -> dict[str, Any]:
    year_match = _APA_YEAR.match(rest)
    assert year_match is not None
    year = int(year_match.group("year")) if year_match.group("year") else None
    body = rest[year_match.end() :].strip()
    tail = _APA_TAIL.search(body)
    if tail is None:
        title, journal = _title_and_journal(body)
        return {"title": title, "journal": journal, "year": year}
    title, journal = _title_and_journal(body[: tail.start()])
    return {"title": title, "journal": journal, **_numbers(tail), "year": year}


def _numbers(match: re.Match[str]) -> dict[str, Any]:
    groups = match.groupdict()
    first = groups.get("first") or ""
    last = groups.get("last") or ""
    if first.isdigit() and last.isdigit() and len(last) < len(first):
        last = first[: len(first) - len(last)] + last  # "547-54" → 554
    year = groups.get("year")
    return {
        "year": int(year) if year else None,
        "volume": (groups.get("volume") or "").strip(),
        "issue": (groups.get("issue") or "").strip(),
        "pages": (first, "" if last == first else last) if first else None,
    }


def _title_and_journal(middle: str) -> tuple[str, str]:
    """ "Title. Journal." → (title, journal): the journal is the last sentence-piece,
    with dotted abbreviations before it ("J. Am. Coll. Nutr.") taken along."""
    middle = middle.strip().rstrip(".,;: ").strip()
    if not middle:
        return "", ""
    pieces = _SENTENCE_END.split(middle)
    if len(pieces) == 1:
        return _clean_title(middle), ""
    journal = pieces.pop()
    while len(pieces) > 1 and _is_abbreviation(pieces[-1]):
        journal = f"{pieces.pop()} {journal}"
    return _clean_title(" ".join(pieces)), journal.strip().rstrip(".,").strip()


def _is_abbreviation(piece: str) -> bool:
    return " " not in piece and piece.endswith(".") and len(piece) <= 7 and piece[:1].isupper()


def _clean_title(title: str) -> str:
    title = _TYPE_TAG.sub("", title).strip().rstrip(".,;:").strip()
    if len(title) > 1 and title[0] in "\"“«'" and title[-1] in "\"”»'":
        title = title[1:-1].strip()
    return title


def fold(text: str) -> str:
    """Lower case, accents off, punctuation → space: what comparisons look at."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())
