"""Stamps and encryption on finished PDFs: validation, text read back, passwords and permissions."""

from __future__ import annotations

import io
from importlib.metadata import entry_points

import pytest
from pdflet.config import Settings
from pdflet.errors import InvalidRequest
from pdflet.pipeline import render_request, validate_request
from pdflet.plugins import make_plugin_manager
from pypdf import PdfReader
from pypdf.constants import UserAccessPermissions as Perm

from pdflet_stamp import plugin
from pdflet_stamp.options import Encryption, Stamp, parse_encrypt, parse_stamp


@pytest.fixture(scope="module")
def pm():
    return make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[plugin])


def render(pm, **options) -> bytes:
    body = {"html": "<p>Body text</p><p style='break-before:page'>Second page</p>", "options": options}
    return render_request(pm, validate_request(pm, body)).data


def test_parse_stamp_defaults_and_shorthand():
    assert parse_stamp("DRAFT") == Stamp("DRAFT")
    assert parse_stamp({"text": " Paid ", "opacity": 0.5, "angle": -30, "color": "#0a0"}) == Stamp(
        "Paid", 0.5, -30.0, (0.0, 2 / 3, 0.0))
    assert parse_stamp(None) is None


@pytest.mark.parametrize(("raw", "message"), [
    (5, "string or an object"),
    ({}, "text must be a non-empty string"),
    ({"text": ""}, "non-empty"),
    ({"text": "x" * 101}, "at most 100"),
    ({"text": "two\nlines"}, "one line"),
    ({"text": "x", "opacity": 1.5}, "opacity must be between 0 and 1"),
    ({"text": "x", "opacity": "high"}, "opacity must be a number"),
    ({"text": "x", "opacity": True}, "opacity must be a number"),
    ({"text": "x", "angle": 1e9}, "angle must be between"),
    ({"text": "x", "color": "red"}, "hex colour"),
    ({"text": "x", "size": 3}, "Unknown key"),
])
def test_bad_stamps_are_400s(raw, message):
    with pytest.raises(InvalidRequest, match=message):
        parse_stamp(raw)


@pytest.mark.parametrize(("raw", "message"), [
    ("secret", "must be an object"),
    ({}, "needs a user_password"),
    ({"user_password": 123}, "must be a string"),
    ({"user_password": "x" * 200}, "at most 127"),
    ({"user_password": "a", "permissions": "print"}, "list of names"),
    ({"user_password": "a", "permissions": ["print", "fly"]}, "Unknown permission"),
    ({"user_password": "a", "pasword": "b"}, "Unknown key"),
])
def test_bad_encryption_options_are_400s(raw, message):
    with pytest.raises(InvalidRequest, match=message):
        parse_encrypt(raw)


def test_parse_encrypt():
    assert parse_encrypt({"owner_password": "o"}) == Encryption("", "o", None)
    assert parse_encrypt({"user_password": "u", "permissions": ["print", "print"]}).permissions == ("print",)


def test_stamp_is_real_text_on_every_page_with_its_opacity(pm):
    reader = PdfReader(io.BytesIO(render(pm, stamp={"text": "CONFIDENTIAL", "opacity": 0.3, "angle": 30})))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert "CONFIDENTIAL" in page.extract_text()
        states = page["/Resources"]["/ExtGState"]
        assert any(abs(float(state.get_object().get("/ca", 1)) - 0.3) < 1e-6 for state in states.values())


def test_unicode_stamp_and_unsupported_scripts(pm):
    reader = PdfReader(io.BytesIO(render(pm, stamp="Черновик")))
    assert "Черновик" in reader.pages[0].extract_text()
    with pytest.raises(InvalidRequest, match="no glyph"):
        render(pm, stamp="機密")


def test_encrypted_pdf_needs_the_password(pm):
    data = render(pm, encrypt={"user_password": "open sesame", "owner_password": "boss"})
    reader = PdfReader(io.BytesIO(data))
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("open sesame") != 0
    assert "Body text" in reader.pages[0].extract_text()
    assert "/AESV3" in str(reader.trailer["/Encrypt"].get_object()["/CF"])


def test_permissions_are_written_and_bind_without_an_owner_password(pm):
    data = render(pm, encrypt={"user_password": "u", "permissions": ["print"]})
    reader = PdfReader(io.BytesIO(data))
    reader.decrypt("u")
    flags = Perm(int(reader.trailer["/Encrypt"].get_object()["/P"]) & 0xFFFFFFFF)
    assert Perm.PRINT in flags and Perm.EXTRACT not in flags and Perm.MODIFY not in flags
    assert reader.decrypt("u") == 1  # the user password is not the owner's: a random owner password was set


def test_stamp_then_encrypt_compose(pm):
    reader = PdfReader(io.BytesIO(render(pm, stamp="DRAFT", encrypt={"user_password": "pw"})))
    reader.decrypt("pw")
    assert "DRAFT" in reader.pages[1].extract_text()


def test_encryption_runs_after_other_post_processors():
    from pdflet import hookimpl

    class Appender:
        @hookimpl
        def pdflet_process_pdf(self, output, request):
            PdfReader(io.BytesIO(output.data)).pages[0].extract_text()  # would fail on an encrypted PDF
            output.data += b"\n% seen\n"

    pm = make_plugin_manager(Settings(), load_entrypoints=False, extra_plugins=[plugin, Appender()])
    data = render(pm, encrypt={"user_password": "pw"})
    assert PdfReader(io.BytesIO(data)).is_encrypted


def test_without_options_the_pdf_is_untouched(pm):
    assert b"/Encrypt" not in render(pm)


def test_installed_entry_point_points_at_the_plugin():
    found = [ep for ep in entry_points(group="pdflet") if ep.name == "pdflet-stamp"]
    if not found:
        pytest.skip("pdflet-stamp is not installed (pip install -e plugins/pdflet-stamp)")
    assert found[0].load() is plugin
