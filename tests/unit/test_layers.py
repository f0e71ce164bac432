"""Import layering: renderers stay pure; web and admin do not import each other."""

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "pdflet"
WEB_AND_DB = ("tornado", "jinja2", "peewee", "playhouse", "pdflet.web", "pdflet.admin", "pdflet.db",
              "pdflet.services", "pdflet.cli", "pdflet.plugins", "pdflet.pipeline")


def imports_of(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in (PKG / folder).rglob("*.py"):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                found.append(f"{path.relative_to(PKG)} imports {name}")
    return found


def test_renderers_import_nothing_of_the_web_or_database():
    assert offenders("renderers", WEB_AND_DB) == []


def test_web_and_admin_stay_apart():
    assert offenders("web", ("pdflet.admin",)) == []
    assert offenders("admin", ("pdflet.web.api_pdf", "pdflet.web.api_auth", "pdflet.web.api_keys",
                               "pdflet.web.api_meta")) == []


def test_config_and_errors_use_the_standard_library_only():
    for name in ("config.py", "errors.py"):
        assert all(not n.startswith("pdflet") or n == "pdflet" for n in imports_of(PKG / name)), name


def test_the_client_needs_no_server_dependency():
    allowed = ("pdflet", "pdflet.errors", "pdflet.client")
    for path in (PKG / "client").rglob("*.py"):
        for name in imports_of(path):
            top = name.split(".")[0]
            assert top in ("__future__", "contextlib", "email", "json", "threading", "time", "collections",
                           "pathlib", "typing", "urllib", "dataclasses") or name.startswith(allowed), (path, name)
