"""Highlights: phrases of a sentence on the reviewer's annotation, kept, undone,
carried in bundles, merged, and placed again in a new version of the document."""

from __future__ import annotations

import json
import zipfile

import pytest

from assay.core.model import AnnotationState, Reviewer
from assay.services.highlights import HighlightError
from assay.services.session import ReviewSession

LEAD = Reviewer("11111111-0000-4000-8000-000000000001", "Lead")


@pytest.fixture
def session(tmp_review, reviewer):
    with ReviewSession.open(tmp_review, reviewer) as opened:
        yield opened


def _phrase(session: ReviewSession, words: str) -> tuple[int, int, int]:
    """(sentence id, start, end) of the first sentence holding `words`."""
    for row in session.sentence_rows():
        at = row.text.find(words)
        if at >= 0 and row.kind == "paragraph":
            return row.id, row.start + at, row.start + at + len(words)
    raise AssertionError(f"no sentence holds {words!r}")


def _words(session: ReviewSession) -> str:
    """A few words from the middle of a paragraph sentence of the small seed."""
    for row in session.sentence_rows():
        if row.kind == "paragraph" and len(row.text.split()) > 8:
            return " ".join(row.text.split()[2:5])
    raise AssertionError("no long sentence")


def test_a_highlight_makes_the_annotation_and_survives_a_cleared_verdict(session):
    sentence, start, end = _phrase(session, _words(session))
    assert session.annotation(sentence).is_empty
    item = session.add_highlight(sentence, start - 1, end + 1)  # spaces are trimmed
    assert (item.start, item.end) == (start, end)
    assert item.quote_exact == _words(session)
    assert len(item.quote_prefix) <= 32 and item.quote_suffix
    session.save_annotation(sentence, AnnotationState(verdict="overstated"))
    session.save_annotation(sentence, AnnotationState())  # the verdict cleared
    assert [h.id for h in session.highlights(sentence)] == [item.id]
    session.remove_highlight(item.id)
    assert session.highlights(sentence) == []
    annotations = session.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]
    assert annotations == 0  # nothing left to hold: the annotation went too
    back = session.restore_highlight(item, sentence)
    assert (back.id, back.start, back.end) == (item.id, start, end)


def test_an_empty_phrase_or_one_outside_the_sentence_is_refused(session):
    sentence, start, _end = _phrase(session, _words(session))
    with pytest.raises(HighlightError, match="Select some words"):
        session.add_highlight(sentence, start, start)
    with pytest.raises(HighlightError, match="inside the current sentence"):
        session.add_highlight(sentence, start, start + 100_000)
    assert session.conn.execute("SELECT count(*) FROM highlights").fetchone()[0] == 0


def test_highlights_travel_in_a_format_6_bundle_and_merge_into_another_review(
    tmp_review, reviewer, tmp_path
):
    from assay.services.exchange import export_bundle, merge_bundles

    plain = export_bundle(tmp_review, tmp_path / "plain.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(plain) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 4
        assert "highlights.jsonl" not in archive.namelist()
    with ReviewSession.open(tmp_review, reviewer) as session:
        words = _words(session)
        sentence, start, end = _phrase(session, words)
        session.save_annotation(sentence, AnnotationState(verdict="overstated"))
        first = session.add_highlight(sentence, start, end)
        second = session.add_highlight(sentence, end + 1, end + 4)
    bundle = export_bundle(tmp_review, tmp_path / "mine.assaybundle", reviewer=reviewer).path
    with zipfile.ZipFile(bundle) as archive:
        assert json.loads(archive.read("manifest.json"))["format_version"] == 6
        lines = [json.loads(line) for line in archive.read("highlights.jsonl").splitlines()]
    assert {line["exact"] for line in lines} == {first.quote_exact, second.quote_exact}
    assert {line["prefix"] for line in lines} == {first.quote_prefix, second.quote_prefix}
    fresh = tmp_path / "lead.assay"
    merge_bundles(fresh, [bundle], reviewer=LEAD)
    merge_bundles(fresh, [bundle], reviewer=LEAD)  # again: nothing doubles
    with ReviewSession.open(fresh, reviewer) as colleague:
        kept = [(h.quote_exact, h.start, h.end) for h in colleague.highlights(sentence)]
        assert kept == [(first.quote_exact, start, end), (second.quote_exact, end + 1, end + 4)]
        colleague.remove_highlight(first.id)
    merge_bundles(fresh, [bundle], reviewer=LEAD)  # removed there: stays removed
    with ReviewSession.open(fresh, reviewer) as colleague:
        assert [h.id for h in colleague.highlights(sentence)] == [second.id]


def test_an_older_assay_refuses_format_6_clearly(tmp_review, reviewer, tmp_path, monkeypatch):
    from assay.exchange import bundle_format
    from assay.exchange.bundle_format import BundleError
    from assay.exchange.bundle_read import read_bundle
    from assay.services.exchange import export_bundle

    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence, start, end = _phrase(session, _words(session))
        session.add_highlight(sentence, start, end)
    bundle = export_bundle(tmp_review, tmp_path / "mine.assaybundle", reviewer=reviewer).path
    monkeypatch.setattr(bundle_format, "FORMAT_VERSION", 5)
    with pytest.raises(BundleError, match="newer Assay .bundle format 6; this version reads up"):
        read_bundle(bundle)


def test_highlights_follow_their_sentence_into_a_new_version(tmp_review, reviewer, tmp_path):
    from assay.services.versions import replace_document

    with ReviewSession.open(tmp_review, reviewer) as session:
        words = _words(session)
        sentence, start, end = _phrase(session, words)
        session.save_annotation(sentence, AnnotationState(verdict="overstated"))
        session.add_highlight(sentence, start, end)
        document_id, text = session.conn.execute("SELECT id, text FROM documents").fetchone()
        # a second, doomed highlight on a sentence whose words will be rewritten
        rows = [r for r in session.sentence_rows() if r.kind == "paragraph" and r.id != sentence]
        doomed = rows[-1]
        doomed_start = doomed.start
        session.add_highlight(doomed.id, doomed_start, doomed_start + len(doomed.text.split()[0]))
    edited = "A new opening paragraph.\n\n" + text.replace(doomed.text.split()[0], "Zq", 1)
    source = tmp_path / "v2.md"
    source.write_text(edited, encoding="utf-8")
    result = replace_document(tmp_review, document_id, source, reviewer=reviewer)
    with ReviewSession.open(tmp_review, reviewer) as session:
        new_text = session.conn.execute("SELECT text FROM documents").fetchone()[0]
        moved = [h for row in session.sentence_rows() for h in session.highlights(row.id)]
    kept = [h for h in moved if h.quote_exact == words]
    assert len(kept) == 1
    assert new_text[kept[0].start : kept[0].end] == words
    assert kept[0].start > start  # the new paragraph pushed it down
    assert result.highlights_dropped + len(moved) == 2


def test_the_table_the_report_and_the_w3c_export_carry_the_phrases(tmp_review, reviewer, tmp_path):
    import csv

    from assay.services.exports import write_table, write_w3c
    from assay.services.report import build_content
    from assay.services.report_export import render_report

    with ReviewSession.open(tmp_review, reviewer) as session:
        words = _words(session)
        sentence, start, end = _phrase(session, words)
        session.save_annotation(sentence, AnnotationState(verdict="overstated"))
        item = session.add_highlight(sentence, start, end)
        tail = session.add_highlight(sentence, end + 1, end + 4)
        content = build_content(session.conn, "review")
    write_table(tmp_review, tmp_path / "table.csv", "csv")
    with open(tmp_path / "table.csv", encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["Highlights"] == f"“{item.quote_exact}”; “{tail.quote_exact}”"
    write_table(tmp_review, tmp_path / "sentences.csv", "csv", per="sentence")
    with open(tmp_path / "sentences.csv", encoding="utf-8-sig", newline="") as stream:
        assert next(csv.DictReader(stream))["Highlights"] == row["Highlights"]
    markdown = render_report(content, "md").decode()
    assert f"Highlighted: “{item.quote_exact}”; “{tail.quote_exact}”" in markdown
    assert f"“{item.quote_exact}”" in render_report(content, "html").decode()
    write_w3c(tmp_review, tmp_path / "annotations.jsonld")
    exported = json.loads((tmp_path / "annotations.jsonld").read_text(encoding="utf-8"))
    (annotation,) = exported["first"]["items"]
    sentence_target, *phrases = annotation["target"]
    assert sentence_target["selector"][0]["exact"].find(words) >= 0
    assert [p["id"] for p in phrases] == [f"urn:uuid:{item.id}", f"urn:uuid:{tail.id}"]
    quote, position = phrases[0]["selector"]
    assert (quote["type"], quote["exact"], quote["prefix"]) == (
        "TextQuoteSelector", item.quote_exact, item.quote_prefix,
    )  # fmt: skip
    assert position == {"type": "TextPositionSelector", "start": start, "end": end}


def test_the_w3c_import_reads_the_sentence_target_of_an_annotation_with_highlights(
    tmp_review, reviewer, tmp_path
):
    from assay.exchange.w3c_import import read
    from assay.services.exports import write_w3c

    with ReviewSession.open(tmp_review, reviewer) as session:
        sentence, start, end = _phrase(session, _words(session))
        session.save_annotation(sentence, AnnotationState(verdict="overstated"))
        session.add_highlight(sentence, start, end)
        (row,) = [r for r in session.sentence_rows() if r.id == sentence]
    write_w3c(tmp_review, tmp_path / "annotations.jsonld")
    (imported,) = read((tmp_path / "annotations.jsonld").read_bytes())
    assert imported.exact == row.text
