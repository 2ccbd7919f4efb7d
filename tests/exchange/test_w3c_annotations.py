"""W3C Web Annotation export (validated against the W3C test suite's definitions) and
import (a round trip; a Hypothesis export; orphans; the reviewer's own work kept)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from export_helpers import ADA, BEN, PINNED, annotated_review, fresh_review
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from assay.core.model import AnnotationState
from assay.services.annotation_import import import_annotations
from assay.services.exports import write_w3c
from assay.services.session import ReviewSession
from support import REPO

SCHEMAS = REPO / "tests" / "fixtures" / "schemas" / "w3c"


def _registry() -> Registry:
    resources = []
    for path in sorted(SCHEMAS.glob("*.json")):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, DRAFT4)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def check(instance: object, *definitions: str) -> None:
    """Valid against every named definition ("file.json#/definitions/name")."""
    for definition in definitions:
        validator = Draft4Validator({"$ref": definition}, registry=REGISTRY)
        errors = list(validator.iter_errors(instance))
        assert not errors, f"{definition}: {errors[0].message}"


def fails(instance: object, definition: str) -> bool:
    return not Draft4Validator({"$ref": definition}, registry=REGISTRY).is_valid(instance)


ANNOTATION = [
    "annotations.json#/definitions/annotationTypeValueFound",
    "annotations.json#/definitions/motivationRecognizedIfPresent",
    "id.json#/definitions/idValueFound",
    "otherProperties.json#/definitions/createdValidIfPresent",
    "otherProperties.json#/definitions/modifiedValidIfPresent",
    "otherProperties.json#/definitions/creatorValidIfPresent",
]
PAGE = [
    "collections.json#/definitions/annotationPageTypeValueFound",
    "collections.json#/definitions/itemsFound",
    "collections.json#/definitions/partOfValidIfPresent",
    "collections.json#/definitions/nextValidIfPresent",
    "collections.json#/definitions/prevValidIfPresent",
    "collections.json#/definitions/startIndexDefinition",
    "id.json#/definitions/idValueFound",
]


@pytest.fixture
def review(tmp_path: Path, small_seed: Path) -> Path:
    return annotated_review(tmp_path, small_seed)


def pages_of(collection: dict) -> list[dict]:
    return [collection["first"], *collection.get("@included", [])]


def test_export_validates_against_the_w3c_definitions(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "annotations.jsonld"
    written = write_w3c(review, out, exported_at=PINNED, page_size=2)
    collection = json.loads(out.read_text(encoding="utf-8"))
    check(
        collection,
        "collections.json#/definitions/annotationCollectionTypeValueFound",
        "collections.json#/definitions/labelDefinition",
        "collections.json#/definitions/totalDefinition",
        "collections.json#/definitions/firstRequiredIfTotalMoreThanZero",
        "collections.json#/definitions/lastValidIfPresent",
        "id.json#/definitions/idValueFound",
    )
    check(collection["@context"], "collections.json#/definitions/contextValueInArrayFound")
    pages = pages_of(collection)
    assert written.rows == collection["total"] == 6 and len(pages) == 3
    assert collection["last"] == pages[-1]["id"]
    for number, page in enumerate(pages):
        check(page, *PAGE)
        assert page["partOf"] == collection["id"] and page["startIndex"] == 2 * number
        assert page.get("prev") == (pages[number - 1]["id"] if number else None)
        assert page.get("next") == (pages[number + 1]["id"] if number < 2 else None)
    annotations = [item for page in pages for item in page["items"]]
    for annotation in annotations:
        check(annotation, *ANNOTATION)
        selectors = annotation["target"]["selector"]
        check(selectors[0], "specificResource.json#/definitions/textQuoteSelectorDetected")
        check(selectors[1], "specificResource.json#/definitions/textPositionSelectorDetected")
        for body in annotation["body"]:
            check(body, "otherProperties.json#/definitions/purposeRecognizedIfPresent")
            assert "purpose" in body
            if body["type"] == "TextualBody":
                check(body, "textualBody.json")
    # The validator does find what is wrong.
    assert fails({"type": "Anotation"}, ANNOTATION[0])
    quote_selector = "specificResource.json#/definitions/textQuoteSelectorDetected"
    assert fails({"type": "TextQuoteSelector"}, quote_selector)
    assert fails(
        {"purpose": "liking"}, "otherProperties.json#/definitions/purposeRecognizedIfPresent"
    )


def test_an_annotation_says_what_the_reviewer_decided(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.jsonld"
    write_w3c(review, out, exported_at=PINNED)
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert "@included" not in collection  # 6 annotations: one page
    ada = next(a for a in collection["first"]["items"] if a["creator"]["name"] == "Ada Reviewer")
    with ReviewSession.open(review, ADA) as session:
        document = session.documents()[0]
        text = session.document_text(document.id)
    target = ada["target"]
    assert target["source"] == f"urn:sha256:{document.sha256}"
    quote, position = target["selector"]
    assert text[position["start"] : position["end"]] == quote["exact"]
    assert text[: position["start"]].endswith(quote["prefix"]) and len(quote["prefix"]) <= 32
    assert text[position["end"] :].startswith(quote["suffix"]) and len(quote["suffix"]) == 32
    bodies = {(b["purpose"], b.get("value", b.get("source"))) for b in ada["body"]}
    assert {("classifying", "Efficacy"), ("classifying", "Dose"), ("assessing", "Overstated"),
            ("assessing", "Evidence type: RCT"), ("assessing", "GRADE certainty: Low"),
            ("assessing", "Citation accuracy: Minor error"), ("assessing", "Confidence: 4"),
            ("describing", "Status: Reviewed"),
            ("linking", "https://doi.org/10.3390/nu9050429"),
            ("linking", "Magnesium reduced cramps."),
            ("linking", "https://example.org/study")} <= bodies  # fmt: skip
    assert ("commenting", ADA_RATIONALE) in bodies
    assert ada["creator"]["id"] == f"urn:uuid:{ADA.id}"


ADA_RATIONALE = '=HYPERLINK("http://x") only one small trial, n = 12'


def test_export_is_deterministic(review: Path, tmp_path: Path) -> None:
    write_w3c(review, tmp_path / "a.jsonld", exported_at=PINNED, page_size=4)
    write_w3c(review, tmp_path / "b.jsonld", exported_at=PINNED, page_size=4)
    assert (tmp_path / "a.jsonld").read_bytes() == (tmp_path / "b.jsonld").read_bytes()


def _annotations(review: Path) -> tuple[list[tuple], list[tuple]]:
    conn = sqlite3.connect(review)
    try:
        annotations = conn.execute(
            "SELECT a.id, s.ordinal, a.reviewer_id, r.name, a.categories, a.not_a_claim, "
            "a.verdict, a.citation_accuracy, a.evidence_type, a.certainty, a.confidence, "
            "a.rationale, a.status, a.created, a.modified, a.quote_exact, a.quote_prefix, "
            "a.quote_suffix FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
            "JOIN reviewers r ON r.id = a.reviewer_id ORDER BY a.id"
        ).fetchall()
        evidence = conn.execute(
            "SELECT id, annotation_id, kind, value, locator, note, source, created "
            "FROM evidence ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return annotations, evidence


def test_round_trip_into_a_fresh_review(review: Path, tmp_path: Path, small_seed: Path) -> None:
    out = tmp_path / "a.jsonld"
    write_w3c(review, out, exported_at=PINNED, page_size=4)
    (tmp_path / "other").mkdir()
    fresh = fresh_review(tmp_path / "other", small_seed)
    result = import_annotations(fresh, out, reviewer=ADA)
    assert (result.placed, result.orphaned, result.conflicting) == (6, 0, 0)
    assert result.reviewers == {ADA.id: "Ada Reviewer", BEN.id: "Ben Second"}
    assert _annotations(fresh) == _annotations(review)
    # Imported again: nothing changes, nothing is duplicated.
    again = import_annotations(fresh, out, reviewer=ADA)
    assert (again.placed, again.unchanged) == (0, 6)
    assert _annotations(fresh) == _annotations(review)


def test_the_reviewers_own_annotation_is_never_replaced(
    review: Path, tmp_path: Path, small_seed: Path
) -> None:
    out = tmp_path / "a.jsonld"
    write_w3c(review, out)
    (tmp_path / "mine").mkdir()
    mine = fresh_review(tmp_path / "mine", small_seed)
    with ReviewSession.open(mine, ADA) as session:
        first = session.sentence_rows()[0].id
        session.save_annotation(first, AnnotationState(verdict="contradicted"))
    result = import_annotations(mine, out, reviewer=ADA)
    assert result.conflicting == 1 and result.placed == 5
    with ReviewSession.open(mine, ADA) as session:
        assert session.annotation(first).verdict == "contradicted"


def hypothesis_export(text: str, quotes: list[str], uri: str) -> dict:
    """What Hypothesis's API gives for annotations on a page: `rows` of annotations
    with a target's selectors, text, tags and user."""
    rows = []
    for number, quote in enumerate(quotes):
        start = text.find(quote)
        selectors: list[dict] = [
            {"type": "TextQuoteSelector", "exact": quote,
             "prefix": text[max(0, start - 32) : start] if start >= 0 else "",
             "suffix": text[start + len(quote) : start + len(quote) + 32] if start >= 0 else ""},
        ]  # fmt: skip
        if start >= 0:
            # A web page's offsets differ from Assay's text: shift them.
            selectors.insert(0, {"type": "TextPositionSelector", "start": start + 57,
                                 "end": start + 57 + len(quote)})  # fmt: skip
        rows.append({
            "id": f"hyp{number:04d}", "created": "2024-03-01T09:00:00.000000+00:00",
            "updated": "2024-03-02T09:00:00.000000+00:00", "user": "acct:carla@hypothes.is",
            "user_info": {"display_name": "Carla H."}, "uri": uri,
            "text": f"Note {number}", "tags": ["Efficacy", "overstated", "to-check"],
            "target": [{"source": uri, "selector": selectors}],
        })  # fmt: skip
    return {"total": len(rows), "rows": rows}


def test_a_hypothesis_export_is_placed_and_the_rest_orphaned(
    tmp_path: Path, small_seed: Path
) -> None:
    review = fresh_review(tmp_path, small_seed)
    with ReviewSession.open(review, ADA) as session:
        document = session.documents()[0]
        text = session.document_text(document.id)
        rows = session.sentence_rows()
    second = text[rows[1].start : rows[1].end]
    third = text[rows[2].start : rows[2].end]
    quotes = [second[5:40], third, "A sentence this article never had in it at all."]
    file = tmp_path / "hypothesis.json"
    file.write_text(json.dumps(hypothesis_export(text, quotes, "https://example.org/a")))
    result = import_annotations(review, file, reviewer=ADA)
    assert (result.read, result.placed, result.orphaned) == (3, 2, 1)
    assert list(result.reviewers.values()) == ["Carla H."]
    with ReviewSession.open(review, ADA) as session:
        conn = session.conn
        placed = conn.execute(
            "SELECT s.ordinal, a.categories, a.verdict, a.rationale, a.created, r.name "
            "FROM annotations a JOIN sentences s ON s.id = a.sentence_id "
            "JOIN reviewers r ON r.id = a.reviewer_id ORDER BY s.ordinal"
        ).fetchall()
        orphans = session.orphans()
    assert [row[0] for row in placed] == [rows[1].ordinal, rows[2].ordinal]
    assert placed[0][1:4] == ('["efficacy"]', "overstated", "Note 0\n\nTags: to-check")
    assert placed[0][5] == "Carla H." and placed[0][4].startswith("2024-03-01")
    assert [orphan.quote for orphan in orphans] == [quotes[2]]
    assert orphans[0].reviewer_name == "Carla H."


def test_a_file_without_annotations_is_refused(tmp_path: Path, small_seed: Path) -> None:
    from assay.exchange.w3c_import import AnnotationFileError

    review = fresh_review(tmp_path, small_seed)
    for content in ("not json", '{"type": "Thing"}'):
        (tmp_path / "x.json").write_text(content)
        with pytest.raises(AnnotationFileError):
            import_annotations(review, tmp_path / "x.json", reviewer=ADA)
