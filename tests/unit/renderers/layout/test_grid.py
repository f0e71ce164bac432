"""Grid containers: track lists (px, %, fr, auto, minmax, repeat), auto-placement with spans, page splits."""

from __future__ import annotations

PAGE = {"margin": (36.0, 36.0, 36.0, 36.0)}
RESET = "<style>body { margin: 0 } p { margin: 0 }</style>"
WIDTH = 595.28 - 72


def _rgb(obj):
    return tuple(round(v, 2) for v in (obj.get("non_stroking_color") or ()))


def _rects(doc, color, page=0):
    return sorted((r for r in doc.pages[page].rects if _rgb(r) == color), key=lambda r: (round(r["top"]), r["x0"]))


def test_two_equal_columns_with_a_gap(pdf):
    doc = pdf(
        RESET + "<div style='display: grid; grid-template-columns: 1fr 1fr; gap: 20pt'>"
        "<div style='background: #ff0000'>Bill to</div><div style='background: #ff0000'>Ship to</div></div>",
        **PAGE,
    )
    left, right = _rects(doc, (1.0, 0.0, 0.0))
    assert abs(left["width"] - (WIDTH - 20) / 2) < 0.5 and abs(right["width"] - left["width"]) < 0.5
    assert abs(right["x0"] - left["x1"] - 20) < 0.5
    assert abs(left["top"] - right["top"]) < 0.5


def test_fixed_percent_and_fr_tracks(pdf):
    cells = "".join(f"<div style='background: #0000ff; height: 10pt'>{i}</div>" for i in range(3))
    doc = pdf(
        RESET + f"<div style='display: grid; grid-template-columns: 100pt 25% 1fr'>{cells}</div>",
        **PAGE,
    )
    a, b, c = _rects(doc, (0.0, 0.0, 1.0))
    assert abs(a["width"] - 100) < 0.5
    assert abs(b["width"] - WIDTH * 0.25) < 0.5
    assert abs(c["width"] - (WIDTH - 100 - WIDTH * 0.25)) < 0.5


def test_items_wrap_into_rows_and_span_columns(pdf):
    cells = "".join(f"<div>c{i}</div>" for i in range(4)) + "<div style='grid-column: 1 / -1'>wide</div><div>c5</div>"
    doc = pdf(RESET + f"<div style='display: grid; grid-template-columns: repeat(3, 1fr)'>{cells}</div>", **PAGE)
    top = {name: round(doc.chars_of(name)[0]["top"]) for name in ("c0", "c1", "c2", "c3", "wide", "c5")}
    assert top["c0"] == top["c1"] == top["c2"] < top["c3"] < top["wide"] < top["c5"]
    assert abs(doc.chars_of("c3")[0]["x0"] - 36) < 0.5 and abs(doc.chars_of("c5")[0]["x0"] - 36) < 0.5
    assert abs(doc.chars_of("c1")[0]["x0"] - (36 + WIDTH / 3)) < 0.5


def test_auto_fit_minmax_makes_as_many_columns_as_fit(pdf):
    cards = "".join(f"<div style='background: #00ff00'>card{i}</div>" for i in range(7))
    doc = pdf(
        RESET + "<div style='display: grid; grid-template-columns: repeat(auto-fit, minmax(150pt, 1fr))'>"
        f"{cards}</div>",
        **PAGE,
    )
    rects = _rects(doc, (0.0, 1.0, 0.0))
    first_row = [r for r in rects if abs(r["top"] - rects[0]["top"]) < 0.5]
    assert len(first_row) == 3  # 3 x 150 pt fit in 523 pt, 4 do not
    assert abs(first_row[0]["width"] - WIDTH / 3) < 0.5


def test_auto_column_sizes_to_its_labels(pdf):
    rows = "".join(f"<div>Label{i}</div><div>{'value ' * 30}</div>" for i in range(2))
    grid = "display: grid; grid-template-columns: auto 1fr; column-gap: 10pt"
    doc = pdf(RESET + f"<div style='{grid}'>{rows}</div>", **PAGE)
    label = doc.chars_of("Label0")
    value = next(c for c in doc.chars() if c["text"] == "v")
    assert abs(value["x0"] - (label[-1]["x1"] + 10)) < 1.5


def test_a_long_grid_flows_across_pages(pdf):
    rows = "".join(f"<div>row{i}</div><div>amount{i}</div>" for i in range(150))
    doc = pdf(RESET + f"<div style='display: grid; grid-template-columns: 1fr 100pt'>{rows}</div>", **PAGE)
    assert len(doc.pages) >= 2
    text = doc.text()
    assert all(f"row{i}" in text and f"amount{i}" in text for i in range(150))


def test_hostile_grid_templates_still_render(pdf):
    cells = "<div>cell</div>" * 400
    odd = [
        "repeat(100000, 1px)",
        "repeat(auto-fill, minmax(0px, 1fr))",
        "1e9px 1e9fr -1fr",
        "minmax(1fr, 10px) repeat(0, 1fr)",
        "repeat(auto-fit, 1e-9px)",
    ]
    html = "".join(
        f"<div style='display: grid; grid-template-columns: {t}; gap: 1e9px'>{cells}"
        "<div style='grid-column: span 99999'>wide</div></div>"
        for t in odd
    )
    doc = pdf(RESET + html, **PAGE)
    # absurd columns break words and scramble reading order: count the letters drawn instead
    drawn = [c["text"] for page in range(len(doc.pages)) for c in doc.chars(page)]
    assert drawn.count("c") == 400 * len(odd) and drawn.count("w") == len(odd)


def test_an_item_with_a_width_keeps_it_and_auto_margins_centre_it(pdf):
    # three 100pt columns; the middle item is a 40pt square centred in its column by auto margins
    doc = pdf(
        RESET + "<div style='display: grid; grid-template-columns: 100pt 100pt 100pt'>"
        "<div>a</div><div style='width: 40pt; height: 40pt; margin: 0 auto; background: #ff0000'></div>"
        "<div>c</div></div>",
        **PAGE,
    )
    (square,) = _rects(doc, (1.0, 0.0, 0.0))
    assert abs(square["width"] - 40) < 0.5 and abs(square["height"] - 40) < 0.5
    assert abs(square["x0"] - (36 + 100 + 30)) < 0.5


def test_justify_self_and_justify_items_place_items_in_their_area(pdf):
    html = RESET + (
        "<div style='display: grid; grid-template-columns: 200pt; justify-items: end'>"
        "<div style='width: 50pt; height: 10pt; background: #ff0000'></div>"
        "<div style='width: 50pt; height: 10pt; background: #00ff00; justify-self: center'></div>"
        "<div style='height: 10pt; background: #0000ff; place-self: stretch start'>start</div>"
        "<div style='height: 10pt; background: #ffff00; justify-self: stretch; margin-left: 20pt'></div></div>"
    )
    doc = pdf(html, **PAGE)
    (red,) = _rects(doc, (1.0, 0.0, 0.0))
    (green,) = _rects(doc, (0.0, 1.0, 0.0))
    (blue,) = _rects(doc, (0.0, 0.0, 1.0))
    (yellow,) = _rects(doc, (1.0, 1.0, 0.0))
    assert abs(red["x0"] - (36 + 150)) < 0.5
    assert abs(green["x0"] - (36 + 75)) < 0.5
    assert abs(blue["x0"] - 36) < 0.5 and blue["width"] < 60  # start: as wide as its text, not the area
    assert abs(yellow["x0"] - 56) < 0.5 and abs(yellow["width"] - 180) < 0.5  # stretch, less its margin
