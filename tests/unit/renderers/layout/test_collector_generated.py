"""::before / ::after boxes with ``content``: strings, attr(), quotes; styled by their own rules."""

from __future__ import annotations

import pytest

BASE = "<style>body { margin: 0 } p, li { font-size: 12pt; font-family: sans-serif }</style>"


def _line_text(doc, word):
    first = doc.chars_of(word)[0]
    line = [c for c in doc.pages[0].chars if abs(c["top"] - first["top"]) < 1]
    return "".join(c["text"] for c in sorted(line, key=lambda c: c["x0"]))


def test_list_item_before_precedes_each_item_on_its_line(pdf):
    doc = pdf(BASE + "<style>li::before { content: '→ ' }</style><ul><li>first</li><li>second <b>bold</b></li></ul>")
    assert _line_text(doc, "first") == "→ first"
    assert _line_text(doc, "second") == "→ second bold"
    arrow = doc.chars_of("→")[0]
    assert arrow["x1"] <= doc.chars_of("first")[0]["x0"]


def test_after_has_its_own_colour_and_the_element_text_keeps_its_own(pdf):
    doc = pdf(BASE + "<style>.req::after { content: ' *'; color: red }</style><p><span class='req'>Name</span> x</p>")
    assert _line_text(doc, "Name") == "Name * x"
    star = doc.chars_of("*")[0]
    assert star["non_stroking_color"] == (1.0, 0.0, 0.0)
    assert doc.chars_of("Name")[0]["non_stroking_color"] in ((0.0, 0.0, 0.0), (0,), [0])
    assert star["x0"] > doc.chars_of("Name")[-1]["x1"]


def test_attr_and_quotes(pdf):
    doc = pdf(
        BASE + "<style>a::after { content: ' (' attr(href) ')' } q::before { content: open-quote }"
        " q::after { content: close-quote } abbr::after { content: attr(missing) }</style>"
        "<p><a href='https://example.com/x'>site</a> <q>quoted</q> <abbr>A</abbr>.</p>"
    )
    assert _line_text(doc, "site") == "site (https://example.com/x) \u201cquoted\u201d A."


def test_cascade_specificity_none_and_inheritance(pdf):
    doc = pdf(
        BASE + "<style>p { color: blue } p::before { content: 'A' } p.x::before { content: 'B' }"
        " p.none::before { content: none } p.gone::before { display: none }</style>"
        "<p class='x'>one</p><p class='none'>two</p><p class='gone'>three</p><p>four</p>"
    )
    assert _line_text(doc, "one") == "Bone"
    assert _line_text(doc, "two") == "two"
    assert _line_text(doc, "three") == "three"
    assert _line_text(doc, "four") == "Afour"
    assert doc.chars_of("Bone")[0]["non_stroking_color"] == (0.0, 0.0, 1.0)  # inherited from the element


def test_block_pseudo_element_takes_its_own_line(pdf):
    doc = pdf(BASE + "<style>p::before { content: 'Heading'; display: block; font-weight: bold }</style><p>body</p>")
    heading = doc.chars_of("Heading")
    assert "Bold" in heading[0]["fontname"]
    assert doc.chars_of("body")[0]["top"] > heading[0]["top"] + 5


def test_generated_text_is_never_markup(pdf, tmp_path):
    canary = tmp_path / "canary"
    payload = (
        "<para><font color=\\\"[[[getattr(pow, Word('__globals__'))['os'].system('touch "
        + str(canary)
        + "') for Word in [ orgTypeFun('Word', (str,), { 'mutated': 1, 'startswith': lambda self, x: 1 == 0,"
        " '__eq__': lambda self, x: self.mutate() and self.mutated < 0 and str(self) == x, 'mutate': lambda"
        " self: {setattr(self, 'mutated', self.mutated - 1)}, '__hash__': lambda self: hash(str(self)),"
        " }, ), ] ] for orgTypeFun in [type(type(1))] ] and 'red'\\\">x</font></para>"
    )
    doc = pdf(
        BASE + f'<style>p::before {{ content: "{payload}" }} b::after {{ content: "<b>not bold</b> &amp;" }}</style>'
        "<p>after</p><p><b>B</b></p><p data-x='&lt;i&gt;y&lt;/i&gt;' class='a'>z</p>"
        "<style>.a::after { content: attr(data-x) }</style>"
    )
    assert not canary.exists()
    text = doc.text()
    assert "<para><font color=" in text
    assert "<b>not bold</b> &amp;" in text
    assert "<i>y</i>" in text


@pytest.mark.parametrize(
    "css",
    [
        "table::before, tr::after, tbody::before, img::after, br::before, hr::after { content: 'X' }",
        ".row::after { content: ''; display: table; clear: both }",
        "p::first-line { color: red } p::marker { content: 'x' } p::selection { color: red }",
        "p::before { content: counter(item) url(x.png) } p::after { content: attr() }",
        "p::before { content: 'a' 'b' 'c'; display: inline-block; width: 10px; border: 1px solid }",
    ],
)
def test_odd_and_ignored_pseudo_elements_render(pdf, css):
    doc = pdf(
        BASE + f"<style>{css}</style><div class='row'><p>para</p></div>"
        "<table><tbody><tr><td>cell</td></tr></tbody></table><img src='data:,x' alt='alt'><br><hr>"
    )
    text = doc.text()
    assert "para" in text and "cell" in text
    assert "X" not in text
