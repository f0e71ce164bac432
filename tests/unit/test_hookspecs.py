"""Every hook spec follows the house rules: named pdflet_<verb>_<noun>, typed, documented, firstresult said."""

from __future__ import annotations

import inspect
import re

import pytest

from pdflet import hookspecs

HOOKS = [
    (name, func) for name, func in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("pdflet_")
]
NAME = re.compile(r"^pdflet_[a-z]+_[a-z_]+$")


def test_the_hooks_we_promise_exist():
    names = {name for name, _ in HOOKS}
    assert {"pdflet_register_renderers", "pdflet_request_fields", "pdflet_prepare_request",
            "pdflet_process_pdf", "pdflet_fetch_resource"} <= names


@pytest.mark.parametrize(("name", "func"), HOOKS, ids=[n for n, _ in HOOKS])
def test_hook_is_named_typed_and_documented(name, func):
    assert NAME.match(name), f"{name} is not pdflet_<verb>_<noun>"
    signature = inspect.signature(func)
    assert signature.return_annotation is not inspect.Signature.empty, f"{name} has no return type"
    for param in signature.parameters.values():
        assert param.annotation is not inspect.Parameter.empty, f"{name}({param.name}) has no type"
    doc = inspect.getdoc(func) or ""
    assert len(doc.splitlines()) >= 3, f"{name} needs a docstring with its arguments and result"
    for param in signature.parameters:
        assert f"{param}:" in doc, f"{name}'s docstring does not describe {param!r}"


@pytest.mark.parametrize(("name", "func"), HOOKS, ids=[n for n, _ in HOOKS])
def test_firstresult_is_declared_and_said(name, func):
    opts = getattr(func, f"{hookspecs.PROJECT}_spec")
    says = "first non-None result" in (inspect.getdoc(func) or "")
    assert bool(opts.get("firstresult")) == says, f"{name}: firstresult and its docstring disagree"
