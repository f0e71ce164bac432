"""Nesting, cascade layers and @import, read back from the PDF; their bombs end quickly."""

from __future__ import annotations

import base64
import time

import pytest
import tinycss2

from pdflet.renderers.reportlab.css.nesting import nest
from pdflet.renderers.reportlab.css.sheets import MAX_IMPORTS

GREEN, RED, BLACK = (0.0, 0.5, 0.0), (1.0, 0.0, 0.0), (0.0, 0.0, 0.0)


def _color(doc, word):
    return tuple(round(c, 2) for c in doc.chars_of(word)[0]["non_stroking_color"])


def _data(css: str) -> str:
    return "data:text/css;base64," + base64.b64encode(css.encode()).decode()


@pytest.mark.parametrize(
    ("parent", "prelude", "expected"),
    [
        (".card", "& h2", ":is(.card) h2"),
        (".card", "h2", ":is(.card) h2"),
        (".card", "> p, .x &", ":is(.card) > p, .x :is(.card)"),
        ("a, b", "&:hover", ":is(a, b):hover"),
        (".c", "&:not(&.x)", ":is(.c):not(:is(.c).x)"),
        (".c", ":is(.a &) b", ":is(.a :is(.c)) b"),
        (None, "p", "p"),
    ],
)
def test_nested_selectors(parent, prelude, expected):
    assert nest(parent, tinycss2.parse_component_value_list(prelude)) == expected


def test_nesting_in_the_pdf(pdf):
    doc = pdf(
        "<style>.card { color: green; & b { color: red } .x & { color: blue } > i { color: red }"
        " &.big { font-size: 20pt } u { & s { color: red } }"
        " @media print { em { color: red } } @media screen { em { color: green } }"
        " @supports (display: grid) { & small { font-size: 8pt } } }"
        " #id i { color: green } .card i { color: green }</style>"
        "<div class='card big'>card <b>bee</b> <i>eye</i> <em>em</em> <u><s>ess</s></u> <small>sm</small></div>"
        "<div class='x'><p class='card' id='id'>inside <i>ital</i></p></div>"
    )
    assert _color(doc, "card") == GREEN
    assert _color(doc, "bee") == RED
    assert _color(doc, "ess") == RED
    assert _color(doc, "em") == RED
    assert round(doc.chars_of("card")[0]["size"]) == 20
    assert round(doc.chars_of("sm")[0]["size"]) == 8
    assert _color(doc, "inside") == (0.0, 0.0, 1.0)
    # ``.card > i`` nested is :is(.card) > i, specificity (0,1,1): #id i (1,0,1) wins, .card i (0,1,1) is later.
    assert _color(doc, "ital") == GREEN
    assert _color(doc, "eye") == GREEN


def test_layers_order_and_important_reversal(pdf):
    doc = pdf(
        "<style>@layer base, components, utilities;"
        " @layer utilities { .u { color: green } .imp { color: red !important } }"
        " @layer base { .u { color: red } p.u { color: red } .imp { color: green !important } }"
        " @layer components { .c { color: red } }"
        " .c { color: green }"
        " @layer { .anon { color: red } } .anon { color: green }"
        " @layer outer { @layer inner { .n { color: red } } .n { color: green } }"
        " @layer outer.inner { .m { color: green } } .s { color: red !important }</style>"
        "<p class='u'>util</p><p class='c'>unlayered</p><p class='imp'>important</p><p class='anon'>anon</p>"
        "<p class='n'>nested</p><p class='m'>dotted</p><p class='s' style='color: green !important'>attr</p>"
    )
    for word in ("util", "unlayered", "important", "anon", "nested", "dotted", "attr"):
        assert _color(doc, word) == GREEN, word


def test_import_with_layer_media_and_supports(pdf):
    inner = _data(".deep { color: green }")
    doc = pdf(
        f"<style>@import url({_data('.a { color: green } .b { color: red }')}) layer(lib);"
        f" @import '{_data('.c { color: red }')}' screen;"
        f" @import '{_data('.d { color: green }')}' supports(display: grid) print;"
        f" @import '{_data(f'@import url({inner}); .e {{ color: green }}')}';"
        " .b { color: green } .c { color: black }</style>"
        "<p class='a'>alpha</p><p class='b'>beta</p><p class='c'>gamma</p><p class='d'>delta</p>"
        "<p class='e'>eps</p><p class='deep'>deep</p>"
    )
    assert [_color(doc, w) for w in ("alpha", "beta", "gamma", "delta", "eps", "deep")] == [GREEN, GREEN, BLACK,
                                                                                          GREEN, GREEN, GREEN]


def test_import_after_rules_is_ignored_and_link_elements_load(pdf):
    doc = pdf(
        f"<link rel='stylesheet' href='{_data('.l { color: green }')}'>"
        f"<link rel='stylesheet' media='screen' href='{_data('.s { color: red }')}'>"
        f"<style>p {{ color: black }} @import '{_data('.x { color: red }')}';</style>"
        "<p class='l'>linked</p><p class='s'>screen</p><p class='x'>late</p>"
    )
    assert [_color(doc, w) for w in ("linked", "screen", "late")] == [GREEN, BLACK, BLACK]


def test_import_fan_out_is_bounded(pdf):
    css = ".z { color: green }"
    for _ in range(10):  # 2**10 imports if nothing stopped it; the depth and count limits do
        css = f"@import '{_data(css)}'; @import '{_data(css)}';"
    started = time.monotonic()
    doc = pdf(f"<style>{css}</style><p class='z'>zed</p>")
    assert "zed" in doc.text() and time.monotonic() - started < 10
    assert MAX_IMPORTS < 100


def test_import_loops_through_the_fetcher_are_cut(pdf):
    from pdflet.renderers.base import RenderJob
    from pdflet.renderers.reportlab.renderer import ReportLabRenderer
    from pdflet.renderers.resources import Fetcher, Resource

    calls = []
    base = "https://cdn.example/"

    def hook(url):
        calls.append(url)
        target = "b.css" if url.endswith("/a.css") else "a.css"  # relative: resolved against the sheet's URL
        return Resource(f"@import '{target}'; .{url[-5]} {{ color: green }}".encode(), "text/css")

    job = RenderJob(html=f"<style>@import '{base}a.css';</style><p class='a'>loop</p>", fetcher=Fetcher(hook))
    assert ReportLabRenderer().render(job).pages == 1
    assert calls == [base + "a.css", base + "b.css"]


def test_hundred_thousand_nested_rules(pdf):
    started = time.monotonic()
    doc = pdf("<style>" + "a{" * 100_000 + "}" * 100_000 + "p { color: green }</style><p>nested</p>")
    assert "nested" in doc.text() and time.monotonic() - started < 10


def test_ten_thousand_layers(pdf):
    started = time.monotonic()
    layers = "".join(f"@layer l{i} {{ p {{ color: red }} }}" for i in range(10_000))
    doc = pdf(f"<style>{layers} p {{ color: green }}</style><p>layers</p>")
    assert _color(doc, "layers") == GREEN and time.monotonic() - started < 10


def test_import_count_and_layer_count_limits(monkeypatch):
    from pdflet.renderers.reportlab.css import sheets
    from pdflet.renderers.resources import Fetcher, Resource

    calls = []

    def hook(url):
        calls.append(url)
        return Resource(b"p { color: red }", "text/css")

    monkeypatch.setattr(sheets, "MAX_IMPORTS", 3)
    sheets.Compiler(Fetcher(hook)).compile("".join(f"@import 'https://cdn.example/x{i}.css';" for i in range(10)))
    assert len(calls) == 3
    monkeypatch.setattr(sheets, "MAX_IMPORTS", 64)
    calls.clear()
    chain = {f"https://cdn.example/c{i}.css": f"@import 'https://cdn.example/c{i + 1}.css';" for i in range(20)}
    deep = Fetcher(lambda url: calls.append(url) or Resource(chain[url].encode(), "text/css"))
    sheets.Compiler(deep).compile("@import 'https://cdn.example/c0.css';")
    assert len(calls) == sheets.MAX_IMPORT_DEPTH
    monkeypatch.setattr(sheets, "MAX_LAYERS", 5)
    compiled = sheets.Compiler().compile("".join(f"@layer l{i} {{ p {{ color: red }} }}" for i in range(50)))
    assert len(compiled.layers) == 5


def test_deeply_parenthesised_conditions_are_false_not_a_crash():
    from pdflet.renderers.reportlab.css.media import MediaContext, matches
    from pdflet.renderers.reportlab.css.supports import supports

    deep = "(" * 500 + "color" + ")" * 500
    assert matches(deep, MediaContext()) is False
    assert supports(tinycss2.parse_component_value_list("(" * 500 + "display: block" + ")" * 500)) is False


@pytest.mark.parametrize(
    ("selector", "applies"),
    [
        ("p, ::after, ::backdrop, ::file-selector-button", True),  # Tailwind 4's reset
        ("p, input::-webkit-inner-spin-button", True),  # Chromium takes any ::-webkit- name
        ("p, ::part(label), ::highlight(found)", True),
        ("p, ::no-such-thing", False),  # one invalid selector still invalidates the list
        ("p, p::backdropx", False),
    ],
)
def test_selector_lists_with_browser_pseudo_elements(pdf, selector, applies):
    doc = pdf(f"<style>p {{ color: green }} {selector} {{ color: red }}</style><p>word</p>")
    assert _color(doc, "word") == (RED if applies else GREEN)
