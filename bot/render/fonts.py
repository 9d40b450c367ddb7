"""Find a font that has Chinese, Japanese and Korean glyphs for the PDF, and the fallback fonts
for what it lacks (Thai, emoji).

In order: the ``SETCALL_CJK_FONT`` environment variable (a .ttf/.otf/.ttc path, optionally
``path#index`` for a collection), the ``paperang-p2-fonts-cjk`` package the project depends on
(WenQuanYi Micro Hei, installed by ``make``), then Debian's font packages (fonts-wqy-microhei,
fonts-wqy-zenhei, fonts-noto-cjk, fonts-droid-fallback).
"""

from __future__ import annotations

import copy
import io
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

SYSTEM_FONTS: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2: Simplified Chinese
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)


class FontMissing(RuntimeError):
    pass


def _packaged() -> Path | None:
    try:
        from importlib.resources import files

        path = Path(str(files("paperang_p2_fonts_cjk") / "fonts" / "wqy-microhei.ttc"))
    except (ImportError, ModuleNotFoundError, TypeError):
        return None
    return path if path.is_file() else None


@cache
def cjk_font() -> tuple[Path, int]:
    """(font file, index in the collection). Raises :class:`FontMissing` when there is none."""
    env = os.environ.get("SETCALL_CJK_FONT", "").strip()
    if env:
        path, _, index = env.partition("#")
        if Path(path).is_file():
            return Path(path), int(index or 0)
    if (p := _packaged()) is not None:
        return p, 0
    for path, index in SYSTEM_FONTS:
        if Path(path).is_file():
            return Path(path), index
    raise FontMissing(
        "no CJK font found: install the project (pip install -e .) for paperang-p2-fonts-cjk, "
        "or apt-get install fonts-wqy-microhei, or set SETCALL_CJK_FONT=/path/to/font.ttc"
    )


# --- fallbacks: what the CJK font lacks ---------------------------------------------------------
# WenQuanYi has no Thai and no emoji. The PDF adds these as fpdf2 fallback fonts, so a Thai name or
# an emoji someone put in their display name prints as itself instead of an empty box. Both come
# from the ``manimgx-fonts`` package the project depends on (Google's Noto fonts, SIL OFL 1.1);
# SETCALL_THAI_FONT / SETCALL_EMOJI_FONT or Debian's packages work too.

SYSTEM_FALLBACKS: dict[str, tuple[str, ...]] = {
    "thai": (
        "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",  # fonts-noto-core
        "/usr/share/fonts/truetype/tlwg/Garuda.ttf",  # fonts-thai-tlwg
        "/usr/share/fonts/opentype/tlwg/Garuda.otf",
    ),
    "emoji": (
        "/usr/share/fonts/truetype/noto/NotoEmoji-Regular.ttf",
        "/usr/share/fonts/truetype/ancient-scripts/Symbola_hint.ttf",  # fonts-symbola
    ),
}
PACKAGED_FALLBACKS = {"thai": "NotoSansThai[wght].ttf", "emoji": "NotoEmoji[wght].ttf"}


def _packaged_fallback(name: str) -> Path | None:
    try:
        from importlib.resources import files

        path = Path(str(files("manimgx_fonts") / PACKAGED_FALLBACKS[name]))
    except (ImportError, ModuleNotFoundError, TypeError):
        return None
    return path if path.is_file() else None


@cache
def fallback_font(name: str) -> Path | None:
    """The ``"thai"`` or ``"emoji"`` fallback font file, or None when none is installed (the PDF
    then leaves out what it cannot draw rather than printing boxes)."""
    env = os.environ.get(f"SETCALL_{name.upper()}_FONT", "").strip()
    if env and Path(env).is_file():
        return Path(env)
    if (p := _packaged_fallback(name)) is not None:
        return p
    return next((Path(p) for p in SYSTEM_FALLBACKS[name] if Path(p).is_file()), None)


def fallback_fonts() -> list[tuple[str, Path]]:
    """(family name, file) of every fallback font there is, in the order the PDF tries them."""
    return [(name, path) for name in ("thai", "emoji") if (path := fallback_font(name)) is not None]


@cache
def font_cmap(path: Path, index: int = 0) -> frozenset[int]:
    """The code points a font file draws (read once per process)."""
    from fontTools.ttLib import TTCollection, TTFont

    if str(path).lower().endswith(".ttc"):
        font = TTCollection(str(path), lazy=True).fonts[index]
    else:
        font = TTFont(str(path), lazy=True)
    return frozenset(font.getBestCmap() or {})


def fallbacks_for(text: str) -> list[tuple[str, Path]]:
    """The fallback fonts ``text`` needs: those that draw a character the CJK font cannot."""
    base = font_cmap(*cjk_font())
    missing = {ord(ch) for ch in set(text) if ord(ch) not in base and not ch.isspace()}
    return [(name, path) for name, path in fallback_fonts() if missing & font_cmap(path)]


_LOCK = threading.Lock()


@cache
def _prototype(path: Path, index: int) -> tuple[bytes, Any]:
    """The CJK font parsed once per process (fpdf2 spends ~0.5 s per ``add_font`` of it): its
    bytes and a prepared ``TTFFont`` whose metrics every document shares."""
    from fpdf import FPDF
    from fpdf.fonts import TTFFont

    data = path.read_bytes()
    return data, TTFFont(FPDF(), io.BytesIO(data), "cjk", "", collection_font_number=index)  # type: ignore[arg-type]


def add_cjk_font(pdf: Any, family: str, styles: tuple[str, ...] = ("",)) -> None:
    """``pdf.add_font(family, style, <the CJK font>)`` for each style, from the font parsed once per
    process. Each document gets its own fontTools object (subsetting at output changes it), font
    descriptor and subset map; the parsed metrics (widths, glyph ids, cmap) are shared read-only."""
    from fontTools import ttLib
    from fpdf.enums import TextEmphasis
    from fpdf.fonts import SubsetMap

    path, index = cjk_font()
    with _LOCK:
        data, proto = _prototype(path, index)
    for style in styles:
        fontkey = f"{family.lower()}{style}"
        font = copy.copy(proto)
        font.i = len(pdf.fonts) + 1
        font.fontkey = fontkey
        font.emphasis = TextEmphasis.coerce(style)
        font.ttffile = path
        font.ttfont = ttLib.TTFont(io.BytesIO(data), recalcTimestamp=False, fontNumber=index, lazy=True)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font._hbfont = None
        font.desc = copy.copy(proto.desc)  # a PDF object: numbered per document and per font
        font.subset = SubsetMap(font)
        pdf.fonts[fontkey] = font
