"""Elements with the same selector inputs share one match and one computed style, and sharing never changes a
style: sheets whose selectors look at siblings or children match every element on its own."""

from __future__ import annotations

import pytest
import tinycss2

from pdflet.renderers.reportlab.css.cascade import Cascade, structural
from pdflet.renderers.reportlab.parse import parse_html

DOC = """<div><p class=a>1 <b>b</b></p><p id=x>2</p><p data-k=v><b>3</b></p>
<section><p class=a style="color: green">4</p><p class=a>5</p><p lang=fr>6</p></section></div>"""


def styles(css: str, share: bool) -> list[dict]:
    root = parse_html(DOC)
    cascade = Cascade([css])
    cascade._share_matches = cascade._share_matches and share
    computed = cascade.compute_tree(root)
    return [computed[e] for e in root.iter()]


@pytest.mark.parametrize(
    "css",
    [
        "p.a { color: red } div p { font-size: 20px } #x { margin: 3px } [data-k=v] b { color: blue }",
        "section p { text-indent: 1em } p:lang(fr) { color: #0f0 } :root { font-size: 10px } b { font-size: 2rem }",
        "p:first-child { color: red } p + p { margin-top: 9px } p:nth-child(2n) b { color: blue }",
    ],
)
def test_shared_matching_computes_the_same_styles(css):
    assert styles(css, share=True) == styles(css, share=False)


def test_structural_selectors_turn_sharing_off():
    root = parse_html(DOC)
    cascade = Cascade(["p:first-child { color: rgb(255, 0, 0) }"])
    computed = cascade.compute_tree(root)
    first, second = root.iter("p").__next__(), list(root.iter("p"))[1]
    assert computed[first]["color"] != computed[second]["color"]
    assert not cascade._share_matches


def test_long_runs_of_like_elements_match_once():
    root = parse_html("<p>a</p>" * 500)
    cascade = Cascade(["p { color: red }"])
    cascade.compute_tree(root)
    assert len(cascade._matches) < 10


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("p", False), ("div > p.a[title~=x]", False), ("a:hover, a:link", False), (":not(.x) p::before", False),
        ("li:first-child", True), ("h1 + p", True), ("h1 ~ p", True), (":not(:last-child)", True),
        (":is(a, b:empty)", True), ("x:unknown-thing", True),
    ],
)
def test_structural(selector, expected):
    assert structural(tinycss2.parse_component_value_list(selector)) is expected


def test_the_ua_sheet_looks_at_no_siblings_so_every_document_can_share_matches():
    # one structural UA selector (a :first-of-type) turns match sharing off for every document: ~10% on long ones
    from pdflet.renderers.reportlab.css.cascade import ua_structural

    assert ua_structural() is False
