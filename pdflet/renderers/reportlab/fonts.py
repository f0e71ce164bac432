"""Fonts for the default renderer: CSS ``font-family`` lists to embedded TrueType faces, per-glyph fallback.

Every face ships inside the package (``fonts/``, built by ``fonts_build.py``), so text renders the same on a
fresh machine with no system fonts. The core families carry the metrics of the fonts Chromium prints with on
Linux (Arial, Times New Roman and Courier New, via Liberation renamed "Pdflet Sans/Serif/Mono"), so line breaks
and page counts match it; DejaVu, Noto Arabic/Hebrew/Symbols/Emoji and Droid Sans Fallback (CJK) fill in the
scripts those lack. ReportLab embeds only the glyphs a document uses.

Everything here that does not depend on a document is built once per process (``get_font_library``) and
registered with ReportLab lazily, on the first use of each face: registering all 30 faces costs ~180 ms and
~40 MiB that a typical Latin-only document never needs (it loads two to four faces, 2-8 ms each).
``@font-face`` fonts are registered under a name derived from their content hash, so a worker reuses one
registration across documents, while the family names that point at them live only in the view
``get_font_library()`` returns, one per call (i.e. per document): one customer's ``@font-face`` family never
changes how another customer's document resolves.

Importing this module also fixes ReportLab's ToUnicode maps for characters beyond U+FFFF (see
``_to_unicode_cmap``), so emoji and rare CJK copy and extract as themselves.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from pdflet.renderers.reportlab.fonts_faces import sanitize_font

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).with_name("fonts")

#: The browser's initial font (Chromium's default "Times New Roman") when no family in a list can be served.
DEFAULT_FAMILY = "pdflet serif"

#: At most this many ``@font-face`` faces per document; the rest are ignored like a browser over its limits.
MAX_FACES_PER_DOCUMENT = 32
#: ``@font-face`` data larger than this is refused before parsing (a web font is rarely over a few MiB).
MAX_FACE_BYTES = 8 * 1024 * 1024
#: Accepted ``@font-face`` bytes per document; later faces are ignored.
MAX_DOCUMENT_FONT_BYTES = 24 * 1024 * 1024
#: Content-hashed ``@font-face`` registrations kept per process (count and bytes); beyond either, the least
#: recently used ones not needed by the current document are dropped from ReportLab, bounding worker memory.
MAX_USER_REGISTRATIONS = 128
MAX_USER_FONT_BYTES = 96 * 1024 * 1024
#: Distinct (font-family list, bold, italic) results cached per process before the cache starts over.
MAX_RESOLVE_CACHE = 4096
#: Content hashes of refused fonts remembered, so a document repeating a bad font pays for it once.
MAX_REJECTED = 1024

# Style slots of a family: (bold, italic) -> index into a 4-tuple of face names.
_SLOT = {(False, False): 0, (True, False): 1, (False, True): 2, (True, True): 3}


def _four(regular: str, bold: str | None = None, italic: str | None = None, bold_italic: str | None = None):
    """A family's faces in slot order; a missing style uses the nearest one (bold italic -> bold -> regular)."""
    bold = bold or regular
    italic = italic or regular
    return (regular, bold, italic, bold_italic or bold)


#: Built-in families, keyed by lower-case family name.
_BUILTIN_FAMILIES: dict[str, tuple[str, str, str, str]] = {
    "pdflet sans": _four("PdfletSans-Regular", "PdfletSans-Bold", "PdfletSans-Italic", "PdfletSans-BoldItalic"),
    "pdflet serif": _four(
        "PdfletSerif-Regular", "PdfletSerif-Bold", "PdfletSerif-Italic", "PdfletSerif-BoldItalic"
    ),
    "pdflet mono": _four("PdfletMono-Regular", "PdfletMono-Bold", "PdfletMono-Italic", "PdfletMono-BoldItalic"),
    "dejavu sans": _four("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"),
    "dejavu serif": _four("DejaVuSerif", "DejaVuSerif-Bold", "DejaVuSerif-Italic", "DejaVuSerif-BoldItalic"),
    "noto sans arabic": _four("NotoSansArabic-Regular", "NotoSansArabic-Bold"),
    "noto sans hebrew": _four("NotoSansHebrew-Regular", "NotoSansHebrew-Bold"),
    "noto sans thai": _four("NotoSansThai-Regular", "NotoSansThai-Bold"),
    "noto sans symbols": _four("NotoSansSymbols-Regular"),
    "noto emoji": _four("NotoEmoji-Regular"),
}

#: CSS names (lower case, quotes stripped) served by a built-in family. Metric-compatible names first: the
#: Arial/Helvetica, Times and Courier families get the Liberation metrics Chromium uses for them on Linux.
_ALIASES: dict[str, str] = {
    # generic families (CSS Fonts 4)
    "serif": "pdflet serif",
    "sans-serif": "pdflet sans",
    "monospace": "pdflet mono",
    "cursive": "pdflet serif",
    "fantasy": "pdflet serif",
    # system-ui is the platform's interface font: DejaVu Sans, as Chromium on Debian. The Apple names
    # (-apple-system, BlinkMacSystemFont, ui-sans-serif, ui-serif, ui-monospace, ui-rounded) match nothing off
    # macOS, so, as in Chromium on Linux, the next family of the list decides.
    "system-ui": "dejavu sans",
    "math": "dejavu serif",
    "emoji": "noto emoji",
    # Arial metrics
    **dict.fromkeys(
        ["arial", "helvetica", "helvetica neue", "liberation sans", "arimo", "nimbus sans", "nimbus sans l",
         "noto sans", "roboto", "open sans", "inter", "lato", "segoe ui", "calibri", "tahoma", "trebuchet ms",
         "source sans pro", "source sans 3", "ubuntu", "cantarell", "fira sans", "pt sans", "montserrat",
         "noto sans display", "sans"],
        "pdflet sans",
    ),
    # Times New Roman metrics
    **dict.fromkeys(
        ["times", "times new roman", "liberation serif", "tinos", "nimbus roman", "nimbus roman no9 l",
         "noto serif", "cambria", "garamond", "book antiqua", "palatino", "palatino linotype", "baskerville",
         "source serif pro", "source serif 4", "pt serif", "merriweather", "libre baskerville"],
        "pdflet serif",
    ),
    # Courier New metrics
    **dict.fromkeys(
        ["courier", "courier new", "liberation mono", "cousine", "nimbus mono", "nimbus mono ps",
         "dejavu sans mono", "noto sans mono", "consolas", "menlo", "monaco", "lucida console", "sfmono-regular",
         "sf mono", "source code pro", "roboto mono", "fira code", "fira mono", "jetbrains mono",
         "ubuntu mono", "andale mono", "mono"],
        "pdflet mono",
    ),
    # DejaVu under its own names. Verdana and Georgia are not here: a Debian Chromium has neither, and its
    # fontconfig offers no metric-compatible stand-in, so the next family of the list decides, as there.
    **dict.fromkeys(["dejavu sans", "bitstream vera sans", "dejavu sans condensed"], "dejavu sans"),
    **dict.fromkeys(["dejavu serif", "bitstream vera serif", "dejavu serif condensed"], "dejavu serif"),
    # CJK and script-specific names: their Latin is drawn by the sans family; runs() falls back for the rest
    **dict.fromkeys(
        ["noto sans cjk jp", "noto sans cjk sc", "noto sans cjk tc", "noto sans cjk kr", "noto sans cjk hk",
         "noto sans jp", "noto sans sc", "noto sans tc", "noto sans kr", "source han sans", "droid sans fallback",
         "ms gothic", "ms pgothic", "meiryo", "yu gothic", "hiragino sans", "hiragino kaku gothic pro",
         "simhei", "microsoft yahei", "pingfang sc", "pingfang tc", "malgun gothic", "apple sd gothic neo",
         "wenquanyi zen hei", "noto serif cjk jp", "noto serif cjk sc", "simsun", "ms mincho", "mingliu"],
        "pdflet sans",
    ),
    **dict.fromkeys(["noto sans arabic", "noto naskh arabic", "amiri", "arial unicode ms"], "noto sans arabic"),
    **dict.fromkeys(["noto sans hebrew", "david", "frank ruehl"], "noto sans hebrew"),
    **dict.fromkeys(["noto sans symbols", "noto sans symbols 2", "symbol", "segoe ui symbol"], "noto sans symbols"),
    **dict.fromkeys(
        ["noto emoji", "noto color emoji", "apple color emoji", "segoe ui emoji", "twemoji", "emojione"],
        "noto emoji",
    ),
}

#: Fallback faces tried after a run's own font, in order (before the serif/sans variant of the primary's style).
_SCRIPT_FALLBACKS = ("noto sans arabic", "noto sans hebrew", "noto sans thai")
_LAST_FALLBACKS = (
    "NotoSansSymbols-Regular",
    "NotoEmoji-Regular",
    "DroidSansFallback-Common",
    "DroidSansFallback-Han1",
    "DroidSansFallback-Han2",
    "DroidSansFallback-Other",
)
_SERIF_FACES = frozenset(_BUILTIN_FAMILIES["pdflet serif"] + _BUILTIN_FAMILIES["dejavu serif"])
_MONO_FACES = frozenset(_BUILTIN_FAMILIES["pdflet mono"])

_WHITESPACE_CONTROLS = frozenset("\t\n\x0b\x0c\r")
# Characters no font needs to draw: dropped from runs when the run's font lacks them (never a visible box).
_IGNORABLE_CATEGORIES = frozenset({"Cf", "Cc"})
_VARIATION_SELECTORS = frozenset(chr(c) for c in range(0xFE00, 0xFE10))
# Characters that keep the current run's font when it has them, so "كتاب جديد" stays one run.
_NEUTRAL_CATEGORIES = frozenset({"Zs", "Mn", "Me", "Po", "Pd", "Ps", "Pe", "Pi", "Pf"})


@functools.lru_cache(maxsize=4096)  # bounded: a hostile document may contain every code point
def _is_ignorable(ch: str) -> bool:
    return ch in _VARIATION_SELECTORS or unicodedata.category(ch) in _IGNORABLE_CATEGORIES


@functools.lru_cache(maxsize=4096)
def _is_neutral(ch: str) -> bool:
    return unicodedata.category(ch) in _NEUTRAL_CATEGORIES


@dataclass(frozen=True)
class _Face:
    """One font file we can register: where its bytes are and which characters it has."""

    name: str
    path: Path | None
    ranges: Sequence[Sequence[int]]  # inclusive (first, last) code point pairs
    size: int = 0

    @functools.cached_property
    def chars(self) -> frozenset[str]:
        """Covered characters as a set of 1-char strings: ``chars.issuperset(text)`` runs in C, no per-char ord.

        ASCII whitespace controls count as covered by every face: fonts rarely map them, yet source text is
        full of newlines and tabs that line breaking consumes before anything is drawn.
        """
        return frozenset(chr(c) for lo, hi in self.ranges for c in range(lo, hi + 1)) | _WHITESPACE_CONTROLS


class _Core:
    """Process-wide state shared by every view: faces, registrations, coverage, caches."""

    def __init__(self, font_dir: Path) -> None:
        manifest = json.loads((font_dir / "manifest.json").read_text())
        self.faces: dict[str, _Face] = {
            name: _Face(name, font_dir / info["file"], info["cmap"])
            for name, info in manifest.items()
        }
        self.styles: dict[str, tuple[str, bool, bool]] = {}
        for family, slots in _BUILTIN_FAMILIES.items():
            for (bold, italic), idx in _SLOT.items():
                self.styles.setdefault(slots[idx], (family, bold, italic))
        self.registered: set[str] = set()
        self.user_faces: OrderedDict[str, _Face] = OrderedDict()
        self.user_bytes = 0
        self.rejected: OrderedDict[str, None] = OrderedDict()
        self.resolve_cache: dict[tuple[tuple[str, ...], bool, bool], str] = {}
        self.chain_cache: dict[str, tuple[_Face, ...]] = {}

    def register(self, name: str) -> str:
        """Make ``name`` usable by ReportLab, loading its file on first use; returns ``name``."""
        if name not in self.registered:
            face = self.faces[name]
            pdfmetrics.registerFont(_TTFont(name, str(face.path)))
            self.registered.add(name)
        return name


class _TTFont(TTFont):
    """ReportLab's TTFont with a fast path for the text it draws.

    ``splitString`` maps every character of every string drawn to its code in the font's PDF subset, one
    Python loop iteration per character: ~10% of rendering a text-heavy document. Once a character has a
    code in the first subset (codes never change within a document), the same mapping is a ``str.translate``
    in C. The per-document table lives on ReportLab's per-document font state, so it goes with the document.
    """

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        state = self.state.get(doc)
        fast = getattr(state, "pdflet_fast", None)
        if fast is not None and text and isinstance(text, str) and fast[0].issuperset(text):
            return [(0, text.translate(fast[1]).encode("latin-1"))]
        results = TTFont.splitString(self, text, doc, encoding)
        if isinstance(text, str):
            state = self.state[doc]
            if fast is None:
                fast = state.pdflet_fast = (set(), {})
            known, table = fast
            assignments = state.assignments
            for ch in set(text).difference(known):
                code = assignments.get(32 if ch == "\xa0" else ord(ch))
                if code is not None and code < 256:
                    known.add(ch)
                    table[ord(ch)] = code
        return results


def _utf16_hex(cp: int) -> str:
    if cp > 0xFFFF:
        cp -= 0x10000
        return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"
    return f"{cp:04X}"


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, but with characters beyond U+FFFF written as UTF-16 surrogate pairs.

    ReportLab 4-5 writes ``<%04X>``, i.e. five hex digits for an emoji, which viewers read as a different
    character (U+1F389 came back as U+1F38), so copied or extracted emoji were wrong.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ]
    return "\n".join(lines)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _clean_family(name: str) -> str:
    """Normalise one CSS family name: quotes and surrounding space stripped, inner space collapsed, lower case."""
    return " ".join(name.strip().strip("\"'").split()).lower()


class FontLibrary:
    """Maps CSS font requests to registered ReportLab fonts and splits text into runs each font can draw.

    A light view over process-wide state (``_Core``): creating one costs a few hundred nanoseconds, and every
    cache and ReportLab registration is shared. What belongs to a view alone is the ``@font-face`` families
    added to it, so take one view per document and pass it along.
    """

    def __init__(self, core: _Core) -> None:
        self._core = core
        # this document's @font-face: lower-case family -> 4 slots of registered names (None = not declared)
        self._user_families: dict[str, list[str | None]] = {}
        # the shared cache until this view has @font-face families of its own
        self._resolve_cache: dict[tuple[tuple[str, ...], bool, bool], str] = core.resolve_cache

    def scoped(self) -> FontLibrary:
        """A fresh view without this one's ``@font-face`` families (same as calling ``get_font_library()``)."""
        return FontLibrary(self._core)

    # --- resolve -------------------------------------------------------------------------------------------

    def resolve(self, families: Sequence[str], bold: bool, italic: bool) -> str:
        """Return a registered font name for the first family in the CSS list we can serve.

        Unknown names are skipped as a browser skips fonts it lacks; if none is known the browser default
        (a Times New Roman-metric serif) is used. Cached per (families, bold, italic): it runs per styled element.
        """
        key = (tuple(families) if not isinstance(families, str) else (families,), bool(bold), bool(italic))
        hit = self._resolve_cache.get(key)
        if hit is not None:
            return hit
        name = self._resolve(key[0], key[1], key[2])
        if len(self._resolve_cache) >= MAX_RESOLVE_CACHE:  # family lists come from documents: keep it bounded
            self._resolve_cache.clear()
        self._resolve_cache[key] = name
        return name

    def served_by(self, family: str) -> str | None:
        """Which family serves the CSS name ``family`` in this document (itself, a metric-compatible built-in,
        or None when it is unknown): what the render report names as a replacement."""
        key = _clean_family(family)
        if key in self._user_families or key in _BUILTIN_FAMILIES:
            return key
        return _ALIASES.get(key)

    def _resolve(self, families: tuple[str, ...], bold: bool, italic: bool) -> str:
        slot = _SLOT[(bold, italic)]
        for raw in families:
            if not isinstance(raw, str):
                continue
            family = _clean_family(raw)
            if family in self._user_families:
                name = _pick_slot(self._user_families[family], bold, italic)
                if name is not None:
                    return name
            builtin = _ALIASES.get(family)
            if builtin is not None:
                return self._core.register(_BUILTIN_FAMILIES[builtin][slot])
        return self._core.register(_BUILTIN_FAMILIES[DEFAULT_FAMILY][slot])

    # --- runs ----------------------------------------------------------------------------------------------

    def covers(self, font_name: str, text: str) -> bool:
        """True if ``font_name`` has a glyph for every character of ``text``."""
        face = self._face(font_name)
        return face is None or face.chars.issuperset(text)

    def runs(self, text: str, font_name: str) -> list[tuple[str, str]]:
        """Split ``text`` into maximal ``(chunk, font_name)`` runs that draw every character with a real glyph.

        The fallback chain after ``font_name`` is: Arabic, Hebrew and Thai faces, the serif or sans face of the same
        weight and style, DejaVu Sans (Greek, Cyrillic, arrows, maths), Noto Sans Symbols, Noto Emoji
        (monochrome), then the CJK faces. Spaces, marks and punctuation stay in the current run when its font
        has them, so a right-to-left phrase is one run. Default-ignorable characters (zero-width joiners,
        variation selectors, controls) that the run's font lacks are dropped rather than drawn as boxes; any
        other character no face has stays with ``font_name`` (a browser's "tofu").
        """
        if not text:
            return []
        face = self._face(font_name)
        if face is None or face.chars.issuperset(text):
            return [(text, font_name)]
        chain = self._chain(font_name)
        primary = chain[0]
        out: list[tuple[str, str]] = []
        buf: list[str] = []
        cur = primary
        for ch in text:
            if _is_ignorable(ch):
                if ch in cur.chars:
                    buf.append(ch)
                continue
            if ch in primary.chars:
                target = cur if cur is not primary and ch in cur.chars and _is_neutral(ch) else primary
            elif ch in cur.chars:
                target = cur
            else:
                target = next((f for f in chain if ch in f.chars), primary)
            if target is not cur:
                if buf:
                    out.append(("".join(buf), cur.name))
                    buf = []
                cur = target
            buf.append(ch)
        if buf:
            out.append(("".join(buf), cur.name))
        for _, name in out:
            self._core.register(name)
        return out

    def _face(self, font_name: str) -> _Face | None:
        return self._core.faces.get(font_name) or self._core.user_faces.get(font_name)

    def _chain(self, font_name: str) -> tuple[_Face, ...]:
        chain = self._core.chain_cache.get(font_name)
        if chain is None:
            chain = self._build_chain(font_name)
            self._core.chain_cache[font_name] = chain
        return chain

    def _build_chain(self, font_name: str) -> tuple[_Face, ...]:
        _family, bold, italic = self._core.styles.get(font_name, ("", False, False))
        slot = _SLOT[(bold, italic)]
        names = [font_name]
        names += [_BUILTIN_FAMILIES[f][slot] for f in _SCRIPT_FALLBACKS]
        if font_name in _SERIF_FACES:
            names += [_BUILTIN_FAMILIES["pdflet serif"][slot], _BUILTIN_FAMILIES["dejavu serif"][slot]]
        elif font_name in _MONO_FACES:
            names.append(_BUILTIN_FAMILIES["pdflet mono"][slot])
        names += [_BUILTIN_FAMILIES["pdflet sans"][slot], _BUILTIN_FAMILIES["dejavu sans"][slot]]
        names += _LAST_FALLBACKS
        seen: dict[str, _Face] = {}
        for name in names:
            face = self._face(name)
            if face is not None and name not in seen:
                seen[name] = face
        return tuple(seen.values())

    # --- metrics -------------------------------------------------------------------------------------------

    def string_width(self, text: str, font_name: str, size: float) -> float:
        """Width of ``text`` in points; sums per fallback run so mixed-script text measures as it is drawn."""
        return sum(pdfmetrics.stringWidth(chunk, name, size) for chunk, name in self.runs(text, font_name))

    def ascent_descent(self, font_name: str, size: float) -> tuple[float, float]:
        """The face's ascent and (negative) descent at ``size`` points, for line boxes and baselines."""
        if font_name in self._core.faces:
            self._core.register(font_name)
        return pdfmetrics.getAscentDescent(font_name, size)

    # --- @font-face ----------------------------------------------------------------------------------------

    def add_font_face(self, family: str, bold: bool, italic: bool, data: bytes) -> bool:
        """Serve ``family`` in this document with the given font bytes (TrueType, CFF OpenType, WOFF, WOFF2).

        The bytes are validated and rebuilt by fontTools before ReportLab sees them (``fonts_faces``), so a
        hostile or broken font returns False instead of raising now or when the PDF is written. Registration is
        keyed by a content hash and shared by the whole process, so the same web font in many documents is
        parsed once; the family name itself is known to this view only.
        """
        family_key = _clean_family(family)
        if not family_key or not isinstance(data, bytes | bytearray) or len(data) > MAX_FACE_BYTES:
            return False
        own = self._document_faces()
        if len(own) >= MAX_FACES_PER_DOCUMENT:
            return False
        core = self._core
        name = "UserFont-" + hashlib.sha256(data).hexdigest()[:24]
        if name in core.rejected:
            return False
        face = core.user_faces.get(name)
        if face is None:
            try:
                face = self._register_user_face(name, bytes(data), own)
            except Exception:  # hostile input must never escape as an exception
                log.debug("font face %r rejected", family, exc_info=True)
                face = None
            if face is None:
                core.rejected[name] = None
                while len(core.rejected) > MAX_REJECTED:
                    core.rejected.popitem(last=False)
                return False
        else:
            core.user_faces.move_to_end(name)
        if name not in own and sum(core.user_faces[n].size for n in own) + face.size > MAX_DOCUMENT_FONT_BYTES:
            return False
        slots = self._user_families.setdefault(family_key, [None, None, None, None])
        slots[_SLOT[(bool(bold), bool(italic))]] = name
        self._core.styles.setdefault(name, (family_key, bool(bold), bool(italic)))
        self._resolve_cache = {}
        return True

    def _document_faces(self) -> set[str]:
        return {n for slots in self._user_families.values() for n in slots if n}

    def _register_user_face(self, name: str, data: bytes, keep: set[str]) -> _Face | None:
        """Sanitize, register with ReportLab and remember one ``@font-face`` font; None if it is unusable."""
        clean = sanitize_font(data, name)
        if clean is None:
            return None
        ttf, cmap = clean
        pdfmetrics.registerFont(_TTFont(name, io.BytesIO(ttf)))
        face = _Face(name, None, _ranges(cmap), len(ttf))
        core = self._core
        core.user_faces[name] = face
        core.user_bytes += face.size
        core.registered.add(name)
        for old in list(core.user_faces):
            if len(core.user_faces) <= MAX_USER_REGISTRATIONS and core.user_bytes <= MAX_USER_FONT_BYTES:
                break
            if old in keep or old == name:
                continue
            core.user_bytes -= core.user_faces.pop(old).size
            core.registered.discard(old)
            core.chain_cache.pop(old, None)
            core.styles.pop(old, None)
            pdfmetrics._fonts.pop(old, None)  # ReportLab has no public unregister
        return face


def _ranges(cps: Iterable[int]) -> tuple[tuple[int, int], ...]:
    """Sorted code points as inclusive ranges, the form ``_Face`` keeps coverage in."""
    out: list[list[int]] = []
    for cp in sorted(cps):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return tuple((lo, hi) for lo, hi in out)


def _pick_slot(slots: list[str | None], bold: bool, italic: bool) -> str | None:
    """The face for a style among the faces a document declared, like a browser's font matching: exact, then
    the same italic-ness, then anything (ReportLab cannot synthesise bold or oblique)."""
    order = [(bold, italic), (not bold, italic), (bold, not italic), (not bold, not italic)]
    for b, i in order:
        name = slots[_SLOT[(b, i)]]
        if name is not None:
            return name
    return None


@functools.cache
def _core() -> _Core:
    """The process-wide part, built once: reading the manifest takes ~2 ms, each face loads on first use."""
    return _Core(FONT_DIR)


def get_font_library() -> FontLibrary:
    """A font library for one document over the process-wide fonts and caches.

    Each call returns a new view so that ``@font-face`` families added by one document are invisible to the
    next; everything costly (the manifest, coverage sets, ReportLab registrations, resolve results for the
    built-in families) is shared and built once per process. Call it once per document and pass it along.
    """
    return FontLibrary(_core())


def iter_builtin_faces() -> Iterable[str]:
    """Names of every shipped face (for tests and the font benchmark)."""
    return tuple(_Core(FONT_DIR).faces)
