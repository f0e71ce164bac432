"""Drawing the stamp and encrypting, on finished PDF bytes, with ReportLab and pypdf.

The stamp is a one-page overlay per page size, drawn once and merged over every page, so
it is real text (found by text extraction and search) under an opacity graphics state.
"""

from __future__ import annotations

import io
import secrets
from importlib.resources import files

from pdflet.errors import InvalidRequest
from pypdf import PdfReader, PdfWriter
from pypdf.constants import UserAccessPermissions
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from pdflet_stamp.options import PERMISSIONS, Encryption, Stamp

LATIN_FONT = "Helvetica-Bold"
UNICODE_FONT = "PdfletStampDejaVuSansBold"


def _font_for(text: str) -> str:
    """Helvetica for text it can encode; DejaVu Sans Bold (shipped with pdflet) for the rest."""
    try:
        text.encode("cp1252")
        return LATIN_FONT
    except UnicodeEncodeError:
        pass
    if UNICODE_FONT not in pdfmetrics.getRegisteredFontNames():
        try:
            path = files("pdflet.renderers.reportlab").joinpath("fonts", "DejaVuSans-Bold.ttf")
            pdfmetrics.registerFont(TTFont(UNICODE_FONT, io.BytesIO(path.read_bytes())))
        except (OSError, ModuleNotFoundError):
            raise InvalidRequest("options.stamp.text: only Western European text is supported here.") from None
    covered = pdfmetrics.getFont(UNICODE_FONT).face.charToGlyph
    missing = sorted({c for c in text if ord(c) not in covered})
    if missing:
        raise InvalidRequest(
            f"options.stamp.text: no glyph for {''.join(missing[:10])!r}; Latin, Greek and Cyrillic text works."
        )
    return UNICODE_FONT


def _overlay(width: float, height: float, stamp: Stamp) -> PdfReader:
    font = _font_for(stamp.text)
    # Fit the text to about three quarters of the page's shorter side, within sane sizes.
    size = max(12.0, min(160.0, 0.75 * min(width, height) / max(pdfmetrics.stringWidth(stamp.text, font, 1.0), 0.01)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height))
    canvas.setFillColor(Color(*stamp.color, alpha=stamp.opacity))
    canvas.setFont(font, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(stamp.angle)
    canvas.drawCentredString(0, -size / 3, stamp.text)
    canvas.showPage()
    canvas.save()
    buffer.seek(0)
    return PdfReader(buffer)


def apply_stamp(writer: PdfWriter, stamp: Stamp) -> None:
    """Merge ``stamp`` over every page of ``writer``, one overlay per page size."""
    overlays: dict[tuple[float, float], PdfReader] = {}
    for page in writer.pages:
        box = page.mediabox
        key = (float(box.width), float(box.height))
        if key not in overlays:
            overlays[key] = _overlay(*key, stamp)
        page.merge_page(overlays[key].pages[0], over=True)


def apply_encryption(writer: PdfWriter, encryption: Encryption) -> None:
    """AES-256 with the given passwords; without an owner password a random one keeps permissions binding."""
    flags = UserAccessPermissions(0)
    for name in encryption.permissions if encryption.permissions is not None else PERMISSIONS:
        flags |= UserAccessPermissions[PERMISSIONS[name]]
    writer.encrypt(
        user_password=encryption.user_password,
        owner_password=encryption.owner_password or secrets.token_urlsafe(24),
        permissions_flag=flags,
        algorithm="AES-256",
    )


def process(data: bytes, stamp: Stamp | None, encryption: Encryption | None) -> bytes:
    """The finished PDF with the stamp drawn and then the encryption applied."""
    if stamp is None and encryption is None:
        return data
    if stamp is not None:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        apply_stamp(writer, stamp)
        data = _write(writer)
    if encryption is not None:
        # A fresh writer: pypdf 7 loses merged overlay streams when it encrypts the writer that merged them.
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        apply_encryption(writer, encryption)
        data = _write(writer)
    return data


def _write(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
