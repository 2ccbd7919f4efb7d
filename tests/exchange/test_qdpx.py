"""REFI-QDA projects: the export validates against the REFI-QDA XSD, is shaped like
ATLAS.ti's own, is deterministic, and comes back as the same annotations; foreign
projects (changed text, unknown codes, ATLAS.ti's sample) import without touching the
reviewer's own work."""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from assay.cli import main
from assay.core.model import AnnotationState, Reviewer
from assay.exchange.qdpx_codes import CODEBOOK_NAMESPACE, NAMESPACE, VERDICT_COLOURS
from assay.services import qdpx
from assay.services.session import ReviewSession
from support import REPO

SCHEMAS = REPO / "tests" / "fixtures" / "schemas" / "refi"
ATLAS = SCHEMAS / "target-atlas-project.qdpx"
PINNED = "2024-06-01T12:00:00Z"
BOB = Reviewer("7d1f4a1e-0000-4000-8000-000000000002", "Bob Second")
NS = {"q": NAMESPACE}
ODD_RATIONALE = 'Only one small trial <n=12> & "short".\r\nSee p. 3\x0c'


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "Project-mrt2019.xsd")))


@pytest.fixture
def annotated(tmp_review: Path, reviewer: Reviewer) -> Path:
    """The small seed with two reviewers' work: every field, odd characters, a blank rationale."""
    states = [
        AnnotationState(categories=frozenset({"efficacy", "dose"}), verdict="overstated",
                        evidence_type="rct", certainty="low", citation_accuracy="minor_error",
                        confidence=4, rationale=ODD_RATIONALE,
                        status="final"),
        AnnotationState(not_a_claim=True, status="final"),
        AnnotationState(categories=frozenset({"safety"}), verdict="unsupported", rationale=""),
    ]  # fmt: skip
    with ReviewSession.open(tmp_review, reviewer) as session:
        rows = session.sentence_rows()
        for n, row in enumerate(rows[:12]):
            session.save_annotation(row.id, states[n % 3])
    with ReviewSession.open(tmp_review, BOB) as session:
        for row in session.sentence_rows()[2:6]:
            session.save_annotation(row.id, AnnotationState(verdict="supported", rationale="ok"))
    return tmp_review


def _annotations(review: Path) -> list[tuple]:
    conn = sqlite3.connect(review)
    try:
        return conn.execute(
            'SELECT d.sha256, s.start, s."end", a.reviewer_id, a.categories, a.not_a_claim, '
            "a.verdict, a.citation_accuracy, a.evidence_type, a.certainty, a.confidence, "
            "a.rationale, a.status, a.quote_exact FROM annotations a "
            "JOIN sentences s ON s.id = a.sentence_id JOIN documents d ON d.id = s.document_id "
            "ORDER BY d.sha256, s.start, a.reviewer_id"
        ).fetchall()
    finally:
        conn.close()


def _project(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def test_export_validates_against_the_refi_qda_schema(annotated, reviewer, tmp_path, schema):
    out = tmp_path / "review.qdpx"
    result = qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    root = _project(out)
    assert schema.validate(root), schema.error_log
    assert (result.sources, result.selections, result.users) == (1, 16, 2)
    selections = root.findall(".//q:PlainTextSelection", NS)
    assert len(selections) == 16
    # Claim types, verdict, evidence type, certainty and citation accuracy as codings.
    first = selections[0]
    assert len(first.findall("q:Coding", NS)) == 6
    assert first.findtext("q:Description", namespaces=NS) == "Confidence: 4 of 5. Status: reviewed."
    note = root.find(f".//q:Note[@guid='{first.find('q:NoteRef', NS).get('targetGUID')}']", NS)
    # A form feed is no XML character: replaced, the rest kept exactly (\r included).
    assert note.findtext("q:PlainTextContent", namespaces=NS) == (
        'Only one small trial <n=12> & "short".\r\nSee p. 3\ufffd'
    )
    users = {u.get("name"): u.get("id") for u in root.iterfind(".//q:User", NS)}
    assert users == {"Ada Reviewer": reviewer.id, "Bob Second": BOB.id}
    verdicts = root.find(".//q:Code[@name='Verdict']", NS)
    assert {c.get("name"): c.get("color") for c in verdicts}["Overstated"] == "#E69F00"


def test_export_is_shaped_like_atlas_ti_s_own(annotated, reviewer, tmp_path, schema):
    out = tmp_path / "review.qdpx"
    qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    ours, theirs = _project(out), _project(ATLAS)
    assert schema.validate(theirs), schema.error_log  # the sample is valid QDA-XML too
    assert ours.tag == theirs.tag == f"{{{NAMESPACE}}}Project"
    assert ours.nsmap[None] == theirs.nsmap[None] == NAMESPACE  # the default namespace
    xsi = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
    assert ours.get(xsi) == theirs.get(xsi)
    for attribute in ("name", "origin", "creatingUserGUID", "creationDateTime",
                      "modifyingUserGUID", "modifiedDateTime"):  # fmt: skip
        assert ours.get(attribute) and theirs.get(attribute), attribute
    assert [etree.QName(c).localname for c in theirs] == ["Users", "CodeBook"]
    assert [etree.QName(c).localname for c in ours] == ["Users", "CodeBook", "Sources", "Notes"]
    guid = theirs.find(".//q:User", NS).get("guid")
    assert guid == guid.upper() and ours.find(".//q:User", NS).get("guid").isupper()
    with zipfile.ZipFile(out) as archive, zipfile.ZipFile(ATLAS) as sample:
        assert sample.namelist()[0] == archive.namelist()[0] == "project.qde"
        names = archive.namelist()[1:]
    source = ours.find(".//q:TextSource", NS)
    assert names == [f"sources/{source.get('guid')}.txt"]
    assert source.get("plainTextPath") == f"internal://{source.get('guid')}.txt"


def test_same_review_same_bytes_with_fixed_zip_dates(annotated, reviewer, tmp_path):
    first, second = tmp_path / "a.qdpx", tmp_path / "b.qdpx"
    qdpx.export_qdpx(annotated, first, reviewer=reviewer, exported_at=PINNED)
    qdpx.export_qdpx(annotated, second, reviewer=reviewer, exported_at=PINNED)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    qdpx.export_qdpx(annotated, second, reviewer=reviewer, exported_at="2025-01-01T00:00:00Z")
    assert first.read_bytes() != second.read_bytes()  # the export time is in it


def test_a_failed_export_leaves_no_file(annotated, reviewer, tmp_path, monkeypatch):
    out = tmp_path / "review.qdpx"

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("assay.exchange.bundle_write.os.fsync", broken)
    with pytest.raises(OSError):
        qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    assert [p.name for p in tmp_path.iterdir() if "qdpx" in p.name] == []  # nor a temp file


def test_cancel_stops_before_anything_is_written(annotated, reviewer, tmp_path):
    from assay.text.errors import Cancelled

    out = tmp_path / "review.qdpx"
    with pytest.raises(Cancelled):
        qdpx.export_qdpx(annotated, out, reviewer=reviewer, cancel=lambda: True)
    assert not out.exists()


@pytest.mark.parametrize("with_document", [False, True])
def test_round_trip_gives_the_same_annotations(annotated, reviewer, tmp_path, small_seed,
                                               with_document):  # fmt: skip
    out = tmp_path / "review.qdpx"
    qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    lead = Reviewer("7d1f4a1e-0000-4000-8000-0000000000ff", "Lead")
    fresh = tmp_path / "fresh.assay"
    with ReviewSession.create(fresh, lead) as session:
        if with_document:
            session.import_file(small_seed)
    counts = qdpx.import_qdpx(fresh, out, reviewer=lead)
    assert (counts.added, counts.matched) == ((0, 1) if with_document else (1, 0))
    assert (counts.annotations, counts.kept, counts.orphaned) == (16, 0, 0)
    before, after = _annotations(annotated), _annotations(fresh)
    # Rationale: the form feed became U+FFFD (XML has no such character); all else equal.
    assert [row[:11] + row[12:] for row in after] == [row[:11] + row[12:] for row in before]
    assert [row[11] for row in after] == [r[11].replace("\x0c", "\ufffd") for r in before]
    names = dict(sqlite3.connect(fresh).execute("SELECT id, name FROM reviewers"))
    assert names[BOB.id] == "Bob Second"
    # Again: nothing new, nothing changed.
    again = qdpx.import_qdpx(fresh, out, reviewer=lead)
    assert (again.annotations, again.kept) == (0, 16)
    assert _annotations(fresh) == after


def test_import_never_changes_the_reviewers_own_annotations(annotated, reviewer, tmp_path):
    out = tmp_path / "review.qdpx"
    qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    with ReviewSession.open(annotated, reviewer) as session:
        first = session.sentence_rows()[0]
        session.save_annotation(first.id, AnnotationState(verdict="contradicted", rationale="mine"))
    mine = _annotations(annotated)
    counts = qdpx.import_qdpx(annotated, out, reviewer=reviewer)
    assert (counts.annotations, counts.kept) == (0, 16)
    assert _annotations(annotated) == mine


def _escaped(text: str) -> str:
    # &#13;: a bare carriage return would become a newline in any XML parser.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\r", "&#13;")


def _foreign_project(
    path: Path, text: str, selections: list[tuple[int, int, list[str], str]]
) -> Path:
    """A project as another program writes it: lower-case GUIDs, codes of its own, a
    note per selection, the text inline."""
    codes = {"overstated": "a0000000-0000-4000-8000-000000000001",
             "Efficacy": "a0000000-0000-4000-8000-000000000002",
             "Theme: sleep": "a0000000-0000-4000-8000-000000000003"}  # fmt: skip
    parts = [
        f'<Project xmlns="{NAMESPACE}" name="Colleague" origin="QualCoder 3.5">',
        '<Users><User guid="b0000000-0000-4000-8000-000000000001" name="Carla Coder"/></Users>',
        "<CodeBook><Codes>",
        *(f'<Code guid="{g}" name="{n}" isCodable="true"/>' for n, g in codes.items()),
        "</Codes></CodeBook><Sources>",
        '<TextSource guid="c0000000-0000-4000-8000-000000000001" name="Colleague copy">',
        f"<PlainTextContent>{_escaped(text)}</PlainTextContent>",
    ]
    notes = []
    for n, (start, end, names, note) in enumerate(selections):
        parts.append(f'<PlainTextSelection guid="d0000000-0000-4000-8000-00000000000{n}" '
                     f'startPosition="{start}" endPosition="{end}" '
                     'creatingUser="b0000000-0000-4000-8000-000000000001">')  # fmt: skip
        for k, name in enumerate(names):
            parts.append(f'<Coding guid="e0000000-0000-4000-8000-0000000000{n}{k}">'
                         f'<CodeRef targetGUID="{codes[name]}"/></Coding>')  # fmt: skip
        parts.append(f'<NoteRef targetGUID="f0000000-0000-4000-8000-00000000000{n}"/>')
        parts.append("</PlainTextSelection>")
        notes.append(f'<Note guid="f0000000-0000-4000-8000-00000000000{n}">'
                     f"<PlainTextContent>{note}</PlainTextContent></Note>")  # fmt: skip
    parts += ["</TextSource></Sources><Notes>", *notes, "</Notes></Project>"]
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", "".join(parts))
    return path


def test_a_source_the_review_lacks_becomes_a_document(tmp_review, reviewer, tmp_path, schema):
    text = "Magnesium cures insomnia.\r\nIt is safe at any dose. Ask your doctor."
    path = _foreign_project(tmp_path / "colleague.qdpx", text, [
        (0, 25, ["overstated"], "No trial shows a cure."),
        (27, 50, ["Efficacy"], "Dose claim."),
    ])  # fmt: skip
    assert schema.validate(_project(path)), schema.error_log
    counts = qdpx.import_qdpx(tmp_review, path, reviewer=reviewer)
    assert (counts.matched, counts.added, counts.annotations, counts.orphaned) == (0, 1, 2, 0)
    conn = sqlite3.connect(tmp_review)
    title, stored = conn.execute("SELECT title, text FROM documents ORDER BY id DESC").fetchone()
    assert (title, stored) == ("Colleague copy", text.replace("\r\n", "\n"))
    quotes = conn.execute(
        "SELECT quote_exact, verdict FROM annotations ORDER BY quote_exact"
    ).fetchall()
    assert quotes == [
        ("It is safe at any dose.", None),
        ("Magnesium cures insomnia.", "overstated"),
    ]


def test_a_foreign_project_on_the_review_s_document_by_title(tmp_review, reviewer, tmp_path):
    with ReviewSession.open(tmp_review, reviewer) as session:
        rows = session.sentence_rows()
        text = session.conn.execute("SELECT text FROM documents").fetchone()[0]
        session.conn.execute("UPDATE documents SET title = 'Colleague copy'")
        session.conn.commit()
    changed = "An extra first line.\r\n" + text.replace("\n", "\r\n")
    second, fifth = rows[1], rows[4]

    def located(row) -> tuple[int, int]:
        start = changed.index(text[row.start : row.end])
        return start, start + row.end - row.start

    s2, s5 = located(second), located(fifth)
    path = _foreign_project(tmp_path / "colleague.qdpx", changed, [
        (s2[0], s2[1], ["overstated", "Efficacy", "Theme: sleep"], "Too strong."),
        (s5[0] + 3, s5[1] - 3, ["Efficacy"], "Part of a sentence."),
        (2, 12, ["Efficacy"], "On the added line: nowhere to go."),
    ])  # fmt: skip
    counts = qdpx.import_qdpx(tmp_review, path, reviewer=reviewer)
    assert (counts.matched, counts.added, counts.selections) == (1, 0, 3)
    assert (counts.annotations, counts.orphaned, counts.other_codes) == (2, 1, 1)
    assert counts.reviewers == ["Carla Coder"]
    conn = sqlite3.connect(tmp_review)
    found = conn.execute(
        "SELECT a.sentence_id, a.verdict, a.categories, a.rationale, a.status, a.revised_by, "
        "r.name FROM annotations a JOIN reviewers r ON r.id = a.reviewer_id "
        "ORDER BY a.sentence_id"
    ).fetchall()
    assert [row[0] for row in found] == [second.id, fifth.id]
    assert found[0][1:5] == ("overstated", '["efficacy"]', "Too strong.\n\nQDA codes: Theme: sleep",
                             "draft")  # fmt: skip
    assert found[1][1:4] == (None, '["efficacy"]', "Part of a sentence.")
    assert found[0][5] and found[0][6] == "Carla Coder"
    assert "1 placed on no sentence" in "\n".join(counts.lines())


def test_the_atlas_ti_sample_imports_and_what_it_holds_is_reported(tmp_review, reviewer):
    before = _annotations(tmp_review)
    counts = qdpx.import_qdpx(tmp_review, ATLAS, reviewer=reviewer)
    assert (counts.project, counts.users, counts.codes, counts.sources) == (
        "target-atlas-project", 2, 3, 0)  # fmt: skip
    assert counts.origin.startswith("ATLAS.ti")
    assert counts.annotations == 0 and _annotations(tmp_review) == before
    assert "holds 2 user(s), 3 code(s)" in counts.lines()[0]


def test_codebook_alone_has_the_project_s_codes(tmp_path, schema, annotated, reviewer):
    qdc = tmp_path / "assay.qdc"
    qdpx.export_codebook(qdc)
    root = etree.parse(str(qdc)).getroot()
    assert root.tag == f"{{{CODEBOOK_NAMESPACE}}}CodeBook"
    # Its codes are the project's CodeType: put in a project, they validate.
    project = etree.Element(f"{{{NAMESPACE}}}Project", name="codebook", nsmap={None: NAMESPACE})
    book = etree.SubElement(project, f"{{{NAMESPACE}}}CodeBook")
    book.append(etree.fromstring(etree.tostring(root[0]).replace(
        CODEBOOK_NAMESPACE.encode(), NAMESPACE.encode())))  # fmt: skip
    assert schema.validate(project), schema.error_log
    out = tmp_path / "review.qdpx"
    qdpx.export_qdpx(annotated, out, reviewer=reviewer, exported_at=PINNED)
    in_project = {c.get("guid") for c in _project(out).iterfind(".//q:Code", NS)}
    assert {c.get("guid") for c in root.iter(f"{{{CODEBOOK_NAMESPACE}}}Code")} == in_project


def test_verdict_colours_are_the_window_s():
    from assay.ui.theme import VERDICT_HUES

    assert VERDICT_COLOURS == VERDICT_HUES


def test_cli_export_and_import(annotated, reviewer, tmp_path, capsys):
    out = tmp_path / "review.qdpx"
    assert main(["export-qdpx", str(annotated), "-o", str(out), "--exported-at", PINNED]) == 0
    assert "16 coded selection(s)" in capsys.readouterr().out
    fresh = tmp_path / "fresh.assay"
    ReviewSession.create(fresh, BOB).close()
    assert main(["import-qdpx", str(fresh), str(out)]) == 0
    assert "16 annotation(s) added" in capsys.readouterr().out
    assert main(["export-qdpx", str(annotated), "-o", str(tmp_path / "codes.qdc")]) == 0
    assert (tmp_path / "codes.qdc").read_bytes().startswith(b"<?xml")
    bad = tmp_path / "bad.qdpx"
    bad.write_text("not a zip")
    assert main(["import-qdpx", str(fresh), str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a REFI-QDA project" in err
