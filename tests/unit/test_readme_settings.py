"""The README's configuration table lists every setting pdflet reads, and its API table every API route."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def readme_section(name: str) -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8").split(f"## {name}\n", 1)[1].split("\n## ", 1)[0]


def test_every_setting_is_in_the_configuration_table():
    read = set(re.findall(r'"(PDFLET_[A-Z_]+)"', (ROOT / "pdflet" / "config.py").read_text()))
    table = readme_section("Configuration")
    assert read and not [name for name in sorted(read) if f"`{name}`" not in table]


def test_every_api_route_is_in_the_api_table():
    from pdflet.web.app import API_ROUTES

    table = readme_section("API")
    for pattern, _handler in API_ROUTES:
        path = pattern.replace("([^/]+)", "{id}").replace("/?", "/").replace("\\", "")
        assert path in table, path
