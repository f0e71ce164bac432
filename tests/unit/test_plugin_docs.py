"""docs/plugins.md keeps up with pdflet/hookspecs.py: every hook documented with its signature and tested.

As datasette does: adding a hook without documenting it, or without a test that implements it, fails here.
"""

from __future__ import annotations

import inspect
import re
import types
from pathlib import Path

import pytest

from pdflet import hookspecs
from pdflet.config import Settings
from pdflet.pipeline import render_request, validate_request
from pdflet.plugins import make_plugin_manager
from tests.helpers import pdf_pages, pdf_text

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
HOOKS = sorted(name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("pdflet_"))
SELF = {Path(__file__).name, "test_hookspecs.py"}


def documented_signature(name: str) -> str:
    section = re.search(rf"^### {name}\n(.*?)(?=^### |^## |\Z)", DOC, re.S | re.M)
    assert section, f"docs/plugins.md has no '### {name}' section"
    found = re.search(rf"^def ({name}\(.*?\) -> .*?):$", section.group(1), re.M)
    assert found, f"the '### {name}' section shows no 'def {name}(...) -> ...:' signature"
    return found.group(1)


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_its_signature(name):
    spec = inspect.signature(getattr(hookspecs, name))
    params = ", ".join(f"{p.name}: {p.annotation}" for p in spec.parameters.values())
    assert documented_signature(name) == f"{name}({params}) -> {spec.return_annotation}"


def test_the_doc_documents_no_hook_that_does_not_exist():
    assert sorted(set(re.findall(r"^### (pdflet_\w+)$", DOC, re.M))) == HOOKS


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_has_a_test_implementing_it(name):
    implemented = [
        path for path in (ROOT / "tests").rglob("*.py")
        if path.name not in SELF and re.search(rf"def {name}\(", path.read_text(encoding="utf-8"))
        and (path.name.startswith("test_") or any(
            other.name.startswith("test_") and path.stem in other.read_text(encoding="utf-8")
            for other in (ROOT / "tests").rglob("test_*.py")))
    ]
    assert implemented, f"no test implements {name}: add one (tests/unit/test_hookspecs_calls.py shows how)"


def test_the_twenty_line_renderer_example_works():
    code = re.search(r"<!-- example: renderer -->\n```python\n(.*?)```", DOC, re.S).group(1)
    body = [line for line in code.splitlines()
            if line.strip() and not line.startswith(("import ", "from ", "@", "class ", "def "))]
    assert len(body) <= 20, "the example has grown past twenty lines of code"
    module = types.ModuleType("pdflet_plaintext")
    exec(compile(code, "docs/plugins.md", "exec"), module.__dict__)  # noqa: S102 - our own documentation
    pm = make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[module])
    html = "<h1>Title</h1>" + "".join(f"<p>Line {i}</p>" for i in range(60))
    request = validate_request(pm, {"html": html, "renderer": "plaintext", "options": {"page_size": "A5"}})
    output = render_request(pm, request)
    assert output.renderer == "plaintext" and output.pages == pdf_pages(output.data) == 2
    text = pdf_text(output.data)
    assert "Title" in text and "Line 59" in text


def test_python_snippets_in_the_doc_compile():
    for number, code in enumerate(re.findall(r"```python\n(.*?)```", DOC, re.S)):
        if code.lstrip().startswith("@hookimpl") and code.rstrip().endswith(":"):
            code += "    ...\n"  # a bare signature block
        compile(code, f"docs/plugins.md snippet {number}", "exec")
