"""References: entries parsed, grouped into works, linked to citing sentences and glosses."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assay.core.model import BlockKind, ParsedDocument
from assay.evidence import reference_parse
from assay.evidence.references import (
    DocumentReference,
    Reference,
    citations,
    document_references,
    glosses,
    group_works,
    parse_reference,
    works_json,
)
from assay.text.pipeline import parse_file, parse_text
from support import REPO


@pytest.fixture(scope="module")
def sample() -> ParsedDocument:
    (path,) = (REPO / "seeds").glob("001_*.txt")
    return parse_file(path)


@pytest.fixture(scope="module")
def sample_refs(sample: ParsedDocument) -> list[DocumentReference]:
    return document_references(sample)


def sentence_text(parsed: ParsedDocument, index: int) -> str:
    segment = parsed.sentences[index]
    return parsed.text[segment.start : segment.end]


def sentence_starting(parsed: ParsedDocument, prefix: str) -> int:
    (index,) = [
        i for i in range(len(parsed.sentences)) if sentence_text(parsed, i).startswith(prefix)
    ]
    return index


def entries_starting(refs: list[DocumentReference], prefix: str) -> list[int]:
    return [i for i, ref in enumerate(refs) if ref.reference.raw.startswith(prefix)]


# ---------------------------------------------------------------- one entry


def test_the_boyle_2017_nutrients_entry_of_the_sample(sample_refs):
    index = entries_starting(sample_refs, "✓ Boyle NB, Lawton C, Dye L.")[0]
    ref = sample_refs[index].reference
    assert ref.raw == (
        "✓ Boyle NB, Lawton C, Dye L. The effects of magnesium supplementation on subjective "
        "anxiety and stress – a systematic review. Nutrients. 2017;9(5):429."
    )
    assert ref.authors == ("Boyle NB", "Lawton C", "Dye L")
    assert not ref.et_al
    assert ref.title == (
        "The effects of magnesium supplementation on subjective anxiety and stress – "
        "a systematic review"
    )
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("Nutrients", 2017, "9", "5")
    assert ref.pages == ("429", "")
    assert (ref.doi, ref.pmid, ref.marker) == ("", "", "")


def test_more_entries_of_the_sample(sample_refs):
    serefko = sample_refs[entries_starting(sample_refs, "✓ Serefko A, Szopa A, Wlaż P")[0]]
    assert serefko.reference.authors == ("Serefko A", "Szopa A", "Wlaż P")
    assert serefko.reference.et_al
    assert serefko.reference.journal == "Pharmacol Rep"
    assert serefko.reference.pages == ("547", "554")  # en dash

    de_baaij = sample_refs[entries_starting(sample_refs, "✓ de Baaij JHF, et al.")[0]].reference
    assert de_baaij.first_author_surname == "de Baaij"
    assert de_baaij.title == "Magnesium in man: implications for health and disease"
    assert (de_baaij.journal, de_baaij.volume, de_baaij.issue) == ("Physiol Rev", "95", "1")
    assert de_baaij.pages == ("1", "46")

    wienecke = sample_refs[entries_starting(sample_refs, "✓ Wienecke T, Gazerani P")[0]].reference
    assert (wienecke.year, wienecke.volume, wienecke.issue, wienecke.pages) == (
        2015, "16", "", ("1", "6")
    )  # fmt: skip

    abbasi = sample_refs[entries_starting(sample_refs, "✓ Abbasi B, et al. Effect")[0]].reference
    assert (abbasi.year, abbasi.volume, abbasi.issue, abbasi.pages) == (
        2012, "17", "12", ("1161", "1169")
    )  # fmt: skip  # "2012; 17(12):1161-1169": a space and a hyphen

    schuette = sample_refs[entries_starting(sample_refs, "✓ Schuette SA, et al.")[0]].reference
    assert schuette.title == "Bioavailability of magnesium glycinate vs. other magnesium salts"
    assert schuette.journal == "J Am Coll Nutr"

    rosanoff = sample_refs[entries_starting(sample_refs, "✓ Rosanoff A")[0]].reference
    assert rosanoff.title.endswith("vitamin D and/or calcium status?")
    assert rosanoff.journal == "Adv Nutr"


def test_numbered_entry_with_doi_pmid_and_article_number():
    ref = parse_reference(
        "  [3] Author A. Title of the trial. Journal 2019;12:e1234. "
        "doi:10.1000/XYZ.99. PMID: 31234567.  "
    )
    assert ref.raw.startswith("[3] Author A.") and ref.raw.endswith("31234567.")
    assert ref.marker == "3"
    assert ref.authors == ("Author A",)
    assert (ref.title, ref.journal, ref.year, ref.volume) == (
        "Title of the trial", "Journal", 2019, "12"
    )  # fmt: skip
    assert ref.pages == ("e1234", "")
    assert ref.doi == "10.1000/xyz.99"
    assert ref.pmid == "31234567"


def test_vancouver_details():
    ref = parse_reference(
        "12. Smith J, Jones K. A trial. J. Am. Coll. Nutr. 2013 May-Jun;65(3):547-54. "
        "https://doi.org/10.1016/S1734-1140(13)71032-6."
    )
    assert ref.marker == "12"
    assert ref.journal == "J. Am. Coll. Nutr"
    assert ref.pages == ("547", "554")  # abbreviated last page written out
    assert ref.doi == "10.1016/s1734-1140(13)71032-6"


def test_apa_entry():
    ref = parse_reference(
        "Boyle, N. B., Lawton, C. L., & Dye, L. (2017). The effects of magnesium "
        "supplementation on subjective anxiety and stress—A systematic review. "
        "Nutrients, 9(5), 429. https://doi.org/10.3390/nu9050429"
    )
    assert ref.authors == ("Boyle N. B.", "Lawton C. L.", "Dye L.")
    assert ref.first_author_surname == "Boyle"
    assert (ref.journal, ref.year, ref.volume, ref.issue, ref.pages) == (
        "Nutrients", 2017, "9", "5", ("429", "")
    )  # fmt: skip
    assert ref.doi == "10.3390/nu9050429"


@pytest.mark.parametrize(
    ("text", "authors", "title", "journal", "year"),
    [
        ("Smith J. A book without a year", ("Smith J",), "A book without a year", "", None),
        ("Smith J. Only a title. 2019.", ("Smith J",), "Only a title", "", 2019),
        ("Magnesium fact sheet for professionals.", (), "Magnesium fact sheet for professionals",
         "", None),
        ("Иванов И.И., Петров П.П. Магний и депрессия // Журнал неврологии. 2019. Т. 12, № 3. "
         "С. 45–50.", ("Иванов И.И.", "Петров П.П."), "Магний и депрессия", "Журнал неврологии",
         2019),
        ("王伟, 李娜. 镁与抑郁[J]. 中华医学杂志, 2019, 99(3): 123-126.", ("王伟", "李娜"),
         "镁与抑郁", "中华医学杂志", 2019),
        ("王伟，李娜。镁与抑郁。中华医学杂志。2019；99（3）：123-126。", ("王伟", "李娜"),
         "镁与抑郁", "中华医学杂志", 2019),
        ("✓ Serefko A, Szopa A, Wlaź P, et al. Magnesium in depression.",
         ("Serefko A", "Szopa A", "Wlaź P"), "Magnesium in depression", "", None),
    ],
)  # fmt: skip
def test_entries_with_pieces_missing_or_non_latin(text, authors, title, journal, year):
    ref = parse_reference(text)
    assert (ref.authors, ref.title, ref.journal, ref.year) == (authors, title, journal, year)


@pytest.mark.parametrize("text", ["", "   ", "✓", "[12]", "2019;", "et al.", "....", "(", "10.1/"])
def test_odd_entries_leave_fields_empty(text):
    ref = parse_reference(text)
    assert ref.raw == text.strip()
    assert (ref.authors, ref.journal, ref.volume, ref.pages, ref.doi) == ((), "", "", None, "")


_FRAGMENTS = st.sampled_from(
    ["✓ ", "[3] ", "3. ", "Boyle NB", ", ", "et al.", ". ", "Title", "2017", ";", "9", "(5)",
     ":", "429", "–", "-", "e1234", "doi:10.3390/nu9050429", "PMID: 1", " ", "Wlaź", "王伟",
     "Иванов И.И.", "(2017)", "&", "\t", "\n", "//", "Т.", "№", "。", "，"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(_FRAGMENTS, max_size=30).map("".join)))
def test_parse_reference_never_raises_and_keeps_the_text(text):
    ref = parse_reference(text)
    assert isinstance(ref, Reference)
    assert ref.raw == text.strip()
    assert ref.year is None or 1500 <= ref.year <= 2099
    # The parser under parse_reference's safety net does not need that net either.
    assert reference_parse._parse(text.strip()) == ref


# ---------------------------------------------------------------- works


def work_holding(works, entry: int):
    (work,) = [work for work in works if entry in work.entries]
    return work


def test_schuette_and_schuetz_are_one_work_with_the_differences(sample_refs):
    works = group_works([ref.reference for ref in sample_refs])
    schuetz = entries_starting(sample_refs, "✓ Schuetz SA")
    schuette = entries_starting(sample_refs, "✓ Schuette SA")
    assert len(schuetz) == 1 and len(schuette) == 2
    work = work_holding(works, schuetz[0])
    assert set(work.entries) == set(schuetz + schuette)
    assert work.key.startswith("schuette-1994-")
    variant = next(n for n, v in enumerate(work.variants) if schuetz[0] in v.entries)
    (authors,) = [d for d in work.differences if d.variant == variant and d.field == "authors"]
    assert authors.canonical.startswith("Schuette SA")
    assert authors.value.startswith("Schuetz SA")
    # the ops point at "tte" → "tz"
    changed = [
        (authors.canonical[i1:i2], authors.value[j1:j2]) for _, i1, i2, j1, j2 in authors.ops
    ]
    assert "".join(a for a, _ in changed) in ("te", "tte", "e") and "z" in "".join(
        b for _, b in changed
    )


def test_serefko_author_slips_are_reported(sample_refs):
    works = group_works([ref.reference for ref in sample_refs])
    work = work_holding(works, entries_starting(sample_refs, "✓ Serefko A")[0])
    assert len(work.entries) == len(entries_starting(sample_refs, "✓ Serefko A"))
    author_values = {d.value for d in work.differences if d.field == "authors"}
    assert "Serefko A, Szopa A, Poleszak E" in author_values  # not Wlaź P
    assert "Serefko A, Szopa A, Wlaż P" in author_values  # ż for ź
    titles = {(d.canonical, d.value) for d in work.differences if d.field == "title"}
    assert ("Magnesium in depression", "Magnesium and depression") in titles


def test_made_up_variants_grouped_fuzzily_and_distinct_papers_kept_apart():
    refs = [
        parse_reference(text)
        for text in [
            "Schuette SA, et al. Magnesium and depression. 1994.",
            "Schuetz SA. Magnesium in depression. 1994.",
            "Schuette SA. Magnesium and aging. 1994.",  # same author, another paper
            "Other B. Magnesium and depression. 1994.",  # another author
            "Schuette SA. Magnesium and depression. 1999.",  # another year
            "Schuette SA. Magnesium and depression.",  # no year: compared on title alone
        ]
    ]
    works = group_works(refs)
    assert [work.entries for work in works] == [(0, 1, 5), (2,), (3,), (4,)]
    first = works[0]
    assert first.canonical is refs[0]
    fields = {(d.variant, d.field): (d.canonical, d.value) for d in first.differences}
    assert fields[1, "authors"] == ("Schuette SA", "Schuetz SA")
    assert fields[1, "title"] == ("Magnesium and depression", "Magnesium in depression")
    assert len({work.key for work in works}) == 4


def test_sample_works_keep_distinct_papers_apart(sample_refs):
    works = group_works([ref.reference for ref in sample_refs])
    walker_2000 = entries_starting(sample_refs, "✓ Walker AF, et al.")[0]
    walker_2003 = entries_starting(sample_refs, "✓ Walker AF, Marakis G")[0]
    assert work_holding(works, walker_2000) is not work_holding(works, walker_2003)
    boyle = entries_starting(sample_refs, "✓ Boyle NB")
    assert len(boyle) == 9 and len(work_holding(works, boyle[0]).entries) == 9
    assert sorted(i for work in works for i in work.entries) == list(range(len(sample_refs)))


def test_a_wrong_volume_is_reported_and_numbered_parts_kept_apart():
    works = group_works(
        [
            parse_reference("Walker AF. Magnesium in stress. Magnes Res. 2000;13(4):263-269."),
            parse_reference("Walker AF. Magnesium in stress. Magnes Res. 2000;31(4):263-269."),
            parse_reference("Walker AF. Magnesium, part 1. Magnes Res. 2000;13(4):300-310."),
            parse_reference("Walker AF. Magnesium, part 2. Magnes Res. 2000;13(5):311-320."),
        ]
    )
    assert [work.entries for work in works] == [(0, 1), (2,), (3,)]
    (slip,) = works[0].differences
    assert (slip.field, slip.canonical, slip.value) == ("volume", "13", "31")


def test_style_only_differences_are_not_reported():
    works = group_works(
        [
            parse_reference("Boyle NB, Dye L. The effects. Nutrients. 2017;9(5):429–431."),
            parse_reference("Boyle N. B., Dye L. The Effects. NUTRIENTS. 2017;9:429-31."),
        ]
    )
    assert len(works) == 1 and len(works[0].variants) == 2
    assert works[0].differences == ()


# ---------------------------------------------------------------- document links


def test_a_page_break_inside_an_entry_is_mended(sample, sample_refs):
    # In the sample, the import itself puts split entries back together (pdf_cleanup)...
    whole = [ref for ref in sample_refs if ref.reference.raw.startswith("✓ Rosanoff A")]
    assert whole and all(not ref.continuation for ref in whole)
    assert all(ref.reference.year == 2016 for ref in whole)
    works = group_works([ref.reference for ref in sample_refs])
    assert len(work_holding(works, sample_refs.index(whole[0])).entries) == 3
    # ...and where nothing did (plain text), the reference reader finishes the entry.
    text = (
        "Magnesium status matters.\n\n"
        "✓ Rosanoff A, Dai Q, Shapses SA. Essential nutrient interactions: does low or "
        "suboptimal\n\nmagnesium status interact with vitamin D and/or calcium status? "
        "Adv Nutr. 2016;7(1):25–43.\n"
    )
    parsed = parse_text(text, source_name="x.txt", format="plain")
    (split,) = document_references(parsed)
    assert split.continuation and split.reference.year == 2016
    assert split.reference.journal == "Adv Nutr"
    assert sentence_text(parsed, split.continuation[-1]) == "Adv Nutr. 2016;7(1):25–43."
    assert len(split.continuation) == 2  # the block after the break holds two sentences


def test_a_claim_list_item_cites_the_run_of_entries_after_it(sample, sample_refs):
    claim = sentence_starting(sample, "Hormone fluctuation-linked mood disorders")
    assert sample.sentences[claim].kind == BlockKind.LIST_ITEM
    cited = citations(sample, sample_refs)[claim]
    assert [sample_refs[i].reference.raw for i in cited] == [
        "✓ Tarleton EK, et al. Magnesium intake and depression in adults. "
        "J Am Board Fam Med. 2015;28(2):249–256.",
        "✓ Boyle NB, et al. The effects of magnesium supplementation on stress and anxiety: "
        "a systematic review. Nutrients. 2017;9(5):429.",
        "✓ Serefko A, et al. Magnesium in depression. Pharmacol Rep. 2013;65(3):547–554.",
    ]
    assert all(sample_refs[i].sentence == claim + 1 + 2 * n for n, i in enumerate(cited))


def test_a_claim_paragraph_cites_its_run_and_a_heading_cites_nothing(sample, sample_refs):
    links = citations(sample, sample_refs)
    claim = sentence_starting(sample, "In essence: Magnesium is the key")
    assert [sample_refs[i].reference.first_author_surname for i in links[claim]] == [
        "Boyle", "Serefko", "Yamadera", "Abbasi"
    ]  # fmt: skip
    heading = sentence_starting(sample, "Neurotransmission Pathway Regulation")
    assert heading not in links
    assert not any(sample.sentences[s].kind == BlockKind.REFERENCE for s in links)


def test_table_rows_cite_by_author_and_year(sample, sample_refs):
    links = citations(sample, sample_refs)
    row = sentence_starting(sample, "Abbasi B, 2012\t")
    (cited,) = links[row]
    assert sample_refs[cited].reference.first_author_surname == "Abbasi"
    assert sample_refs[cited].reference.year == 2012


def test_gloss_lines_are_sentences_of_their_own_linked_to_their_entry(sample, sample_refs):
    linked = glosses(sample, sample_refs)
    for prefix, entry in [
        ("– A systematic review concluded", "✓ Boyle NB, Lawton C, Dye L."),
        ("Clinical research demonstrates that", "✓ Schuette SA, et al."),  # nested list item
        ("→ Daily magnesium intake is inversely", "✓ Tarleton EK, et al."),
        ("- Magnesium supports central mood", "✓ Serefko A, Szopa A, Wlaź P"),
    ]:
        gloss = sentence_starting(sample, prefix)
        assert sample.sentences[gloss].kind != BlockKind.REFERENCE
        assert sample_refs[linked[gloss]].reference.raw.startswith(entry)
    first = sentence_starting(sample, "– Magnesium's role in mood disorders")
    second = sentence_starting(sample, "Magnesium glycinate is recommended as a preferred")
    assert linked[first] == linked[second]  # a gloss of two sentences


NUMBERED = """# Magnesium

Magnesium helps sleep [1]. Anxiety falls [2, 3]. All three agree [1–3].

## References

1. Boyle NB, Lawton C, Dye L. The effects of magnesium. Nutrients. 2017;9(5):429.
2. Serefko A, Szopa A, Wlaz P, et al. Magnesium and depression. Pharmacol Rep. 2013;65(3):547-554.
3. Abbasi B. Magnesium and insomnia. J Res Med Sci. 2012;17(12):1161-1169.
"""


def test_numbered_bibliography_and_bracket_markers():
    parsed = parse_text(NUMBERED, source_name="paper.md")
    refs = document_references(parsed)
    assert [ref.marker for ref in refs] == ["1", "2", "3"]  # Markdown dropped the numbers
    links = citations(parsed, refs)
    texts = {sentence_text(parsed, s): cited for s, cited in links.items()}
    assert texts == {
        "Magnesium helps sleep [1].": (0,),
        "Anxiety falls [2, 3].": (1, 2),
        "All three agree [1–3].": (0, 1, 2),
    }


def test_bracketed_entries_run_together_are_split():
    text = NUMBERED.replace("\n1. ", "\n[1] ").replace("\n2. ", "\n[2] ").replace("\n3. ", "\n[3] ")
    parsed = parse_text(text, source_name="paper.txt", format="plain")
    refs = document_references(parsed)
    assert len({ref.sentence for ref in refs}) == 1  # one block holds the three entries
    assert [ref.marker for ref in refs] == ["1", "2", "3"]
    assert [parsed.text[ref.start : ref.end][:8] for ref in refs] == ["[1] Boyl", "[2] Sere",
                                                                     "[3] Abba"]  # fmt: skip
    assert refs[1].reference.journal == "Pharmacol Rep"
    anxiety = sentence_starting(parsed, "Anxiety falls")
    assert citations(parsed, refs)[anxiety] == (1, 2)


def test_check_mark_entries_run_together_are_split_and_cited_by_the_claim_above():
    parsed = parse_text(
        "Magnesium calms. It helps sleep.\n\n"
        "✓ Boyle NB. The effects. Nutrients. 2017;9(5):429.\n"
        "✓ Serefko A. Magnesium. Pharmacol Rep. 2013;65(3):547-554.\n\n"
        "– Both reviews agree.\n",
        source_name="claims.txt",
        format="plain",
    )
    refs = document_references(parsed)
    assert [parsed.text[ref.start : ref.end][-4:] for ref in refs] == ["429.", "554."]
    assert citations(parsed, refs) == {0: (0, 1), 1: (0, 1)}
    assert glosses(parsed, refs) == {sentence_starting(parsed, "– Both"): 1}


def test_author_year_markers():
    parsed = parse_text(
        "Stress falls (Boyle et al., 2017; Serefko 2013). Sleep improves (e.g., Abbasi & "
        "Kimiagar 2012). Baaij et al. (2015) reviewed it. Nobody (Smith 2001) agrees. "
        "A second Boyle paper (Boyle 2017b) differs.\n\n"
        "References\n\n"
        "✓ Boyle NB, Lawton C, Dye L. The effects. Nutrients. 2017;9(5):429.\n\n"
        "✓ Serefko A, et al. Magnesium and depression. Pharmacol Rep. 2013;65(3):547-554.\n\n"
        "✓ Abbasi B, Kimiagar M. Insomnia. J Res Med Sci. 2012;17(12):1161-1169.\n\n"
        "✓ de Baaij JHF, et al. Magnesium in man. Physiol Rev. 2015;95(1):1-46.\n\n"
        "✓ Boyle NB. Another paper entirely. Nutrients. 2017;9(8):800.\n",
        source_name="paper.txt",
        format="plain",
    )
    refs = document_references(parsed)
    assert len(refs) == 5
    links = citations(parsed, refs)  # "References" above the run is not a claim
    by_text = {sentence_text(parsed, s): [refs[i].reference.title for i in c]
               for s, c in links.items()}  # fmt: skip
    assert by_text == {
        "Stress falls (Boyle et al., 2017; Serefko 2013).": [
            "The effects", "Magnesium and depression"
        ],
        "Sleep improves (e.g., Abbasi & Kimiagar 2012).": ["Insomnia"],
        "Baaij et al. (2015) reviewed it.": ["Magnesium in man"],
        "A second Boyle paper (Boyle 2017b) differs.": ["Another paper entirely"],
    }  # fmt: skip


def test_works_json_for_the_sample(sample):
    first = works_json(sample)
    assert first == works_json(sample)  # deterministic
    json.dumps(first)  # plain JSON values only
    assert [work["key"] for work in first] == sorted(work["key"] for work in first)
    (schuette,) = [work for work in first if work["key"].startswith("schuette-1994-")]
    assert schuette["entries"] == sum(variant["count"] for variant in schuette["variants"]) == 3
    assert {d["field"] for d in schuette["differences"]} == {"authors", "title"}
    cited = [sentence["text"] for sentence in schuette["cited_by"]]
    assert any(text.startswith("Such a “two-pathway” approach") for text in cited)
    assert schuette["glosses"] and schuette["canonical"]["journal"] == "J Am Coll Nutr"
    for work in first:
        for sentence in work["cited_by"] + work["glosses"]:
            assert sentence_text(sample, sentence["ordinal"]) == sentence["text"]
