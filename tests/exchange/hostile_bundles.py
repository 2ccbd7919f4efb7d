"""A corpus of hostile bundles, each made from a real one: the fixtures of the reading
checks (docs/EXCHANGE.md, "Reading: checks").

`CASES` maps a case's name to its maker and to what the refusal must say (a regex);
`make(name, good, folder)` writes the case into `folder` and returns its path — for a
few cases a folder, a pipe, a device or a path that is not there. Cases that need the
manifest or records changed start from `good` (a real bundle holding at least two
annotations and one evidence item); zip-level cases are written byte by byte
(`raw_zip`), so headers can lie, overlap, repeat or carry links.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import random
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from exchange_helpers import jsonl, read_members, rewrite, to_jsonl

Members = dict[str, bytes]
SHA = "ab" * 32
MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    make: Callable[[Path, Path], Path]  # (good bundle, the case's file) -> what to read
    refusal: str  # a regex the one-line message matches


CASES: dict[str, Case] = {}


def make(name: str, good: Path, folder: Path) -> Path:
    return CASES[name].make(good, folder / f"{name}.assaybundle")


# -- zip bytes written by hand --------------------------------------------------------


@dataclass(frozen=True)
class RawEntry:
    """One zip member as its headers declare it; `payload` is written as is."""

    name: str | bytes
    payload: bytes
    file_size: int
    crc: int
    method: int = zipfile.ZIP_DEFLATED
    compress_size: int | None = None  # declared; the payload's length when None
    external_attr: int = 0o100644 << 16
    create_system: int = 3
    flags: int = 0


def deflated(data: bytes) -> RawEntry:
    """`data` as a member named later (replace(entry, name=...))."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    payload = packer.compress(data) + packer.flush()
    return RawEntry("", payload, len(data), zlib.crc32(data))


@functools.lru_cache(maxsize=4)
def zeros(size: int) -> RawEntry:
    """`size` zero bytes deflated at level 9 (≈1,000:1), without holding them."""
    packer, crc, chunk, parts = zlib.compressobj(9, zlib.DEFLATED, -15), 0, b"\0" * MB, []
    for start in range(0, size, MB):
        piece = chunk[: min(MB, size - start)]
        crc = zlib.crc32(piece, crc)
        parts.append(packer.compress(piece))
    parts.append(packer.flush())
    return RawEntry("", b"".join(parts), size, crc)


def raw_zip(entries: list[RawEntry], *, overlap: bool = False) -> bytes:
    """A zip of `entries`; `overlap` points every directory entry at the first one's data."""
    out, central = bytearray(), bytearray()
    for entry in entries:
        name = entry.name.encode() if isinstance(entry.name, str) else entry.name
        size = len(entry.payload) if entry.compress_size is None else entry.compress_size
        offset = 0 if overlap and out else len(out)
        fields = (entry.flags, entry.method, 0, 0x21, entry.crc, size, entry.file_size)
        if not (overlap and out):
            out += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, *fields[:2], 0, 0x21,
                               *fields[4:], len(name), 0)  # fmt: skip
            out += name + entry.payload
        central += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", entry.create_system << 8 | 20, 20, *fields,
            len(name), 0, 0, 0, 0, entry.external_attr, offset,
        ) + name  # fmt: skip
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries),
                      len(central), len(out), 0)  # fmt: skip
    return bytes(out + central + end)


def _good_entries(good: Path) -> list[RawEntry]:
    return [replace(deflated(data), name=name) for name, data in read_members(good).items()]


def _raw(name: str, refusal: str, entries: Callable[[list[RawEntry]], list[RawEntry]]) -> None:
    def build(good: Path, out: Path) -> Path:
        out.write_bytes(raw_zip(entries(_good_entries(good))))
        return out

    CASES[name] = Case(build, refusal)


# -- bundles rewritten from the good one ----------------------------------------------


def _members(name: str, refusal: str, mutate: Callable[[Members], None], **kw: Any) -> None:
    CASES[name] = Case(lambda good, out: rewrite(good, out, mutate, **kw), refusal)


def _record(name: str, refusal: str, member: str, edit: Callable[[list[dict]], Any]) -> None:
    def mutate(members: Members) -> None:
        records = jsonl(members[member])
        edit(records)
        members[member] = to_jsonl(records)

    _members(name, refusal, mutate)


def _annotation(name: str, refusal: str, **fields: Any) -> None:
    _record(name, refusal, "annotations.jsonl", lambda records: records[0].update(fields))


def _evidence(name: str, refusal: str, **fields: Any) -> None:
    _record(name, refusal, "evidence.jsonl", lambda records: records[0].update(fields))


def _manifest(name: str, refusal: str, edit: Callable[[dict], Any], *, last: bool = False) -> None:
    """`last`: edit after the member hashes were recomputed (to change those)."""

    def mutate(members: Members) -> None:
        manifest = json.loads(members["manifest.json"])
        edit(manifest)
        members["manifest.json"] = json.dumps(manifest).encode()

    if not last:
        _members(name, refusal, mutate)
        return

    def build(good: Path, out: Path) -> Path:
        fixed = rewrite(good, out.with_suffix(".tmp"), lambda members: None)
        rewrite(fixed, out, mutate, fix_hashes=False)
        fixed.unlink()
        return out

    CASES[name] = Case(build, refusal)


def _structure(name: str, refusal: str, edit: Callable[[dict], Any]) -> None:
    def mutate(members: Members) -> None:
        member = next(n for n in members if n.endswith("structure.json"))
        structure = json.loads(members[member])
        edit(structure)
        members[member] = json.dumps(structure).encode()

    _members(name, refusal, mutate)


def _bytes(name: str, refusal: str, change: Callable[[bytes, Path], bytes]) -> None:
    def build(good: Path, out: Path) -> Path:
        out.write_bytes(change(good.read_bytes(), good))
        return out

    CASES[name] = Case(build, refusal)


def _path(name: str, refusal: str, build: Callable[[Path], Path]) -> None:
    CASES[name] = Case(lambda good, out: build(out), refusal)


# -- the cases ------------------------------------------------------------------------

SURROGATE = "half of a character pair"
_annotation("surrogate-rationale", SURROGATE, rationale="Only one \ud800 trial.")
_annotation("surrogate-field-name", SURROGATE, **{"\udc00": 1})
_evidence("surrogate-evidence-note", SURROGATE, note="see \udbff")
_record("surrogate-reviewer-name", SURROGATE, "reviewers.jsonl",
        lambda records: records[0].update(name="Mallory \ud800"))  # fmt: skip
_manifest("surrogate-title", SURROGATE, lambda m: m["documents"][0].update(title="T\udfff"))
_manifest("surrogate-sender", SURROGATE, lambda m: m["reviewer"].update(name="\ud800"))
_structure("surrogate-section", SURROGATE,
           lambda s: s["sentences"][0].__setitem__(3, "Results \ud800"))  # fmt: skip

INTEGER = "must be an integer from"
_structure("level-2-63", INTEGER, lambda s: s["blocks"][0].__setitem__(3, 2**63))
_structure("level-2049", INTEGER, lambda s: s["blocks"][0].__setitem__(3, 2049))
_structure("level-2-31", INTEGER, lambda s: s["blocks"][0].__setitem__(3, 2**31))
_structure("level-negative", INTEGER, lambda s: s["blocks"][0].__setitem__(3, -1))
_structure("level-bool", INTEGER, lambda s: s["blocks"][0].__setitem__(3, True))
_structure("level-float", INTEGER, lambda s: s["blocks"][0].__setitem__(3, 1.0))
_structure("page-2-63", INTEGER, lambda s: s.update(pages=[[0, 2**63]]))
_structure("page-offset-past-text", INTEGER, lambda s: s.update(pages=[[2**40, 1]]))
_structure("span-2-64", "span", lambda s: s.update(spans=[[0, 2**64, "bold"]]))
_structure("sentence-past-text", "past the end|do not match",
           lambda s: s["sentences"][-1].__setitem__(1, 10**9))  # fmt: skip
_structure("sentence-backwards", "must be an integer from",
           lambda s: s["sentences"][0].__setitem__(1, s["sentences"][0][0] - 1))  # fmt: skip
_annotation("ordinal-2-63", INTEGER, ordinal=2**63)
_annotation("ordinal-negative", INTEGER, ordinal=-1)
_annotation("ordinal-bool", INTEGER, ordinal=True)
_annotation("ordinal-string", INTEGER, ordinal="3")
_annotation("start-2-64", INTEGER, start=2**64)
_annotation("confidence-2-63", "confidence must be null or 1-5", confidence=2**63)
_annotation("confidence-bool", "confidence must be null or 1-5", confidence=True)
_annotation("confidence-nan", "confidence must be null or 1-5", confidence=float("nan"))
_manifest("member-size-2-64", "size",
          lambda m: next(iter(m["members"].values())).update(size=2**64), last=True)  # fmt: skip


def _huge_literal(members: Members) -> None:
    records = jsonl(members["annotations.jsonl"])
    records[0]["confidence"] = 1234567
    members["annotations.jsonl"] = to_jsonl(records).replace(b"1234567", b"9" * 5000, 1)


CASES["integer-of-5000-digits"] = Case(
    lambda good, out: rewrite(good, out, _huge_literal), "annotations.jsonl line 1"
)

_evidence("evidence-kind-javascript", "evidence kind must be one of", kind="javascript:")
_evidence("evidence-url-javascript", "not a well-formed URL",
          kind="url", value="javascript:alert(1)")  # fmt: skip
_evidence("evidence-doi-garbage", "not a well-formed DOI", kind="doi", value="<img src=x>")
_evidence("evidence-pmid-garbage", "not a well-formed PMID", kind="pmid", value="12ab")
_annotation("category-unknown", "categories must be", categories=["dose", "magic"])
_annotation("category-repeated", "categories must be", categories=["dose", "dose"])
_annotation("verdict-unknown", "verdict must be null or one of", verdict="<b>true</b>")
_annotation("status-unknown", "status must be draft or final", status="published")
_structure("block-kind-unknown", "block kind must be one of",
           lambda s: s["blocks"][0].__setitem__(2, "script"))  # fmt: skip
_structure("span-style-unknown", "span style must be one of",
           lambda s: s.update(spans=[[0, 1, "blink"]]))  # fmt: skip

# Malformed fields: types, sets of fields, identifiers, timestamps, lengths.
_annotation("categories-string", "categories must be", categories="dose")
_annotation("not-a-claim-integer", "not_a_claim must be true or false", not_a_claim=1)
_annotation("rationale-number", "rationale must be a string", rationale=5)
_annotation("extra-field", "unknown field", mood="happy")
_record("missing-field", "missing field", "annotations.jsonl", lambda r: r[0].pop("status"))
_record("record-not-object", "not a JSON object", "annotations.jsonl",
        lambda records: records.__setitem__(0, ["a", "list"]))  # fmt: skip
_annotation("uuid-uppercase", "lowercase UUID", id="7D1F4A1E-0000-4000-8000-0000000000B0")
_annotation("uuid-no-hyphens", "lowercase UUID", id="7d1f4a1e000040008000000000000b00")
_evidence("evidence-uuid-bad", "lowercase UUID", id="{7d1f4a1e-0000-4000-8000-0000000000b0}")
_annotation("timestamp-no-zone", "ISO 8601", modified="2024-05-01T10:00:00")
_annotation("timestamp-words", "ISO 8601", modified="yesterday")
_annotation("timestamp-month-13", "ISO 8601", modified="2024-13-01T10:00:00+00:00")
_annotation("timestamp-week-form", "ISO 8601", created="2024W011T00Z")
_annotation("timestamp-past-9999", "ISO 8601", modified="9999-12-31T23:59:59-01:00")
_evidence("timestamp-evidence", "ISO 8601", created=1714557600)
_manifest("timestamp-manifest", "ISO 8601", lambda m: m.update(created="now"))
_annotation("overlong-rationale", "at most 100,000 characters", rationale="x" * 100_001)
_annotation("overlong-reviewer-id", "at most 200 characters", reviewer="r" * 201)
_evidence("overlong-locator", "at most 200 characters", locator="p" * 201)
_manifest("overlong-title", "at most 100,000 characters",
          lambda m: m["documents"][0].update(title="T" * 100_001))  # fmt: skip
_manifest("overlong-app-version", "at most 100 characters",
          lambda m: m.update(app_version="9" * 101))  # fmt: skip
_manifest("field-names-on-many-lines", r"unknown field\(s\) x\\ny",
          lambda m: m.update({"x\ny": 1, "z" * 500: 2}))  # fmt: skip

# References between records.
_record("duplicate-annotation-id", "repeats an annotation id", "annotations.jsonl",
        lambda records: records[1].update(id=records[0]["id"]))  # fmt: skip
_record("duplicate-evidence-id", "repeats an id", "evidence.jsonl",
        lambda records: records.append(dict(records[0])))  # fmt: skip
_annotation("no-such-sentence", "which does not exist", ordinal=99_999)
_annotation("offsets-elsewhere", "do not match", start=0, end=1)
_annotation("no-such-document", "not in the bundle", document=SHA)
_annotation("reviewer-not-listed", "missing from reviewers.jsonl", reviewer="someone-else")
_evidence("evidence-for-missing-annotation", "unknown annotation",
          annotation="00000000-0000-4000-8000-000000000000")  # fmt: skip
_record("evidence-for-nobody", "unknown annotation", "annotations.jsonl",
        lambda records: records.clear())  # fmt: skip

# JSON that does not parse, or parses into too much.
_members("jsonl-not-json", "line 1", lambda m: m.update({"reviewers.jsonl": b"{nope\n"}))
_members("jsonl-no-newline", "does not end with a newline",
         lambda m: m.update({"reviewers.jsonl": m["reviewers.jsonl"].rstrip(b"\n")}))  # fmt: skip
_members("jsonl-not-utf8", "not UTF-8", lambda m: m.update({"evidence.jsonl": b"\xff\xfe\n"}))
DEEP = b"[" * 100_000 + b"]" * 100_000 + b"\n"
_members("json-nested-100000", "line 1", lambda m: m.update({"evidence.jsonl": DEEP}))
_members("structure-a-list", "structure is not a JSON object",
         lambda m: m.update({k: b"[]" for k in m if k.endswith("structure.json")}))  # fmt: skip


def _text_not_utf8(members: Members) -> None:
    """A document whose text is Latin-1, under the SHA-256 of those very bytes."""
    old = next(n for n in members if n.endswith("text.txt")).split("/")[1]
    data = members.pop(f"documents/{old}/text.txt").decode().encode("latin-1", "replace")
    new = hashlib.sha256(data + b"\xe9").hexdigest()
    members[f"documents/{new}/text.txt"] = data + b"\xe9"
    members[f"documents/{new}/structure.json"] = members.pop(f"documents/{old}/structure.json")
    manifest = members["manifest.json"].decode().replace(old, new)
    members["manifest.json"] = manifest.encode()


_members("text-not-utf8", "is not UTF-8", _text_not_utf8)
_members("text-changed", "does not match its SHA-256",
         lambda m: m.update({k: m[k] + b"!" for k in m if k.endswith("text.txt")}))  # fmt: skip

# The manifest and the format.
_manifest("newer-format", r"made by a newer Assay \(bundle format 99",
          lambda m: m.update(format_version=99, hologram=True))  # fmt: skip
_manifest("format-version-zero", "unknown bundle format 0", lambda m: m.update(format_version=0))
_manifest("format-version-string", "no format_version", lambda m: m.update(format_version="4"))
_manifest("format-version-bool", "no format_version", lambda m: m.update(format_version=True))
_manifest("format-other", "not an Assay bundle", lambda m: m.update(format="other-bundle"))
_members("manifest-a-list", "not an Assay bundle",
         lambda m: m.update({"manifest.json": b"[]"}), fix_hashes=False)  # fmt: skip
_manifest("manifest-extra-field", "unknown field", lambda m: m.update(shiny=1))
_manifest("manifest-missing-field", "missing field", lambda m: m.pop("scope"))
LISTED = {"sha256": SHA, "size": 1}
_manifest("manifest-lists-traversal", "unsafe member name",
          lambda m: m["members"].update({"../../x": LISTED}), last=True)  # fmt: skip
_manifest("manifest-lists-missing", "is missing",
          lambda m: m["members"].update({f"documents/{SHA}/text.txt": LISTED}),
          last=True)  # fmt: skip
_members("member-not-listed", "not in the manifest",
         lambda m: m.update({f"documents/{SHA}/text.txt": b"x"}), fix_hashes=False)  # fmt: skip
_members("member-missing", "missing", lambda m: m.pop("evidence.jsonl"), fix_hashes=False)
_members("no-manifest", "no manifest.json", lambda m: m.pop("manifest.json"))
_members("wrong-hash", "does not match its SHA-256",
         lambda m: m.update({"reviewers.jsonl": m["reviewers.jsonl"] + b"\n"}),
         fix_hashes=False)  # fmt: skip


def _honest_big_manifest(members: Members) -> None:
    manifest = json.loads(members["manifest.json"])
    manifest["padding"] = random.Random(0).randbytes(600_000).hex()  # 1.2 MB, ratio ≈2
    members["manifest.json"] = json.dumps(manifest).encode()


def _many_documents(members: Members) -> None:
    """5,001 (empty) documents, each with its text member, so the manifest may be long."""
    manifest = json.loads(members["manifest.json"])
    entry = manifest["documents"][0]
    for number in range(5_001):
        sha = f"{number:064x}"
        members[f"documents/{sha}/text.txt"] = b""
        manifest["documents"].append({**entry, "sha256": sha, "text": f"documents/{sha}/text.txt",
                                      "structure": f"documents/{sha}/structure.json"})  # fmt: skip
    members["manifest.json"] = json.dumps(manifest).encode()


_members("manifest-too-many-documents", "at most 5,000 documents", _many_documents)
_members("manifest-past-its-limit", "“manifest.json” decompresses past the size limit",
         _honest_big_manifest)  # fmt: skip

# Member names and kinds.
UNSAFE = "unsafe member name"
for label, bad_name in [
    ("traversal", "../evil.txt"), ("traversal-deep", "documents/../../etc/passwd"),
    ("absolute", "/etc/passwd"), ("backslash", "documents\\..\\x"), ("drive", "C:/x.txt"),
    ("unknown-name", "extra.txt"), ("folder-entry", "documents/"),
    ("newline-name", "documents/\nassay: error: all fine"),
]:  # fmt: skip
    _raw(f"name-{label}", UNSAFE,
         lambda entries, n=bad_name: [*entries, replace(deflated(b"boo"), name=n)])  # fmt: skip
_raw("name-nul", "appears twice|unsafe",
     lambda entries: [*entries, replace(entries[0], name=b"manifest.json\0../x")])  # fmt: skip
_raw("duplicate-manifest", "appears twice",
     lambda entries: [*entries, replace(deflated(b"{}"), name="manifest.json")])  # fmt: skip
_raw("duplicate-member", "appears twice", lambda entries: [*entries, entries[-1]])
_raw("symlink-entry", "is a link",
     lambda entries: [replace(e, external_attr=(stat.S_IFLNK | 0o777) << 16)
                      if e.name == "reviewers.jsonl" else e for e in entries])  # fmt: skip
_raw("encrypted-entry", "is encrypted",
     lambda entries: [replace(e, flags=1) if e.name == "evidence.jsonl" else e
                      for e in entries])  # fmt: skip
_raw("bzip2-entry", "compression method",
     lambda entries: [replace(e, method=zipfile.ZIP_BZIP2) if e.name == "evidence.jsonl" else e
                      for e in entries])  # fmt: skip
_raw("too-many-members", "members; at most",
     lambda entries: entries + [replace(deflated(b""), name=f"documents/{i:064x}/text.txt")
                                for i in range(10_005)])  # fmt: skip

# Zip bombs: one member, the total, lying and overlapping headers.
BOMB = "decompresses past the size limit"
_raw("bomb-member", BOMB,
     lambda entries: [replace(zeros(200 * MB), name="annotations.jsonl")
                      if e.name == "annotations.jsonl" else e for e in entries])  # fmt: skip
_raw("bomb-every-jsonl", BOMB,
     lambda entries: [replace(zeros(200 * MB), name=e.name) if e.name.endswith("l") else e
                      for e in entries])  # fmt: skip
# Members each under the ratio-free size: 600 MB in all, or 400 MB from 0.4 MB.
for label, count in (("bomb-total", 600), ("bomb-many-small", 400)):
    _raw(label, "its members decompress past the size limit",
         lambda entries, n=count: entries + [
             replace(zeros(1_000_000), name=f"documents/{i:064x}/text.txt") for i in range(n)
         ])  # fmt: skip
_raw("bomb-lying-size", "damaged",
     lambda entries: [replace(zeros(200 * MB), name=e.name, file_size=1000)
                      if e.name == "evidence.jsonl" else e for e in entries])  # fmt: skip
_raw("bomb-lying-compressed-size", "damaged|past its end|size limit",
     lambda entries: [replace(zeros(200 * MB), name=e.name, compress_size=300 * MB)
                      if e.name == "evidence.jsonl" else e for e in entries])  # fmt: skip


def _overlapping(good: Path, out: Path) -> Path:
    """Every entry reads the same 400 KB (stored, so no ratio to catch): a zip of
    overlapping entries inflates each time what is there once."""
    data = random.Random(1).randbytes(400_000)
    kernel = RawEntry("manifest.json", data, len(data), zlib.crc32(data), zipfile.ZIP_STORED)
    names = ["manifest.json", "reviewers.jsonl", "annotations.jsonl", "evidence.jsonl"]
    names += [f"documents/{i:064x}/text.txt" for i in range(20)]
    out.write_bytes(raw_zip([replace(kernel, name=n) for n in names], overlap=True))
    return out


CASES["bomb-overlapping"] = Case(_overlapping, "members overlap")

# Damage on the way: truncation, bit flips.
NOT_READABLE = "damaged|not a zip file|refused|incomplete|not valid JSON"
_bytes("truncated-half", NOT_READABLE, lambda data, good: data[: len(data) // 2])
_bytes("truncated-last-byte", NOT_READABLE, lambda data, good: data[:-1])
_bytes("empty-file", "not a zip file", lambda data, good: b"")
_bytes("not-a-zip", "not a zip file", lambda data, good: b"Dear colleague, my notes.\n")


def _flip(where: Callable[[bytes, zipfile.ZipInfo], int]) -> Callable[[bytes, Path], bytes]:
    def change(data: bytes, good: Path) -> bytes:
        with zipfile.ZipFile(good) as archive:
            first = archive.infolist()[0]
        at = where(data, first)
        return data[:at] + bytes([data[at] ^ 0x55]) + data[at + 1 :]

    return change


_bytes("flip-local-name", NOT_READABLE, _flip(lambda data, info: info.header_offset + 30))
_bytes("flip-compressed-data", NOT_READABLE,
       _flip(lambda data, info: info.header_offset + 30 + len(info.filename) + 40))  # fmt: skip
_bytes("flip-central-crc", NOT_READABLE, _flip(lambda data, info: data.rindex(b"PK\x01\x02") + 16))
_bytes("flip-end-record", NOT_READABLE, _flip(lambda data, info: data.rindex(b"PK\x05\x06")))


# Files that are no bundle at all, or cannot be read.
def _fifo(out: Path) -> Path:
    os.mkfifo(out)
    return out


def _unreadable(out: Path) -> Path:
    out.write_bytes(b"PK")
    out.chmod(0)
    return out


def _sparse_giant(out: Path) -> Path:
    with out.open("wb") as stream:
        stream.truncate(600 * MB)  # sparse: no disk used, never read
    return out


_path("a-folder", "is a folder", lambda out: (out.mkdir(), out)[1])
_path("a-fifo", "is a named pipe", _fifo)
_path("dev-zero", "is a device, not a bundle", lambda out: Path("/dev/zero"))
_path("link-to-dev-zero", "is a device", lambda out: (out.symlink_to("/dev/zero"), out)[1])
_path("vanished", "is not there", lambda out: out)
_path("permission-denied", "permission denied", _unreadable)
_path("file-too-big", "more than a bundle may be", _sparse_giant)
