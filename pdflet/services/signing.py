"""The JWT signing secret: ``PDFLET_SECRET_KEY``, or one generated on first start into the data directory."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from pdflet.config import Settings

SECRET_FILE = "secret_key"  # noqa: S105 (a file name, not a secret)


def ensure_secret(settings: Settings) -> str:
    """Return the signing secret, creating ``<data_dir>/secret_key`` (mode 0600) when needed."""
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def derive(secret: str, purpose: str) -> str:
    """A separate key per purpose (JWT, cookies), so one leaking does not forge the other."""
    return hmac.new(secret.encode(), purpose.encode(), hashlib.sha256).hexdigest()
