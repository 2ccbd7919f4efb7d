"""Saved web page (.html) → raw blocks of the article text only.

Nothing is fetched and nothing runs: lxml parses without network access; code, embedded
content, forms and page furniture (navigation, banners, sidebars ...) are removed; the
article is the <article> with the most paragraph text, else <main>, else the element whose
<p> children hold the most non-link text; boilerplate sections ("Read more" ...) go last.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import lxml.html
from lxml import etree

from assay.core.model import BlockKind
from assay.text.blocks import RawBlock
from assay.text.errors import ImportRefused
from assay.text.html_article import article_root, content_root, title_before
from assay.text.html_boilerplate import drop_boilerplate_sections, without_boilerplate
from assay.text.reading import bom_codec, decode_bytes, display_name, read_capped

Check = Callable[[int, int, str], None]
Context = tuple[BlockKind, int, bool]  # kind, level, ordered of the text being read
# The walker's frame: children left, their context, the element that opened it (None
# for the root), whether closing it ends a block.
_Frame = tuple[Iterator[lxml.html.HtmlElement], Context, lxml.html.HtmlElement | None, bool]

_CHECK_EVERY = 200  # elements between progress/cancel checks
# Removed with everything inside: code, embedded content, forms, page furniture.
_DROPPED_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "object", "embed",
    "applet", "svg", "canvas", "img", "picture", "video", "audio", "map", "form",
    "button", "input", "select", "textarea", "dialog", "nav", "footer", "aside", "link",
    "meta",
)  # fmt: skip
# class/id/role words of page furniture (matched as whole words: "ad-slot", not "head").
_NOISE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "menubar", "cookie", "cookies", "consent",
    "banner", "share", "sharing", "social", "comment", "comments", "related",
    "recommended", "recommendations", "newsletter", "subscribe", "subscription", "advert",
    "adverts", "advertisement", "ad", "ads", "sidebar", "breadcrumb", "breadcrumbs",
    "promo", "popup", "modal", "contentinfo", "complementary", "bio",
})  # fmt: skip
# Whole class names of text only screen readers get ("Media caption", "Image source").
_SCREEN_READER_ONLY = frozenset({
    "off-screen", "offscreen", "sr-only", "visually-hidden", "visuallyhidden",
    "screen-reader-text", "screen-reader-only", "a11y-hidden",
})  # fmt: skip
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "hgroup", "figure", "figcaption",
    "pre", "address", "dl", "dt", "dd", "details", "summary", "center", "hr", "fieldset",
    "legend", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
})  # fmt: skip
_PRESCAN = 4096  # bytes searched for <meta charset>
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# libxml2 stops parsing past this depth even with huge_tree (it then drops the rest).
_MAX_DEPTH = 2048
_HTML_SIGN = re.compile(
    r"<(?:!doctype\s+html|html|head|body|title|p|div|article|main|h[1-6]|table|ul|ol)\b", re.I
)


def read_html(path: Path, check: Check) -> list[RawBlock]:
    """The article's blocks in reading order; ImportRefused for non-HTML or no text."""
    path = Path(path)
    data = read_capped(path, what="web pages")
    return html_blocks(_decode(data, display_name(path)), display_name(path), check)


def html_blocks(text: str, name: str, check: Check) -> list[RawBlock]:
    """The same for HTML already decoded (a saved page, or what a browser put on the
    clipboard); `name` is for the messages."""
    if not _HTML_SIGN.search(text):
        raise ImportRefused(f"“{name}” is not a web page: it holds no HTML.")
    try:
        # huge_tree: without it a text node past 10 MB stops the parse and the page's
        # text is silently lost (the input's size is capped by the reader).
        parser = lxml.html.HTMLParser(
            encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
            huge_tree=True,
        )  # fmt: skip
        document = lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser)
        _refuse_incomplete(parser, name)
        blocks = _article_blocks(document, check)
    except (etree.LxmlError, ValueError, RecursionError) as error:
        raise ImportRefused(f"“{name}” is a web page that cannot be read ({error}).") from error
    if not any(b.kind not in (BlockKind.TITLE, BlockKind.HEADING) for b in blocks):
        raise ImportRefused(
            f"“{name}” is a web page with no article text (only menus, scripts or links)."
        )
    return blocks


def _refuse_incomplete(parser: lxml.html.HTMLParser, name: str) -> None:
    """libxml2 recovers from bad HTML, but a fatal error (a limit such as the nesting
    depth) ends the parse: the text after it would be lost without a word."""
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    if not fatal:
        return
    if "depth" in fatal[0].message.lower():
        raise ImportRefused(
            f"“{name}” nests its elements more than {_MAX_DEPTH:,} levels deep, and the "
            "text inside would be lost. Open it in a browser, copy the text and use "
            "“Paste as new document” instead."
        )
    raise ImportRefused(
        f"“{name}” is a web page that cannot be read to the end ({fatal[0].message.strip()}). "
        "Open it in a browser, copy the text and use “Paste as new document” instead."
    )


def _decode(data: bytes, name: str) -> str:
    """BOM, else valid UTF-8, else the <meta> charset, else detection (reading.py)."""
    found = bom_codec(data)
    if found is not None:  # a byte order mark outranks everything (as in browsers)
        codec, skip = found
        return data[skip:].decode(codec, "replace")
    if not data.strip() or b"\x00" in data[:65536]:
        return decode_bytes(data, name).text  # refuses an empty or binary file
    # Valid UTF-8 with non-ASCII bytes is almost never anything else, and a <meta>
    # that says otherwise on such a page is a stale label; so UTF-8 goes first.
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:_PRESCAN])
    if declared is not None:
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    return decode_bytes(data, name).text


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if codec in ("iso8859-1", "ascii"):  # as browsers do (WHATWG Encoding standard)
        return "cp1252"
    return "utf-8" if codec.startswith("utf-16") else codec


def _article_blocks(document: lxml.html.HtmlElement, check: Check) -> list[RawBlock]:
    body = document.find("body")
    if body is None:
        body = document
    for br in body.iter("br"):
        br.tail = " " + (br.tail or "")  # a line break separates words
    _drop_furniture(body)
    first_root = content_root(body)
    title = title_before(body, first_root)
    root = article_root(body, first_root)
    drop_boilerplate_sections(root)
    walker = _Walker(check, sum(1 for _ in root.iter()))
    check(0, walker.total, "reading")
    if root.find(".//h1") is not None:
        title = None
    if title is not None:
        walker.heading(title)
    walker.container(root, (BlockKind.PARAGRAPH, 0, False))
    walker.flush((BlockKind.PARAGRAPH, 0, False))
    return without_boilerplate(walker.blocks)


def _drop_furniture(body: lxml.html.HtmlElement) -> None:
    for element in list(body.iter(*_DROPPED_TAGS)):
        element.drop_tree()
    page_text = _paragraph_text_length(body)
    stack = [body]
    while stack:
        for child in list(stack.pop()):
            if isinstance(child.tag, str) and _is_furniture(child, page_text):
                child.drop_tree()
            else:
                stack.append(child)


def _is_furniture(element: lxml.html.HtmlElement, page_text: int) -> bool:
    if element.tag in ("article", "main"):
        return False
    hidden = (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or _HIDDEN_STYLE.search(element.get("style", "")) is not None
        or not _SCREEN_READER_ONLY.isdisjoint(element.get("class", "").lower().split())
    )
    if element.tag == "header":
        noise = not any(a.tag in ("article", "main") for a in element.iterancestors())
    else:
        labels = " ".join(element.get(name, "") for name in ("class", "id", "role"))
        noise = not _NOISE_WORDS.isdisjoint(_WORD_SPLIT.split(labels.lower()))
    if not (hidden or noise):
        return False
    # A wrapper whose name happens to match ("has-sidebar") must not take the article.
    holds_article = element.find(".//article") is not None or element.find(".//main") is not None
    return not holds_article and _paragraph_text_length(element) * 2 <= page_text


def _paragraph_text_length(element: lxml.html.HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in element.iter("p"))


class _Walker:
    """Reads blocks from a cleaned tree; inline text gathers until a block boundary."""

    def __init__(self, check: Check, total: int) -> None:
        self.blocks: list[RawBlock] = []
        self._pending: list[str] = []
        self._check = check
        self.total = total
        self._seen = 0
        self._headings = 0

    def flush(self, context: Context) -> None:
        text = "".join(self._pending)
        self._pending.clear()
        if text.strip():
            self.blocks.append(RawBlock(context[0], text, context[1], context[2]))

    def heading(self, text: str, level: int = 1) -> None:
        if not text.strip():
            return
        # The first heading of the page, if an <h1>, is its title.
        kind = BlockKind.TITLE if level == 1 and not self._headings else BlockKind.HEADING
        self._headings += 1
        self.blocks.append(RawBlock(kind, text, 0 if kind == BlockKind.TITLE else level))

    def container(self, root: lxml.html.HtmlElement, context: Context) -> None:
        # An explicit stack, not recursion: a page may nest elements 2,048 deep.
        self._pending.append(root.text or "")
        stack: list[_Frame] = [(iter(root), context, None, False)]
        while stack:
            children, context, _, _ = stack[-1]
            child = next(children, None)
            if child is None:
                _, context, opened, is_block = stack.pop()
                if opened is not None:
                    if is_block:
                        self.flush(context)
                    self._pending.append(opened.tail or "")
                continue
            self._seen += 1
            if self._seen % _CHECK_EVERY == 0:
                self._check(self._seen, self.total, "reading")
            tag = child.tag if isinstance(child.tag, str) else ""
            block = tag in ("ul", "ol", "menu", "li", "blockquote", "table") or tag in _BLOCK_TAGS
            inner: Context | None = None
            if tag in _HEADINGS:
                self.flush(context)
                self.heading(child.text_content(), int(tag[1]))
            elif block:
                self.flush(context)
                inner = self._block_context(child, tag, context)
            elif tag:
                inner = context  # inline: a, span, em, sup ... text only
            if inner is None:
                self._pending.append(child.tail or "")
            else:
                self._pending.append(child.text or "")
                stack.append((iter(child), inner, child, block))

    def _block_context(
        self, element: lxml.html.HtmlElement, tag: str, context: Context
    ) -> Context | None:
        """The context a block's content is read in; None when it was read here (a
        data table)."""
        kind, level, _ = context
        if tag in ("ul", "ol", "menu"):
            depth = level + 1 if kind == BlockKind.LIST_ITEM else 1
            return (BlockKind.LIST_ITEM, depth, tag == "ol")
        if tag == "li" and kind != BlockKind.LIST_ITEM:
            return (BlockKind.LIST_ITEM, 1, False)
        if tag == "blockquote":
            return (BlockKind.QUOTE, 0, False)
        if tag == "table" and not _is_layout_table(element):
            self._table(element)
            return None
        return context

    def _table(self, table: lxml.html.HtmlElement) -> None:
        caption = table.find("caption")
        if caption is not None and caption.text_content().strip():
            self.blocks.append(RawBlock(BlockKind.PARAGRAPH, caption.text_content()))
        for row in table.iter("tr"):
            cells = [c for c in row if c.tag in ("td", "th")]
            texts = [" ".join(c.text_content().split()) for c in cells]
            if not any(texts):
                continue
            header = all(c.tag == "th" for c in cells) or row.getparent().tag == "thead"
            kind = BlockKind.TABLE_HEADER if header else BlockKind.TABLE_ROW
            self.blocks.append(RawBlock(kind, "\t".join(texts)))


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """Old pages lay out whole articles in tables: those are read as text, not rows."""
    nested = any(inner is not table for inner in table.iter("table", *_HEADINGS))
    return nested or table.get("role") == "presentation"
