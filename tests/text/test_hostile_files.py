"""Odd and hostile files from disk end in one clear ImportRefused line, never a hang, a
traceback or gigabytes of memory; UTF-16/32 text imports. Real files in tmp_path:
FIFOs, sockets, device links, sparse files, zip bombs, deep HTML."""

from __future__ import annotations

import codecs
import os
import socket
import stat
import struct
import threading
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest

from assay.cli import main
from assay.core.model import ParsedDocument, Reviewer
from assay.services.importer import import_file, import_text
from assay.text import reading
from assay.text.docx_reader import MAX_PART_BYTES, MAX_RATIO
from assay.text.errors import ImportRefused
from assay.text.pipeline import parse_file
from assay.text.reading import MAX_TEXT_BYTES, open_regular, read_capped
from support import dump, file_digest

SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html")
WORD_MAIN = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NON_ASCII = "".join(
    f"Ελληνικά {n}: η βιταμίνη D βοηθά τα οστά. 中文句子在这里。 Ça marche très bien — naïve "
    f"café, Größe, łódź. Emoji 🎉 and 𝛼 leave the BMP ({n}).\n\n"
    for n in range(40)
)
WIDE = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
BOMS = {
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
    "utf-32-le": codecs.BOM_UTF32_LE,
    "utf-32-be": codecs.BOM_UTF32_BE,
}


def within(seconds: float, job: Callable[[], object]) -> object:
    """Run `job` on a daemon thread: a hang fails the test instead of blocking the run."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = job()
        except BaseException as error:  # handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s (a hang)"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def refusal(path: Path, seconds: float = 20) -> str:
    with pytest.raises(ImportRefused) as refused:
        within(seconds, lambda: parse_file(path))
    message = str(refused.value)
    assert "\n" not in message and len(message) < 400, message
    return message


def documents(review: Path) -> list[str]:
    """The dump without the reviewers table (opening a review registers the reviewer)."""
    return [line for line in dump(review).splitlines() if '"reviewers"' not in line]


# -- special files: refused before a byte is read --------------------------------------


@contextmanager
def special_file(kind: str, path: Path) -> Iterator[None]:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind in ("zero", "urandom"):
        path.symlink_to(f"/dev/{kind}")
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path.name)  # relative: AF_UNIX paths are short; cwd is tmp_path
            yield
        return
    yield


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev and FIFOs")
@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("fifo", "is a named pipe (FIFO)"),
        ("folder", "is a folder"),
        ("zero", "is a device"),
        ("urandom", "is a device"),
        ("socket", "is a socket"),
    ],
)
def test_special_files_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, words: str, suffix: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / f"{kind}{suffix}"
    with special_file(kind, path):
        message = refusal(path, seconds=10)
    assert message.startswith(f"“{path.name}” {words}"), message


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_by_their_own_path(device: str) -> None:
    assert "is a device" in refusal(Path(device), seconds=10)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_path_swapped_for_a_fifo_after_the_check_is_refused_not_awaited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check said "regular file" (the file was replaced by a FIFO just after): the
    open does not wait for a writer, and the opened descriptor is checked again."""
    regular = tmp_path / "regular.txt"
    regular.write_text("A real document.")
    fifo = tmp_path / "swapped.txt"
    os.mkfifo(fifo)
    real_stat = os.stat

    def stale_stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        return real_stat(regular if Path(path) == fifo else path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(reading.os, "stat", stale_stat)
    assert "named pipe (FIFO)" in refusal(fifo, seconds=10)


def test_a_huge_regular_file_is_too_large_before_it_is_read(tmp_path: Path) -> None:
    for suffix in (".txt", ".html"):
        path = tmp_path / f"huge{suffix}"
        with path.open("wb") as file:
            file.truncate(MAX_TEXT_BYTES + 1)  # sparse: no disk, no time
        tracemalloc.start()
        message = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert "too large to import (64 MB)" in message and "up to 64 MB" in message
        assert "Split it" in message
        assert peak < 5_000_000  # nothing was read


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")
def test_a_file_longer_than_its_stat_says_stops_at_the_cap() -> None:
    """/proc files report size 0 and hold more: the cap holds while reading too."""
    path = Path("/proc/self/status")
    assert path.stat().st_size == 0
    with pytest.raises(ImportRefused, match="too large to import: text files of up to"):
        read_capped(path, limit=16)
    assert len(read_capped(path)) > 16


def test_missing_file_and_folder_messages(tmp_path: Path) -> None:
    for suffix in SUFFIXES:
        message = refusal(tmp_path / f"gone{suffix}")
        assert "was not found" in message and "moved, renamed or deleted" in message
    assert "is a folder" in refusal(tmp_path)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_says_permission_denied(tmp_path: Path) -> None:
    for suffix in SUFFIXES:
        path = tmp_path / f"secret{suffix}"
        path.write_bytes(b"%PDF-1.4 private")
        path.chmod(0)
        assert "permission denied" in refusal(path)


def test_open_regular_gives_a_readable_file(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_bytes(b"bytes as written")
    with open_regular(path) as file:
        assert stat.S_ISREG(os.fstat(file.fileno()).st_mode)
        assert file.read() == b"bytes as written"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev")
def test_services_and_cli_refuse_with_one_line_and_leave_the_review_unchanged(
    tmp_review: Path,
    reviewer: Reviewer,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    before = file_digest(tmp_review)
    for path in (Path("/dev/zero"), Path("/dev/urandom"), fifo):
        with pytest.raises(ImportRefused):
            within(10, lambda p=path: import_file(tmp_review, p, reviewer=reviewer))
    assert file_digest(tmp_review) == before
    before_documents = documents(tmp_review)
    code = within(30, lambda: main(["import", str(tmp_review), "/dev/zero", str(fifo)]))
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert err.splitlines() == [
        "assay: error: “zero” is a device, not a document: choose a saved file.",
        "assay: error: “pipe.md” is a named pipe (FIFO), not a document: save the text to a "
        "file first.",
    ]
    assert documents(tmp_review) == before_documents


# -- UTF-16 and UTF-32 ---------------------------------------------------------------


def same_document(found: ParsedDocument, expected: ParsedDocument) -> None:
    assert found.text == expected.text
    assert [(s.start, s.end) for s in found.sentences] == [
        (s.start, s.end) for s in expected.sentences
    ]


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, ParsedDocument]]:
    """Source text and its parse from UTF-8, per sample."""
    folder = tmp_path_factory.mktemp("utf8")
    seeds = sorted((Path(__file__).parents[2] / "seeds").glob("*.txt"))
    samples = {"seed-000": seeds[0].read_text("utf-8"), "non-ascii": NON_ASCII}
    result = {}
    for name, text in samples.items():
        path = folder / f"{name}.txt"
        path.write_text(text, "utf-8")
        result[name] = (text, parse_file(path))
    return result


@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
@pytest.mark.parametrize("codec", WIDE)
@pytest.mark.parametrize("sample", ["seed-000", "non-ascii"])
def test_utf16_and_utf32_text_imports(
    tmp_path: Path, references: dict, sample: str, codec: str, bom: bool
) -> None:
    text, expected = references[sample]
    path = tmp_path / f"{sample}.txt"
    path.write_bytes((BOMS[codec] if bom else b"") + text.encode(codec))
    found = parse_file(path)
    same_document(found, expected)
    assert found.encoding == codec
    assert f"Encoding: {codec} (not UTF-8)" in found.notes


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-32-be"])
def test_the_large_seed_in_utf16_and_utf32(tmp_path: Path, seed_dir: Path, codec: str) -> None:
    source = sorted(seed_dir.glob("*.txt"))[1]
    path = tmp_path / "large.txt"
    path.write_bytes(source.read_text("utf-8").encode(codec))
    same_document(parse_file(path), parse_file(source))


def test_utf16_imports_into_a_review(tmp_review: Path, reviewer: Reviewer, tmp_path: Path) -> None:
    path = tmp_path / "greek.md"
    path.write_bytes(codecs.BOM_UTF16_BE + NON_ASCII.encode("utf-16-be"))
    result = import_file(tmp_review, path, reviewer=reviewer)
    assert result.encoding == "utf-16-be" and result.sentence_count > 100
    text = dump(tmp_review)
    assert "Ελληνικά 7: η βιταμίνη D βοηθά τα οστά." in text and "(39)" in text


def test_damaged_utf16_says_where(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Half a character".encode("utf-16-le") + b"A")
    message = refusal(path)
    assert "marked as UTF-16-LE text but is damaged at byte 34" in message


def test_binary_with_nul_columns_is_still_binary(tmp_path: Path) -> None:
    """Small 16/32-bit integers have zero high bytes too; they decode to control
    characters, not text, and stay refused."""
    shorts = b"".join(struct.pack("<h", n % 200) for n in range(5000))
    longs = b"".join(struct.pack(">i", n % 300) for n in range(5000))
    for name, data in (("shorts.txt", shorts), ("longs.txt", longs), ("zeros.txt", bytes(999))):
        (tmp_path / name).write_bytes(data)
        assert "looks like a binary file" in refusal(tmp_path / name)


@pytest.mark.parametrize(("codec", "bom"), [("utf-32-le", True), ("utf-16-be", False)])
def test_web_page_in_utf32_and_bomless_utf16(tmp_path: Path, codec: str, bom: bool) -> None:
    page = "<html><body><h1>Τίτλος</h1><p>Η πρώτη πρόταση. Second — “quoted”.</p></body></html>"
    path = tmp_path / "page.html"
    path.write_bytes((BOMS[codec] if bom else b"") + page.encode(codec))
    assert parse_file(path).text == "Τίτλος\nΗ πρώτη πρόταση. Second — “quoted”."


# -- deeply nested and huge HTML -----------------------------------------------------


def nested_page(depth: int, tag: str = "div") -> str:
    return (
        "<html><body><p>Before the nesting. It is kept.</p>"
        + f"<{tag}>" * depth
        + "<p>Deep inside the page. Its text matters.</p>"
        + f"</{tag}>" * depth
        + "<p>After the nesting. It is kept too.</p></body></html>"
    )


def test_5000_nested_divs_are_refused_not_silently_emptied(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text(nested_page(5000))
    message = refusal(path)
    assert "nests its elements more than 2,048 levels deep" in message
    assert "Paste as new document" in message


@pytest.mark.parametrize("tag", ["div", "span"])
def test_html_nested_1000_deep_keeps_all_its_text(tmp_path: Path, tag: str) -> None:
    """Deeper than libxml2's default limit (256) and than Python's recursion limit."""
    path = tmp_path / "nested.html"
    path.write_text(nested_page(1000, tag))
    text = parse_file(path).text
    assert "Before the nesting." in text and "Deep inside the page." in text
    assert text.endswith("After the nesting. It is kept too.")


def test_a_text_node_over_10_mb_is_read_to_the_end(tmp_path: Path) -> None:
    """libxml2 without huge_tree stops at a 10 MB text node and the page came out empty."""
    path = tmp_path / "long.html"
    long_paragraph = "Some words of a long paragraph. " * 350_000  # 11 MB
    path.write_text(f"<html><body><p>{long_paragraph}</p><p>The end follows.</p></body></html>")
    text = parse_file(path).text
    assert len(text) > 11_000_000 and text.endswith("The end follows.")


def test_ordinary_html_still_imports(tmp_path: Path) -> None:
    path = tmp_path / "ordinary.html"
    path.write_text(
        "<html><head><title>T</title><script>alert(1)</script></head><body>"
        "<nav><a href='/'>Home</a></nav><article><h1>Zinc</h1><p>Zinc helps. "
        "<em>Really</em> it does.</p><ul><li>One item.</li></ul></article></body></html>"
    )
    assert parse_file(path).text == "Zinc\nZinc helps. Really it does.\nOne item."


def test_pasted_deep_html_falls_back_to_the_plain_text(
    tmp_review: Path, reviewer: Reviewer
) -> None:
    result = import_text(
        tmp_review,
        "Before the nesting. It is kept.\nDeep inside the page. Its text matters.",
        source_name="Pasted",
        html=nested_page(5000),
        reviewer=reviewer,
    )
    assert result.sentence_count == 4


# -- DOCX zip bombs --------------------------------------------------------------------


CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)


def bomb(path: Path, megabytes: int) -> Path:
    """A Word package whose document.xml is `megabytes` MB of one repeated sentence."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        with archive.open("word/document.xml", "w") as member:
            member.write(f'<w:document xmlns:w="{WORD_MAIN}"><w:body><w:p><w:r><w:t>'.encode())
            chunk = b"Vitamin D helps. " * ((1 << 20) // 17)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def declare_size(path: Path, member: str, size: int) -> None:
    """Make the zip's headers (local and central) claim `size` bytes for `member`."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while data[local + 30 : local + 30 + len(name)] != name:
        local = data.find(b"PK\x03\x04", local + 4)
    struct.pack_into("<I", data, local + 22, size)
    central = data.find(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(name)] != name:
        central = data.find(b"PK\x01\x02", central + 4)
    struct.pack_into("<I", data, central + 24, size)
    path.write_bytes(bytes(data))


def refused_with_little_memory(path: Path, limit: int = 40_000_000) -> str:
    tracemalloc.start()
    try:
        message = refusal(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < limit, f"{peak:,} bytes"
    return message


def test_a_zip_bomb_is_refused_by_its_ratio_before_inflating(tmp_path: Path) -> None:
    path = bomb(tmp_path / "bomb.docx", 40)
    packed = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert packed.file_size / packed.compress_size > MAX_RATIO  # the test's premise
    message = refused_with_little_memory(path, limit=5_000_000)
    assert "too large to import safely" in message and "times larger" in message


def test_a_declared_size_past_the_limit_is_refused_before_inflating(tmp_path: Path) -> None:
    path = bomb(tmp_path / "declared.docx", 1)
    declare_size(path, "word/document.xml", MAX_PART_BYTES + 1)
    message = refused_with_little_memory(path, limit=5_000_000)
    assert "a part of 200 MB when unpacked" in message


def test_a_header_that_understates_stops_inflating_at_its_claim(tmp_path: Path) -> None:
    """40 MB of XML declared as 2,000 bytes: inflating stops near 2,000 bytes."""
    path = bomb(tmp_path / "liar.docx", 40)
    declare_size(path, "word/document.xml", 2000)
    message = refused_with_little_memory(path, limit=10_000_000)
    assert "its part 'word/document.xml' does not unpack (Bad CRC-32" in message


def test_a_corrupt_deflate_stream_is_damaged_not_a_traceback(tmp_path: Path) -> None:
    path = bomb(tmp_path / "flipped.docx", 1)
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + 100 : start + 140] = bytes(range(7, 47))  # garbage inside the stream
    path.write_bytes(bytes(data))
    message = refusal(path)
    assert "damaged Word document: its part 'word/document.xml' does not unpack" in message


def test_other_compressions_are_refused(tmp_path: Path) -> None:
    """Python inflates bzip2 and LZMA members in one unbounded step."""
    path = tmp_path / "bzip2.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_BZIP2) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{WORD_MAIN}"/>')
    assert "compression Word does not use" in refusal(path)


def test_a_large_honest_document_still_imports(tmp_path: Path) -> None:
    """Below the limits: 3 MB of document.xml (a few hundred pages) reads in full."""
    document = docx.Document()
    for index in range(3000):
        document.add_paragraph(f"Paragraph {index} says vitamin D helps bones. " * 6)
    path = tmp_path / "long.docx"
    document.save(str(path))
    parsed = parse_file(path)
    assert parsed.text.count("\n") == 2999 and parsed.text.startswith("Paragraph 0 says")
