"""A small team review for the report tests: decided, agreed, adjudicated and disputed
sentences, evidence with its source work, citations with variant spellings (seed 001
writes several works in several ways) and a library entry that disagrees with the text."""

from __future__ import annotations

from pathlib import Path

from assay.cli import main
from assay.core.model import AnnotationState, Reviewer
from assay.services.agreement import adjudicate
from assay.services.session import ReviewSession

BOB = Reviewer("7d1f4a1e-0000-4000-8000-0000000000b0", "Bob Second")
OVERSTATED = AnnotationState(
    frozenset({"efficacy"}), verdict="overstated", rationale="one trial", status="final"
)
SUPPORTED = AnnotationState(frozenset({"efficacy"}), verdict="supported", status="final")
SAFETY = AnnotationState(frozenset({"safety"}), verdict="unsupported", status="final")
PINNED = "2025-05-01T10:00:00+00:00"
LIBRARY = """@article{tarleton,
  author = {Tarleton, Emily K. and Littenberg, Benjamin},
  title = {Magnesium intake and depression in adults},
  journal = {J Am Board Fam Med},
  year = {2015}, volume = {29}, number = {2}, pages = {249--256}
}
"""


def team_review(folder: Path, reviewer: Reviewer, seed: Path) -> tuple[Path, dict[str, int]]:
    """The review and the ids of its annotated sentences, by what they are."""
    path = folder / "team.assay"
    with ReviewSession.create(path, reviewer) as session:
        session.import_file(seed)
        rows = {row.text: row.id for row in session.sentence_rows()}

    def starting(prefix: str) -> int:
        return next(i for text, i in rows.items() if text.startswith(prefix))

    ids = {
        "disputed": starting("Hormone fluctuation-linked mood"),
        "agreed": starting("Keyora MoodFlow delivers 240 mg"),
        "adjudicated": starting("It strongly irritates"),
        "single": starting("Magnesium glycinate is"),
    }
    with ReviewSession.open(path, reviewer) as session:
        session.save_annotation(ids["disputed"], OVERSTATED)
        session.save_annotation(ids["agreed"], OVERSTATED)
        session.save_annotation(ids["adjudicated"], SUPPORTED)
        session.save_annotation(ids["single"], SAFETY)
        session.add_evidence(ids["disputed"], "quote", "no effect on mood", locator="p. 4")
    with ReviewSession.open(path, BOB) as session:
        session.save_annotation(ids["disputed"], SUPPORTED)
        session.save_annotation(ids["agreed"], OVERSTATED)
        session.save_annotation(ids["adjudicated"], OVERSTATED)
    with ReviewSession.open(path, reviewer) as session:
        adjudicate(session, ids["adjudicated"], SUPPORTED.with_changes(rationale="label says so"))
    library = folder / "library.bib"
    library.write_text(LIBRARY, encoding="utf-8")
    assert main(["library", str(path), str(library)]) == 0
    return path, ids
