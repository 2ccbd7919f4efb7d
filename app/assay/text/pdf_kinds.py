"""What a unit of a PDF is, from its words: captions, notes, labels, section names.

These are the conventions of scholarly typesetting, not of one publisher: a caption
opens with "Figure 2." / "Table 1:" / "Fig. 3 |"; the lines around an article's body
(correspondence, received/accepted dates, copyright and licence, keywords, affiliations,
funding and conflict statements) open with their own words; a structured abstract's
parts are labelled "Background:", "Methods." and so on.
"""

from __future__ import annotations

import re

CAPTION = re.compile(
    r"(?:Figure|Fig\.?|Table|Tab\.|Scheme|Chart|Plate|Box|Exhibit|Supplementary\s+"
    r"(?:Figure|Table)|FIGURE|FIG\.?|TABLE)\s*(?:S?\d{1,3}[A-Za-z]?|[IVX]{1,5})"
    r"(?:\s*[.:|—–-]|\s+(?=[A-Z]))"
)
NOTE = re.compile(
    r"(?:[*†‡§¶]\s*|\d{1,2}\s+)?(?:Correspond(?:ence|ing\s+author)|E-?mail\b|"
    r"(?:Received|Accepted|Published(?:\s+online)?|Available\s+online|Submitted|Revised)"
    r"(?=[^.]{0,40}\b(?:19|20)\d{2}\b)|Academic\s+Editor|Edited\s+by|"
    r"Reviewed\s+by|Handling\s+editor|Copyright\b|©|\(c\)\s*\d{4}|Key\s*words?\b|"
    r"Index\s+Terms|This\s+(?:is\s+an\s+)?open[- ]access|Open\s+Access\b|Licensee\b|"
    r"Citation:|Cite\s+this|DOI:|doi:|https?://doi|Funding\b|Financial\s+support|"
    r"Competing\s+interests?|Conflicts?\s+of\s+interest|Declaration\s+of\s+interest|"
    r"Author\s+contributions|Authors'\s+contributions|Article\s+history|Abbreviations:|"
    r"Permission\s+to\s+make\s+digital|Manuscript\s+received|"
    r"Present\s+address|Equal\s+contribution|These\s+authors\s+contributed)",
    re.I,
)
# "Nuala E. Tully, Karen M. Morgan, and Hannah M. McGee", "Anna Sundström,1 Rolf
# Adolfsson3 and Lars-Göran Nilsson4": two or more names (capitalised words, initials,
# affiliation marks) joined by commas and "and". A name's word is taken whole (`*+`):
# split anywhere, a line of capitals ("TEMPO may be set in BEATS-PER-MINUTE") that is
# no list of names takes exponential time to fail.
_NAME = r"(?:[A-Z][\w'’\-]*+\.?\s?){2,4}[\d,*†‡§¶∗]*?"
AUTHORS = re.compile(rf"{_NAME}(?:\s*(?:,|,?\s+and|&)\s+{_NAME}){{1,}}\s*")
ONE_NAME = re.compile(rf"{_NAME}\s*")
AFFILIATION = re.compile(
    r"\b(?:University|Universit[éäà]|Department|Dept\.|Institute|Institut|School\s+of|"
    r"Hospital|College|Faculty|Laboratory|Laboratories|Centre|Center|Division\s+of|"
    r"Research\s+Unit|Clinic|Academy)\b"
)
ABSTRACT_LABEL = re.compile(
    r"(?:Background|Objectives?|Aims?|Purpose|Introduction|Context|Methods?|"
    r"Materials\s+and\s+methods|Design|Setting|Settings|Participants|Patients|"
    r"Interventions?|Main\s+outcome\s+measures?|Measurements|Results?|Findings|"
    r"Conclusions?|Interpretation|Discussion|Significance|Implications|Limitations|"
    r"Trial\s+registration|Funding|Evidence\s+review|Observations|Relevance)"
    r"(?:\s+and\s+\w+)?\s*[:.]"
)
# A label at the start of the text or after a sentence's end, and the space after it.
LABEL_IN_TEXT = re.compile(r"(?:^|(?<=[.!?] ))(" + ABSTRACT_LABEL.pattern + r") ?")
_NUMBERING = r"(?:(?:\d{1,2}(?:\.\d{1,2})*|[IVX]{1,5}|[A-H])[.)]?\s+)?"
SECTION_NAME = re.compile(
    _NUMBERING + r"(?:Abstract|Summary|Introduction|Background|Related\s+Works?|"
    r"Prior\s+Work|Methods?|Materials?\s+and\s+Methods|Methods\s+and\s+Materials|"
    r"Methodology|Experimental(?:\s+Section|\s+Setup|\s+Results)?|Experiments?|"
    r"Evaluation|Results|Findings|Results\s+and\s+Discussion|Discussion|"
    r"Discussion\s+and\s+Conclusions?|Conclusions?|Conclusions?\s+and\s+Future\s+Work|"
    r"Future\s+Work|Limitations|Acknowledge?ments?|References|Bibliography|"
    r"Literature\s+Cited|Appendix(?:\s+[A-Z])?|Supplementary\s+Materials?|"
    r"Authors?[’']?\s+Contributions|Competing\s+Interests|Conflicts?\s+of\s+Interests?|"
    r"Declarations|Funding|Abbreviations|Case\s+(?:Report|Presentation)|"
    r"Statistical\s+Analys[ie]s|Data\s+Analysis|Study\s+Design|Implementation|"
    r"Motivation|Preliminaries|Overview)\s*:?",
    re.I,
)
REFERENCES_HEADING = re.compile(
    _NUMBERING + r"(?:References(?:\s+and\s+Notes)?|Bibliography|Literature\s+Cited|"
    r"Works\s+Cited|Reference\s+List|Cited\s+Literature)\s*:?",
    re.I,
)
REFERENCE_NUMBER = re.compile(r"\[(\d{1,4})\]|(\d{1,4})\.\s|(\d{1,4})\s(?=[A-Z])")
AUTHOR_START = re.compile(
    r"(?:[A-Z][\w'’\-]+(?:\s+(?:van|von|de|der|da|del|di|le|la))*,\s+(?:[A-Z]\.|[A-Z][a-z])"
    r"|[A-Z][\w'’\-]+\s+[A-Z]{1,3}[,.](?:\s|$)"
    r"|[A-Z][\w'’\-]+,\s+[A-Z][\w'’\-]+\s+[A-Z]\.)"
)
_FORMULA_CHARS = 200
_FORMULA_WORDS = 3  # words of four letters or more: more is prose
TERMINAL = re.compile(r"[.!?:;…][\"'”’)\]]*$")


_EQUATION_NUMBER = re.compile(r"\(\d{1,3}[a-z]?\)$")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_MATH = re.compile(r"[=<>≤≥≈≠±×÷∑∏∫∂∇√∈∉⊂⊆∪∩→←↔⇒∀∃∞∝∼~^_|]")


def is_formula(text: str, words: int = _FORMULA_WORDS) -> bool:
    """A displayed equation or a piece of one: an equation number at its end, or
    mathematical signs with hardly a word ("fcompR(~u, ~v) = WR[~u; ~v]", "i=1");
    `words`: how many words of four letters or more it may hold."""
    text = text.strip()
    if not text or len(text) > _FORMULA_CHARS:
        return False
    found = len(_LONG_WORD.findall(text))
    if _EQUATION_NUMBER.search(text):
        return found <= words * 2
    return bool(_MATH.search(text)) and found <= words


def is_wordless(text: str) -> bool:
    """No word of four letters or more: a fragment of a formula ("dt", "l=1", "100")."""
    return bool(text.strip()) and _LONG_WORD.search(text) is None


def is_numbered_formula(text: str) -> bool:
    return _EQUATION_NUMBER.search(text.strip()) is not None


def is_caption(text: str) -> bool:
    return CAPTION.match(text) is not None


def is_note(text: str) -> bool:
    return NOTE.match(text) is not None


def is_section_name(text: str) -> bool:
    return SECTION_NAME.fullmatch(text.strip()) is not None


def is_references_heading(text: str) -> bool:
    return REFERENCES_HEADING.fullmatch(text.strip()) is not None


def abstract_label(text: str) -> str | None:
    """The label opening a structured abstract's part ("Methods."), or None."""
    match = ABSTRACT_LABEL.match(text)
    return match.group() if match else None
