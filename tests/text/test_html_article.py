"""read_html on generated pages: the whole article when it is spread over sibling
containers, and the page's boilerplate (teasers, most popular, timestamps …) left out."""

from __future__ import annotations

from pathlib import Path

from assay.core.model import BlockKind
from assay.text.html_reader import read_html

FILLER = (
    "magnesium intake was measured with a food diary, and the authors compared "
    "the groups after adjusting for age, sex and kidney function"
)


def no_check(done: int, total: int, stage: str) -> None:
    pass


def texts(tmp_path: Path, page: str) -> list[str]:
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    return [" ".join(b.source.split()) for b in read_html(path, no_check)]


def paragraph(label: str) -> str:
    return f"<p>{label}: {FILLER}.</p>"


def test_long_form_article_over_sibling_sections_is_read_whole(tmp_path: Path) -> None:
    # A long-form layout: each chapter in its own wrapper, figures between them, the
    # last chapter the longest (it alone used to be taken as the article).
    def chapter(name: str, count: int) -> str:
        body = "".join(paragraph(f"{name} paragraph {n}") for n in range(1, count + 1))
        return (
            f'<div class="acf-content"><section class="outer"><div class="flex">'
            f'<div class="post-text">{body}</div></div></section></div>'
        )

    page = f"""<html><body><header class="nav"><a href="/">Home</a></header>
      <div id="post"><div class="title-wrap"><h1>Minerals and the heart</h1>
        <p class="byline">By A. Writer</p></div>
      {chapter("Opening", 4)}
      <figure><img src="x.png" alt="chart"><figcaption>A chart.</figcaption></figure>
      {chapter("Middle", 2)}
      <h2>What it means</h2>
      {chapter("Closing", 9)}
      <div class="post-footer"><a href="/tag/heart">Heart</a> <a href="/tag/diet">Diet</a></div>
      </div></body></html>"""
    found = texts(tmp_path, page)
    paragraphs = [t.split(":")[0] for t in found if FILLER in t]
    expected = (
        [f"Opening paragraph {n}" for n in range(1, 5)]
        + ["Middle paragraph 1", "Middle paragraph 2"]
        + [f"Closing paragraph {n}" for n in range(1, 10)]
    )
    assert paragraphs == expected
    assert found[0] == "Minerals and the heart"
    assert "What it means" in found
    assert not any("Heart Diet" in t or t == "Home" for t in found)


def test_how_to_steps_in_sibling_divs_are_all_read(tmp_path: Path) -> None:
    # Steps written as bare divs (no <p>), one container per step.
    steps = "".join(
        f'<div class="step"><b>Step {n}.</b> Measure the dose with the scoop, then {FILLER}.</div>'
        for n in range(1, 14)
    )
    page = f"""<html><body><h1>How to take a supplement</h1>
      <div class="steps-wrapper"><div class="intro"><p>Before you start: {FILLER}.</p></div>
      {steps}</div>
      <div class="more"><a href="/a">Ten other guides</a> <a href="/b">Vitamins</a></div>
      </body></html>"""
    found = texts(tmp_path, page)
    assert [t.split(".")[0] for t in found if t.startswith("Step")] == [
        f"Step {n}" for n in range(1, 14)
    ]
    assert any(t.startswith("Before you start") for t in found)
    assert not any("Ten other guides" in t for t in found)


def test_teasers_most_popular_timestamps_and_link_lists_are_left_out(
    tmp_path: Path,
) -> None:
    teaser = (
        '<div class="card"><a href="/s{n}"><h3>Other story {n} headline here</h3>'
        "<span>Short teaser text {n}</span></a></div>"
    )
    page = f"""<html><body><article>
      <h1>Zinc and colds</h1>
      <div class="article-date"><span>Published Thursday 27 July 2017</span>
        <span>Updated 8:02 pm UTC</span></div>
      <p>By Jane Doe</p>
      <div class="body">
        {paragraph("First")}
        <figure><div class="player"></div><figcaption><span class="off-screen">Media
          caption</span> The trial team at work.</figcaption></figure>
        {paragraph("Second")}
        <div class="inline-teaser"><a href="/x"><div>Scientists find a new cold virus
          in bats, and what it could mean</div></a></div>
        {paragraph("Third")}
        <ul class="list"><li>Take zinc within a day of the first symptoms.</li>
          <li>Stop after a week.</li></ul>
        <ol class="refs"><li>Hemilä H. <a href="https://doi.org/10.1/x">Zinc lozenges
          and the common cold</a>. JRSM Open. 2017;8(5).</li>
          <li>Science M. <a href="https://doi.org/10.1/y">Zinc for the treatment of the
          common cold</a>. CMAJ. 2012;184(10).</li></ol>
      </div>
      <div class="topics"><span>Topics</span> <a href="/t/1">Colds</a>
        <a href="/t/2">Minerals</a> <a href="/t/3">Immunity</a></div>
      <div class="pager"><a href="/prev">← Previous story</a> <a href="/next">Next story
        →</a></div>
      <div class="suggested">{"".join(teaser.format(n=n) for n in range(1, 6))}</div>
      <div class="popular"><h2>Most popular</h2><ol><li><a href="/p1">Celebrity diets</a>
        </li><li><a href="/p2">Sleep myths</a></li></ol></div>
      <div class="more-from"><h2>US &amp; Canada</h2>
        <div><a href="/u1">Gunman had violent past</a><span>49 minutes ago</span></div>
        <div><a href="/u2">Wrestler's contract ended</a><span>39 minutes ago</span></div>
        <div><a href="/u3">Military wary of guards</a><span>49 minutes ago</span></div>
      </div>
    </article></body></html>"""
    found = texts(tmp_path, page)
    assert found[0] == "Zinc and colds"
    body = [t.split(":")[0] for t in found if FILLER in t]
    assert body == ["First", "Second", "Third"]
    assert "The trial team at work." in found  # an image caption stays, its label does not
    assert "Take zinc within a day of the first symptoms." in found
    assert any(t.startswith("Hemilä H. Zinc lozenges") for t in found)  # linked references
    joined = "\n".join(found)
    for boilerplate in ("Published", "8:02", "Media", "Scientists find", "Topics", "Colds",
                        "Previous story", "Other story", "teaser", "Most popular",
                        "Celebrity", "Gunman", "minutes ago", "US & Canada"):  # fmt: skip
        assert boilerplate not in joined, boilerplate


def test_date_lines_are_dropped_but_sentences_with_dates_stay(tmp_path: Path) -> None:
    page = f"""<html><body><article><h1>Trial news</h1><p>Jan. 13, 2017</p>
      <p>The trial ended on 13 January 2017 after 200 patients enrolled.</p>
      {paragraph("Body")}<p>Monday</p></article></body></html>"""
    found = texts(tmp_path, page)
    assert "Jan. 13, 2017" not in found
    assert "The trial ended on 13 January 2017 after 200 patients enrolled." in found
    assert "Monday" in found  # no number: not taken for a timestamp


def test_kinds_survive_sibling_joining(tmp_path: Path) -> None:
    page = f"""<html><body><div id="wrap">
      <div class="part">{paragraph("One")}{paragraph("Two")}</div>
      <div class="part"><h2>Results</h2>{paragraph("Three")}
        <table><tr><th>Group</th><th>Risk</th></tr><tr><td>Zinc</td><td>0.8</td></tr></table>
      </div></div></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    kinds = [(b.kind, b.source.strip()[:5]) for b in read_html(path, no_check)]
    assert kinds == [
        (BlockKind.PARAGRAPH, "One: "),
        (BlockKind.PARAGRAPH, "Two: "),
        (BlockKind.HEADING, "Resul"),
        (BlockKind.PARAGRAPH, "Three"),
        (BlockKind.TABLE_HEADER, "Group"),
        (BlockKind.TABLE_ROW, "Zinc\t"),
    ]
