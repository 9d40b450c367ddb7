"""Find a font that has Chinese, Japanese and Korean glyphs, for the PDF.

In order: the ``SETCALL_CJK_FONT`` environment variable (a .ttf/.otf/.ttc path, optionally
``path#index`` for a collection), the ``paperang-p2-fonts-cjk`` package the project depends on
(WenQuanYi Micro Hei, installed by ``make``), then Debian's font packages (fonts-wqy-microhei,
fonts-wqy-zenhei, fonts-noto-cjk, fonts-droid-fallback).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

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
