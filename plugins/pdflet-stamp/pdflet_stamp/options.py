"""Validation of ``options.stamp`` and ``options.encrypt``: every bad value is a 400 naming it.

pdflet checks only that these options are declared; their values are this plugin's business.
They are checked in ``pdflet_prepare_request``, before the document is rendered, so a typo
costs no render.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pdflet.errors import InvalidRequest

MAX_STAMP_CHARS = 100
MAX_PASSWORD_CHARS = 127  # the PDF 2.0 limit for AES-256 passwords (in UTF-8 bytes, checked below)
# Names a user reads in a PDF viewer's security panel, mapped to pypdf's UserAccessPermissions members.
PERMISSIONS: dict[str, str] = {
    "print": "PRINT",
    "print_high_quality": "PRINT_TO_REPRESENTATION",
    "modify": "MODIFY",
    "copy": "EXTRACT",
    "annotate": "ADD_OR_MODIFY",
    "fill_forms": "FILL_FORM_FIELDS",
    "accessibility": "EXTRACT_TEXT_AND_GRAPHICS",
    "assemble": "ASSEMBLE_DOC",
}
STAMP_KEYS = ("text", "opacity", "angle", "color")
ENCRYPT_KEYS = ("user_password", "owner_password", "permissions")


@dataclass(frozen=True)
class Stamp:
    text: str
    opacity: float = 0.15
    angle: float = 45.0
    color: tuple[float, float, float] = (0.6, 0.0, 0.0)


@dataclass(frozen=True)
class Encryption:
    user_password: str
    owner_password: str | None
    permissions: tuple[str, ...] | None  # None: every permission


def _number(value: Any, name: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InvalidRequest(f"options.stamp.{name} must be a number.")
    if not low <= value <= high:
        raise InvalidRequest(f"options.stamp.{name} must be between {low:g} and {high:g}.")
    return float(value)


def _color(value: Any) -> tuple[float, float, float]:
    text = value.strip().lstrip("#") if isinstance(value, str) else ""
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        if len(text) != 6:
            raise ValueError
        return tuple(int(text[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]
    except ValueError:
        raise InvalidRequest("options.stamp.color must be a hex colour such as '#cc0000'.") from None


def _unknown(raw: Mapping[str, Any], known: tuple[str, ...], option: str) -> None:
    unknown = sorted(k for k in raw if k not in known)
    if unknown:
        raise InvalidRequest(
            f"Unknown key(s) in options.{option}: {', '.join(map(repr, unknown))}. Known: {', '.join(known)}."
        )


def parse_stamp(raw: Any) -> Stamp | None:
    """``"DRAFT"`` or ``{"text": "DRAFT", "opacity": 0.15, "angle": 45, "color": "#990000"}``."""
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, Mapping):
        raise InvalidRequest("options.stamp must be a string or an object with 'text'.")
    _unknown(raw, STAMP_KEYS, "stamp")
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InvalidRequest("options.stamp.text must be a non-empty string.")
    if len(text) > MAX_STAMP_CHARS or any(ord(c) < 32 for c in text):
        raise InvalidRequest(f"options.stamp.text must be one line of at most {MAX_STAMP_CHARS} characters.")
    values: dict[str, Any] = {"text": text.strip()}
    if raw.get("opacity") is not None:
        values["opacity"] = _number(raw["opacity"], "opacity", 0.0, 1.0)
    if raw.get("angle") is not None:
        values["angle"] = _number(raw["angle"], "angle", -360.0, 360.0)
    if raw.get("color") is not None:
        values["color"] = _color(raw["color"])
    return Stamp(**values)


def _password(value: Any, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRequest(f"options.encrypt.{name} must be a string.")
    if len(value.encode("utf-8")) > MAX_PASSWORD_CHARS:
        raise InvalidRequest(f"options.encrypt.{name} must be at most {MAX_PASSWORD_CHARS} bytes.")
    return value


def parse_encrypt(raw: Any) -> Encryption | None:
    """``{"user_password": "open", "owner_password": "admin", "permissions": ["print", "copy"]}``."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise InvalidRequest("options.encrypt must be an object.")
    _unknown(raw, ENCRYPT_KEYS, "encrypt")
    user = _password(raw.get("user_password"), "user_password")
    owner = _password(raw.get("owner_password"), "owner_password")
    if not user and not owner:
        raise InvalidRequest("options.encrypt needs a user_password, an owner_password, or both.")
    permissions = raw.get("permissions")
    if permissions is not None:
        if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
            raise InvalidRequest("options.encrypt.permissions must be a list of names.")
        unknown = sorted(set(permissions) - set(PERMISSIONS))
        if unknown:
            raise InvalidRequest(
                f"Unknown permission(s) {', '.join(map(repr, unknown))}. Known: {', '.join(PERMISSIONS)}."
            )
        permissions = tuple(dict.fromkeys(permissions))
    return Encryption(user or "", owner, permissions)
