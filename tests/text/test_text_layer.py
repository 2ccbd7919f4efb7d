"""The text layer on small inline strings and on the real seeds."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from golden_rules_en import GOLDEN_RULES_EN, golden_score
from hypothesis import given, settings
from hypothesis import strategies as st

from assay.core.model import BlockKind, ParsedDocument, SpanStyle
from assay.text.errors import Cancelled, ImportRefused
from assay.text.pipeline import parse_file, parse_text, segments_as_json
from assay.text.segmenter import segment, sentence_spans

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_MD = SEEDS / "001_25d1546185dbdbaa.txt"


@pytest.fixture(scope="module")
def seed() -> ParsedDocument:
    return parse_file(SEED_MD)


def sentence_texts(doc: ParsedDocument) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sentences]


# --- golden rules -------------------------------------------------------------

KNOWN_GOLDEN_FAILURES: list[int] = []  # indexes into GOLDEN_RULES_EN; a new one fails


def test_golden_rules_score_at_least_pysbd() -> None:
    passed, failed = golden_score(segment)
    assert failed == KNOWN_GOLDEN_FAILURES
    assert passed >= 48 and len(GOLDEN_RULES_EN) == 52


# --- reading ------------------------------------------------------------------


def test_empty_and_whitespace_files_refused(tmp_path: Path) -> None:
    for name, data in [("empty.txt", b""), ("blank.md", b" \n\t\n")]:
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ImportRefused, match=name):
            parse_file(tmp_path / name)


def test_binary_and_random_bytes_refused(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(b"abc\x00def" * 10)
    (tmp_path / "random.txt").write_bytes(random.Random(1).randbytes(4096))
    for name in ("nul.txt", "random.txt"):
        with pytest.raises(ImportRefused, match="binary"):
            parse_file(tmp_path / name)


def test_invalid_utf8_read_as_cp1252_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("The café’s “menu” costs 5 €. It is good.".encode("cp1252"))
    doc = parse_file(path)
    assert doc.encoding == "cp1252"
    assert "café’s “menu” costs 5 €." in doc.text
    assert any("cp1252" in note for note in doc.notes)


def test_utf8_bom_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello there. Bye.")
    doc = parse_file(path)
    assert doc.encoding == "utf-8" and doc.text == "Hello there. Bye."


def test_cancel_raises_and_progress_reported(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_text(SED_MD_TEXT() * 3, encoding="utf-8")
    calls: list[tuple[int, int, str]] = []
    parse_file(path, progress=lambda d, t, s: calls.append((d, t, s)))
    assert len(calls) >= 2 and calls[-1][0] == calls[-1][1]
    with pytest.raises(Cancelled):
        parse_file(
            path, cancel=lambda: len(calls) > 2, progress=lambda d, t, s: calls.append((d, t, s))
        )


def SED_MD_TEXT() -> str:  # noqa: N802 - reads like a constant
    return SEED_MD.read_text(encoding="utf-8")


# --- format, normalisation ----------------------------------------------------


def test_txt_looking_like_markdown_is_markdown_and_plain_is_forced() -> None:
    source = "# Title\n\nSome **bold** text.\n\n- item one\n- item two\n"
    assert parse_text(source, source_name="a.txt").format == "markdown"
    plain = parse_text(source, source_name="a.txt", format="plain")
    assert plain.format == "plain" and "**bold**" in plain.text and "# Title" in plain.text


def test_plain_paragraphs_and_normalisation() -> None:
    source = "First line\r\ncontinues here.\u00a0Zero\u200bwidth  ok.\r\n\r\nCafe\u0301 second."
    doc = parse_text(source, source_name="p.txt", format="plain")
    assert doc.text == "First line continues here. Zerowidth ok.\nCafé second."
    assert [b.kind for b in doc.blocks] == [BlockKind.PARAGRAPH] * 2
    import hashlib

    assert doc.sha256 == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert doc.title == "p"


def test_markdown_blocks_sections_and_spans() -> None:
    source = (
        "# Top\n\nIntro **bold** and *it* with H<sub>2</sub>O and x<sup>2</sup>.\n\n"
        "## Sub\n\n- item one. Second sentence.\n  - nested item\n\n> quoted text\n\n"
        "A\tB\n1\t2\n\n<script>alert(1)</script>After ![alt text](x.png) `code`."
    )
    doc = parse_text(source, source_name="m.md")
    kinds = [(b.kind, b.level, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds[0] == (BlockKind.HEADING, 1, "Top")
    assert (BlockKind.LIST_ITEM, 2, "nested item") in kinds
    assert (BlockKind.QUOTE, 0, "quoted text") in kinds
    assert (BlockKind.TABLE_HEADER, 0, "A\tB") in kinds and (
        BlockKind.TABLE_ROW,
        0,
        "1\t2",
    ) in kinds
    assert "alert" not in doc.text and "After alt text code." in doc.text
    styled = {(doc.text[s.start : s.end], s.style) for s in doc.spans}
    assert {("bold", SpanStyle.BOLD), ("it", SpanStyle.ITALIC), ("2", SpanStyle.SUB)} <= styled
    assert ("code", SpanStyle.CODE) in styled
    item = next(s for s in doc.sentences if doc.text[s.start : s.end] == "Second sentence.")
    assert item.section == "Top › Sub" and item.kind == BlockKind.LIST_ITEM


def test_latex_and_spacing_tidied() -> None:
    source = "Ions ( $Mg^{2+}$ ) and TNF- $\\alpha$ , IL-1 $\\beta$ , $\\text{Ca}^{2+}$ a $\\rightarrow$ b $\\times$ c."  # noqa: E501
    doc = parse_text(source, source_name="l.md", format="markdown")
    assert doc.text == "Ions (Mg2+) and TNF-α, IL-1β, Ca2+ a → b × c."
    sups = [doc.text[s.start : s.end] for s in doc.spans if s.style == SpanStyle.SUP]
    assert sups == ["2+", "2+"]


def test_references_detected_and_split_reference_joined() -> None:
    source = (
        "✓ *Tarleton EK, et al. Magnesium intake. J Am Board Fam Med.*\n\n*2015;28(2):249–256.*\n\n"
        "*→ Higher magnesium intake is associated with less depression.*\n\n"
        "- ✓ **Serefko A, et al.** Magnesium and depression. *Pharmacol Rep.* 2013;65(3):547–554.\n\n"  # noqa: E501
        "1. Author A, Other B. A title. J Nutr. 2015;28(2):249–256.\n\n"
        "[3] Writer C. Another. Nutrients. 2017;9(5):429.\n"
    )
    doc = parse_text(source, source_name="r.md")
    kinds = [(b.kind, doc.text[b.start : b.end]) for b in doc.blocks]
    assert kinds[0] == (
        BlockKind.REFERENCE,
        "✓ Tarleton EK, et al. Magnesium intake. J Am Board Fam Med. 2015;28(2):249–256.",
    )
    assert kinds[1][0] == BlockKind.PARAGRAPH
    assert [k for k, _ in kinds[2:]] == [BlockKind.REFERENCE] * 3


def test_segmenter_domain_rules() -> None:
    text = (
        "Absorption is 50–80% vs. <10% for oxide, i.e. far better. Only 1.2% reported it. "
        "Serum Mg2+ covered ~57-77% of RDA (e.g. in adults). "
        "de Baaij JHF, et al. reviewed it. Schuette SA, et al. Bioavailability of magnesium "
        "glycinate vs. other magnesium salts. J Am Coll Nutr. 1994;13(5):429–435."
    )
    assert segment(text) == [
        "Absorption is 50–80% vs. <10% for oxide, i.e. far better.",
        "Only 1.2% reported it.",
        "Serum Mg2+ covered ~57-77% of RDA (e.g. in adults).",
        "de Baaij JHF, et al. reviewed it.",
        "Schuette SA, et al. Bioavailability of magnesium glycinate vs. other magnesium salts.",
        "J Am Coll Nutr. 1994;13(5):429–435.",
    ]


# --- the real PDF-extracted seed ----------------------------------------------


def test_seed_headers_dropped_and_title_kept(seed: ParsedDocument) -> None:
    assert "Dropped 74 repeated page headers" in seed.notes
    assert seed.blocks[0].kind == BlockKind.TITLE
    assert seed.title.startswith('Magnesium Glycinate - "Targeted to alleviate')
    assert seed.text.count("Targeted to alleviate depression") == 2  # title + subtitle
    assert any(n.startswith("Joined 6 sentences split by page breaks") for n in seed.notes)


def test_seed_sentences_joined_across_page_breaks(seed: ParsedDocument) -> None:
    texts = sentence_texts(seed)
    assert (
        "This form is commonly found in inexpensive magnesium supplements and laxative formulas."
        in texts
    )
    assert any(t.endswith("leading to very low uptake.") for t in texts)
    assert any(
        t.startswith(
            "– A systematic review concluded that magnesium supplementation — particularly in glycinate form — helps stabilize"  # noqa: E501
        )
        for t in texts
    )


def test_seed_tables_merged(seed: ParsedDocument) -> None:
    rows = [seed.text[b.start : b.end] for b in seed.blocks if b.kind == BlockKind.TABLE_ROW]
    assert (
        "Tarleton EK, 2015\t248 mg Mg\tSignificant reduction in depression scores; improved fatigue and low mood"  # noqa: E501
        in rows
    )
    assert any(
        r.startswith("Mental fatigue / Attention deficits\tStabilizes glutamate")
        and 'reduces neural "noise," and' in r
        for r in rows
    )
    headers = [seed.text[b.start : b.end] for b in seed.blocks if b.kind == BlockKind.TABLE_HEADER]
    assert headers.count("Study\tDaily Dose\tFindings") == 1
    assert not any(r.startswith("Study\t") for r in rows)


def test_seed_inline_and_references(seed: ParsedDocument) -> None:
    texts = sentence_texts(seed)
    mg = next(t for t in texts if "free magnesium ions (Mg2+)." in t)
    assert mg
    sup = [seed.text[s.start : s.end] for s in seed.spans if s.style == SpanStyle.SUP]
    assert "2+" in sup
    assert "<b>" not in seed.text and "**" not in seed.text and "$" not in seed.text
    refs = [seed.text[s.start : s.end] for s in seed.sentences if s.kind == BlockKind.REFERENCE]
    assert (
        "✓ Schuette SA, et al. Bioavailability of magnesium glycinate vs. other magnesium salts. J Am Coll Nutr. 1994;13(5):429–435."  # noqa: E501
        in refs
    )
    assert (
        "✓ Tarleton EK, et al. Magnesium intake and depression in adults. J Am Board Fam Med. 2015;28(2):249–256."  # noqa: E501
        in refs
    )
    assert not any(t.endswith("et al.") for t in texts)


def test_seed_invariants_and_json(seed: ParsedDocument) -> None:
    assert_offsets_valid(seed)
    rows = segments_as_json(seed)
    assert len(rows) == len(seed.sentences) > 700
    assert set(rows[0]) == {"start", "end", "text", "kind", "section"}
    plain = parse_file(SEEDS / "000_609534e461fc1ec7.txt")
    assert plain.format == "plain" and len(plain.sentences) > 20
    assert_offsets_valid(plain)


def assert_offsets_valid(doc: ParsedDocument) -> None:
    previous_end = 0
    for s in doc.sentences:
        piece = doc.text[s.start : s.end]
        assert 0 <= previous_end <= s.start < s.end <= len(doc.text)
        assert piece == piece.strip() and piece
        assert "\n" not in piece
        previous_end = s.end
    for b in doc.blocks:
        assert doc.text[b.end : b.end + 1] in ("\n", "")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("ab .!?\n\t*#-$^{}<>1;") + ["et al. ", "e.g. ", "\u00a0", "Mg2+", "\n\n"]
        ),
        max_size=60,
    ).map("".join)
)
def test_offsets_invariants_for_any_text(text: str) -> None:
    for fmt in ("plain", "markdown"):
        if not text.strip():
            continue
        assert_offsets_valid(parse_text(text, source_name="h.txt", format=fmt))
    previous = 0
    for start, end in sentence_spans(text):
        assert previous <= start < end <= len(text)
        assert text[start:end] == text[start:end].strip()
        previous = end
