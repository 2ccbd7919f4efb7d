"""The sample review a reviewer sees on the first run.

It is made all or nothing: built under a hidden temporary name in the same folder and
renamed (`os.replace`, atomic on one file system) only once every seed document is in.
A failure on the way (a seed that will not import, a full disk) removes the temporary;
a killed run leaves one behind, which the next attempt removes before it starts. So
the sample review either exists whole or not at all, and a later start tries again.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from importlib.resources import as_file, files
from pathlib import Path

from assay.core.model import BlockKind, ParsedDocument, Reviewer
from assay.services.session import ReviewSession
from assay.store.created_files import SQLITE_SIDE_FILES

SEEDS_PACKAGE = "assay.seeds"
PARTIAL_SUFFIX = ".partial"  # `.Sample review.<pid>.partial`: hidden, and not a `.assay`

# The seeds are named by their hash; a reader needs a title. The first has no heading
# of its own (its first line is a web page's "Recommended for you"), so it is named
# here, from its own words; the others take their title or first heading.
SAMPLE_TITLES = {
    "000_609534e461fc1ec7.txt": "Magnesium glycinate lysinate: from passive uptake to active "
    "transport (web article)",
}
MAX_TITLE = 80


class SampleReviewError(Exception):
    """The sample review could not be made; nothing was left behind. `str(e)` says why."""


class SampleSeedsMissing(SampleReviewError):
    """The package carries no sample documents (a build that left `assay.seeds` out)."""


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
    """The sample documents shipped inside the package; [] when a build left them out."""
    try:
        entries = list(files(SEEDS_PACKAGE).iterdir())
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        return []
    return sorted(entry.name for entry in entries if entry.name.endswith(".txt"))


def import_seed(session: ReviewSession, name: str) -> int:
    """Imports one seed document under its readable title; the number of sentences."""
    from assay.text.pipeline import parse_file

    with as_file(files(SEEDS_PACKAGE).joinpath(name)) as seed:
        parsed = parse_file(seed)
    session.import_parsed(replace(parsed, title=readable_title(name, parsed)))
    return len(parsed.sentences)


def create_sample_review(path: Path, reviewer: Reviewer) -> Path:
    """A new review at `path` holding every seed document, in name order; made whole or
    not at all. Raises SampleSeedsMissing when the build carries no sample documents
    (then no review is made at all, not even an empty one), SampleReviewError,
    ReviewFileError or OSError for any other failure."""
    path = Path(path)
    names = seed_names()
    if not names:
        raise SampleSeedsMissing(
            "The sample documents are missing from this copy of Assay (the package "
            f"“{SEEDS_PACKAGE}” holds none), so no sample review was made. Assay works "
            "without it: File ▸ New review… makes a review of your own. To get the "
            "sample, reinstall Assay, or rebuild it as packaging/README.md describes."
        )
    if path.exists():
        raise SampleReviewError(f"“{path}” already exists; it was left as it is.")
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_partial_samples(path)
    partial = partial_path(path)
    try:
        session = ReviewSession.create(partial, reviewer)
    except BaseException:
        _remove_partial(partial)
        raise
    try:
        for name in names:
            if import_seed(session, name) == 0:
                raise SampleReviewError(
                    f"The sample document “{name}” holds no sentences (a damaged copy of "
                    "Assay?), so no sample review was made."
                )
        session.close()
        _remove_partial_lock(partial)  # the lock of a name nobody else will use
        os.replace(partial, path)
    except BaseException:
        session.abandon()  # half a sample (a full disk) would open as the sample next time
        _remove_partial(partial)
        raise
    _sync_folder(path.parent)
    return path


def partial_path(path: Path) -> Path:
    """This process's temporary name for the review at `path`, in the same folder so
    the final rename never crosses a file system."""
    return path.with_name(f".{path.stem}.{os.getpid()}{PARTIAL_SUFFIX}")


def remove_partial_samples(path: Path) -> list[Path]:
    """Removes the temporaries a killed earlier attempt left beside `path` (the file,
    its SQLite side files, its lock file); one another running Assay is still building
    (its lock is held) is left alone. Returns the temporaries removed."""
    from assay.services.review_lock import try_lock

    pattern = f".{path.stem}.*{PARTIAL_SUFFIX}"
    found = {*path.parent.glob(pattern), *path.parent.glob(f"{pattern}.lock")}
    partials = sorted({p.with_name(p.name.removesuffix(".lock")) for p in found})
    removed = []
    for partial in partials:
        lock, _reason = try_lock(partial)
        if lock is None:
            continue  # being built right now, or not ours to remove
        try:
            _remove_partial(partial)
            removed.append(partial)
        finally:
            lock.release()
    return removed


def _remove_partial(partial: Path) -> None:
    """Never raises: it runs while another error is on its way up, or to tidy."""
    for name in (partial, *(Path(f"{partial}{side}") for side in SQLITE_SIDE_FILES)):
        with contextlib.suppress(OSError):
            name.unlink()
    _remove_partial_lock(partial)


def _remove_partial_lock(partial: Path) -> None:
    """Our own temporary's lock file: no other process uses this name. (Deleted while
    held on POSIX; on Windows an open lock file stays and a later start removes it.)"""
    from assay.services.review_lock import lock_path

    with contextlib.suppress(OSError):
        lock_path(partial).unlink()


def _sync_folder(folder: Path) -> None:
    """The rename reaches the disk (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)
