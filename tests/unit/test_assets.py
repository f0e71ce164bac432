"""Request assets: names, URL resolution clamped to the asset tree, the fetcher door, sheets and the report."""

from __future__ import annotations

import os
from pathlib import Path

import brotli
import pytest

from pdflet.config import Settings
from pdflet.pipeline import render_request, validate_request
from pdflet.plugins import make_plugin_manager
from pdflet.renderers.assets import (
    AssetNameError,
    FolderAssets,
    MappingAssets,
    asset_name_of,
    check_asset_name,
    resolve_url,
)
from pdflet.renderers.report import MAX_WARNINGS, RenderReport
from pdflet.renderers.reportlab.fonts_faces import woff2_directory
from pdflet.renderers.reportlab.layout.images import image_candidates
from pdflet.renderers.resources import Fetcher, Resource, ResourceError
from tests.resources_support.template import INDEX_HTML, layout_signature, make_woff2, png, template_files


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(Settings())


def render(pm, html: str, assets: dict[str, bytes] | None = None, folder: str | None = None, **body):
    request = validate_request(pm, {"html": html, **body})
    request.assets = dict(assets or {})
    request.asset_folder = folder
    return render_request(pm, request)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "a/../../b", "a\\b", "..\\..\\win.ini", "a\x00b", "", "  ", "c:/x",
     "a/\x1fb", "./..", "x" * 2000],
)
def test_hostile_asset_names_are_refused(name):
    with pytest.raises(AssetNameError):
        check_asset_name(name)


def test_asset_names_are_canonical():
    assert check_asset_name("fonts/Inter.woff2") == "fonts/Inter.woff2"
    assert check_asset_name("./a//b/./c.png") == "a/b/c.png"
    assert check_asset_name("logo (1).png") == "logo (1).png"


@pytest.mark.parametrize(
    ("url", "base", "name"),
    [
        ("logo.png", None, "logo.png"),
        ("../../../../etc/passwd", None, "etc/passwd"),  # clamped at the root of the tree
        ("/fonts/a.woff2", None, "fonts/a.woff2"),
        ("../img/x.png", "https://assets.pdflet.invalid/css/base.css", "img/x.png"),
        ("%2e%2e/%2e%2e/etc/passwd", None, None),  # an encoded .. is never an asset name
        ("a%5Cb", None, None),
        ("logo%20big.png", None, "logo big.png"),
    ],
)
def test_relative_urls_resolve_inside_the_tree(url, base, name):
    assert asset_name_of(resolve_url(url, base)) == name


def test_fetcher_serves_assets_and_reports_what_it_refuses():
    fetcher = Fetcher(assets=MappingAssets({"logo.png": b"PNG", "css/a.css": b"x{}"}))
    assert fetcher.fetch("logo.png").data == b"PNG"
    assert fetcher.fetch("./css/../logo.png").mime_type == "image/png"
    assert fetcher.fetch("a.css", "https://assets.pdflet.invalid/css/main.css").data == b"x{}"
    for url in ("missing.png", "../../etc/passwd", "https://example.com/x.png", "file:///etc/passwd"):
        with pytest.raises(ResourceError):
            fetcher.fetch(url)
    urls = [w["url"] for w in fetcher.report.warnings()]
    assert urls == ["missing.png", "etc/passwd", "https://example.com/x.png", "file:///etc/passwd"]
    assert all(w["type"] == "resource" and w["reason"] for w in fetcher.report.warnings())


def test_the_hook_gets_absolute_urls_and_assets_never_reach_it():
    seen = []
    fetcher = Fetcher(hook=lambda url: seen.append(url) or Resource(b"css", "text/css"),
                      assets=MappingAssets({"sent.css": b"x{}"}))
    fetcher.fetch("b.css", "https://cdn.example.com/a/main.css")
    assert fetcher.fetch("sent.css").data == b"x{}"
    assert seen == ["https://cdn.example.com/a/b.css"]


def test_a_relative_reference_naming_no_asset_goes_to_the_hook_as_written_from_the_document():
    seen = []
    fetcher = Fetcher(hook=lambda url: seen.append(url) or None, assets=MappingAssets({}))
    with pytest.raises(ResourceError, match="no asset named"):  # nobody serves it: refused as before
        fetcher.fetch("img/../support/a.png", "https://assets.pdflet.invalid/css/../index.html")
    served = Fetcher(hook=lambda url: Resource(b"PNG", "image/png") if url == "support/b.png" else None)
    assert served.fetch("../support/b.png", "https://assets.pdflet.invalid/css/site.css").data == b"PNG"
    assert seen == ["support/a.png"]
    with pytest.raises(ResourceError):  # names that leave the tree never reach it
        served.fetch("../../etc/passwd")


def test_folder_assets_stay_inside_the_folder(tmp_path: Path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "in.css").write_text("p{}")
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", tmp_path / "site" / "link.txt")
    os.symlink(tmp_path, tmp_path / "site" / "up")
    source = FolderAssets(tmp_path / "site", 1000)
    assert source.get("in.css") == b"p{}"
    assert source.get("link.txt") is None
    assert source.get("up/secret.txt") is None
    assert source.get("../secret.txt") is None
    assert source.get("nope") is None


def test_report_keeps_one_of_each_and_is_bounded():
    report = RenderReport()
    for _ in range(3):
        report.warn("resource", "a.png was not loaded", url="a.png")
    assert report.warnings() == [{"type": "resource", "message": "a.png was not loaded", "url": "a.png",
                                  "count": 3}]
    for i in range(MAX_WARNINGS + 10):
        report.warn("css", f"w{i}")
    assert len(report.warnings()) == MAX_WARNINGS + 1
    assert report.warnings()[-1]["type"] == "limit"


def test_srcset_candidates_best_first_then_src():
    assert image_candidates("a.png", "b.png 1x, c.png 2x") == ["c.png", "b.png", "a.png"]
    assert image_candidates(None, "s.png 300w, l.png 900w") == ["l.png", "s.png"]
    data = "data:image/png;base64,AAA,BBB"
    assert image_candidates("", f"{data} 2x, x.png") == [data, "x.png"]


def test_template_renders_the_same_from_assets_and_from_a_folder(pm, tmp_path: Path):
    files = template_files()
    html = files.pop("index.html").decode()
    from_assets = render(pm, html, files)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    from_folder = render(pm, html, folder=str(tmp_path))
    assert from_assets.warnings == from_folder.warnings == []
    sig = layout_signature(from_assets.data)
    assert sig == layout_signature(from_folder.data)
    assert sig["fonts"][0].startswith("UserFont-")  # the WOFF2 is embedded
    assert len(sig["images"]) == 2  # the logo and the background from ../img/dot.png


def test_missing_assets_and_fonts_are_reported(pm):
    out = render(pm, INDEX_HTML.replace("<h1", "<h1 style=\"font-family: 'Nope Sans', Arial\""))
    messages = " | ".join(w["message"] for w in out.warnings)
    assert "style.css was not loaded" in messages and "logo.png was not loaded" in messages
    font = [w for w in out.warnings if w["type"] == "font"]
    assert font == [{"type": "font", "family": "Nope Sans", "replacement": "Arial",
                     "message": "Font family 'Nope Sans' is not available; 'Arial' was used instead."}]


def test_import_loop_and_depth_are_cut_and_reported(pm):
    assets = {"a.css": b'@import "b.css"; p { color: red }', "b.css": b'@import url(a.css); p { margin: 0 }',
              **{f"d{i}.css": f'@import "d{i + 1}.css";'.encode() for i in range(20)}}
    out = render(pm, '<link rel=stylesheet href="a.css"><link rel=stylesheet href="d0.css"><p>x</p>', assets)
    kinds = {w["message"].split(":")[0] for w in out.warnings}
    assert "@import loop" in kinds
    assert any(w["type"] == "limit" and "@import nested" in w["message"] for w in out.warnings)


def test_a_woff2_bomb_is_a_warning_not_a_failure(pm):
    good = make_woff2()
    start, _declared = woff2_directory(good)
    stream = brotli.compress(b"\0" * (8 * 1024 * 1024), quality=1)
    bomb = bytearray(good[:start] + stream)
    bomb[8:12] = len(bomb).to_bytes(4, "big")
    bomb[20:24] = len(stream).to_bytes(4, "big")
    html = '<style>@font-face{font-family:B;src:url(b.woff2)} p{font-family:B}</style><p>hi</p>'
    out = render(pm, html, {"b.woff2": bytes(bomb)})
    assert out.pages == 1
    types = sorted(w["type"] for w in out.warnings)
    assert types == ["font", "font", "resource"]  # no usable source, family replaced, the refused file


def test_svg_image_href_resolves_against_assets(pm):
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
           b'height="20"><image xlink:href="../img/dot.png" width="40" height="20"/></svg>')
    out = render(pm, '<img src="art/logo.svg"><svg width="10" height="10"><image href="img/dot.png" width="10" '
                     'height="10"/></svg>', {"art/logo.svg": svg, "img/dot.png": png()})
    assert out.warnings == []
    sig = layout_signature(out.data)
    assert len(sig["images"]) == 2


def test_ignored_css_is_reported_once_per_property(pm):
    html = ('<style>p { colr: red; color: blorp; -webkit-print-color-adjust: exact; --brand: red }</style>'
            '<p style="float: sideways">x</p><h1>t</h1><table><tr><td>c</td></tr></table><ul><li>l</li></ul>')
    out = render(pm, html)
    assert {w["property"] for w in out.warnings} == {"colr", "color", "float"}
    assert all(w["type"] == "css" for w in out.warnings)
    assert render(pm, "<h1>a</h1><table><tr><th>b</th></tr></table><pre>c</pre><ol><li>d</li></ol>").warnings == []


def test_render_pdf_takes_assets_and_a_folder(tmp_path: Path):
    from pdflet import render_pdf
    from pdflet.errors import InvalidRequest

    files = template_files()
    html = files.pop("index.html").decode()
    from_assets = render_pdf(html, assets=files)
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert layout_signature(render_pdf(html, base_dir=str(tmp_path))) == layout_signature(from_assets)
    with pytest.raises(InvalidRequest):
        render_pdf(html, assets={"../x": b""})


def test_font_face_limits_are_reported(pm, monkeypatch):
    from pdflet.renderers.reportlab import webfonts

    monkeypatch.setattr(webfonts, "MAX_FONT_FACES", 2)
    faces = "".join(f"@font-face{{font-family:F{i};src:url(data:,x)}}" for i in range(4))
    out = render(pm, f"<style>{faces}</style><p>x</p>")
    assert any("4 @font-face rules; only the first 2" in w["message"] for w in out.warnings)


def test_linked_sheets_resolve_their_urls_against_their_own_folder(pm):
    assets = {
        "css/site.css": b'@import "base.css"; h1 { color: rgb(255, 0, 0) }',
        "css/base.css": b"p { color: rgb(0, 0, 255) }",
    }
    out = render(pm, "<link rel=stylesheet href=css/site.css><h1>Title</h1><p>text</p>", assets)
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(out.data)) as doc:
        colors = {c["text"]: tuple(c["non_stroking_color"]) for c in doc.pages[0].chars}
    assert colors["T"] == (1, 0, 0) and colors["t"] == (0, 0, 1)


def test_broken_and_oversized_images_are_reported(pm):
    huge = png((255, 255, 255), (6000, 6000))  # 36 megapixels in a few kilobytes
    out = render(pm, '<img src="bad.png"><img src="huge.png"><img src="x.svg"><p>x</p>',
                 {"bad.png": b"\x89PNG garbage", "huge.png": huge, "x.svg": b"<svg><nope"})
    reasons = {w["url"]: w["reason"] for w in out.warnings}
    assert reasons["bad.png"].startswith("not an image")
    assert "over 30000000 pixels" in reasons["huge.png"]
    assert "SVG" in reasons["x.svg"]


def test_content_dropped_by_limits_is_reported(pm):
    deep = "<div>" * 100 + "deep" + "</div>" * 100
    out = render(pm, deep)
    assert [w["type"] for w in out.warnings] == ["limit"] and "flattened" in out.warnings[0]["message"]
    raw = "<span>" * 1200 + "raw" + "</span>" * 1200
    assert any("flattened" in w["message"] for w in render(pm, raw).warnings)
    boxes = "".join(f'<div style="position:absolute; top:{i % 700}px">b</div>' for i in range(520))
    assert any("positioned boxes" in w["message"] for w in render(pm, boxes).warnings)
    assert render(pm, "<div>" * 10 + "fine" + "</div>" * 10).warnings == []


def test_malformed_urls_are_warnings_everywhere(pm):
    bad = "http://[::1"
    html = (f'<link rel=stylesheet href="{bad}"><style>@import "{bad}"; '
            f'@font-face {{ font-family: X; src: url("{bad}") }} p {{ background-image: url("{bad}"); font-family: X }}'
            f'</style><img src="{bad}"><p>x</p>')
    out = render(pm, html, {"ok.png": png()})
    assert out.pages == 1
    assert any("malformed URL" in w["message"] for w in out.warnings)
    css = b'@import "http://[::1/x.css"; p { background: url("//[bad") }'
    out = render(pm, '<link rel=stylesheet href="s/a.css"><p>x</p>', {"s/a.css": css})
    assert out.pages == 1 and out.warnings
