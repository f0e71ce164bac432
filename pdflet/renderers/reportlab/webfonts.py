"""``@font-face`` loading through the job's fetcher, and the font warnings of the render report.

A browser tries each ``src`` of a face in order and silently falls back to another family when none works;
we do the same, but tell the caller which face had no usable source and which family stood in for a family
the document asked for and we could not serve.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pdflet.renderers.report import RenderReport
from pdflet.renderers.reportlab.css.cascade import FontFace
from pdflet.renderers.resources import Fetcher, ResourceError

MAX_FONT_FACES = 50
#: CSS generic families: a document naming one asks for "any such font", so no replacement is reported.
GENERIC = frozenset({
    "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "ui-sans-serif", "ui-serif",
    "ui-monospace", "ui-rounded", "math", "emoji", "fangsong", "-apple-system", "blinkmacsystemfont",
    "inherit", "initial", "unset",
})
DEFAULT_SHOWN = "the default serif font"


def load_font_faces(faces: list[FontFace], fetcher: Fetcher, fonts: Any) -> None:
    """Register the document's ``@font-face`` rules with ``fonts`` (its per-document view)."""
    report = fetcher.report
    if len(faces) > MAX_FONT_FACES:
        report.warn("limit", f"{len(faces)} @font-face rules; only the first {MAX_FONT_FACES} were used.")
    for face in faces[:MAX_FONT_FACES]:
        failures: list[tuple[str, str]] = []
        loaded = False
        for url in face.urls[:8]:
            try:
                data = fetcher.fetch(url, warn=False).data
            except (ResourceError, ValueError) as exc:
                failures.append((url, str(exc)))
                continue
            try:
                loaded = bool(fonts.add_font_face(face.family, face.bold, face.italic, data))
            except Exception:  # a broken font is ignored like a browser does
                loaded = False
            if loaded:
                break
            failures.append((url, "not a usable TrueType, OpenType, WOFF or WOFF2 font (or over the font limits)"))
        if not loaded:
            for url, reason in failures:
                fetcher.warn_failed(url, None, reason)
            report.warn("font", f"@font-face {face.family!r} has no usable source; text in it uses another font.",
                        family=face.family)


def report_families(styles: Iterable[dict[str, Any]], fonts: Any, report: RenderReport) -> None:
    """Warn once per family a document asks for first that is neither sent, built in, nor generic."""
    seen: set[tuple[str, ...]] = set()
    for style in styles:
        families = style.get("font-family")
        if not families or families in seen:
            continue
        seen.add(families)
        first = " ".join(str(families[0]).strip().strip("\"'").split())
        if not first or first.lower() in GENERIC:
            continue
        served = fonts.served_by(first)
        if served == first.lower():
            continue
        if served is not None:
            report.warn("font", f"Font family {first!r} is not available; the metric-compatible "
                                f"{served!r} was used instead.", family=first, replacement=served)
            continue
        replacement = next((f for f in families[1:] if fonts.served_by(str(f)) is not None), None)
        shown = repr(str(replacement)) if replacement is not None else DEFAULT_SHOWN
        report.warn("font", f"Font family {first!r} is not available; {shown} was used instead.",
                    family=first, replacement=str(replacement) if replacement is not None else "serif")
