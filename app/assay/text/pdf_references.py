"""A PDF's reference list → one unit per entry.

After a "References" (or "Bibliography", "Literature Cited") heading, every line up to
the next heading belongs to the list, whatever paragraphs the layout made of it. An
entry starts at its number ("[12]", "12.", "12 Smith"), taking the numbers in order;
in an unnumbered list, at a line that sits out to the left of indented continuation
lines (a hanging indent), or else at a line that opens with an author's name after a
line that ended one. An entry cut by a column or page break just goes on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assay.core.model import BlockKind
from assay.text.pdf_kinds import (
    AUTHOR_START,
    REFERENCE_NUMBER,
    TERMINAL,
    is_references_heading,
    is_section_name,
)
from assay.text.pdf_units import Unit

if TYPE_CHECKING:
    from assay.text.pdf_words import PrintedLine

_MARGIN_REACH = 4  # font sizes: a hanging indent is less than this
_HANGING_SHARE = 0.25  # at least this share of lines indented: a hanging-indent list
# Asked of every unit: a member read through the enum class costs ~80 ns.
_HEADING_KINDS = (BlockKind.HEADING, BlockKind.TITLE)


def reference_entries(units: list[Unit]) -> list[Unit]:
    result: list[Unit] = []
    index = 0
    while (heading := _references_heading(units, index)) is not None:
        result.extend(units[index : heading + 1])  # the units before, kept as they are
        end = heading + 1
        while end < len(units) and not _ends_list(units[end], units[heading]):
            end += 1
        listed = [u for u in units[heading + 1 : end] if u.kind not in (BlockKind.CAPTION,)]
        result.extend(_entries(listed))
        index = end
    result.extend(units[index:])
    return result


def _references_heading(units: list[Unit], start: int) -> int | None:
    """The index of the first references heading from ``start`` on, if any."""
    return next(
        (
            index
            for index in range(start, len(units))
            if units[index].kind in _HEADING_KINDS and is_references_heading(units[index].text)
        ),
        None,
    )


def _ends_list(unit: Unit, heading: Unit) -> bool:
    """The next section: a heading of the references heading's rank or above, or a
    section's name ("Appendix"). A bold first line of an entry is not one."""
    if unit.kind not in (BlockKind.HEADING, BlockKind.TITLE):
        return False
    return (
        unit.kind == BlockKind.TITLE
        or unit.level <= heading.level
        or is_section_name(unit.text)
        or unit.lines[0].size > heading.lines[0].size * 0.95
    )


def _entries(units: list[Unit]) -> list[Unit]:
    lines = [line for unit in units for line in unit.lines]
    if not lines:
        return []
    starts = _numbered_starts(lines) or _hanging_starts(lines) or _author_starts(lines, units)
    entries: list[Unit] = []
    for index, line in enumerate(lines):
        if index == 0 or index in starts:
            entries.append(Unit([line], BlockKind.REFERENCE))
            continue
        entry = entries[-1]
        if line.page != entry.last_page:
            entry.page_breaks.append(len(entry.lines))
        entry.lines.append(line)
    return entries


def _number(line: PrintedLine) -> int | None:
    match = REFERENCE_NUMBER.match(line.text)
    if match is None:
        return None
    return int(next(group for group in match.groups() if group))


def _numbered_starts(lines: list[PrintedLine]) -> set[int]:
    """Lines opening entry 1, 2, 3… in order (a number inside an entry is skipped)."""
    first = _number(lines[0])
    if first is None or first > 2:
        return set()
    starts: set[int] = set()
    expected = first
    for index, line in enumerate(lines):
        number = _number(line)
        if number == expected or (number is not None and expected < number <= expected + 2):
            starts.add(index)
            expected = number + 1
    return starts if len(starts) >= 2 else set()


def _hanging_starts(lines: list[PrintedLine]) -> set[int]:
    """Lines out to the left of the indented lines near them. The margin is taken
    from every line of the list set about there (the same column on other pages
    too): a column holding only the tail of an entry is all indented."""
    lefts = sorted({round(line.left) for line in lines})
    indented = [_margin(lefts, line) < line.left - 0.6 * line.size for line in lines]
    if sum(indented) < _HANGING_SHARE * len(lines) or all(indented):
        return set()
    return {index for index, flag in enumerate(indented) if not flag}


def _margin(lefts: list[int], line: PrintedLine) -> float:
    reach = _MARGIN_REACH * line.size
    return min(left for left in lefts if line.left - reach <= left <= line.left + 1)


def _author_starts(lines: list[PrintedLine], units: list[Unit]) -> set[int]:
    starts: set[int] = set()
    position = 0
    for unit in units:
        starts.add(position)  # the layout's own paragraph breaks
        position += len(unit.lines)
    for index in range(1, len(lines)):
        if TERMINAL.search(lines[index - 1].text) and AUTHOR_START.match(lines[index].text):
            starts.add(index)
    return starts
