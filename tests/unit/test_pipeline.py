"""The render path through plugins, in-process: validation, pre/post-processing, failures."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from pdflet import hookimpl
from pdflet.config import Settings
from pdflet.errors import InvalidRequest, RenderFailed
from pdflet.pipeline import render_request, safe_filename, validate_request
from pdflet.plugins import collect_renderers, list_plugins, make_plugin_manager
from pdflet.request import RequestFields
from tests.plugins import pdflet_testplugins


class Shout:
    """A pre- and post-processor: upper-cases a ``shout`` field into the HTML, appends a marker page count."""

    @hookimpl
    def pdflet_request_fields(self):
        return RequestFields(fields=("shout",), options=("marker",), html_sources=("shout",))

    @hookimpl
    def pdflet_prepare_request(self, request):
        if "shout" in request.plugin_fields:
            request.html = f"<p>{request.plugin_fields['shout'].upper()}</p>"

    @hookimpl
    def pdflet_process_pdf(self, output, request):
        if request.plugin_options.get("marker"):
            output.data = output.data + b"\n% marker\n"


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[pdflet_testplugins, Shout()])


def test_builtin_renderer_is_a_plugin_and_default(pm):
    renderers = collect_renderers(pm)
    assert "reportlab" in renderers and "test-crash" in renderers
    names = {p.name for p in list_plugins(pm)}
    assert "pdflet.renderers.reportlab.plugin" in names


def test_plugin_field_can_replace_html_and_options_pass_through(pm):
    request = validate_request(pm, {"shout": "quiet words", "options": {"marker": True}})
    output = render_request(pm, request)
    assert output.data.endswith(b"% marker\n")
    assert "QUIET WORDS" in PdfReader(io.BytesIO(output.data)).pages[0].extract_text()


def test_unknown_fields_name_every_known_one(pm):
    with pytest.raises(InvalidRequest) as info:
        validate_request(pm, {"html": "x", "shoot": 1})
    assert "shoot" in info.value.detail and "shout" in info.value.detail


def test_a_crashing_renderer_is_a_render_failed_naming_it(pm):
    request = validate_request(pm, {"html": "<p>x</p>", "renderer": "test-crash"})
    with pytest.raises(RenderFailed, match="test-crash"):
        render_request(pm, request)


def test_a_renderer_returning_garbage(pm):
    request = validate_request(pm, {"html": "<p>x</p>", "renderer": "test-garbage"})
    with pytest.raises(RenderFailed, match="not a PDF"):
        render_request(pm, request)


def test_disable_plugins_setting():
    pm = make_plugin_manager(Settings(disable_plugins=("pdflet.renderers.reportlab.plugin",)),
                             load_entrypoints=False)
    assert collect_renderers(pm) == {}
    with pytest.raises(InvalidRequest, match="none"):
        validate_request(pm, {"html": "<p>x</p>", "renderer": "reportlab"})


def test_a_misspelled_hook_fails_at_start():
    class Typo:
        @hookimpl
        def pdflet_register_renderer(self):  # missing the s
            return []

    with pytest.raises(Exception, match="pdflet_register_renderer"):
        make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[Typo()])


@pytest.mark.parametrize(("name", "expected"), [
    ("report.pdf", "report.pdf"), ("report", "report.pdf"), ('a"b', "a_b.pdf"), ("../../x.pdf", "x.pdf"),
    ("", "document.pdf"), ("....", "document.pdf"), ("ünïcode.pdf", "n_code.pdf"), ("a\r\nb", "a_b.pdf"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected
