"""The test template of the resources bar: a page with style.css, an @imported sheet, a WOFF2 font and a logo.

The WOFF2 is made here from a bundled TTF with fontTools, so the test needs no binary fixture.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from PIL import Image

FONT_DIR = Path(__file__).resolve().parents[2] / "pdflet" / "renderers" / "reportlab" / "fonts"

INDEX_HTML = """<!doctype html><html><head><title>Invoice</title>
<link rel="stylesheet" href="style.css"></head>
<body><h1 class="brand">ACME Invoice</h1><img src="logo.png" alt="logo">
<p class="note">Thank you for your order.</p></body></html>"""

STYLE_CSS = """@import url("css/base.css");
@font-face { font-family: "Brand"; src: url(fonts/Brand.woff2) format("woff2"); }
h1.brand { font-family: "Brand", serif; font-size: 28px; }
"""

# Relative to css/base.css: ../fonts and ../img are at the top of the tree.
BASE_CSS = """body { margin: 0; color: #222; }
p.note { font-family: "Brand"; font-size: 14px; background: url(../img/dot.png) no-repeat; }
img { width: 120px; }
"""


def make_woff2(ttf: str = "DejaVuSans.ttf", text: str = "ACME Invoice Thank you for your order.") -> bytes:
    """A small WOFF2 subset of a bundled font (only the characters the template uses)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(FONT_DIR / ttf), recalcTimestamp=False)  # the same bytes on every call
    options = subset.Options()
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()


def png(color: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (40, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def template_files() -> dict[str, bytes]:
    """Every file of the template by its name in the asset tree (``index.html`` included)."""
    return {
        "index.html": INDEX_HTML.encode(),
        "style.css": STYLE_CSS.encode(),
        "css/base.css": BASE_CSS.encode(),
        "fonts/Brand.woff2": make_woff2(),
        "logo.png": png(),
        "img/dot.png": png((0, 0, 200), (4, 4)),
    }


def write_template(folder: Path) -> Path:
    for name, data in template_files().items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder / "index.html"


def layout_signature(pdf: bytes) -> dict:
    """What must be identical however the template was sent: words with positions and fonts, images, fonts."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        words = [(w["text"], round(w["x0"], 2), round(w["top"], 2), w["fontname"].split("+")[-1])
                 for w in page.extract_words(extra_attrs=["fontname"])]
        images = [(round(i["x0"], 2), round(i["top"], 2), round(i["width"], 2)) for i in page.images]
        fonts = sorted({c["fontname"].split("+")[-1] for c in page.chars})
    return {"words": words, "images": images, "fonts": fonts, "pages": len(doc.pages)}
