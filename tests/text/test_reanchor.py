"""Re-anchoring annotations to the sentences of an edited document."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from assay.core.model import ParsedDocument
from assay.text.pipeline import parse_text
from assay.text.reanchor import CONTEXT, Anchor, Method, Placement, reanchor, summary

DOC = """# Magnesium and sleep

Magnesium is involved in more than 300 enzymatic reactions. Low intake is common in \
older adults. See above.

A trial in 46 elderly subjects found better sleep efficiency after eight weeks. The \
effect on cortisol was small. See above.

- Glycinate is gentle on the stomach.
- Oxide is poorly absorbed.
"""
INSERTED = "A new opening paragraph was added. It has two sentences.\n\n"


def parse(text: str) -> ParsedDocument:
    return parse_text(text, source_name="x.md")


def spans(doc: ParsedDocument) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in doc.sentences]


def texts(doc: ParsedDocument) -> list[str]:
    return [doc.text[s.start : s.end] for s in doc.sentences]


def anchors_for(doc: ParsedDocument) -> list[Anchor]:
    """One anchor per sentence, keyed by its ordinal, as the store would save it."""
    text = doc.text
    return [
        Anchor(
            key=str(n),
            start=s.start,
            end=s.end,
            quote_exact=text[s.start : s.end],
            quote_prefix=text[max(0, s.start - CONTEXT) : s.start],
            quote_suffix=text[s.end : s.end + CONTEXT],
        )
        for n, s in enumerate(doc.sentences)
    ]


def run(old: ParsedDocument, new: ParsedDocument, **options: object) -> list[Placement]:
    return reanchor(anchors_for(old), new.text, spans(new), **options)  # type: ignore[arg-type]


def test_unchanged_document_places_everything_by_position() -> None:
    doc = parse(DOC)
    placements = run(doc, doc)
    assert [p.method for p in placements] == [Method.POSITION] * len(doc.sentences)
    assert [p.sentence for p in placements] == list(range(len(doc.sentences)))
    assert all(p.score == 100 for p in placements)


def test_paragraph_inserted_at_start_places_everything_by_quote() -> None:
    old, new = parse(DOC), parse(INSERTED + DOC)
    assert len(new.sentences) == len(old.sentences) + 2
    placements = run(old, new)
    assert {p.method for p in placements} == {Method.QUOTE}
    assert [p.sentence for p in placements] == [n + 2 for n in range(len(old.sentences))]


def test_reworded_sentence_is_found_by_fuzzy_match() -> None:
    old = parse(DOC)
    new = parse(DOC.replace("better sleep efficiency", "higher sleep efficiency"))
    placements = run(old, new)
    reworded = texts(old).index(
        "A trial in 46 elderly subjects found better sleep efficiency after eight weeks."
    )
    fuzzy = [p for p in placements if p.method is Method.FUZZY]
    assert [(p.key, p.sentence) for p in fuzzy] == [(str(reworded), reworded)]
    assert 85 <= fuzzy[0].score < 100
    assert summary(placements) == {
        "position": len(old.sentences) - 1,
        "quote": 0,
        "fuzzy": 1,
        "orphaned": 0,
    }


def test_deleted_sentence_is_orphaned() -> None:
    old = parse(DOC)
    new = parse(DOC.replace(" The effect on cortisol was small.", ""))
    placements = run(old, new)
    gone = texts(old).index("The effect on cortisol was small.")
    assert placements[gone] == Placement(str(gone), None, None, 0.0)
    assert sum(p.sentence is None for p in placements) == 1
    assert summary(placements)["orphaned"] == 1


def test_repeated_sentence_follows_its_context_not_its_offset() -> None:
    """Two "See above." swap places with their paragraphs: the nearest is the wrong one."""
    one = "Magnesium is involved in many reactions. See above. Low intake is common."
    two = "A trial in 46 elderly subjects found better sleep. See above. The effect was small."
    old = parse(f"{one}\n\n{two}\n")
    new = parse(f"{INSERTED}{two}\n\n{one}\n")
    first, second = (i for i, t in enumerate(texts(old)) if t == "See above.")
    new_first, new_second = (i for i, t in enumerate(texts(new)) if t == "See above.")
    # Nearest by offset would send each to the other's sentence.
    old_start = old.sentences[first].start
    nearest = min((new_first, new_second), key=lambda i: abs(new.sentences[i].start - old_start))
    assert nearest == new_first
    placements = run(old, new)
    assert placements[first].sentence == new_second  # still between its neighbours
    assert placements[second].sentence == new_first
    assert {p.method for p in placements} == {Method.QUOTE}
    for anchor, placement in zip(anchors_for(old), placements, strict=True):
        assert texts(new)[placement.sentence] == anchor.quote_exact  # type: ignore[index]


def test_repeated_sentence_without_context_goes_to_the_nearest() -> None:
    old = parse(DOC)
    new = parse(DOC.replace("\n\n", "\n\n" + INSERTED, 1))
    see = [a for a in anchors_for(old) if a.quote_exact == "See above."]
    bare = [Anchor(a.key, a.start, a.end, a.quote_exact) for a in see]
    placed = [p.sentence for p in reanchor(bare, new.text, spans(new))]
    assert placed == [i for i, t in enumerate(texts(new)) if t == "See above."]


def test_reviewers_sharing_a_sentence_share_its_new_place() -> None:
    old = parse(DOC)
    new = parse(DOC.replace("poorly absorbed", "badly absorbed"))
    anchor = next(a for a in anchors_for(old) if a.quote_exact == "Oxide is poorly absorbed.")
    exact = next(a for a in anchors_for(old) if a.quote_exact.startswith("Glycinate"))
    # A third anchor's quote is close to a sentence that already has an exact match.
    near = Anchor("near", 0, 0, "Glycinate is gentle on the stomach!")
    anchors = [anchor, exact, near, anchor, exact]
    placements = reanchor(anchors, new.text, spans(new))
    assert [p.key for p in placements] == [a.key for a in anchors]  # duplicates kept
    assert placements[0] == placements[3]
    assert placements[0].method is Method.FUZZY
    assert placements[2].sentence == placements[1].sentence  # not exclusive
    assert placements[2].method is Method.FUZZY


def test_awkward_anchors_and_documents() -> None:
    doc = parse(DOC)
    empty = Anchor("empty", 0, 5, "")
    huge = Anchor("huge", 0, 10, " ".join(texts(doc)))
    far = Anchor("far", 10**9, 10**9 + 3, "Nothing like this is in the document at all.")
    reversed_ = Anchor("reversed", 50, 10, "Oxide is poorly absorbed.")
    placements = reanchor([empty, huge, far, reversed_], doc.text, spans(doc))
    assert [p.method for p in placements] == [None, None, None, Method.QUOTE]
    assert reanchor(anchors_for(doc), doc.text, []) == [
        Placement(a.key, None, None, 0.0) for a in anchors_for(doc)
    ]
    assert reanchor([], doc.text, spans(doc)) == []
    assert summary([]) == {"position": 0, "quote": 0, "fuzzy": 0, "orphaned": 0}


def test_old_text_fills_in_missing_quote_and_context() -> None:
    old = parse(DOC)
    paragraphs = DOC.split("\n\n")
    new = parse("\n\n".join([paragraphs[0], paragraphs[2], paragraphs[1], paragraphs[3]]))
    first = next(a for a in anchors_for(old) if a.quote_exact == "See above.")
    bare = Anchor(first.key, first.start, first.end, "")
    assert reanchor([bare], new.text, spans(new))[0].sentence is None
    placed = reanchor([bare], new.text, spans(new), old_text=old.text)[0]
    assert placed.method is Method.QUOTE
    assert placed.sentence == [i for i, t in enumerate(texts(new)) if t == "See above."][1]


def test_cutoff_and_check() -> None:
    old = parse(DOC)
    new = parse(DOC.replace("better sleep efficiency", "higher sleep efficiency"))
    strict = run(old, new, fuzzy_cutoff=99.5)
    assert summary(strict)["orphaned"] == 1
    assert summary(run(old, new, fuzzy_cutoff=101))["orphaned"] == 1
    loose = run(old, new, fuzzy_cutoff=-5)  # anything goes: the best, however poor
    assert summary(loose)["fuzzy"] == 1
    calls: list[tuple[int, int, str]] = []
    run(old, new, check=lambda done, total, stage: calls.append((done, total, stage)))
    assert calls == [(0, len(old.sentences), "re-anchoring"), (0, 1, "fuzzy matching")]

    def cancel(done: int, total: int, stage: str) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(old, new, check=cancel)


# --- property: exact text is never placed on a wrong sentence -------------------------

POOL = [
    "Magnesium lowers cortisol.",
    "See above.",
    "Zinc has no effect on sleep in healthy adults.",
    "A trial in 46 adults found a benefit after eight weeks.",
    "The effect was small.",
    "Oxide is poorly absorbed.",
    "See below.",  # same length as "See above.": a replacement keeps every offset
    "The effect was large.",
]
PIECES = [*POOL, " ", "\n", "\n\n", "and more", "Dr. Smith said so. ", "# Heading\n", "- item\n"]


@st.composite
def document_and_edit(draw: st.DrawFn) -> tuple[str, str]:
    sentences = st.lists(st.sampled_from(POOL), min_size=1, max_size=4)
    paragraphs = draw(st.lists(sentences, min_size=1, max_size=6))
    old = parse("\n\n".join(" ".join(p) for p in paragraphs)).text
    # Edits touch the text between sentences: cut points are sentence starts and ends.
    doc = parse(old)
    cuts = sorted({0, len(old), *(s.start for s in doc.sentences), *(s.end for s in doc.sentences)})
    text = old
    for _ in range(draw(st.integers(1, 4))):
        cuts = [c for c in cuts if c <= len(text)]
        a = draw(st.sampled_from(cuts))
        b = draw(st.sampled_from([c for c in cuts if a <= c <= a + 80] or [a]))
        insert = draw(st.sampled_from(["", *PIECES]))
        text = text[:a] + insert + text[b:]
    return old, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document_and_edit())
def test_unchanged_sentences_never_land_on_a_wrong_one(edit: tuple[str, str]) -> None:
    old, new = parse(edit[0]), parse(edit[1])
    new_texts = texts(new)
    anchors = anchors_for(old)
    placements = reanchor(anchors, new.text, spans(new), old_text=old.text)
    assert [p.key for p in placements] == [a.key for a in anchors]
    for anchor, placement in zip(anchors, placements, strict=True):
        assert (placement.sentence is None) == (placement.method is None)
        if placement.sentence is not None:
            assert 0 <= placement.sentence < len(new_texts)
        matches = [i for i, t in enumerate(new_texts) if t == anchor.quote_exact]
        if len(matches) == 1:
            assert placement.sentence == matches[0]
        if matches:
            assert placement.method in (Method.POSITION, Method.QUOTE)
            assert new_texts[placement.sentence] == anchor.quote_exact  # type: ignore[index]
        elif placement.method is Method.FUZZY:
            assert placement.score >= 85
            assert fuzz.ratio(anchor.quote_exact, new_texts[placement.sentence]) == placement.score  # type: ignore[index]
