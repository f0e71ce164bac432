"""``hyphenate-character``: the string drawn at a hyphenation break, instead of ReportLab's own ``-``."""

from __future__ import annotations

import time

GERMAN = "Donaudampfschifffahrtsgesellschaft Kapitän Bundesverfassungsgericht"


def lines(doc) -> list[str]:
    return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


def _right_edges(doc) -> list[float]:
    """The right edge of each line's last character."""
    edges: dict[float, float] = {}
    for char in doc.pages[0].chars:
        key = round(char["top"])
        edges[key] = max(edges.get(key, 0.0), char["x1"])
    return [edges[key] for key in sorted(edges)]


def test_a_string_is_drawn_at_automatic_breaks(pdf):
    style = 'width: 80px; hyphens: auto; hyphenate-character: "="'
    got = lines(pdf(f"<div lang='de'><p style='{style}'>{GERMAN}</p></div>"))
    broken = [line for line in got if line.endswith("=")]
    assert len(broken) >= 4 and not any(line.endswith("-") for line in got)
    text = "".join(line[:-1] if line.endswith("=") else line + " " for line in got)
    assert text.strip() == GERMAN


def test_at_soft_hyphens_too_and_multi_character_strings(pdf):
    word = "Donau&shy;dampf&shy;schiff"
    got = lines(pdf(f"<p style='width: 60px; hyphenate-character: \"~~\"'>{word}</p>"))
    assert got[:2] == ["Donau~~", "dampf~~"]


def test_auto_is_a_hyphen_and_inherits(pdf):
    style = "width: 80px; hyphens: auto"
    plain = lines(pdf(f"<div lang='de' style='hyphenate-character: auto'><p style='{style}'>{GERMAN}</p></div>"))
    assert sum(line.endswith("-") for line in plain) >= 4
    inherited = lines(pdf(f"<div lang='de' style='hyphenate-character: \"+\"'><p style='{style}'>{GERMAN}</p></div>"))
    assert sum(line.endswith("+") for line in inherited) >= 4


def test_justified_lines_stay_flush_with_a_wider_string(pdf):
    words = " ".join(["Bundes verfassungsgericht entschied"] * 6)
    style = 'width: 150px; hyphens: auto; text-align: justify; hyphenate-character: "="'
    doc = pdf(f"<div lang='de'><p style='{style}'>{words}</p></div>")
    assert sum(line.endswith("=") for line in lines(doc)) >= 2
    edges = _right_edges(doc)[:-1]  # the last line is not justified
    assert max(edges) - min(edges) < 0.5


def test_mixed_styles_in_one_paragraph(pdf):
    style = 'width: 80px; hyphens: auto; hyphenate-character: "="'
    got = lines(pdf(f"<div lang='de'><p style='{style}'><b>Fett</b> {GERMAN}</p></div>"))
    assert sum(line.endswith("=") for line in got) >= 3 and not any(line.endswith("-") for line in got)


def test_a_hostile_string_is_cut(pdf):
    started = time.monotonic()
    huge = "x" * 10_000
    style = f'width: 80px; hyphens: auto; hyphenate-character: "{huge}"'
    got = lines(pdf(f"<div lang='de'><p style='{style}'>{GERMAN}</p></div>"))
    assert got and max(len(line) for line in got) < 200
    assert time.monotonic() - started < 10
