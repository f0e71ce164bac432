"""Each declared JSON body schema is what its handler enforces, over HTTP.

For every operation the served OpenAPI document gives a JSON body, the server must refuse
(400, the contract's error shape) a body that breaks the schema: one without a required
field, with a field the schema does not allow, or with a field of another type. A handler
that stops validating a field, or a schema that promises a check nobody makes, turns a
case red. Valid bodies are covered by each route's own tests.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from pdflet.services.keys import create_key
from pdflet.services.principal import SCOPES
from tests.helpers import new_key, new_user

WRONG = ["zz-not-this", 12345, 1.5, [1], {"a": 1}, True]
JSON_TYPES = {str: "string", int: "integer", float: "number", list: "array", dict: "object", bool: "boolean"}


def resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` and a single ``allOf`` to the object schema they stand for."""
    while True:
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        elif len(schema.get("allOf", ())) == 1:
            schema = schema["allOf"][0]
        else:
            return schema


def types_of(prop: dict[str, Any]) -> set[str]:
    declared = prop.get("type", [])
    return {declared} if isinstance(declared, str) else set(declared)


def matches(value: Any, prop: dict[str, Any]) -> bool:
    """Would ``value`` pass ``prop``'s type and enum?"""
    kinds = types_of(prop)
    kind = JSON_TYPES[type(value)]
    if "enum" in prop and value not in prop["enum"]:
        return False
    return not kinds or kind in kinds or (kind == "integer" and "number" in kinds)


def sample(prop: dict[str, Any]) -> Any:
    """A value the property accepts."""
    if "enum" in prop:
        return next(v for v in prop["enum"] if v is not None)
    kinds = types_of(prop)
    if "string" in kinds:
        return "x"
    if "integer" in kinds:
        return prop.get("minimum", 1)
    if "array" in kinds:
        return [sample(prop["items"])]
    return None


def required_of(schema: dict[str, Any]) -> list[str]:
    if "required" in schema:
        return list(schema["required"])
    return [alt["required"][0] for alt in schema.get("anyOf", ()) if "required" in alt][:1]


def cases(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(what is wrong, body) for every way this schema can be broken one field at a time."""
    props = schema.get("properties", {})
    base = {name: sample(props[name]) for name in required_of(schema)}
    found = [(f"without {name}", {k: v for k, v in base.items() if k != name}) for name in base]
    if schema.get("additionalProperties") is False:
        found.append(("with an undeclared field", {**base, "zz_undeclared": 1}))
    for name, prop in props.items():
        if types_of(prop) or "enum" in prop:
            wrong = next(v for v in WRONG if not matches(v, prop))
            found.append((f"{name}={wrong!r}", {**base, name: wrong}))
    return found


def json_operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                found.append((method.upper(), path, resolve(content["application/json"]["schema"], spec)))
    return found


def test_every_declared_body_is_enforced(server, db):
    spec = server.get("/api/v1/openapi.json").json()
    operations = json_operations(spec)
    assert {path for _m, path, _s in operations} >= {"/api/v1/pdf/", "/api/v1/keys/", "/api/v1/auth/jwt/create/"}
    user = new_user()
    failures = []
    for method, path, schema in operations:
        headers = {"X-API-Key": new_key(user, scopes=list(SCOPES))}
        url = server.url + path.replace("{id}", str(create_key(user, "target", scopes=["pdf:create"]).record.id))
        for what, body in cases(schema):
            r = requests.request(method, url, json=body, headers=headers, timeout=60)
            if r.status_code != 400 or set(r.json()) != {"detail", "code"}:
                failures.append(f"{method} {path} {what}: {r.status_code} {r.text[:120]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize(("prop", "value", "ok"), [
    ({"type": ["integer", "null"]}, 3, True), ({"type": ["integer", "null"]}, "x", False),
    ({"enum": ["a", None]}, "b", False), ({"type": "number"}, 3, True), ({"type": "boolean"}, 1, False),
])
def test_the_type_check_of_this_test(prop, value, ok):
    assert matches(value, prop) is ok
