"""Each hook, called by pdflet the way a plugin author expects, and plugin failures naming the plugin."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PIL import Image

from pdflet import hookimpl
from pdflet.config import Settings
from pdflet.errors import InvalidRequest, RenderFailed
from pdflet.pipeline import render_request, validate_request
from pdflet.plugins import collect_renderers, list_plugins, make_plugin_manager
from pdflet.renderers.base import RenderedPdf
from pdflet.renderers.resources import Resource
from pdflet.request import RequestFields
from tests.helpers import pdf_text


def manager(**plugins: object):
    """A plugin manager with the built-ins and ``plugins`` registered under the given names."""
    pm = make_plugin_manager(Settings(), load_entrypoints=False)
    for name, plugin in plugins.items():
        pm.register(plugin, name=name)
    return pm


def render(pm, **body) -> bytes:
    return render_request(pm, validate_request(pm, {"html": "<p>Hello</p>", **body})).data


class Echo:
    """A renderer that delegates to the built-in one and says so on the page."""

    name, version, description = "echo", "1.2.3", "test renderer"

    def render(self, job):
        from pdflet.renderers.reportlab.renderer import ReportLabRenderer

        job.html = "<p>echo renderer</p>" + job.html
        data = ReportLabRenderer().render(job)
        return data if isinstance(data, RenderedPdf) else RenderedPdf(data, 1)


class RegisterPlugin:
    @hookimpl
    def pdflet_register_renderers(self):
        return [Echo()]


class ShadowPlugin:
    """Registers a second renderer called ``echo``: the first one registered keeps the name."""

    @hookimpl
    def pdflet_register_renderers(self):
        shadow = Echo()
        shadow.version = "9.9.9"
        return [shadow]


def test_pdflet_register_renderers_adds_a_renderer_chosen_per_request():
    pm = manager(**{"register-test": RegisterPlugin(), "shadow-test": ShadowPlugin()})
    renderers = collect_renderers(pm)
    assert renderers["echo"].version == "1.2.3" and "reportlab" in renderers
    assert "echo renderer" in pdf_text(render(pm, renderer="echo"))
    assert "echo renderer" not in pdf_text(render(pm))
    with pytest.raises(InvalidRequest, match="Available: echo, reportlab"):
        validate_request(pm, {"html": "<p>x</p>", "renderer": "nope"})
    assert {"register-test", "shadow-test"} <= {p.name for p in list_plugins(pm)}


class FieldsPlugin:
    @hookimpl
    def pdflet_request_fields(self):
        return RequestFields(fields=("greeting",), options=("shade",), html_sources=("greeting",))

    @hookimpl
    def pdflet_prepare_request(self, request):
        if "greeting" in request.plugin_fields:
            request.html = f"<p>{request.plugin_fields['greeting']}</p>"
        if request.plugin_options.get("shade") == "loud":
            request.html = request.html.upper()


def test_pdflet_request_fields_and_pdflet_prepare_request():
    pm = manager(fields=FieldsPlugin())
    request = validate_request(pm, {"greeting": "good morning", "options": {"shade": "loud"}})
    assert request.plugin_fields == {"greeting": "good morning"} and request.plugin_options == {"shade": "loud"}
    assert "GOOD MORNING" in pdf_text(render_request(pm, request).data)
    with pytest.raises(InvalidRequest, match="greting"):
        validate_request(pm, {"greting": "typo"})
    with pytest.raises(InvalidRequest, match="shadow"):
        validate_request(pm, {"html": "<p>x</p>", "options": {"shadow": 1}})


class PageCounter:
    @hookimpl
    def pdflet_process_pdf(self, output, request):
        output.data += b"\n% first\n"


class SecondPostProcessor:
    @hookimpl(trylast=True)
    def pdflet_process_pdf(self, output, request):
        assert output.data.endswith(b"% first\n")  # sees the previous plugin's result
        output.data += b"% second\n"


def test_pdflet_process_pdf_runs_every_plugin_in_turn():
    pm = manager(first=PageCounter(), second=SecondPostProcessor())
    assert render(pm).endswith(b"% first\n% second\n")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


class AssetServer:
    """An operator's allow-list: answers for one host, refuses the rest by returning None."""

    calls: list[str]

    def __init__(self) -> None:
        self.calls = []

    @hookimpl
    def pdflet_fetch_resource(self, url):
        self.calls.append(url)
        if url.startswith("https://assets.example/"):
            return Resource(png_bytes(), "image/png")
        return None


class NeverAsked:
    @hookimpl(tryfirst=True)
    def pdflet_fetch_resource(self, url):
        return Resource(png_bytes(), "image/png") if url.endswith("/first.png") else None


def images_in(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.images) for page in pdf.pages)


def test_pdflet_fetch_resource_lets_an_operator_allow_remote_assets():
    html = '<img src="https://assets.example/logo.png"><img src="https://elsewhere.example/x.png">'
    assert images_in(render(manager(), html=html)) == 0
    server = AssetServer()
    data = render(manager(assets=server), html=html)
    assert images_in(data) == 1
    assert server.calls == ["https://assets.example/logo.png", "https://elsewhere.example/x.png"]


def test_pdflet_fetch_resource_stops_at_the_first_answer():
    server = AssetServer()
    pm = manager(assets=server, first=NeverAsked())
    assert images_in(render(pm, html='<img src="https://assets.example/first.png">')) == 1
    assert server.calls == []


class BrokenPrepare:
    @hookimpl
    def pdflet_prepare_request(self, request):
        raise KeyError("missing-setting")


class BrokenPost:
    @hookimpl
    def pdflet_process_pdf(self, output, request):
        return {}["nothing"]


class RefusingPrepare:
    @hookimpl
    def pdflet_prepare_request(self, request):
        raise InvalidRequest("options.thing is wrong.")


def test_a_failing_pre_processor_is_render_failed_naming_the_plugin():
    with pytest.raises(RenderFailed, match="Plugin 'acme-prepare' failed preparing the request: KeyError"):
        render(manager(**{"acme-prepare": BrokenPrepare(), "fields": FieldsPlugin()}))


def test_a_failing_post_processor_is_render_failed_naming_the_plugin():
    with pytest.raises(RenderFailed, match="Plugin 'acme-post' failed post-processing the PDF: KeyError"):
        render(manager(first=PageCounter(), **{"acme-post": BrokenPost()}))


def test_a_plugin_refusing_with_a_pdflet_error_keeps_its_status():
    with pytest.raises(InvalidRequest, match=r"options\.thing"):
        render(manager(refuser=RefusingPrepare()))
