"""``hyphens`` (none, manual, auto by ``lang``) and ``hyphenate-limit-chars``."""

from __future__ import annotations

import time

import pytest

from pdflet.renderers.reportlab.layout.hyphenation import dictionary_language, hyphenator

GERMAN = "Donaudampfschifffahrtsgesellschaft Kapitän Bundesverfassungsgericht"


def lines(doc) -> list[str]:
    return [line for page in doc.pages for line in (page.extract_text() or "").splitlines()]


def test_auto_hyphenates_by_the_language_with_a_hyphen(pdf):
    doc = pdf(f"<div lang='de'><p style='width: 80px; hyphens: auto; text-align: justify'>{GERMAN}</p></div>")
    text = ""
    for line in lines(doc):
        text += line[:-1] if line.endswith("-") else line + " "
    assert text.strip() == GERMAN  # every break inside a word is hyphenated
    assert sum(line.endswith("-") for line in lines(doc)) >= 4
    assert lines(pdf("<p lang='en' style='width: 80px; hyphens: auto'>incomprehensibilities</p>"))[0] == "incompre-"


def test_manual_breaks_only_at_soft_hyphens_and_none_at_none(pdf):
    word = "Donau&shy;dampf&shy;schiff"
    assert lines(pdf(f"<p style='width: 60px'>{word}</p>"))[:2] == ["Donau-", "dampf-"]
    none = lines(pdf(f"<p style='width: 60px; hyphens: none'>{word}</p>"))
    assert not any(line.endswith("-") for line in none)
    assert "".join(none) == "Donaudampfschiff"


def test_auto_without_a_known_language_does_not_hyphenate(pdf):
    for lang in ("", " lang='xx'"):
        doc = pdf(f"<p{lang} style='width: 80px; hyphens: auto'>incomprehensibilities</p>")
        assert not any(line.endswith("-") for line in lines(doc))


def test_hyphenate_limit_chars(pdf):
    style = "width: 60px; hyphens: auto"
    assert lines(pdf(f"<p lang='en' style='{style}'>characterization</p>"))[0] == "charac-"
    # at least 7 letters before the hyphen: "charac-" is no longer allowed
    limited = lines(pdf(f"<p lang='en' style='{style}; hyphenate-limit-chars: auto 7 2'>characterization</p>"))
    assert limited[0] != "charac-" and (not limited[0].endswith("-") or len(limited[0]) >= 8)
    # words shorter than the first limit are never hyphenated
    limit = "hyphenate-limit-chars: 20"
    short = lines(pdf(f"<p lang='en' style='width: 30px; hyphens: auto; {limit}'>characterization</p>"))
    assert not any(line.endswith("-") for line in short)


def test_languages_and_hyphenator():
    assert dictionary_language("de-CH") == "de_CH"
    assert dictionary_language("en") is not None
    assert dictionary_language("xx-YY") is None and dictionary_language("") is None
    pairs = list(hyphenator("en_US", 2, 2)("hyphenation"))
    assert pairs and all(head + tail == "hyphenation" for head, tail in pairs)
    assert list(hyphenator("en_US", 2, 2)("a" * 10_000)) == []  # hostile words are left to long-word splitting


@pytest.mark.parametrize("size", [2_000, 20_000])
def test_long_words_with_auto_stay_bounded(pdf, size):
    started = time.monotonic()
    doc = pdf(f"<p lang='en' style='width: 200px; hyphens: auto'>{'x' * size}</p>")
    assert len(lines(doc)) > 1
    assert time.monotonic() - started < 30


def test_a_word_with_an_apostrophe_is_hyphenated_like_any_other(pdf):
    """French elisions (l'interopérabilité, d'information) and possessives are words to hyphenate: ReportLab
    offered only words of letters alone to the hyphenator, so such a word went whole to the next line."""
    text = "tions concernant l'aménagement du territoire et l'interopérabilité des systèmes d'information."
    for apostrophe in ("'", "\u2019"):
        html = (
            "<html lang=fr><style>body { margin: 0; font: 10pt 'DejaVu Serif'; hyphens: auto }</style>"
            f"<p style='width: 328pt'>{text.replace(chr(39), apostrophe)}</p>"
        )
        lines = (pdf(html).pages[0].extract_text() or "").splitlines()
        assert f"et l{apostrophe}interopérab" in lines[0] and lines[0].endswith("-")
        assert not lines[1].startswith(f"l{apostrophe}")  # (the word went whole to the next line)
