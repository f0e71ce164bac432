"""Hypothesis strategies for hostile documents: random HTML trees styled by random CSS.

The vocabularies are biased towards what breaks layout engines (tables with spans, floats,
lists, images, page breaks, margin boxes, huge and negative and non-finite lengths), and
towards what a browser would simply ignore (unknown properties, broken values, bad selectors).
"""

from __future__ import annotations

import base64
import struct
import zlib

from hypothesis import strategies as st

TAGS = [
    "div", "p", "span", "b", "i", "em", "strong", "a", "h1", "h2", "h3", "ul", "ol", "li", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "col", "colgroup", "img", "br", "hr", "pre", "code",
    "blockquote", "sub", "sup", "small", "section", "article", "header", "footer", "dl", "dt", "dd", "font",
    "center", "u", "s", "label", "figure", "figcaption", "svg", "math", "template", "style", "script", "title",
]
CLASSES = ["a", "b", "c", "pageNumber", "totalPages"]
IDS = ["x", "y", "top"]

PROPERTIES = [
    "color", "background-color", "background", "font-size", "font-family", "font-weight", "font-style", "font",
    "line-height", "text-align", "text-indent", "text-decoration", "text-transform", "letter-spacing",
    "word-spacing", "white-space", "vertical-align", "word-break", "overflow-wrap", "margin", "margin-top",
    "margin-left", "margin-right", "margin-bottom", "padding", "padding-left", "padding-top", "border",
    "border-top", "border-left", "border-width", "border-style", "border-color", "border-radius", "width",
    "max-width", "min-width", "height", "min-height", "max-height", "display", "float", "clear", "box-sizing",
    "list-style-type", "list-style", "border-collapse", "border-spacing", "table-layout", "page-break-before",
    "page-break-after", "page-break-inside", "break-before", "break-after", "break-inside", "orphans", "widows",
    "position", "top", "left", "z-index", "content", "counter-reset", "counter-increment", "direction",
    "unicode-bidi", "opacity", "transform", "columns", "column-count", "size", "visibility", "src", "--custom",
    "background-image", "list-style-image", "flex", "flex-direction", "flex-wrap", "flex-basis", "flex-grow",
    "justify-content", "align-items", "align-self", "gap", "grid-template-columns", "grid-column", "right",
    "bottom", "inset", "counter-set", "background-size", "background-position", "background-repeat",
]
UNITS = ["px", "pt", "pc", "mm", "cm", "in", "em", "rem", "%", "ex", "ch", "vw", "vh", "q", "", "fr", "deg"]
NUMBERS = ["0", "1", "-1", "0.5", "12", "-12", "100", "1e9", "-1e9", "1e308", "1e400", "3.4e38", "NaN",
           "inf", "-0", ".5", "99999999999999999999", "1e-9"]
KEYWORDS = [
    "auto", "none", "inherit", "initial", "unset", "revert", "block", "inline", "inline-block", "table",
    "table-cell", "table-row", "list-item", "flex", "grid", "left", "right", "center", "justify", "bold",
    "italic", "normal", "pre", "pre-wrap", "nowrap", "break-all", "always", "avoid", "page", "solid", "dashed",
    "dotted", "double", "collapse", "separate", "disc", "decimal", "lower-roman", "upper-alpha", "square",
    "transparent", "currentColor", "red", "#f00", "#abcdef", "#12345", "rgb(1,2,3)", "rgba(0,0,0,.5)",
    "hsl(120, 50%, 50%)", "rgb(1e9, -5, nan)", "serif", "sans-serif", "monospace", "\"No Such Font\"", "A4",
    "letter landscape", "border-box", "rtl", "ltr", "sub", "super", "middle", "fixed", "absolute",
    "counter(page)", "counter(pages)", "\"text\"", "attr(title)", "calc(100% - 1e9px)", "var(--custom)",
    "url(data:image/png;base64,AAAA)", "url(http://127.0.0.1:9/x.png)", "url(file:///etc/passwd)", "!important",
    "[[[getattr(pow, 'x')]]]", "expression(alert(1))", "linear-gradient(red, blue)", "\\", "\"", ";", "}", "{",
    "inline-flex", "row-reverse", "column", "wrap", "space-between", "space-evenly", "stretch", "flex-end",
    "1fr 2fr", "repeat(auto-fit, minmax(100px, 1fr))", "repeat(3, 1fr)", "span 2", "1 / -1", "relative",
    "rotate(45deg)", "scale(-1e9)", "matrix(1,2,3,4,5,6)", "counter(x) '.'", "counters(x, '.', upper-roman)",
    "x 5", "cover", "contain", "no-repeat", "right bottom",
]


def _png(width: int, height: int) -> bytes:
    """A valid tiny PNG that claims ``width`` x ``height`` (the pixel data is one short row)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + \
        chunk(b"IEND", b"")


IMAGE_SOURCES = [
    "data:image/png;base64," + base64.b64encode(_png(1, 1)).decode(),
    "data:image/png;base64," + base64.b64encode(_png(30000, 30000)).decode(),
    "data:image/png;base64," + base64.b64encode(_png(1, 1)[:20]).decode(),
    "data:image/jpeg;base64," + base64.b64encode(_png(2, 2)).decode(),
    "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'><rect width='1e9' height='1e9'/></svg>",
    "data:image/png;base64,!!!!",
    "data:,",
    "http://127.0.0.1:9/x.png",
    "file:///etc/passwd",
    "",
]

text = st.lists(
    st.sampled_from([*"ab cdXYZ 012\n\t<>&\"'", "é", "ß", "中", "ש", "ب", "😀", "\u200b", "\u00ad", "\ufeff",
                                                       "\x00", "\x07", "\ud800", "[[[", "]]]", "W" * 300]),
    max_size=40,
).map("".join)
length = st.builds(lambda n, u: n + u, st.sampled_from(NUMBERS), st.sampled_from(UNITS))
value = st.one_of(length, st.sampled_from(KEYWORDS), st.lists(st.one_of(length, st.sampled_from(KEYWORDS)),
                                                            min_size=2, max_size=4).map(" ".join), text)
declaration = st.builds(lambda p, v, imp: f"{p}: {v}{' !important' if imp else ''}", st.sampled_from(PROPERTIES),
                        value, st.booleans())
declarations = st.lists(declaration, max_size=6).map("; ".join)

simple_selector = st.one_of(
    st.sampled_from(TAGS), st.sampled_from(CLASSES).map(lambda c: "." + c), st.sampled_from(IDS).map(lambda i: "#" + i),
    st.sampled_from(["*", "p:first-child", "li:nth-child(2n+1)", "td:not(.a)", "a[href]", "[style*=red]",
                     "tr:nth-child(-n+3)", "p::before", "p::after", ":root", "div:hover", "p:::", "##", "[",
                     "li:nth-child(99999999999999999999)", "*:lang(en)", "h1 ~ p", "h1 + p"]),
)
selector = st.lists(simple_selector, min_size=1, max_size=3).flatmap(
    lambda parts: st.sampled_from([" ", " > ", " + ", " ~ ", ""]).map(lambda comb: comb.join(parts))
)
rule = st.builds(lambda s, d: f"{s} {{ {d} }}", selector, declarations)
margin_box = st.builds(
    lambda name, d: f"@{name} {{ {d} }}",
    st.sampled_from(["top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right",
                     "left-top", "nonsense"]),
    declarations,
)
page_rule = st.builds(
    lambda pseudo, size, margin, boxes: f"@page{pseudo} {{ size: {size}; margin: {margin}; {' '.join(boxes)} }}",
    st.sampled_from(["", " :first", " :left", " :blank", " named", " :nth(2)"]),
    st.one_of(st.sampled_from(["A4", "A4 landscape", "letter", "auto", "0 0", "1e9px 1e9px", "-5mm 10mm",
                               "NaNmm", "0.1px 0.1px", "A99"]), length),
    st.one_of(length, value),
    st.lists(margin_box, max_size=3),
)
font_face = st.sampled_from([
    "@font-face { font-family: X; src: url(data:font/ttf;base64,AAEAAAAKAIAAAwAgT1MvMg==) }",
    "@font-face { font-family: X; src: url(http://127.0.0.1:9/f.ttf) }",
    "@font-face { font-family: X; src: url(file:///etc/passwd) format('truetype') }",
    "@font-face { }",
])
at_rule = st.one_of(
    page_rule,
    font_face,
    st.builds(lambda rules: "@media print { " + " ".join(rules) + " }", st.lists(rule, max_size=3)),
    st.builds(lambda rules: "@media screen { " + " ".join(rules) + " }", st.lists(rule, max_size=2)),
    st.builds(lambda s, inner: f"{s} {{ color: red; {inner} }}", selector, rule),  # CSS nesting
    st.sampled_from(["@import url(http://127.0.0.1:9/x.css);", "@import 'file:///etc/passwd';", "@charset 'x';",
                     "@namespace svg url(http://www.w3.org/2000/svg);", "@supports (display: grid) { p { x: y } }",
                     "@keyframes k { from { color: red } }", "@counter-style x { system: cyclic }", "@", "@{", "}}"]),
)
stylesheet = st.lists(st.one_of(rule, at_rule), max_size=8).map("\n".join)


def _attributes(tag: str) -> st.SearchStrategy[dict[str, str]]:
    names = ["class", "id", "style", "title", "dir", "lang", "align", "width", "height", "colspan", "rowspan",
             "start", "type", "value", "href", "color", "face", "size", "span", "border", "cellpadding", "name"]
    values = st.one_of(st.sampled_from(CLASSES + IDS + NUMBERS + KEYWORDS + ["#x", "#top", "0", "-3", "999999"]),
                       declarations, text)
    attrs = st.dictionaries(st.sampled_from(names), values, max_size=4)
    if tag == "img":
        return st.builds(lambda a, src: {**a, "src": src}, attrs, st.sampled_from(IMAGE_SOURCES))
    return attrs


def _element(children: st.SearchStrategy[list[str]]) -> st.SearchStrategy[str]:
    def build(tag: str, attrs: dict[str, str], kids: list[str], tail: str) -> str:
        rendered = "".join(f' {k}="{_escape(v)}"' for k, v in attrs.items())
        return f"<{tag}{rendered}>{''.join(kids)}</{tag}>{_escape(tail)}"

    return st.sampled_from(TAGS).flatmap(lambda tag: st.builds(build, st.just(tag), _attributes(tag), children, text))


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


fragment = st.recursive(
    text.map(_escape),
    lambda children: _element(st.lists(children, max_size=5)),
    max_leaves=40,
)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str | None]:
    """(html, css): a document with a ``<style>`` of its own and, sometimes, the request's extra stylesheet."""
    body = "".join(draw(st.lists(fragment, min_size=1, max_size=6)))
    sheet = draw(stylesheet)
    head = f"<title>{_escape(draw(text))}</title><style>{sheet}</style>"
    html = draw(st.sampled_from([f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
                                 f"{head}{body}", body]))
    css = draw(st.one_of(st.none(), stylesheet))
    return html, css


# the request's ``options`` as a client sends them (the test validates them like the web process)
page_options = st.fixed_dictionaries({}, optional={
    "page_size": st.sampled_from(["A4", "letter", "A10", "36pt", "200in", "200in 0.5in", "0.5in 200in"]),
    "orientation": st.sampled_from(["portrait", "landscape"]),
    "margin": st.sampled_from(["0", "1in", "100in 0 100in 0", "17pt 1pt 17pt 300pt", "0 100in"]),
    "header_html": fragment,
    "footer_html": st.one_of(fragment, st.just('<span class="pageNumber"></span>/<span class="totalPages"></span>')),
    "title": text,
})
