"""read_html on saved web pages written to tmp_path: the article only, nothing fetched."""

from __future__ import annotations

import re
import socket
import urllib.request
from pathlib import Path

import pytest

from assay.core.model import BlockKind, ParsedDocument
from assay.text.blocks import RawBlock
from assay.text.errors import Cancelled, ImportRefused
from assay.text.html_reader import read_html
from assay.text.pipeline import parse_blocks

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Walking and heart health | Daily Health News</title>
  <link rel="stylesheet" href="http://cdn.example.com/site.css">
  <style>body { font-family: serif } .cookie-banner { position: fixed }</style>
  <script src="http://ads.example.com/tracker.js"></script>
  <script>document.write("<p>Injected by a script</p>");</script>
</head>
<body class="article-page has-sidebar">
  <div id="cookie-banner" class="cookie-banner">We use cookies to improve your experience.
    <button>Accept all</button></div>
  <header class="site-header">
    <a href="/"><img src="http://example.com/logo.png" alt="Daily Health News logo"></a>
    <nav><ul><li><a href="/news">News</a></li><li><a href="/health">Health</a></li></ul></nav>
  </header>
  <div class="breadcrumb"><a href="/">Home</a> › <a href="/health">Health</a></div>
  <main>
    <article class="story">
      <header><h1>Brisk walking cuts heart disease risk, study finds</h1>
        <p class="byline">By Jane Doe, health reporter</p></header>
      <ul class="share-buttons"><li><a href="https://twitter.com/share">Share on X</a></li>
        <li><a href="https://facebook.com/share">Share on Facebook</a></li></ul>
      <p>A daily brisk walk of 30 minutes lowered the risk of heart disease by
        <strong>20%</strong> in a <a href="https://example.org/study">large cohort study</a>.</p>
      <figure><img src="http://example.com/walk.jpg" alt="People walking in a park">
        <figcaption>Walking is free and easy to start.</figcaption></figure>
      <div class="advert ad-slot">Advertisement<script>loadAd()</script></div>
      <p style="color: #333">Researchers followed 90,000 adults<br>for ten years.</p>
      <h2>What the researchers found</h2>
      <p>The benefit held after adjusting for diet and smoking.</p>
      <ol><li>Walk at least 30 minutes a day.</li><li>Keep a pace that raises your
        heart rate.</li></ol>
      <blockquote><p>Every step counts, said the lead author.</p></blockquote>
      <table><tr><th>Group</th><th>Risk</th></tr><tr><td>Walkers</td><td>0.80</td></tr></table>
      <iframe src="http://video.example.com/embed/123"></iframe>
      <p>Read more: <a href="/other">Ten ways to stay active</a></p>
      <section class="recirculation"><h2>Recommended for you</h2>
        <ul><li><a href="/a">Is coffee good for you?</a></li>
        <li><a href="/b">Five myths about sleep</a></li></ul></section>
      <h2>You may also like</h2>
      <p><a href="/c">Why stretching matters</a></p>
      <h2>Limitations</h2>
      <p>The study was observational, so it cannot prove cause and effect.</p>
      <footer class="article-footer">Published 3 May 2024</footer>
    </article>
    <aside class="sidebar"><h3>Most read</h3><p>Celebrity diet secrets revealed.</p></aside>
  </main>
  <div id="comments" class="comments"><p>Great article, thanks for sharing this.</p></div>
  <div class="newsletter"><h3>Sign up for our newsletter</h3><form><input></form></div>
  <noscript><p>Please enable JavaScript.</p></noscript>
  <footer><p>© 2024 Daily Health News. All rights reserved.</p></footer>
  <script>window.dataLayer = []; document.write('<div>tracking</div>');</script>
</body>
</html>
"""

EXPECTED = [
    (BlockKind.TITLE, "Brisk walking cuts heart disease risk, study finds", 0, False),
    (BlockKind.PARAGRAPH, "By Jane Doe, health reporter", 0, False),
    (BlockKind.PARAGRAPH, "A daily brisk walk of 30 minutes lowered the risk of heart disease "
     "by 20% in a large cohort study.", 0, False),
    (BlockKind.PARAGRAPH, "Walking is free and easy to start.", 0, False),
    (BlockKind.PARAGRAPH, "Researchers followed 90,000 adults for ten years.", 0, False),
    (BlockKind.HEADING, "What the researchers found", 2, False),
    (BlockKind.PARAGRAPH, "The benefit held after adjusting for diet and smoking.", 0, False),
    (BlockKind.LIST_ITEM, "Walk at least 30 minutes a day.", 1, True),
    (BlockKind.LIST_ITEM, "Keep a pace that raises your heart rate.", 1, True),
    (BlockKind.QUOTE, "Every step counts, said the lead author.", 0, False),
    (BlockKind.TABLE_HEADER, "Group\tRisk", 0, False),
    (BlockKind.TABLE_ROW, "Walkers\t0.80", 0, False),
    (BlockKind.HEADING, "Limitations", 2, False),
    (BlockKind.PARAGRAPH, "The study was observational, so it cannot prove cause and effect.",
     0, False),
]  # fmt: skip


def no_check(done: int, total: int, stage: str) -> None:
    pass


def write(tmp_path: Path, html: str | bytes, name: str = "page.html") -> Path:
    path = tmp_path / name
    if isinstance(html, str):
        path.write_text(html, encoding="utf-8")
    else:
        path.write_bytes(html)
    return path


def summary(blocks: list[RawBlock]) -> list[tuple[BlockKind, str, int, bool]]:
    # Whitespace as the pipeline collapses it, but tabs kept: they separate table cells.
    return [(b.kind, re.sub(r"[ \n]+", " ", b.source).strip(), b.level, b.ordered) for b in blocks]


def parse(path: Path) -> ParsedDocument:
    return parse_blocks(read_html(path, no_check), source_name=path.name, format="html")


def test_news_page_yields_only_the_article(tmp_path: Path) -> None:
    assert summary(read_html(write(tmp_path, NEWS_PAGE), no_check)) == EXPECTED


def test_news_page_sentences(tmp_path: Path) -> None:
    doc = parse(write(tmp_path, NEWS_PAGE))
    assert doc.title == "Brisk walking cuts heart disease risk, study finds"
    texts = [doc.text[s.start : s.end] for s in doc.sentences]
    assert "Researchers followed 90,000 adults for ten years." in texts
    assert "Walk at least 30 minutes a day." in texts
    section = {doc.text[s.start : s.end]: s.section for s in doc.sentences}
    assert section["Every step counts, said the lead author."] == "What the researchers found"
    for furniture in ("cookies", "Injected", "tracking", "Share on", "Advertisement",
                      "Recommended", "coffee", "stretching", "Celebrity", "Great article",
                      "newsletter", "JavaScript", "©", "logo", "People walking", "Home",
                      "Published"):  # fmt: skip
        assert furniture not in doc.text, furniture


def test_nothing_is_fetched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    page = NEWS_PAGE.replace(
        "<!DOCTYPE html>",
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">',
    )
    assert summary(read_html(write(tmp_path, page), no_check)) == EXPECTED
    assert attempts == []


def test_page_without_article_element_uses_the_densest_text(tmp_path: Path) -> None:
    page = """<html><body>
      <div class="menu"><p><a href="/">Home</a></p><p><a href="/x">A long list of links to
        other sections of the site</a></p></div>
      <h1>Salt and blood pressure</h1>
      <div id="text"><p>Eating less salt lowers blood pressure within weeks.</p>
        <p>Most salt comes from processed food, not the salt shaker.</p></div>
      <div><p><a href="/y">Link one</a> <a href="/z">Link two</a></p></div>
    </body></html>"""
    assert summary(read_html(write(tmp_path, page), no_check)) == [
        (BlockKind.TITLE, "Salt and blood pressure", 0, False),
        (BlockKind.PARAGRAPH, "Eating less salt lowers blood pressure within weeks.", 0, False),
        (BlockKind.PARAGRAPH, "Most salt comes from processed food, not the salt shaker.", 0,
         False),
    ]  # fmt: skip


def test_nested_lists_headings_and_first_h1_rule(tmp_path: Path) -> None:
    page = """<html><body><article><h2>Overview</h2><p>Text one.</p><h1>Not first</h1>
      <ul><li>Fruit<ul><li>Apples</li></ul></li><li>Vegetables</li></ul>
      <p>Text two.</p></article></body></html>"""
    assert summary(read_html(write(tmp_path, page), no_check)) == [
        (BlockKind.HEADING, "Overview", 2, False),
        (BlockKind.PARAGRAPH, "Text one.", 0, False),
        (BlockKind.HEADING, "Not first", 1, False),
        (BlockKind.LIST_ITEM, "Fruit", 1, False),
        (BlockKind.LIST_ITEM, "Apples", 2, False),
        (BlockKind.LIST_ITEM, "Vegetables", 1, False),
        (BlockKind.PARAGRAPH, "Text two.", 0, False),
    ]


def test_boilerplate_sections_and_hidden_elements(tmp_path: Path) -> None:
    page = """<html><body><article><h1>Snacks and children</h1>
      <h2>Advertisements for snacks target children</h2><p>Most adverts are for sweets.</p>
      <div hidden><p>Hidden survey prompt.</p></div>
      <p style="display: none">Invisible text.</p>
      <h2>Comments (12)</h2><p>First!</p><h3>Reply</h3><p>Me too.</p>
      <h2>Method</h2><p>We counted adverts on 20 channels.</p>
      <p>Advertisement</p><p>Read more: Sugar taxes explained</p>
      <div class="panel"><p>You may also like</p><p>Ten snack swaps</p></div>
    </article></body></html>"""
    assert summary(read_html(write(tmp_path, page), no_check)) == [
        (BlockKind.TITLE, "Snacks and children", 0, False),
        (BlockKind.HEADING, "Advertisements for snacks target children", 2, False),
        (BlockKind.PARAGRAPH, "Most adverts are for sweets.", 0, False),
        (BlockKind.HEADING, "Method", 2, False),
        (BlockKind.PARAGRAPH, "We counted adverts on 20 channels.", 0, False),
    ]


def test_meta_charset_windows_1252_honoured(tmp_path: Path) -> None:
    text = "Caf\u00e9 \u201cnaïve\u201d prices rose 5\u20ac \u2013 a 10% rise."
    page = (
        '<html><head><meta charset="windows-1252"><title>x</title></head>'
        f"<body><article><p>{text}</p></article></body></html>"
    )
    path = write(tmp_path, page.encode("cp1252"))
    assert [b.source for b in read_html(path, no_check)] == [text]


def test_meta_http_equiv_charset_honoured(tmp_path: Path) -> None:
    # Detection alone would read these bytes as cp1252: only the <meta> says Cyrillic.
    text = "Витамин D полезен для костей."
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
        f"</head><body><p>{text}</p></body></html>"
    )
    path = write(tmp_path, page.encode("cp1251"))
    assert [b.source for b in read_html(path, no_check)] == [text]


def test_utf16_with_bom(tmp_path: Path) -> None:
    page = "<html><body><p>Sleep matters — a lot.</p></body></html>"
    path = write(tmp_path, page.encode("utf-16"))
    assert [b.source for b in read_html(path, no_check)] == ["Sleep matters — a lot."]


def test_cancel_stops_reading(tmp_path: Path) -> None:
    page = "<html><body><article>" + "<p>Line.</p>" * 500 + "</article></body></html>"
    path = write(tmp_path, page)
    calls: list[tuple[int, int, str]] = []

    def cancel_at_second(done: int, total: int, stage: str) -> None:
        calls.append((done, total, stage))
        if len(calls) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        read_html(path, cancel_at_second)
    assert [(done, stage) for done, _, stage in calls] == [(0, "reading"), (200, "reading")]


# --- refusals -------------------------------------------------------------------


def refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_html(path, no_check)
    message = str(caught.value)
    assert f"“{path.name}”" in message
    return message


def test_binary_and_empty_refused(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert "binary" in refusal(write(tmp_path, png, "image.html"))
    assert "is empty" in refusal(write(tmp_path, b"", "blank.html"))
    assert "is empty" in refusal(write(tmp_path, b" \n\t", "spaces.html"))


def test_plain_text_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "Just a note, no markup at all.", "note.html")
    assert "not a web page" in refusal(path)


def test_page_without_article_text_refused(tmp_path: Path) -> None:
    page = """<html><head><script>var a = "<p>hidden</p>";</script></head><body>
      <nav><a href="/">Home</a></nav><div class="cookie-banner">Accept cookies</div>
      <h1>Gallery</h1><img src="http://example.com/a.jpg" alt="A photo">
      <footer>© Example</footer></body></html>"""
    assert "no article text" in refusal(write(tmp_path, page, "gallery.html"))
