"""Markdown in, styled PDF out: conversion, escaping, and the plugin inside pdflet's pipeline."""

from __future__ import annotations

import io
from importlib.metadata import entry_points

import pytest
from pdflet.config import Settings
from pdflet.errors import InvalidRequest
from pdflet.pipeline import render_request, validate_request
from pdflet.plugins import make_plugin_manager
from pypdf import PdfReader

from pdflet_markdown import plugin
from pdflet_markdown.convert import markdown_to_html

SOURCE = """# Quarterly *report*

Some **bold** text and `code`.

| Region | Sales |
|--------|------:|
| North  | 12    |

- one
- two

<script>alert("x")</script> and <img src="http://127.0.0.1:1/x.png">

[click](javascript:alert(1)) [site](https://example.com)
"""


def test_markdown_becomes_a_complete_styled_document():
    html = markdown_to_html(SOURCE)
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Quarterly report</title>" in html
    assert "<h1>Quarterly <em>report</em></h1>" in html
    assert "<table>" in html and '<td style="text-align:right">12</td>' in html
    assert "font-family" in html  # the default stylesheet is in the head


def test_raw_html_is_printed_as_text_and_javascript_links_are_dropped():
    html = markdown_to_html(SOURCE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert "javascript:" not in html.replace("[click](javascript:alert(1))", "")
    assert 'href="https://example.com"' in html


def test_no_title_without_a_heading():
    assert "<title>" not in markdown_to_html("just text")


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[plugin])


def test_markdown_replaces_html_in_the_pipeline(pm):
    request = validate_request(pm, {"markdown": SOURCE})
    output = render_request(pm, request)
    reader = PdfReader(io.BytesIO(output.data))
    text = reader.pages[0].extract_text()
    assert "Quarterly report" in text and "North" in text
    assert "<script>alert(" in text  # printed, not run
    assert reader.metadata.title == "Quarterly report"


def test_request_css_still_applies(pm):
    import pdfplumber

    output = render_request(pm, validate_request(pm, {"markdown": "# Big", "css": "h1 { font-size: 40pt }"}))
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        assert {round(c["size"]) for c in pdf.pages[0].chars} == {40}


@pytest.mark.parametrize(("body", "message"), [
    ({"markdown": 3}, "must be a string"),
    ({"markdown": "   "}, "empty"),
    ({"markdown": "# x", "html": "<p>y</p>"}, "not both"),
])
def test_bad_markdown_requests_are_400s(pm, body, message):
    with pytest.raises(InvalidRequest, match=message):
        render_request(pm, validate_request(pm, body))


def test_without_the_plugin_markdown_is_an_unknown_field():
    bare = make_plugin_manager(Settings(), load_entrypoints=False)
    with pytest.raises(InvalidRequest, match="markdown"):
        validate_request(bare, {"markdown": "# x"})


def test_installed_entry_point_points_at_the_plugin():
    found = [ep for ep in entry_points(group="pdflet") if ep.name == "pdflet-markdown"]
    if not found:
        pytest.skip("pdflet-markdown is not installed (pip install -e plugins/pdflet-markdown)")
    assert found[0].load() is plugin
