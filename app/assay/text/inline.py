"""Inline Markdown, HTML and LaTeX → plain text plus style spans.

Works on runs (text, styles): each pass splits runs where its pattern matches and
adds a style to the inner part, so offsets never need remapping afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assay.core.model import SpanStyle

Run = tuple[str, frozenset[SpanStyle]]
_NONE: frozenset[SpanStyle] = frozenset()

_CODE = re.compile(r"`([^`\n]+)`")
_DROPPED_ELEMENTS = re.compile(r"<(script|style)\b.*?(?:</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_HTML_STYLES = [
    (re.compile(r"<(b|strong)\b[^>]*>(.*?)</\1\s*>", re.I | re.S), SpanStyle.BOLD),
    (re.compile(r"<(i|em)\b[^>]*>(.*?)</\1\s*>", re.I | re.S), SpanStyle.ITALIC),
    (re.compile(r"<(sub)\b[^>]*>(.*?)</\1\s*>", re.I | re.S), SpanStyle.SUB),
    (re.compile(r"<(sup)\b[^>]*>(.*?)</\1\s*>", re.I | re.S), SpanStyle.SUP),
]
_IMG_ALT = re.compile(r"<img\b[^>]*?\balt\s*=\s*[\"']([^\"']*)[\"'][^>]*>", re.I)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_ANY_TAG = re.compile(r"</?[A-Za-z][^>]*>|<!--.*?-->", re.S)
_MD_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
# (pattern, a substring every match contains)
_BOLD = [
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), "**"),
    (re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"), "__"),
]
_ITALIC = [
    (re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*"), "*"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), "_"),
]
_STRAY_EMPHASIS = re.compile(r"(?<![\d ])\*+|\*+(?![\d ])")
_SPACE_BEFORE_SCRIPT = re.compile(r"\s+(?=<su[bp]\b)", re.I)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$<>|~])")
_MATH = re.compile(r"(\s*)\$([^$\n]{1,120}?)\$(\s*)")

_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ", "omega": "ω",
    "theta": "θ", "Delta": "Δ", "Omega": "Ω", "Sigma": "Σ", "rightarrow": "→",
    "to": "→", "leftarrow": "←", "Rightarrow": "⇒", "leftrightarrow": "↔",
    "uparrow": "↑", "downarrow": "↓", "times": "×", "cdot": "·", "pm": "±",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈",
    "sim": "~", "infty": "∞", "degree": "°", "circ": "°", "%": "%", ",": " ", ";": " ",
}  # fmt: skip
_LATEX_TOKEN = re.compile(
    r"\\(?:text|mathrm|mathbf|mathit|textrm|operatorname)\{([^{}]*)\}"
    r"|([\^_])(?:\{([^{}]*)\}|(\\?[A-Za-z0-9+\-]))"
    r"|\\([A-Za-z]+|[%,;])"
    r"|([{}])"
)
_GREEK = frozenset("αβγδεκλμπστωθΔΩΣ")


def _latex_runs(source: str, styles: frozenset[SpanStyle]) -> list[Run]:
    """``Mg^{2+}`` → [("Mg", s), ("2+", s|SUP)]; ``\\alpha`` → "α"."""
    runs: list[Run] = []
    last = 0
    for match in _LATEX_TOKEN.finditer(source):
        runs.append((source[last : match.start()], styles))
        text_arg, script, group, single, command, _brace = match.groups()
        if text_arg is not None:
            runs.append((text_arg, styles))
        elif script is not None:
            inner = group if group is not None else single
            inner = _LATEX_TOKEN.sub(lambda m: _LATEX_SYMBOLS.get(m.group(5) or "", ""), inner)
            style = SpanStyle.SUP if script == "^" else SpanStyle.SUB
            runs.append((inner, styles | {style}))
        elif command is not None:
            runs.append((_LATEX_SYMBOLS.get(command, command), styles))
        last = match.end()
    runs.append((source[last:], styles))
    return [(text.replace(" ", "") if len(source) < 40 else text, s) for text, s in runs if text]


def _math_pass(runs: list[Run]) -> list[Run]:
    """Inline $…$ LaTeX, with the spaces a PDF left around it tidied."""
    out: list[Run] = []
    for text, styles in runs:
        if "$" not in text or SpanStyle.CODE in styles:
            out.append((text, styles))
            continue
        last = 0
        for match in _MATH.finditer(text):
            before = text[last : match.start()]
            after_start = match.end()
            following = text[after_start : after_start + 1]
            body = _latex_runs(match.group(2), styles)
            plain = "".join(t for t, _ in body)
            glue_before = (
                not before
                or before.endswith(("(", "[", "-", "/"))
                or (plain[:1] in _GREEK and re.search(r"[A-Za-z]+-\d+$", before) is not None)
            )
            glue_after = not following or following in ")],.;:-/%"
            out.append((before + ("" if glue_before else match.group(1) and " "), styles))
            out.extend(body)
            out.append(("" if glue_after else match.group(3) and " ", styles))
            last = after_start
        out.append((text[last:], styles))
    return [run for run in out if run[0]]


def _style_pass(
    runs: list[Run], pattern: re.Pattern[str], style: SpanStyle, group: int, probe: str
) -> list[Run]:
    """Split runs at ``pattern``; ``probe`` is a substring every match contains."""
    if not any(probe in text for text, _ in runs):
        return runs  # nothing can match (empty runs are harmless downstream)
    out: list[Run] = []
    for text, styles in runs:
        if SpanStyle.CODE in styles or probe not in text:
            out.append((text, styles))
            continue
        last = 0
        for match in pattern.finditer(text):
            out.append((text[last : match.start()], styles))
            out.append((match.group(group), styles | {style}))
            last = match.end()
        out.append((text[last:], styles))
    return [run for run in out if run[0]]


def _text_pass(runs: list[Run], change: Callable[[str], str]) -> list[Run]:
    return [
        (change(text) if SpanStyle.CODE not in styles else text, styles) for text, styles in runs
    ]


def strip_html(text: str) -> str:
    """Sanitise: script/style content dropped, images → alt text, other tags removed."""
    text = _DROPPED_ELEMENTS.sub("", text)
    text = _IMG_ALT.sub(r"\1", text)
    text = _LINE_BREAK.sub(" ", text)
    return _ANY_TAG.sub("", text)


def inline_to_runs(source: str, *, markdown: bool = True) -> list[Run]:
    """Convert one block's inline source into styled runs of plain text."""
    runs: list[Run] = [(source, _NONE)]
    if markdown and "`" in source:
        runs = _style_pass(runs, _CODE, SpanStyle.CODE, 1, "`")
    if "<" in source:
        runs = _text_pass(
            runs, lambda t: _SPACE_BEFORE_SCRIPT.sub("", _DROPPED_ELEMENTS.sub("", t))
        )
        for pattern, style in _HTML_STYLES:
            runs = _style_pass(runs, pattern, style, 2, "<")
        runs = _text_pass(runs, strip_html)
    if not markdown:
        return runs
    if "$" in source:
        runs = _math_pass(runs)
    if "](" in source:
        runs = _text_pass(runs, lambda t: _MD_IMAGE_OR_LINK.sub(r"\1", t))
    if "<" in source:
        runs = _text_pass(runs, lambda t: _AUTOLINK.sub(r"\1", t))
    if "*" in source or "_" in source:
        for pattern, probe in _BOLD:
            runs = _style_pass(runs, pattern, SpanStyle.BOLD, 1, probe)
        for pattern, probe in _ITALIC:
            runs = _style_pass(runs, pattern, SpanStyle.ITALIC, 1, probe)
        if any("*" in text for text, _ in runs):
            runs = _text_pass(runs, lambda t: _STRAY_EMPHASIS.sub("", t))
    if "\\" in source:
        runs = _text_pass(runs, lambda t: _ESCAPE.sub(r"\1", t))
    return runs
