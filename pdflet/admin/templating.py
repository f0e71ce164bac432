"""The Jinja2 environment of the admin: one per application, autoescaped, with a few display filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
from markupsafe import Markup, escape


def format_datetime(value: dt.datetime | None, empty: str = "—") -> str:
    """Naive-UTC database datetimes as a short, unambiguous string."""
    if value is None:
        return empty
    return value.strftime("%Y-%m-%d %H:%M")


def iso_datetime(value: dt.datetime | None) -> str:
    """The ``datetime`` attribute of a ``<time>`` element (machine readable, with ``Z``)."""
    return "" if value is None else value.replace(microsecond=0).isoformat() + "Z"


def time_tag(value: dt.datetime | None, empty: str = "never") -> Markup:
    """A ``<time>`` element in UTC that static/admin.js turns into local, relative time ("3 days ago").

    The server knows no browser's time zone, so it writes the exact UTC instant (readable
    without JavaScript, marked "UTC"); the script shows it relative, with the local time on hover.
    """
    if value is None:
        return Markup('<span class="muted">{}</span>').format(empty)
    text = format_datetime(value) + " UTC"
    return Markup('<time datetime="{}" title="{}">{}</time>').format(iso_datetime(value), text, escape(text))


def format_bytes(value: int) -> str:
    """Sizes people read at a glance: 1.2 MB rather than 1234567."""
    size = float(value)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover


def make_environment(templates_dir: Path) -> jinja2.Environment:
    """Build the environment; autoescape is on for every template, so user text is always escaped."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = format_datetime
    env.filters["iso"] = iso_datetime
    env.filters["timetag"] = time_tag
    env.filters["filesize"] = format_bytes
    return env
