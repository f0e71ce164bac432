"""The per-worker cache of compiled sheets, lazy selector compiling and the document key filter."""

from __future__ import annotations

import tinycss2

from pdflet.renderers.reportlab.css import sheetcache
from pdflet.renderers.reportlab.css.cascade import Cascade, build_matcher, document_keys, layer_ranks
from pdflet.renderers.reportlab.css.media import MediaContext
from pdflet.renderers.reportlab.css.selectors import DEAD, needed_keys
from pdflet.renderers.reportlab.parse import parse_html
from pdflet.renderers.resources import Fetcher, Resource


def _keys(selector: str) -> set[str]:
    return set(needed_keys(tinycss2.parse_component_value_list(selector)))


def test_needed_keys_from_tokens():
    assert _keys("div.card > p#intro:hover") == {"div", ".card", "p", "#intro"}
    assert _keys(".a:not(.b) [data-x] :is(.c, .d)") == {".a"}
    assert _keys("a::before") == {"a"}
    assert _keys("*") == set()
    assert _keys("svg|rect") == set()  # namespaces: no filtering


def test_same_text_is_compiled_once_and_answers_media_per_page():
    sheetcache.clear()
    css = "@media (max-width: 500px) { p { color: red } } p { margin: 0 }"
    first = Cascade([css], media=MediaContext(400, 800))
    second = Cascade([css], media=MediaContext(900, 800))
    assert first.sheets[0] is second.sheets[0]
    root = parse_html("<p>x</p>")
    narrow = first.compute_tree(root)
    wide = second.compute_tree(parse_html("<p>x</p>"))
    color = next(s["color"] for e, s in narrow.items() if e.tag == "p")
    assert color[:3] == (1.0, 0.0, 0.0)
    assert next(s["color"] for e, s in wide.items() if e.tag == "p")[:3] == (0.0, 0.0, 0.0)


def test_rules_for_absent_keys_are_never_compiled_or_matched():
    sheetcache.clear()
    cascade = Cascade([".absent p { color: red } .present { color: blue } a, b:frobnicate { color: red }"])
    root = parse_html("<p class='present'>x</p><a>y</a><b>z</b>")
    matcher = build_matcher(cascade.sheets, layer_ranks(cascade.sheets), root, MediaContext())
    rules = cascade.sheets[0].rules
    assert rules[0].selector is None  # never needed: never compiled
    assert rules[1].selector not in (None, DEAD)
    assert rules[2].selector is DEAD and rules[3].selector is DEAD  # one invalid selector kills the list
    assert len(matcher.class_selectors) == 1 and not matcher.lower_local_name_selectors
    assert {".present", "p", "a", "b"} <= document_keys(root)


def test_cache_is_bounded_and_skips_sheets_with_outside_imports(monkeypatch):
    sheetcache.clear()
    monkeypatch.setattr(sheetcache, "MAX_ENTRIES", 3)
    sheets = [f"p {{ margin: {i}px }}" for i in range(5)]
    for css in sheets:
        sheetcache.compiled(css)
    assert len(sheetcache._cache) == 3
    fetcher = Fetcher(lambda url: Resource(b"p { color: red }", "text/css"))
    outside = "@import 'https://example.test/a.css';"
    assert sheetcache.compiled(outside, fetcher) is not sheetcache.compiled(outside, fetcher)
    data = "@import 'data:text/css,p%7Bcolor:red%7D';"
    assert sheetcache.compiled(data, fetcher) is sheetcache.compiled(data, fetcher)
    sheetcache.clear()


def test_a_big_sheet_makes_room_before_it_is_compiled(monkeypatch):
    sheetcache.clear()
    monkeypatch.setattr(sheetcache, "MAX_SOURCE_BYTES", 100)
    small = "p { margin: 0 }"
    sheetcache.compiled(small)
    big = "p { margin: 1px }" + " " * 80
    sheetcache.compiled(big)
    assert [size for _, size in sheetcache._cache.values()] == [len(big)]
    huge = "p { margin: 2px }" + " " * 200  # never kept, and leaves nothing else either
    sheetcache.compiled(huge)
    assert not sheetcache._cache and sheetcache._bytes == 0
    sheetcache.clear()
