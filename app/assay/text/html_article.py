"""Where a web page's article is: the container of its prose, and the sibling containers
that continue it.

Prose is measured in paragraph units, as readability does: a `<p>` (or `<pre>`), and a
`<div>`/`<section>`/`<li>`/`<td>`… whose own inline text (not counting block children)
is long enough to be a paragraph, so pages that write paragraphs as bare divs count too.
A unit's score is its text minus its link text; units that are mostly links (teaser
cards, menus) score nothing.

The article root is the `<article>` with the most prose, else `<main>`, else the element
whose paragraph units score highest (half for the grandparent). A long-form article or
a how-to page often spreads its text over sibling containers (a section per chapter, a
div per step), so from the root upwards each ancestor's other children are looked at: a
sibling with a good share of prose and few links continues the article. The highest
ancestor where one does becomes the root, and at every level on the way everything that
neither holds the first root nor continues it (nor is a heading between such parts) is
removed from the tree.
"""

from __future__ import annotations

import lxml.html

Element = lxml.html.HtmlElement

_UNIT_MIN = 25  # characters of own text for a div/li/td to count as a paragraph
_UNIT_MAX_LINKS = 0.5  # a unit with more link text than this counts nothing
_SIBLING_SHARE = 0.2  # a sibling continuing the article holds this share of its prose
_SIBLING_MIN = 140  # …and at least this much (one real paragraph)
_SIBLING_MAX_LINKS = 0.25  # …with at most this share of its text in links
_PARAGRAPH_TAGS = frozenset({"p", "pre"})
_CONTAINER_UNITS = frozenset({"div", "section", "li", "td", "dd", "blockquote", "article"})
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
# Tags that start a new block: their text is not a container's own inline text.
BLOCK_LEVEL = frozenset({
    "p", "div", "section", "article", "main", "header", "hgroup", "figure", "figcaption",
    "pre", "address", "dl", "dt", "dd", "details", "summary", "center", "hr", "fieldset",
    "legend", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "ul", "ol",
    "menu", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "footer", "aside",
})  # fmt: skip


def text_length(element: Element) -> int:
    """Characters of text, whitespace runs counted as one."""
    return len(" ".join(element.text_content().split()))


def link_length(element: Element) -> int:
    outer = [a for a in element.iter("a") if not any(p.tag == "a" for p in a.iterancestors())]
    return sum(text_length(a) for a in outer)


def link_density(element: Element) -> float:
    total = text_length(element)
    return min(1.0, link_length(element) / total) if total else 0.0


def _own_text(element: Element) -> tuple[int, int]:
    """(characters, link characters) of the element's inline content: its text and the
    inline children's, not that of block children."""
    pieces = [element.text or ""]
    links = 0
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in BLOCK_LEVEL:
            pieces.append(child.text_content())
            if tag == "a":
                links += text_length(child)
            else:
                links += link_length(child)
        pieces.append(child.tail or "")
    return len(" ".join("".join(pieces).split())), links


def _unit_score(element: Element) -> int:
    """Non-link characters of a paragraph unit; 0 for anything else."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _PARAGRAPH_TAGS:
        total, links = text_length(element), link_length(element)
    elif tag in _CONTAINER_UNITS:
        total, links = _own_text(element)
        if total < _UNIT_MIN:
            return 0
    else:
        return 0
    if not total or links > total * _UNIT_MAX_LINKS:
        return 0
    return total - links


def prose(element: Element) -> int:
    """The paragraph text an element holds (its units' scores summed)."""
    return sum(_unit_score(unit) for unit in element.iter())


def _scored_parents(body: Element) -> dict[Element, float]:
    scores: dict[Element, float] = {}
    for unit in body.iter():
        score = _unit_score(unit)
        parent = unit.getparent()
        if not score or parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + score
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0) + score / 2
    return scores


def content_root(body: Element) -> Element:
    """The element holding the article's prose (before siblings are joined)."""
    articles = [a for a in body.iter("article") if prose(a) > 0]
    if articles:
        return max(articles, key=prose)  # first wins ties: the outer one
    for main in body.xpath(".//main | .//*[@role='main']"):
        if main.text_content().strip():
            return main
    scores = _scored_parents(body)
    return max(scores, key=scores.__getitem__) if scores else body


def _continues(sibling: Element, base: int) -> bool:
    if not isinstance(sibling.tag, str):
        return False
    amount = prose(sibling)
    if amount < max(_SIBLING_MIN, base * _SIBLING_SHARE):
        return False
    return link_density(sibling) <= _SIBLING_MAX_LINKS


def _is_heading(element: Element) -> bool:
    """A heading, or a wrapper holding only headings (`<div><h2>…</h2></div>`)."""
    if element.tag in _HEADINGS:
        return True
    inner = [e for e in element.iter() if e is not element and e.tag in _HEADINGS]
    return bool(inner) and text_length(element) == sum(text_length(h) for h in inner)


def _kept_children(ancestor: Element, on_path: Element, base: int) -> list[Element] | None:
    """The children of `ancestor` that belong to the article, or None when no sibling
    of `on_path` continues it (then the level is not widened)."""
    children = [c for c in ancestor if isinstance(c.tag, str)]
    joined = {c for c in children if c is not on_path and _continues(c, base)}
    if not joined:
        # The heading right above the article's content still belongs to it (a pasted
        # "<h2>…</h2><ul>…</ul>" is a heading and its list).
        index = next(i for i, c in enumerate(children) if c is on_path)
        if index > 0 and _is_heading(children[index - 1]):
            return children[index - 1 : index + 1]
        return None
    keep = joined | {on_path}
    positions = [i for i, c in enumerate(children) if c in keep]
    first, last = positions[0], positions[-1]
    return [
        c
        for i, c in enumerate(children)
        if c in keep or (first < i < last and _is_heading(c)) or (i == first - 1 and _is_heading(c))
    ]


def article_root(body: Element, root: Element) -> Element:
    """The article's root from `content_root`'s, the tree pruned to the article's parts
    (see the module)."""
    base = prose(root)
    if base == 0:
        return root
    levels: list[tuple[Element, list[Element] | None]] = []
    node = root
    while node is not body and node.getparent() is not None:
        parent = node.getparent()
        levels.append((parent, _kept_children(parent, node, base)))
        node = parent
    widened = [i for i, (_, kept) in enumerate(levels) if kept is not None]
    if not widened:
        return root
    top = widened[-1]
    path_child = root
    for ancestor, kept in levels[: top + 1]:
        keep = kept if kept is not None else [path_child]
        for child in list(ancestor):
            if child not in keep:
                ancestor.remove(child)  # tail text goes too: it sat between parts
        path_child = ancestor
    return levels[top][0]


def title_before(body: Element, root: Element) -> str | None:
    """The page's first <h1> when it comes before the article, outside it (a common
    layout: the headline above the story's columns)."""
    for element in body.iter():
        if element is root:
            return None
        if element.tag == "h1" and element.text_content().strip():
            return element.text_content()
    return None
