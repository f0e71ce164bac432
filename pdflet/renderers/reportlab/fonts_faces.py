"""Turn untrusted ``@font-face`` bytes into a TrueType file ReportLab can embed, or refuse them.

Why a separate step: ReportLab's TrueType reader trusts the file it is given, and it only fails when the PDF
is written, long after the stylesheet was read. fontTools parses every table strictly; rebuilding the font with
its subsetter (all mapped characters kept, hinting and layout tables dropped, variations pinned to the default
instance) leaves only structures both libraries understand. WOFF and WOFF2 are unwrapped, and CFF-flavoured
OpenType is converted to quadratic TrueType outlines (ReportLab embeds only ``glyf`` fonts) when it is small
enough to convert quickly. Anything else, or anything that raises, returns None.
"""

from __future__ import annotations

import io
import logging
import struct
import zlib

from reportlab.pdfbase.ttfonts import TTFontFile

log = logging.getLogger(__name__)

#: Decompressed size allowed for WOFF/WOFF2 (their header says it before anything is inflated).
MAX_SFNT_BYTES = 32 * 1024 * 1024
#: CFF fonts with more glyphs than this are refused: converting outlines costs ~0.2 ms a glyph.
MAX_CFF_GLYPHS = 3000

_MAGIC = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOFF", b"wOF2")
_VARIATION_TABLES = ["fvar", "gvar", "avar", "cvar", "HVAR", "VVAR", "MVAR", "STAT", "CFF2"]


def sanitize_font(data: bytes, ps_name: str) -> tuple[bytes, frozenset[int]] | None:
    """Return ``(truetype_bytes, mapped_code_points)`` for a usable font, else None. Never raises.

    The font's PostScript name becomes ``ps_name``: two web fonts of one name (common with generated subsets)
    would otherwise be confused with each other by PDF viewers.
    """
    try:
        return _sanitize(data, ps_name)
    except Exception:
        log.debug("font rejected", exc_info=True)
        return None


def _sanitize(data: bytes, ps_name: str) -> tuple[bytes, frozenset[int]] | None:
    if len(data) < 12 or data[:4] not in _MAGIC:
        return None
    if data[:4] == b"wOFF" and not _woff_within_limits(data):
        return None
    if data[:4] == b"wOF2" and not _woff2_within_limits(data):
        return None

    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=False, recalcBBoxes=True, recalcTimestamp=False)
    font.flavor = None
    if "CFF2" in font:
        return None
    if "CFF " in font:
        if font["maxp"].numGlyphs > MAX_CFF_GLYPHS:
            return None
        _cff_to_glyf(font)
    if "glyf" not in font or "cmap" not in font:
        return None
    # A broken cmap may point past the last glyph; fontTools then invents a name for it and keeps it.
    glyphs = set(font.getGlyphOrder())
    for table in font["cmap"].tables:
        table.cmap = {cp: name for cp, name in table.cmap.items() if name in glyphs}
    cmap = font.getBestCmap() or {}
    unicodes = {cp for cp in cmap if 0 < cp <= 0x10FFFF}
    if not unicodes:
        return None

    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "LTSH", "VDMX", "hdmx", "gasp", "PCLT",
                         *_VARIATION_TABLES]
    opts.recalc_bounds = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    font["name"].removeNames(nameID=6)
    font["name"].setName(ps_name, 6, 3, 1, 0x409)
    out = io.BytesIO()
    font.save(out)
    ttf = out.getvalue()

    # ReportLab must be able to read it and cut a subset out of it, which is what writing the PDF does.
    rl = TTFontFile(io.BytesIO(ttf), validate=0)
    last = len(rl.glyphPos) - 2
    if any(not 0 <= gid <= last for gid in rl.charToGlyph.values()):
        return None
    mapped = sorted(rl.charToGlyph)
    sample = mapped[:: max(1, len(mapped) // 200)]
    rl.makeSubset([0, *(rl.charToGlyph[cp] for cp in sample)])
    return ttf, frozenset(cp for cp in unicodes if cp in rl.charToGlyph)


def _woff_within_limits(data: bytes) -> bool:
    """True if every zlib-compressed table of a WOFF inflates to no more than it declares, within the budget.

    fontTools inflates a table whole before comparing it with its declared size, so an 8 MiB zlib bomb
    would cost gigabytes of memory first; here each table is inflated with a cap instead.
    """
    if len(data) < 44:
        return False
    num_tables = struct.unpack(">H", data[12:14])[0]
    total = struct.unpack(">I", data[16:20])[0]
    if total > MAX_SFNT_BYTES or len(data) < 44 + 20 * num_tables:
        return False
    declared = 0
    for i in range(num_tables):
        _tag, offset, comp_length, orig_length, _checksum = struct.unpack(">4sIIII", data[44 + 20 * i : 64 + 20 * i])
        declared += orig_length
        if declared > MAX_SFNT_BYTES:
            return False
        if comp_length < orig_length:
            out = zlib.decompressobj().decompress(data[offset : offset + comp_length], orig_length + 1)
            if len(out) > orig_length:
                return False
    return True


def _base128(data: bytes, pos: int) -> tuple[int, int]:
    """WOFF2's UIntBase128: value and the position after it."""
    value = 0
    for i in range(5):
        byte = data[pos + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos + i + 1
    raise ValueError("UIntBase128 longer than 5 bytes")


def _woff2_within_limits(data: bytes) -> bool:
    """True if a WOFF2's Brotli stream inflates to no more than its table directory declares, within budget.

    fontTools inflates the stream whole (Brotli can expand a few MiB into many GiB); this walks the table
    directory for the expected size and inflates with an output cap.
    """
    import brotli

    if len(data) < 48 or data[4:8] == b"ttcf" or struct.unpack(">I", data[16:20])[0] > MAX_SFNT_BYTES:
        return False
    start, expected = woff2_directory(data)
    if expected > MAX_SFNT_BYTES:
        return False
    compressed = struct.unpack(">I", data[20:24])[0]
    decompressor = brotli.Decompressor()
    out = decompressor.process(data[start : start + compressed], output_buffer_limit=expected + 1)
    return len(out) <= expected and decompressor.is_finished()


def woff2_directory(data: bytes) -> tuple[int, int]:
    """Where a WOFF2's Brotli stream starts, and how many bytes its table directory says it inflates to."""
    num_tables = struct.unpack(">H", data[12:14])[0]
    pos, expected = 48, 0
    for _ in range(num_tables):
        flags = data[pos]
        pos += 1
        tag = None
        if flags & 0x3F == 0x3F:
            tag = data[pos : pos + 4]
            pos += 4
        orig_length, pos = _base128(data, pos)
        version = flags >> 6
        is_glyf_loca = (flags & 0x3F) in (10, 11) or tag in (b"glyf", b"loca")
        transformed = version == 0 if is_glyf_loca else version != 0
        length = orig_length
        if transformed:
            length, pos = _base128(data, pos)
        expected += length
    return pos, expected


def _cff_to_glyf(font) -> None:  # type: ignore[no-untyped-def]
    """Replace CFF (cubic) outlines with TrueType (quadratic) ones in place, as fontTools' otf2ttf recipe does."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        advance, _lsb = hmtx.metrics[name]
        hmtx.metrics[name] = (advance, getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font["head"].indexToLocFormat = 0
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
