"""Rebuild the embedded font set in ``fonts/`` from its upstream packages (a maintainer tool, not run at render time).

Why ship font files instead of depending on font packages at run time: a render worker must work on a fresh
machine with no system fonts, must not write a cache to disk (read-only containers) and must not spend seconds
instancing variable fonts on its first request. Static, de-hinted files in the package load in milliseconds.
De-hinting and dropping OpenType layout tables (ReportLab draws unshaped glyphs; Arabic joining is done by
``bidi.py`` with presentation forms) roughly halves both the files and the font data embedded in each PDF.

Sources (all free licences, the texts are copied to ``fonts/LICENSE-*.txt``); fetch and unpack them into one folder:

    apt-get download fonts-liberation2 fonts-dejavu-core fonts-dejavu-extra fonts-droid-fallback
    for d in *.deb; do dpkg-deb -x "$d" src; done
    pip download --no-deps manimgx-fonts==2026.9.26.post1 && unzip -o manimgx_fonts-*.whl -d src
    python -m pdflet.renderers.reportlab.fonts_build src

Liberation carries the Reserved Font Name "Liberation" (SIL OFL 1.1 §3), so the modified (subset, de-hinted)
copies are renamed "Pdflet Sans/Serif/Mono"; their metrics are unchanged, i.e. still those of Arial, Times New
Roman and Courier New, which is what Chromium prints with on Linux. Droid Sans Fallback (Apache 2.0, CJK) is
split into files under 2 MiB each, the first holding the characters most CJK text uses (see ``_cjk_parts``).

Why Droid Sans Fallback for CJK: it is the one TrueType-outline CJK font to be had from the registries here
(Noto Sans CJK on PyPI is CFF, which ReportLab cannot embed, and 16-33 MB). ReportLab's built-in CID fonts
need no file but are not embedded: poppler without its language packs extracted and drew nothing from them,
while the embedded subset added ~36 KB for 154 distinct CJK characters.
"""

from __future__ import annotations

import io
import json
import logging
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).with_name("fonts")
MAX_FILE = 2 * 1024 * 1024

# (output face name, source path suffix, variable-axis wght or None, rename-to family or None)
FACES: list[tuple[str, str, float | None, str | None]] = [
    *(
        (f"PdfletSans-{s}", f"liberation2/LiberationSans-{s}.ttf", None, "Pdflet Sans")
        for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    *(
        (f"PdfletSerif-{s}", f"liberation2/LiberationSerif-{s}.ttf", None, "Pdflet Serif")
        for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    *(
        (f"PdfletMono-{s}", f"liberation2/LiberationMono-{s}.ttf", None, "Pdflet Mono")
        for s in ("Regular", "Bold", "Italic", "BoldItalic")
    ),
    *(
        (f"DejaVuSans{s}", f"DejaVuSans{s}.ttf", None, None)
        for s in ("", "-Bold", "-Oblique", "-BoldOblique")
    ),
    *(
        (f"DejaVuSerif{s}", f"DejaVuSerif{s}.ttf", None, None)
        for s in ("", "-Bold", "-Italic", "-BoldItalic")
    ),
    ("NotoSansArabic-Regular", "NotoSansArabic[wght].ttf", 400, None),
    ("NotoSansArabic-Bold", "NotoSansArabic[wght].ttf", 700, None),
    ("NotoSansHebrew-Regular", "NotoSansHebrew[wght].ttf", 400, None),
    ("NotoSansHebrew-Bold", "NotoSansHebrew[wght].ttf", 700, None),
    ("NotoSansThai-Regular", "NotoSansThai[wght].ttf", 400, None),
    ("NotoSansThai-Bold", "NotoSansThai[wght].ttf", 700, None),
    ("NotoSansSymbols-Regular", "NotoSansSymbols[wght].ttf", 400, None),
    ("NotoEmoji-Regular", "NotoEmoji[wght].ttf", 400, None),
]

# Droid Sans Fallback split into pieces, each under MAX_FILE. The first holds what most CJK text uses: kana,
# punctuation, the level-1 ideographs of JIS X 0208 and GB 2312 and Big5's common set (7,174 together) and the
# 2,350 Hangul syllables of KS X 1001, so a typical document loads one piece (~15 ms) and embeds one font.
# Every piece also keeps the spaces and punctuation CJK text uses, so a sentence stays one run.
CJK_SOURCE = "truetype/DroidSansFallback.ttf"  # the "Full" variant lacks Hangul
CJK_SHARED = [(0x0020, 0x007E), (0x00A0, 0x00A0), (0x3000, 0x303F), (0xFF00, 0xFFEF)]


def _encodes(ch: str, codec: str) -> bytes | None:
    try:
        return ch.encode(codec)
    except UnicodeEncodeError:
        return None


def _common_cjk() -> set[int]:
    """Code points of the frequently used ideographs and Hangul syllables, from the national standards."""
    out = set(range(0x3040, 0x3100)) | set(range(0x31F0, 0x3200))  # kana
    for cp in range(0x4E00, 0xA000):
        ch = chr(cp)
        jis, gb, big5 = _encodes(ch, "euc_jp"), _encodes(ch, "gb2312"), _encodes(ch, "big5")
        if (
            (jis and len(jis) == 2 and 0xB0 <= jis[0] <= 0xCF)
            or (gb and len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7)
            or (big5 and len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E)
        ):
            out.add(cp)
    for cp in range(0xAC00, 0xD7A4):
        kr = _encodes(chr(cp), "euc_kr")
        if kr and len(kr) == 2:
            out.add(cp)
    return out


def _cjk_parts() -> list[tuple[str, set[int]]]:
    common = _common_cjk()

    def span(lo: int, hi: int) -> set[int]:
        return set(range(lo, hi + 1)) - common

    han1, han2, other = span(0x4E00, 0x6FFF), span(0x7000, 0x9FFF), span(0x0000, 0x10FFFF)
    other -= han1 | han2
    return [
        ("DroidSansFallback-Common", common),
        ("DroidSansFallback-Han1", han1),
        ("DroidSansFallback-Han2", han2),
        ("DroidSansFallback-Other", other),
    ]


LICENSES = {
    "Liberation-OFL.txt": "usr/share/doc/fonts-liberation2/copyright",
    "DejaVu.txt": "usr/share/doc/fonts-dejavu-core/copyright",
    "DroidSansFallback-NOTICE.txt": "usr/share/doc/fonts-droid-fallback/copyright",
    "Noto-OFL.txt": "manimgx_fonts-2026.9.26.post1.dist-info/licenses/LICENSE",
}


def _find(src: Path, name: str) -> Path:
    """Find a source file by path suffix (e.g. ``liberation2/X.ttf``), so same-named older copies are skipped."""
    hits = sorted(p for p in src.rglob("*") if p.is_file() and p.as_posix().endswith("/" + name))
    if not hits:
        raise SystemExit(f"missing source font {name} under {src}")
    return hits[0]


def _ranges(cps: list[int]) -> list[list[int]]:
    """Compress sorted code points into inclusive [start, end] ranges for a small manifest."""
    out: list[list[int]] = []
    for cp in cps:
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def _rename(font, family: str, face: str) -> None:  # type: ignore[no-untyped-def]
    """Give a modified Liberation face our own name, as the OFL's Reserved Font Name clause asks."""
    name = font["name"]
    style = face.split("-", 1)[1]
    subfamily = {"Regular": "Regular", "Bold": "Bold", "Italic": "Italic", "BoldItalic": "Bold Italic"}[style]
    for rec in list(name.names):
        if rec.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            name.removeNames(nameID=rec.nameID)
    name.setName(family, 1, 3, 1, 0x409)
    name.setName(subfamily, 2, 3, 1, 0x409)
    name.setName(f"{face};pdflet", 3, 3, 1, 0x409)
    name.setName(f"{family} {subfamily}", 4, 3, 1, 0x409)
    name.setName(face, 6, 3, 1, 0x409)
    note = " Modified (subset, de-hinted, renamed) from Liberation 2.1.5 for pdflet."
    for rec in name.names:
        if rec.nameID == 0:
            rec.string = rec.toUnicode() + note


def _build_face(path: Path, wght: float | None, keep: set[int] | None):  # type: ignore[no-untyped-def]
    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.varLib import instancer

    font = TTFont(path, recalcTimestamp=False)
    if "fvar" in font:
        axes = {a.axisTag: a.defaultValue for a in font["fvar"].axes}
        if wght is not None:
            axes["wght"] = wght
        font = instancer.instantiateVariableFont(font, axes, updateFontNames=True)
    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "LTSH", "VDMX", "hdmx", "gasp", "PCLT", "FFTM"]
    cps = set(font.getBestCmap())
    if keep is not None:
        cps &= keep
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=cps)
    sub.subset(font)
    return font


def _save(font, face: str, manifest: dict) -> None:  # type: ignore[no-untyped-def]
    # A unique PostScript name per file: viewers (poppler, pdfminer) confuse two embedded fonts of one name,
    # which the CJK pieces of one source font would otherwise share.
    font["name"].setName(face, 6, 3, 1, 0x409)
    font["name"].removeNames(nameID=6, platformID=1)
    buf = io.BytesIO()
    font.save(buf)
    data = buf.getvalue()
    if len(data) >= MAX_FILE:
        raise SystemExit(f"{face}: {len(data)} bytes, over the {MAX_FILE} limit; split it")
    (OUT / f"{face}.ttf").write_bytes(data)
    manifest[face] = {"file": f"{face}.ttf", "cmap": _ranges(sorted(font.getBestCmap()))}
    print(f"{face}: {len(data) // 1024} KiB, {len(font.getBestCmap())} code points")


def main(argv: list[str]) -> int:
    """Build every face listed above from the unpacked sources in ``argv[0]``."""
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    src = Path(argv[0])
    OUT.mkdir(exist_ok=True)
    manifest: dict[str, dict] = {}
    for face, source, wght, family in FACES:
        font = _build_face(_find(src, source), wght, None)
        if family:
            _rename(font, family, face)
        _save(font, face, manifest)
    cjk = _find(src, CJK_SOURCE)
    shared = {cp for lo, hi in CJK_SHARED for cp in range(lo, hi + 1)}
    for face, keep in _cjk_parts():
        _save(_build_face(cjk, None, keep | shared), face, manifest)
    for target, source in LICENSES.items():
        shutil.copyfile(_find(src, source), OUT / f"LICENSE-{target}")
    shutil.copyfile("/usr/share/common-licenses/Apache-2.0", OUT / "LICENSE-Apache-2.0.txt")
    (OUT / "manifest.json").write_text(json.dumps(manifest, separators=(",", ":")) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
