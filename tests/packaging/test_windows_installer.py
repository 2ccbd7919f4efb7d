"""Windows: the Inno Setup script's registry entries register both Assay types with the
icon and the open command, offer Assay for PDF/DOCX/HTML, and install per user.

The script is read as Inno Setup reads it: INI-like sections whose lines are
`Name: value; Name: "quoted value"` parameters ("" is a quote inside a quoted value)."""

from __future__ import annotations

import re

import pytest

from support import REPO

ISS = REPO / "packaging" / "windows" / "assay.iss"
PARAMETER = re.compile(r'\s*(\w+)\s*:\s*("(?:[^"]|"")*"|[^;]*)\s*(?:;|$)')


def _sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue  # comments and preprocessor lines
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(line)
    return sections


def _parameters(line: str) -> dict[str, str]:
    found: dict[str, str] = {}
    position = 0
    while position < len(line):
        match = PARAMETER.match(line, position)
        assert match is not None and match.end() > position, f"cannot parse: {line[position:]}"
        value = match.group(2).strip()
        if value.startswith('"'):
            value = value[1:-1].replace('""', '"')
        found[match.group(1)] = value
        position = match.end()
    return found


@pytest.fixture(scope="module")
def script() -> dict[str, list[str]]:
    return _sections(ISS.read_text("utf-8"))


@pytest.fixture(scope="module")
def registry(script: dict[str, list[str]]) -> dict[tuple[str, str], dict[str, str]]:
    """(subkey, value name) -> the entry's parameters."""
    entries = [_parameters(line) for line in script["Registry"]]
    return {(e["Subkey"], e.get("ValueName", "")): e for e in entries}


def test_the_setup_installs_per_user_and_announces_the_associations(
    script: dict[str, list[str]],
) -> None:
    setup = dict(line.split("=", 1) for line in script["Setup"])
    assert setup["AppId"] == "{{1E96235D-5FAE-434F-939B-CD248CCC87FA}"
    assert setup["AppVersion"] == "{#AppVersion}"  # iscc /DAppVersion=<the package's>
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["ChangesAssociations"] == "yes"
    assert setup["LicenseFile"] == r"..\..\LICENSE"
    assert "#error Pass the version" in ISS.read_text("utf-8")


def test_the_start_menu_entry_runs_assay_with_its_icon(script: dict[str, list[str]]) -> None:
    icons = [_parameters(line) for line in script["Icons"]]
    start = next(icon for icon in icons if icon["Name"] == r"{group}\Assay")
    assert start["Filename"] == r"{app}\{#AppExe}"
    assert start["IconFilename"] == r"{app}\assay.ico"
    files = [_parameters(line) for line in script["Files"]]
    assert any(f["Source"] == "{#IconFile}" and f["DestName"] == "assay.ico" for f in files)


@pytest.mark.parametrize(
    ("extension", "progid", "mime"),
    [
        (".assay", "Assay.Review", "application/x-assay-review"),
        (".assaybundle", "Assay.Bundle", "application/x-assay-bundle"),
    ],
)
def test_both_types_open_in_assay_with_the_icon(
    registry: dict[tuple[str, str], dict[str, str]], extension: str, progid: str, mime: str
) -> None:
    classes = "Software\\Classes\\"
    assert registry[(classes + extension, "")]["ValueData"] == progid
    assert registry[(classes + extension, "Content Type")]["ValueData"] == mime
    icon = registry[(classes + progid + "\\DefaultIcon", "")]
    assert icon["ValueData"] == r"{app}\assay.ico,0"
    command = registry[(classes + progid + "\\shell\\open\\command", "")]
    assert command["ValueData"] == r'"{app}\{#AppExe}" "%1"'
    assert "uninsdeletekey" in registry[(classes + progid, "")]["Flags"]
    for entry in registry.values():
        assert entry["Root"] == "HKA"  # the user's classes in a per-user install


@pytest.mark.parametrize("extension", [".pdf", ".docx", ".html", ".htm"])
def test_documents_are_offered_under_open_with_never_taken_over(
    registry: dict[tuple[str, str], dict[str, str]], extension: str
) -> None:
    key = f"Software\\Classes\\{extension}"
    offer = registry[(key + "\\OpenWithProgids", "Assay.Document")]
    assert offer["ValueType"] == "none" and offer["Flags"] == "uninsdeletevalue"
    assert (key, "") not in registry  # the extension's default program stays
    command = registry[("Software\\Classes\\Assay.Document\\shell\\open\\command", "")]
    assert command["ValueData"] == r'"{app}\{#AppExe}" "%1"'
    supported = registry[("Software\\Classes\\Applications\\{#AppExe}\\SupportedTypes", extension)]
    assert supported["ValueData"] == ""
