"""The sample review a reviewer sees on the first run."""

from __future__ import annotations

from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path

from assay.core.model import BlockKind, ParsedDocument, Reviewer
from assay.services.session import ReviewSession

# The seeds are named by their hash; a reader needs a title. The first has no heading
# of its own (its first line is a web page's "Recommended for you"), so it is named
# here, from its own words; the others take their title or first heading.
SAMPLE_TITLES = {
    "000_609534e461fc1ec7.txt": "Magnesium glycinate lysinate: from passive uptake to active "
    "transport (web article)",
}
MAX_TITLE = 80


def readable_title(name: str, parsed: ParsedDocument) -> str:
    """A sample's title: the one chosen for it, else the document's own title or first
    heading, else its file name."""
    if name in SAMPLE_TITLES:
        return SAMPLE_TITLES[name]
    if parsed.title and parsed.title != Path(name).stem:
        return _shortened(parsed.title)
    for block in parsed.blocks:
        if block.kind in (BlockKind.TITLE, BlockKind.HEADING):
            return _shortened(parsed.text[block.start : block.end])
    return parsed.title


def _shortened(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def seed_names() -> list[str]:
    return sorted(
        entry.name for entry in files("assay.seeds").iterdir() if entry.name.endswith(".txt")
    )


def create_sample_review(path: Path, reviewer: Reviewer) -> Path:
    """A new review at `path` holding every seed document, in name order."""
    from assay.text.pipeline import parse_file

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    session = ReviewSession.create(path, reviewer)
    try:
        for name in seed_names():
            with as_file(files("assay.seeds").joinpath(name)) as seed:
                parsed = parse_file(seed)
                session.import_parsed(replace(parsed, title=readable_title(name, parsed)))
    except BaseException:
        session.abandon()  # half a sample (a full disk) would open as the sample next time
        raise
    session.close()
    return path
