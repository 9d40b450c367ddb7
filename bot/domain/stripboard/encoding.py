"""Which text encoding a CSV stripboard is in: byte-order marks first, then UTF-8, then the legacy
encodings the crews in the park actually save in, judged by what the text says.

WPS and Excel on a Chinese Windows save "CSV" as GBK/GB18030; a Japanese Excel saves Shift-JIS
(cp932), a Korean one CP949, a Thai one TIS-620 (cp874), a Spanish one Windows-1252; a Hong Kong or
Taiwanese machine may save Big5. Those byte streams often decode without error under the wrong
codec (Shift-JIS bytes are valid GB18030) and come out as nonsense, so a decoding that merely
succeeds proves nothing. Each candidate reading is judged, in this order:

1. **Structure**: how many cells name a stripboard section or column in a language other than
   English (``场次``, ``场景``, ...). A Chinese header row reads as itself in exactly one encoding.
2. **Plausibility**: the share of its non-ASCII characters that belong to the everyday repertoire
   of that encoding's language (GB2312 for GB18030; full-width JIS X 0208 for Shift-JIS, never
   half-width katakana; Hangul for CP949; Thai letters for TIS-620; accented Latin letters for
   Windows-1252). Garbage reads as rare characters; real text does not. Big5 carries a small
   handicap: on a mainland set, a reading as simplified Chinese is the likelier one.
3. When no reading is clearly plausible, charset-normalizer's ranking among the same encodings, and
   only when it is sure.

Two readings that differ and that nothing above tells apart make the file *uncertain*: it is refused
with a message saying how to re-save it, rather than imported as garbled names.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bot.domain.stripboard.problems import Problem

#: A reading this plausible (share of everyday characters) is taken without the detector.
PLAUSIBLE = 0.9
#: Two readings whose plausibility is this close cannot be told apart by it.
CLOSE = 0.1
#: The detector: a competitor at most this much more chaotic than the best makes the choice uncertain.
MARGIN = 0.08
#: The detector: the best reading must be at least this clean.
MAX_CHAOS = 0.25
#: Big5's handicap on a mainland set (see the module docstring).
BIG5_PRIOR = 0.85
#: Thai and Windows-1252 readings carry a small handicap too: almost any byte reads as a Thai or an
#: accented letter, so their readings are a little less telling than a CJK reading that fits.
THAI_PRIOR = WESTERN_PRIOR = 0.92
#: Only this much of a big file is judged (the header and the first rows say enough).
SAMPLE = 64 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Names people know, for the messages.
_LABELS = {"gb18030": "GB18030/GBK", "gbk": "GB18030/GBK", "gb2312": "GB18030/GBK", "cp932": "Shift-JIS",
           "shift_jis": "Shift-JIS", "euc_jp": "EUC-JP", "cp949": "Korean (CP949)", "euc_kr": "Korean (EUC-KR)",
           "big5": "Big5", "big5hkscs": "Big5", "cp874": "Thai (TIS-620)", "cp1252": "Windows-1252",
           "utf_16": "UTF-16", "utf_8": "UTF-8"}


def _encodable(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


@cache
def _gb(c: str) -> float:
    """GB2312's first level (the 3,755 everyday characters) and its punctuation rows; its second
    level counts less, its kana, Greek, Cyrillic and box rows hardly at all."""
    try:
        lead = c.encode("gb2312")[0]
    except UnicodeEncodeError:
        return 0.0
    if 0xB0 <= lead <= 0xD7 or 0xA1 <= lead <= 0xA3:
        return 1.0
    return 0.7 if lead >= 0xD8 else 0.2


@cache
def _sjis(c: str) -> float:
    if "\uff61" <= c <= "\uff9f":  # half-width katakana: what Chinese bytes turn into
        return 0.0
    return 1.0 if _encodable(c, "euc_jp") else 0.0


@cache
def _korean(c: str) -> float:
    if "\uac00" <= c <= "\ud7a3":
        return 1.0 if _encodable(c, "euc_kr") else 0.5
    if unicodedata.category(c).startswith(("P", "Z", "S")):
        return 1.0 if _encodable(c, "euc_kr") else 0.0
    return 0.3 if _encodable(c, "euc_kr") else 0.0  # hanja: rare in a Korean spreadsheet


@cache
def _big5(c: str) -> float:
    return BIG5_PRIOR if _encodable(c, "big5") else 0.0


def _non_ascii(text: str):
    """Each non-ASCII character with the characters just before and after it ("" at the ends)."""
    for i, c in enumerate(text):
        if not c.isascii():
            yield c, text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""


def _latin(c: str) -> bool:
    return c.isascii() and c.isalpha()


_THAI_CONSONANT = re.compile(r"[\u0e01-\u0e2e]")
#: Vowel and tone marks written above or below a consonant: they never start a syllable.
_THAI_MARK = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
#: Obsolete or rare letters (ฃ ฅ ฤ ฦ ฌ ๅ ๏ ๚ ๛): garbage is full of them, Thai text is not.
_THAI_RARE = "\u0e03\u0e05\u0e24\u0e26\u0e0c\u0e45\u0e4f"
_THAI_LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44"  # เ แ โ ใ ไ: written before their consonant


def _thai(text: str) -> list[float]:
    """Thai letters in Thai order: a mark follows a consonant (or another mark), a leading vowel
    precedes a consonant. Other bytes read as TIS-620 break those rules at once."""
    out = []
    for c, before, after in _non_ascii(text):
        if _THAI_MARK.match(c):
            ok = bool(_THAI_CONSONANT.match(before) or _THAI_MARK.match(before))
        elif c in _THAI_LEADING:
            ok = bool(_THAI_CONSONANT.match(after))
        elif "\u0e50" <= c <= "\u0e59":  # Thai digits stand among digits
            ok = not (before.isalpha() or after.isalpha())
        elif c in _THAI_RARE:
            ok = False
        else:
            ok = "\u0e01" <= c <= "\u0e4f" or c in "\u2018\u2019\u201c\u201d\u2013\u2014\u20ac\u2026"
        # Thai words do not run into Latin letters
        ok = ok and not (_latin(before) or _latin(after))
        out.append(THAI_PRIOR if ok else 0.0)
    return out


def _western(text: str) -> list[float]:
    """Accented letters inside words of plain letters (``Año``, ``pasillo``), Spanish punctuation.
    Other bytes read as Windows-1252 come out as runs of accented letters and symbols."""
    out = []
    for c, before, after in _non_ascii(text):
        if "\u00c0" <= c <= "\u00ff" and c not in "\u00d7\u00f7":
            ok = _latin(before) or _latin(after)
        else:
            ok = c in "¡¿«»°ºª€‘’“”–—…" and (before.isascii() or after.isascii())
        out.append(WESTERN_PRIOR if ok else 0.0)
    return out


def _per_char(judge: Callable[[str], float]) -> Callable[[str], list[float]]:
    """A CJK judge over a text: a lone character wedged inside a word of Latin letters
    (``tel?ono``: Windows-1252 ``é`` + ``f`` read as one kanji) is not CJK text."""

    def score(text: str) -> list[float]:
        out = []
        for c, before, after in _non_ascii(text):
            wedged = _latin(before) and _latin(after)
            out.append(0.0 if wedged else judge(c))
        return out

    return score


#: The legacy encodings of the park's crews, each with what its everyday characters are.
CANDIDATES: tuple[tuple[str, Callable[[str], list[float]]], ...] = (
    ("gb18030", _per_char(_gb)),
    ("cp932", _per_char(_sjis)),
    ("cp949", _per_char(_korean)),
    ("big5hkscs", _per_char(_big5)),
    ("cp874", _thai),
    ("cp1252", _western),
)


#: charset-normalizer's names for the same encodings.
_SAME = {"gbk": "gb18030", "gb2312": "gb18030", "shift_jis": "cp932", "euc_kr": "cp949", "big5": "big5hkscs", "tis_620": "cp874"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec used ("utf-8", "gb18030", "cp932", ...)
    detected: bool  # True when it was not UTF-8 (or a BOM) but judged from the text


@dataclass(frozen=True)
class _Reading:
    codec: str
    text: str
    structure: int
    plausibility: float


def label(encoding: str) -> str:
    return _LABELS.get(encoding.lower().replace("-", "_"), encoding)


@cache
def _vocabulary() -> frozenset[str]:
    """Every non-English section and column name a stripboard may carry, normalised."""
    from bot.domain.stripboard.headers import TABLES, _norm

    words = {_norm(a) for spec in TABLES for a in (*spec.aliases, *(x for col in spec.columns for x in col.aliases))}
    return frozenset(w for w in words if w and not w.isascii())


_CELL = re.compile(r"[,\t;\[\]【】\r\n]+")


def _structure(text: str) -> int:
    from bot.domain.stripboard.headers import _norm

    vocabulary = _vocabulary()
    return sum(1 for cell in _CELL.split(text) if (word := _norm(cell.strip().strip('"'))) and not word.isascii() and (
        word in vocabulary or re.sub(r"\(.*\)$", "", word).strip("_") in vocabulary))


def _plausibility(text: str, judge: Callable[[str], list[float]]) -> float:
    """The share of the reading's non-ASCII characters its language would write (1.0: none)."""
    scores = judge(text)
    return sum(scores) / len(scores) if scores else 1.0


def _read(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _sample(data: bytes) -> bytes:
    """The first ``SAMPLE`` bytes, cut at a line end so no character is split."""
    if len(data) <= SAMPLE:
        return data
    cut = data.rfind(b"\n", 0, SAMPLE)
    return data[: cut + 1] if cut > 0 else data[:SAMPLE]


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
    sample = _sample(data)
    readings = []
    for codec, judge in CANDIDATES:
        if (text := _read(sample, codec)) is not None:
            readings.append(_Reading(codec, text, _structure(text), _plausibility(text, judge)))
    if not readings:
        problems.append(Problem("csv", None, None, "stripboard.problem.encoding_unknown", {}))
        return None
    best = max(readings, key=lambda r: (r.structure, r.plausibility))
    if best.plausibility >= PLAUSIBLE:
        rivals = [r for r in readings if r is not best and r.text != best.text and r.structure == best.structure
                  and r.plausibility >= best.plausibility - CLOSE]
        chosen = best.codec if not rivals else _detector(sample, [best, *rivals])
        if chosen is None:
            return _uncertain(problems, [best, *rivals])
    else:
        chosen = _detector(sample, [r for r in readings if r.structure == best.structure])
        if chosen is None:
            return _uncertain(problems, [r for r in readings if r.structure == best.structure])
    text = _read(data, chosen)
    if text is None:  # the sample read, the whole file does not
        problems.append(Problem("csv", None, None, "stripboard.problem.encoding_unknown", {}))
        return None
    return Decoded(text, chosen, True)


def _detector(sample: bytes, readings: list[_Reading]) -> str | None:
    """charset-normalizer's choice among these readings, when it is sure; else None."""
    from charset_normalizer import from_bytes  # only undecided uploads pay for the detector

    allowed = {r.codec for r in readings}
    ranked = []
    for match in from_bytes(sample, cp_isolation=sorted(allowed)):
        codec = match.encoding.lower().replace("-", "_")
        codec = _SAME.get(codec, codec)
        if codec in allowed:
            ranked.append((match.chaos, codec))
    if not ranked:
        return None
    chaos, codec = min(ranked)
    text = next(r.text for r in readings if r.codec == codec)
    others = [c for ch, c in ranked if c != codec and ch <= chaos + MARGIN and next(r.text for r in readings if r.codec == c) != text]
    if chaos > MAX_CHAOS or others:
        return None
    return codec


def _uncertain(problems: list[Problem], readings: list[_Reading]) -> None:
    candidates = ", ".join(dict.fromkeys(label(r.codec) for r in readings))
    problems.append(Problem("csv", None, None, "stripboard.problem.encoding_uncertain", {"candidates": candidates}))
    return None
