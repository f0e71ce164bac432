"""Custom properties and var(), read back from the PDF: inheritance, fallbacks, shorthands, cycles, bombs."""

from __future__ import annotations

import time

from pdflet.renderers.reportlab.css.cascade import Cascade
from pdflet.renderers.reportlab.css.variables import MAX_VALUE_TOKENS, Substitution, _post_order
from pdflet.renderers.reportlab.parse import parse_html


def _color(char):
    return tuple(round(c, 2) for c in char["non_stroking_color"])


def _style(html: str, css: str, tag: str) -> dict:
    root = parse_html(html)
    styles = Cascade([css]).compute_tree(root)
    return next(s for e, s in styles.items() if e.tag == tag)


def test_inherited_custom_property_with_fallbacks(pdf):
    doc = pdf(
        "<style>:root { --main: #f00 } b { --main: blue; color: var(--main, green) } p { color: var(--main) }"
        " i { color: var(--none, var(--nothing, rgb(0 128 0))) } u { color: var(--none) }</style>"
        "<p>red <b>blue</b> <i>green</i> <u>under</u></p>"
    )
    assert _color(doc.chars_of("red")[0]) == (1.0, 0.0, 0.0)
    assert _color(doc.chars_of("blue")[0]) == (0.0, 0.0, 1.0)
    assert _color(doc.chars_of("green")[0]) == (0.0, 0.5, 0.0)
    # An unset variable without fallback: invalid at computed-value time, so color inherits (red).
    assert _color(doc.chars_of("under")[0]) == (1.0, 0.0, 0.0)


def test_var_in_shorthand_and_inside_functions(pdf):
    doc = pdf(
        "<style>:root { --pad: 0 0 0 100pt; --r: 0; --g: 0; --b: 255 } "
        "div { padding: var(--pad); color: rgb(var(--r) var(--g) var(--b)) } "
        "p { margin: 0 0 0 calc(var(--x, 50pt) * 2) }</style><div>padded</div><p>twice</p>"
    )
    assert abs(doc.chars_of("padded")[0]["x0"] - doc.chars_of("twice")[0]["x0"]) < 0.5
    assert _color(doc.chars_of("padded")[0]) == (0.0, 0.0, 1.0)


def test_invalid_at_computed_value_time_is_unset_not_the_earlier_value(pdf):
    doc = pdf(
        "<style>:root { --len: 10px } div { color: green; color: var(--len) } "
        "p { margin-left: 80pt; margin-left: var(--len-missing) }</style>"
        "<div>inherits</div><p>initial</p>"
    )
    assert _color(doc.chars_of("inherits")[0]) == (0.0, 0.0, 0.0)  # inherited from body: black
    assert abs(doc.chars_of("initial")[0]["x0"] - doc.chars_of("inherits")[0]["x0"]) < 0.5


def test_css_wide_keywords_on_custom_properties():
    css = ":root { --a: 1px } div { --a: initial } span { --a: inherit } b { --a: unset }"
    html = "<div><span>x</span><b>y</b></div>"
    assert _style(html, css, "div")["--"]["--a"] is None
    assert _style(html, css, "span")["--"]["--a"] is None
    assert _style("<p><b>y</b></p>", css, "b")["--"]["--a"][0][0].value == 1


def test_cycles_are_invalid_and_their_dependents_fall_back(pdf):
    doc = pdf(
        "<style>:root { --a: var(--b); --b: var(--a); --self: var(--self, red); --c: var(--a, blue) }"
        " p { color: var(--a, green) } b { color: var(--self, green) } i { color: var(--c, red) }</style>"
        "<p>cyc <b>self</b> <i>dep</i></p>"
    )
    assert _color(doc.chars_of("cyc")[0]) == (0.0, 0.5, 0.0)
    assert _color(doc.chars_of("self")[0]) == (0.0, 0.5, 0.0)
    assert _color(doc.chars_of("dep")[0]) == (0.0, 0.0, 1.0)


def test_post_order_finds_every_member_of_a_cycle_without_recursion():
    declared = {f"--v{i}": [] for i in range(3)}
    order, cyclic = _post_order(declared)
    assert sorted(order) == sorted(declared) and not cyclic
    chain = {f"--v{i}": _tokens(f"var(--v{i - 1})") for i in range(1, 20000)} | {"--v0": _tokens("1")}
    order, cyclic = _post_order(chain)
    assert order[0] == "--v0" and not cyclic
    ring = {"--a": _tokens("var(--b)"), "--b": _tokens("var(--c)"), "--c": _tokens("var(--a)"), "--d": []}
    assert _post_order(ring)[1] == {"--a", "--b", "--c"}


def _tokens(text: str) -> list:
    import tinycss2

    return [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]


def test_chain_of_ten_thousand_references_ends_with_the_value(pdf):
    chain = "".join(f"--v{i}: var(--v{i - 1});" for i in range(1, 10000))
    started = time.monotonic()
    doc = pdf(f"<style>:root {{ --v0: blue; {chain} }} p {{ color: var(--v9999) }}</style><p>chain</p>")
    assert _color(doc.chars_of("chain")[0]) == (0.0, 0.0, 1.0)
    assert time.monotonic() - started < 10


def test_billion_laughs_is_invalid_past_the_size_cap(pdf):
    levels = "".join(f"--l{i}: " + " ".join([f"var(--l{i - 1})"] * 10) + ";" for i in range(1, 12))
    started = time.monotonic()
    doc = pdf(f"<style>:root {{ --l0: x; {levels} }} p {{ color: red; font-family: var(--l11) }}</style><p>laughs</p>")
    assert "laughs" in doc.text()
    assert time.monotonic() - started < 10
    substitution = Substitution()
    big = {"--big": (_tokens("a") * 10, MAX_VALUE_TOKENS - 5)}
    assert substitution.substitute(_tokens("var(--big)"), big) is not None
    assert substitution.substitute(_tokens("var(--big) var(--big)"), big) is None


def test_document_budget_of_substituted_tokens():
    substitution = Substitution()
    value = {"--v": (_tokens("a b c d"), 4)}
    substitution.budget = 6
    assert substitution.substitute(_tokens("var(--v)"), value) is not None
    assert substitution.substitute(_tokens("var(--v)"), value) is None


def test_registered_properties_give_initial_values_and_may_not_inherit(pdf):
    # Tailwind 4 declares its shadow parts only as @property initial values
    css = (
        "@property --shade { syntax: '*'; inherits: false; initial-value: #00f }"
        "@property --ink { syntax: '<color>'; inherits: true; initial-value: #f00 }"
        "@property --typed-without-initial { syntax: '<color>'; inherits: true }"
        "@property --no-inherits-descriptor { syntax: '*'; initial-value: #f00 }"
        "p { color: var(--shade) } .parent { --shade: green } .ink { color: var(--ink) }"
        ".reset { --ink: #0f0 } .reset i { --ink: initial; color: var(--ink) }"
        ".bad { color: var(--typed-without-initial, #888) }"
        ".bad2 { color: var(--no-inherits-descriptor, #888) }"
    )
    doc = pdf(
        f"<style>{css}</style><p>initial</p><div class='parent'><p>fresh</p></div>"
        "<p class='ink'>inherited</p><div class='reset'><p class='ink'>set <i>again</i></p></div>"
        "<p class='bad'>invalid</p><p class='bad2'>invalid2</p>"
    )
    assert _color(doc.chars_of("initial")[0]) == (0.0, 0.0, 1.0)
    assert _color(doc.chars_of("fresh")[0]) == (0.0, 0.0, 1.0)  # a non-inheriting property starts afresh
    assert _color(doc.chars_of("inherited")[0]) == (1.0, 0.0, 0.0)
    assert _color(doc.chars_of("set")[0]) == (0.0, 1.0, 0.0)
    assert _color(doc.chars_of("again")[0]) == (1.0, 0.0, 0.0)  # initial is the registered initial value
    assert _color(doc.chars_of("invalid")[0]) == (0.53, 0.53, 0.53)  # invalid rules register nothing
    assert _color(doc.chars_of("invalid2")[0]) == (0.53, 0.53, 0.53)


def test_a_box_shadow_made_of_registered_parts_is_drawn(pdf):
    css = (
        "@property --ring { syntax: '*'; inherits: false; initial-value: 0 0 #0000 }"
        "@property --shadow { syntax: '*'; inherits: false; initial-value: 0 0 #0000 }"
        "div { width: 50pt; height: 50pt; margin: 20pt; --ring: 0 0 0 6pt #00ff00;"
        " box-shadow: var(--ring), var(--shadow) }"
    )
    doc = pdf(f"<style>{css}</style><div></div>")
    page = doc.pages[0]
    green = [o for o in page.rects + page.curves if _color({"non_stroking_color": o.get("non_stroking_color") or ()})
             == (0.0, 1.0, 0.0)]
    assert green and max(o["width"] for o in green) > 60  # the 6pt ring around the 50pt box


def test_registrations_are_capped():
    from pdflet.renderers.reportlab.css.registered import MAX_REGISTERED

    css = "".join(f"@property --p{i} {{ syntax: '*'; inherits: false; initial-value: {i} }}" for i in range(5000))
    cascade = Cascade([css + "p { color: red }"])
    assert len(cascade.registry.registered) == MAX_REGISTERED
    styles = cascade.compute_tree(parse_html("<div>" + "<p>x</p>" * 2000 + "</div>"))
    maps = {id(s["--"]) for s in styles.values()}
    assert len(maps) <= 3  # elements share one map of initial values, not a copy each
