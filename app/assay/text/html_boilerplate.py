"""Boilerplate inside a web page's article: what a reader skips, removed before and
after the article is read into blocks.

- Sections opened by a boilerplate phrase ("Read more", "Most read" …).
- Lists of links: a container (div, section, list, table …) whose text is mostly link
  text (teaser cards, "more from this section", topic tags, previous/next story) — as
  readability's conditional cleaning does, a container with ten or more commas is
  prose and stays, and so does one that holds half the article, and a list whose items
  mostly give a year (references whose titles are links).
- Lines that are only a date or a time ("Published Thursday 27 July 2017", "49 minutes
  ago"): a reviewer cannot judge them, and they are the page's, not the author's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html

from assay.core.model import BlockKind
from assay.text.blocks import RawBlock
from assay.text.html_article import link_density, prose

Element = lxml.html.HtmlElement

# Headings or first lines that open a section of links to other pages, not the article.
# A phrase of several words starts the line ("More from BBC Health"); a single word must
# be the whole line ("Comments (12)"), as it may start a real heading ("Advertisements
# for snacks target children").
BOILERPLATE_PHRASES = (
    "recommended for you", "recommended reading", "recommended stories",
    "recommended related", "you may also like", "you might also like", "related articles",
    "related stories", "related content", "related links", "related coverage",
    "read more", "read next", "more from", "more on this", "more stories", "most read",
    "most popular", "most viewed", "share this", "share on", "sign up for our newsletter",
    "sign up to our newsletter", "subscribe to our newsletter", "follow us",
    "advertisement", "sponsored", "comments", "trending",
)  # fmt: skip
_BOILERPLATE = re.compile(
    "|".join(re.escape(p) + (r"\b" if " " in p else r"[\W\d]*$") for p in BOILERPLATE_PHRASES)
)
_SHORT_LINE = 120  # a standalone boilerplate line ("Read more: …") is at most this long
_SECTION_TAGS = frozenset({"div", "section", "ul", "ol", "dl", "table", "details", "center"})
_LINK_LIST_TAGS = _SECTION_TAGS | {"header", "menu"}
_LINK_LIST_DENSITY = 0.5  # more link text than this: a list of links
_PROSE_COMMAS = 10  # …unless it has this many commas (readability's rule)
# A line made only of these words and numbers is a date or a time.
_DATE_WORDS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
    "fri", "sat", "sun", "published", "updated", "posted", "modified", "last", "first",
    "on", "at", "am", "pm", "a", "m", "p", "utc", "gmt", "bst", "cet", "cest", "est", "edt",
    "pst", "pdt", "ago", "second", "seconds", "sec", "secs", "minute", "minutes", "min",
    "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "today", "yesterday",
})  # fmt: skip
_DATE_LINE_MAX = 80
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WORDS = re.compile(r"[^\W\d_]+|\d+")


def _first_line(element: Element) -> str:
    return _matchable(next((t for t in element.itertext() if t.strip()), ""))


def _matchable(text: str) -> str:
    return re.sub(r"^\W+", "", " ".join(text.split()).lower())


def _is_link_list(element: Element) -> bool:
    if element.tag not in _LINK_LIST_TAGS:
        return False
    if link_density(element) <= _LINK_LIST_DENSITY:
        return False
    return element.text_content().count(",") < _PROSE_COMMAS and not _is_reference_list(element)


def _is_reference_list(element: Element) -> bool:
    """A list whose items mostly give a year: works cited, whose titles are links."""
    if element.tag not in ("ol", "ul"):
        return False
    items = [li for li in element if li.tag == "li"]
    dated = sum(1 for li in items if _YEAR.search(li.text_content()))
    return bool(items) and dated * 2 >= len(items)


def drop_boilerplate_sections(root: Element) -> None:
    """Containers that open with a boilerplate phrase, and lists of links; never one
    that holds half the article."""
    article_text = len(root.text_content())
    article_prose = prose(root)
    stack = [root]
    while stack:
        for child in list(stack.pop()):
            if not isinstance(child.tag, str):
                continue
            phrase = (
                child.tag in _SECTION_TAGS
                and _BOILERPLATE.match(_first_line(child))
                and len(child.text_content()) * 2 <= article_text
            )
            links = _is_link_list(child) and prose(child) * 2 <= article_prose
            if phrase or links:
                child.drop_tree()
            else:
                stack.append(child)


def is_date_line(text: str) -> bool:
    """Only a date or time ("Updated 8:02 pm UTC, Apr 16, 2015"): a number and date
    words, nothing else."""
    if len(text) > _DATE_LINE_MAX:
        return False
    words = _WORDS.findall(text.lower())
    return any(w.isdigit() for w in words) and all(w.isdigit() or w in _DATE_WORDS for w in words)


def without_boilerplate(blocks: Iterable[RawBlock]) -> list[RawBlock]:
    """Drop a boilerplate heading and what follows up to the next heading of the same or
    a higher level, short standalone boilerplate lines ("Advertisement") and lines that
    are only a date."""
    kept: list[RawBlock] = []
    skipping = 0  # level of the boilerplate heading being skipped, 0 when not skipping
    for block in blocks:
        level = {BlockKind.TITLE: 1, BlockKind.HEADING: block.level}.get(block.kind, 0)
        if skipping and not (level and level <= skipping):
            continue
        skipping = 0
        text = _matchable(block.source)
        if block.kind != BlockKind.TITLE and _BOILERPLATE.match(text):
            if level:
                skipping = level
                continue
            if len(text) <= _SHORT_LINE:
                continue
        if block.kind != BlockKind.TITLE and not level and is_date_line(text):
            continue
        kept.append(block)
    return kept
