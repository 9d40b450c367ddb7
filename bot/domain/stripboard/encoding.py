"""Which text encoding a CSV stripboard is in: byte-order marks first, then UTF-8, then a real
detector (charset-normalizer) that must be sure.

WPS and Excel on a Chinese Windows save "CSV" as GBK/GB18030; a Japanese Excel saves Shift-JIS
(cp932), a Korean one CP949. Those byte streams often decode without error under the wrong codec
(Shift-JIS bytes are valid GB18030) and come out as nonsense, so a decoding that merely succeeds
proves nothing. The detector ranks every plausible encoding by how chaotic the text it yields is;
we take its choice only when no other plausible encoding, nearly as clean, reads the bytes as
different text. Otherwise the file is refused with a message saying how to re-save it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from bot.domain.stripboard.problems import Problem

#: A competitor whose text is at most this much more chaotic than the best one makes the choice uncertain.
MARGIN = 0.08
#: The best reading must be at least this clean.
MAX_CHAOS = 0.25

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Read with the superset codec: a GBK file may hold characters GB2312 lacks, and so on.
_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs"}

#: Names people know, for the messages.
_LABELS = {"gb18030": "GB18030/GBK", "gbk": "GB18030/GBK", "gb2312": "GB18030/GBK", "cp932": "Shift-JIS",
           "shift_jis": "Shift-JIS", "euc_jp": "EUC-JP", "cp949": "Korean (CP949)", "euc_kr": "Korean (EUC-KR)",
           "big5": "Big5", "big5hkscs": "Big5", "utf_16": "UTF-16", "utf_8": "UTF-8"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used ("utf-8", "gb18030", "cp932", ...)
    detected: bool  # True when it was not UTF-8 (or a BOM) but the detector's choice


def label(encoding: str) -> str:
    return _LABELS.get(encoding.lower().replace("-", "_"), encoding)


def decode_text(data: bytes, problems: list[Problem]) -> Decoded | None:
    """The text of a CSV file, or None with a problem saying why it cannot be read."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec, False)
            except UnicodeDecodeError:
                problems.append(Problem("csv", None, None, "stripboard.problem.bad_bom", {"encoding": label(codec)}))
                return None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only non-UTF-8 uploads pay for the detector

    results = [r for r in from_bytes(data) if r.encoding.replace("-", "_") != "utf_8"]
    if not results:
        problems.append(Problem("csv", None, None, "stripboard.problem.encoding_unknown", {}))
        return None
    readings = [(r.chaos, codec, text) for r in results if (text := _decode(data, codec := _codec(r.encoding))) is not None]
    if not readings:
        problems.append(Problem("csv", None, None, "stripboard.problem.encoding_unknown", {}))
        return None
    chaos, codec, text = min(readings, key=lambda x: x[0])
    rivals = sorted({label(c) for ch, c, other in readings if ch <= chaos + MARGIN and other != text})
    if chaos > MAX_CHAOS or rivals:
        candidates = ", ".join(dict.fromkeys([label(codec), *rivals]))
        problems.append(Problem("csv", None, None, "stripboard.problem.encoding_uncertain", {"candidates": candidates}))
        return None
    return Decoded(text, codec, True)


def _codec(encoding: str) -> str:
    name = encoding.lower().replace("-", "_")
    return _SUPERSET.get(name, name)


def _decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
