"""web/openapi.py and web/declare.py: every API route is declared, and the document is made from the declarations.

A route added to the app's table without a declaration, a method without one, a public flag
that disagrees with the declared scopes, or a declared body schema that is not valid JSON
Schema fails here; what the handlers do with the bodies is checked over HTTP in
tests/integration/test_declared_bodies.py.
"""

from __future__ import annotations

import re
import types

import jsonschema
import pytest
from openapi_spec_validator import validate

from pdflet.plugins import collect_renderers, make_plugin_manager
from pdflet.web.app import API_ROUTES
from pdflet.web.base import ApiHandler, BaseHandler
from pdflet.web.declare import Operation
from pdflet.web.openapi import build_openapi, openapi_path

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def implemented(handler: type) -> list[str]:
    return [m for m in METHODS if getattr(handler, m.lower()) is not getattr(BaseHandler, m.lower())]


@pytest.fixture(scope="module")
def document():
    pm = make_plugin_manager()
    return build_openapi(types.SimpleNamespace(pm=pm, renderers=collect_renderers(pm)), API_ROUTES)


@pytest.mark.parametrize(("pattern", "handler"), API_ROUTES, ids=[p for p, _h in API_ROUTES])
def test_every_method_of_every_route_is_declared(pattern, handler):
    declared = getattr(handler, "operations", {})
    assert set(implemented(handler)) == set(declared), f"{pattern}: methods and declarations differ"
    assert all(isinstance(op, Operation) for op in declared.values())
    groups = re.compile(pattern).groups
    for method, op in declared.items():
        names = [p["name"] for p in op.parameters if p["in"] == "path"]
        assert len(names) == groups, f"{method} {pattern} declares {names} for {groups} path groups"


@pytest.mark.parametrize(("pattern", "handler"), API_ROUTES, ids=[p for p, _h in API_ROUTES])
def test_public_handlers_declare_no_scope_and_the_others_one_each(pattern, handler):
    scopes = [op.scope for op in handler.operations.values()]
    if issubclass(handler, ApiHandler) and not handler.public:
        assert all(scopes), f"{pattern}: an authenticated method without a scope would be closed"
    else:
        assert not any(scopes), f"{pattern}: a scope on a route that checks no credentials means nothing"


def test_the_document_is_valid_and_has_one_operation_per_declaration(document):
    validate(document)
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    declared = {(openapi_path(p, h.operations), m) for p, h in API_ROUTES for m in h.operations}
    assert documented == declared
    ids = [op["operationId"] for item in document["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_declared_bodies_are_valid_json_schema_and_named_ones_are_components(document):
    for _pattern, handler in API_ROUTES:
        for op in handler.operations.values():
            if op.body is not None:
                jsonschema.Draft202012Validator.check_schema(op.body)
            if op.body_name:
                assert document["components"]["schemas"][op.body_name] is op.body


def test_every_reference_resolves(document):
    refs = re.findall(r"'\$ref': '#/components/(\w+)/([\w-]+)'", str(document))
    assert refs
    for kind, name in refs:
        assert name in document["components"][kind], name


def test_paths_are_written_from_the_patterns():
    get = Operation("x", "x", None, responses={}, parameters=({"name": "id", "in": "path"},))
    assert openapi_path(r"/api/v1/keys/([^/]+)/rotate/?", {"POST": get}) == "/api/v1/keys/{id}/rotate/"
    assert openapi_path(r"/api/v1/openapi\.json", {}) == "/api/v1/openapi.json"
