"""The Gotenberg-compatible routes, driven by the curl examples of Gotenberg's documentation.

Each example is run with curl as written there (Chromium HTML and Markdown routes: basics, assets, page layout,
background, header and footer, metadata, native page ranges), with only the host and our auth header changed.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.helpers import pdf_pages, pdf_text
from tests.integration.test_pdf_api import assert_error
from tests.resources_support.template import png

INDEX = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>My PDF</title>
  </head>
  <body>
    <h1>Hello world!</h1>
    <img src="img.png" />
  </body>
</html>"""
MD_INDEX = INDEX.replace("<h1>Hello world!</h1>", '{{ toHTML "file.md" }}')
HEADER = """<html><head><style>body { font-size: 8px; margin: 0 20px; }</style></head>
<body><p>Page <span class="pageNumber"></span> of <span class="totalPages"></span></p></body></html>"""
METADATA = ('{"Author":"Julien Neuhart","Copyright":"Julien Neuhart","CreationDate":"2006-09-18T16:27:50-04:00",'
            '"Creator":"Gotenberg","Keywords":["first","second"],"Marked":true,"ModDate":"2006-09-18T16:27:50-04:00",'
            '"PDFVersion":1.7,"Producer":"Gotenberg","Subject":"Sample","Title":"Sample","Trapped":"Unknown"}')

HTML = "--form files=@/path/to/index.html"
MD = "--form files=@/path/to/index.html --form files=@/path/to/file.md"
EXAMPLES = {
    "basics": "",
    "assets": "--form files=@/path/to/img.png",
    "page layout": ("--form paperWidth=8.27 --form paperHeight=11.7 --form marginTop=1 --form marginBottom=1 "
                    "--form marginLeft=1 --form marginRight=1 --form landscape=true --form scale=2.0"),
    "background": "--form printBackground=true --form emulatedMediaType=screen",
    "header and footer": "--form files=@/path/to/header.html --form files=@/path/to/footer.html",
    "outline": "--form generateDocumentOutline=true",
    "metadata": f"--form 'metadata={METADATA}'",
    "native page ranges": "--form nativePageRanges=1-5",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "img.png").write_bytes(png())
    (tmp_path / "header.html").write_text(HEADER)
    (tmp_path / "footer.html").write_text(HEADER)
    (tmp_path / "file.md").write_text("# Title from Markdown\n\nSome *text*:\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    (tmp_path / "md").mkdir()
    (tmp_path / "md" / "index.html").write_text(MD_INDEX)
    return tmp_path


def curl(server, api_key: str, route: str, form: str, folder: Path, out: Path) -> tuple[int, bytes]:
    import shlex

    args = shlex.split(form.replace("/path/to/", f"{folder}/"))
    result = subprocess.run(
        ["curl", "-sS", "--request", "POST", f"{server.url}{route}", "-H", f"X-API-Key: {api_key}", *args,
         "-o", str(out), "-w", "%{http_code}"],
        capture_output=True, timeout=60, check=True,
    )
    return int(result.stdout.decode()), out.read_bytes()


@pytest.mark.parametrize("example", list(EXAMPLES))
def test_html_route_examples(server, api_key, folder, tmp_path, example):
    status, body = curl(server, api_key, "/forms/chromium/convert/html", f"{HTML} {EXAMPLES[example]}",
                        folder, tmp_path / "my.pdf")
    assert status == 200, body[:300]
    assert body.startswith(b"%PDF-")
    assert "Hello world!" in pdf_text(body)
    reader = PdfReader(io.BytesIO(body))
    box = reader.pages[0].mediabox
    if example == "page layout":
        assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape, scaled back
    elif example != "metadata":
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # Letter, Gotenberg's default
    if example == "metadata":
        info = reader.metadata
        assert (info.title, info.author, info.subject, info["/Keywords"]) == ("Sample", "Julien Neuhart", "Sample",
                                                                            "first, second")
        assert info["/Creator"] == "Gotenberg" and info["/CreationDate"] == "D:20060918162750-04'00'"
    if example == "header and footer":
        assert "Page 1 of 1" in pdf_text(body)


@pytest.mark.parametrize("example", ["basics", "assets", "header and footer"])
def test_markdown_route_examples(server, api_key, folder, tmp_path, example):
    form = MD.replace("/path/to/index.html", "/path/to/md/index.html") + " " + EXAMPLES[example]
    status, body = curl(server, api_key, "/forms/chromium/convert/markdown", form, folder, tmp_path / "my.pdf")
    assert status == 200, body[:300]
    text = pdf_text(body)
    assert "Title from Markdown" in text and "{{" not in text


def test_scale_zooms_the_content(server, key_headers):
    files = [("files", ("index.html", b"<p style='font-size:10px'>zoom</p>"))]
    sizes = []
    for scale in ("1", "2"):
        r = server.post("/forms/chromium/convert/html", files=[*files, ("scale", (None, scale))], headers=key_headers)
        assert r.status_code == 200, r.text
        import pdfplumber

        with pdfplumber.open(io.BytesIO(r.content)) as doc:
            sizes.append(round(doc.pages[0].chars[0]["size"], 1))
    assert sizes[1] == pytest.approx(sizes[0] * 2, rel=0.02)


def test_page_ranges_and_single_page(server, key_headers):
    long_doc = b"".join(b"<p style='break-after: page'>page</p>" for _ in range(4))
    files = [("files", ("index.html", long_doc))]
    r = server.post("/forms/chromium/convert/html", files=[*files, ("nativePageRanges", (None, "2-3"))],
                    headers=key_headers)
    assert r.status_code == 200 and pdf_pages(r.content) == 2 and r.headers["X-Pdflet-Pages"] == "2"
    flowing = [("files", ("index.html", b"".join(b"<p>line %d</p>" % i for i in range(150))))]
    r = server.post("/forms/chromium/convert/html", files=flowing, headers=key_headers)
    assert pdf_pages(r.content) > 2
    r = server.post("/forms/chromium/convert/html", files=[*flowing, ("singlePage", (None, "true"))],
                    headers=key_headers)
    assert r.status_code == 200 and pdf_pages(r.content) == 1
    assert "line 149" in pdf_text(r.content)
    r = server.post("/forms/chromium/convert/html", files=[*files, ("nativePageRanges", (None, "9-12"))],
                    headers=key_headers)
    assert_error(r, 422, "render_failed")


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [("splitMode", "intervals", "splitMode"), ("waitDelay", "5s", "waitDelay"), ("paperWidth", "wide", "paperWidth"),
     ("landscape", "maybe", "landscape"), ("scale", "9", "scale"), ("nativePageRanges", "5-1", "nativePageRanges"),
     ("emulatedMediaType", "tv", "emulatedMediaType"), ("metadata", '{"Colour": 1}', "Colour"),
     ("metadata", "[1]", "metadata"), ("options", "{}", "options"), ("scale", "0.1", "scale")],
)
def test_unknown_and_bad_fields_are_a_400_naming_them(server, key_headers, field, value, named):
    paper = [("paperHeight", (None, "150"))] if field == "scale" and value == "0.1" else []  # 1500 in scaled
    r = server.post("/forms/chromium/convert/html", headers=key_headers,
                    files=[("files", ("index.html", b"<p>x</p>")), (field, (None, value)), *paper])
    assert named in assert_error(r, 400, "invalid_request")["detail"]


def test_gotenberg_routes_need_credentials_and_index_html(server, key_headers, bearer):
    files = [("files", ("index.html", b"<p>x</p>"))]
    assert_error(server.post("/forms/chromium/convert/html", files=files), 401, "not_authenticated")
    assert server.post("/forms/chromium/convert/html", files=files, headers=bearer).status_code == 200
    r = server.post("/forms/chromium/convert/html", files=[("files", ("page.html", b"<p>x</p>"))],
                    headers=key_headers)
    assert "index.html" in assert_error(r, 400, "invalid_request")["detail"]
    r = server.post("/forms/chromium/convert/markdown", files=files, headers=key_headers)
    assert ".md" in assert_error(r, 400, "invalid_request")["detail"]
    r = server.post("/forms/chromium/convert/markdown", headers=key_headers,
                    files=[("files", ("index.html", b'{{ toHTML "nope.md" }}')), ("files", ("a.md", b"# a"))])
    assert "nope.md" in assert_error(r, 400, "invalid_request")["detail"]


def test_emulated_screen_media_and_print_background(server, key_headers):
    html = (b"<style>@media screen { .s { display: none } } @media print { .p { display: none } }"
            b"body { background: #123456 }</style><p class=s>only-print</p><p class=p>only-screen</p>")
    texts = {}
    for media in ("print", "screen"):
        r = server.post("/forms/chromium/convert/html", headers=key_headers,
                        files=[("files", ("index.html", html)), ("emulatedMediaType", (None, media))])
        assert r.status_code == 200, r.text
        texts[media] = pdf_text(r.content)
    assert "only-print" in texts["print"] and "only-screen" not in texts["print"]
    assert "only-screen" in texts["screen"] and "only-print" not in texts["screen"]


def test_markdown_that_is_not_utf8_is_a_400_from_the_worker(server, key_headers):
    r = server.post("/forms/chromium/convert/markdown", headers=key_headers,
                    files=[("files", ("index.html", b'{{ toHTML "a.md" }}')), ("files", ("a.md", b"\xff\xfe"))])
    assert "a.md" in assert_error(r, 400, "invalid_request")["detail"]
