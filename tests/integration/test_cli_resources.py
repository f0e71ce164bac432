"""``pdflet render`` with linked files: the input's folder, --base-dir, --asset, warnings and --strict."""

from __future__ import annotations

import os
from pathlib import Path

from tests.integration.test_cli import run
from tests.resources_support.template import INDEX_HTML, layout_signature, template_files, write_template


def test_render_from_its_folder_matches_the_api_assets(tmp_path: Path):
    from pdflet.config import Settings
    from pdflet.pipeline import render_request, validate_request
    from pdflet.plugins import make_plugin_manager

    site = tmp_path / "site"
    site.mkdir()
    write_template(site)
    r = run(["render", "site/index.html", "-o", "out.pdf"], tmp_path)
    assert r.returncode == 0, r.stderr
    assert b"warning" not in r.stderr
    files = template_files()
    pm = make_plugin_manager(Settings())
    request = validate_request(pm, {"html": files.pop("index.html").decode()})
    request.assets = files
    expected = render_request(pm, request).data
    assert layout_signature((tmp_path / "out.pdf").read_bytes()) == layout_signature(expected)


def test_stdin_needs_base_dir_and_asset_maps_names(tmp_path: Path):
    site = tmp_path / "site"
    site.mkdir()
    write_template(site)
    bare = run(["render", "-", "-o", "bare.pdf"], tmp_path, stdin=INDEX_HTML.encode())
    assert bare.returncode == 0 and b"style.css was not loaded" in bare.stderr
    based = run(["render", "-", "-o", "based.pdf", "--base-dir", "site"], tmp_path, stdin=INDEX_HTML.encode())
    assert based.returncode == 0 and b"warning" not in based.stderr, based.stderr
    (tmp_path / "other.png").write_bytes((site / "logo.png").read_bytes())
    (site / "logo.png").unlink()
    mapped = run(["render", "site/index.html", "-o", "m.pdf", "--asset", "logo.png=other.png"], tmp_path)
    assert mapped.returncode == 0 and b"warning" not in mapped.stderr, mapped.stderr
    for bad in ("../x.png=other.png", "noequals", "a.png=missing.png"):
        r = run(["render", "site/index.html", "--asset", bad], tmp_path)
        assert r.returncode == 2 and r.stderr.count(b"\n") == 1, r.stderr


def test_no_escape_from_the_folder_by_dots_or_symlinks(tmp_path: Path):
    (tmp_path / "secret.css").write_text("p { color: red }")
    site = tmp_path / "site"
    site.mkdir()
    os.symlink(tmp_path / "secret.css", site / "link.css")
    html = '<link rel=stylesheet href="../secret.css"><link rel=stylesheet href="link.css"><p>x</p>'
    (site / "index.html").write_text(html)
    r = run(["render", "site/index.html", "-o", "out.pdf", "--strict"], tmp_path)
    assert r.returncode == 1
    assert b"secret.css was not loaded" in r.stderr and b"link.css was not loaded" in r.stderr
    assert b"--strict" in r.stderr and not (tmp_path / "out.pdf").exists()
    lenient = run(["render", "site/index.html", "-o", "out.pdf"], tmp_path)
    assert lenient.returncode == 0 and (tmp_path / "out.pdf").exists()
