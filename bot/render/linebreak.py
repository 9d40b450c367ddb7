"""Breaking text into lines for the PDF the way Chinese typesetting does (禁则, kinsoku).

A Chinese line may break between any two characters, but never so that a line starts with a
closing punctuation mark (，。、；：？！）》」… ) nor ends with an opening one (（《「“ ): when the
break would fall there, the character before it moves down with it. Latin words, numbers and times
("Hospital ward", "06:30", "138-0000") are not broken inside. ``measure`` gives a string's width in
the unit of ``width`` (the PDF's ``get_string_width``).
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: May not start a line.
CLOSING = frozenset("，。、；：？！）》」』】〕〉〗｝”’…‥—–·・％‰,.;:?!)]}>%\u3001\u3002\uff0c\uff0e")
#: May not end a line.
OPENING = frozenset("（《「『【〔〈〖｛“‘([{<")
_TOKEN = re.compile(r"[0-9A-Za-z\u00C0-\u024F\u0E00-\u0E7F'’_@#&+/:.\-]+\s*|\s+|.", re.S)

Measure = Callable[[str], float]


def tokens(text: str) -> list[str]:
    """Latin words and numbers (with the spaces after them), single spaces runs, or one character."""
    return _TOKEN.findall(text)


def _split_long(token: str, width: float, measure: Measure) -> list[str]:
    """A single word wider than the line: cut it where it must be cut."""
    out, cur = [], ""
    for ch in token:
        if cur and measure(cur + ch) > width:
            out.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        out.append(cur)
    return out


def wrap(text: str, width: float, measure: Measure, limit: int | None = None) -> list[str]:
    """``text`` as lines no wider than ``width`` (a line of one unbreakable pair may be wider),
    keeping its own line breaks. ``limit``: only the first ``limit`` lines are wanted (and whether
    there are more): at most ``limit + 1`` lines come back, the first ``limit`` exactly as without
    a limit, so a long text clamped to a few lines is not measured to its end."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_paragraph(paragraph, width, measure, None if limit is None else limit + 1 - len(lines))
        if limit is not None and len(lines) > limit:
            return lines[: limit + 1]
    return lines


def _wrap_paragraph(paragraph: str, width: float, measure: Measure, limit: int | None = None) -> list[str]:
    if not paragraph:
        return [""]
    lines: list[list[str]] = [[]]
    for tok in tokens(paragraph):
        if limit is not None and len(lines) > limit + 1:
            break  # the first ``limit`` lines are settled (a 禁则 move only reaches back one line)
        current = lines[-1]
        if not current and tok.isspace():
            continue  # no line starts with spaces
        if measure("".join(current) + tok.rstrip()) <= width or not current:
            if not current and measure(tok.rstrip()) > width:
                pieces = _split_long(tok, width, measure)
                current.append(pieces[0])
                for piece in pieces[1:]:
                    lines.append([piece])
            else:
                current.append(tok)
            continue
        if tok.isspace():
            lines.append([])
            continue
        # 禁则: a closing mark may not start the new line, so the characters before it go down with
        # it (追い出し); when the line has nothing left to give, the mark hangs at its end (ぶら下げ)
        moved: list[str] = []
        while (moved[0] if moved else tok)[:1] in CLOSING and len(current) > 1:
            moved.insert(0, current.pop())
        if (moved[0] if moved else tok)[:1] in CLOSING:
            current.extend(moved)
            current.append(tok)
            continue
        nxt = moved + [tok]
        # and an opening mark may not end the old line
        while current and current[-1][-1:] in OPENING and len(current) > 1:
            nxt.insert(0, current.pop())
        lines.append(nxt)
    out = ["".join(line).rstrip() for line in lines if line or len(lines) == 1]
    return out if limit is None else out[:limit]


def clamp_lines(lines: list[str], count: int, width: float, measure: Measure) -> list[str]:
    """At most ``count`` lines; when some are cut, the last one kept ends with "…"."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1]
    while last and measure(last + "…") > width:
        last = last[:-1]
    return lines[: count - 1] + [last.rstrip() + "…"]


def starts_badly(line: str) -> bool:
    """A line that starts with a closing punctuation mark (what :func:`wrap` never makes)."""
    stripped = line.lstrip()
    return bool(stripped) and stripped[0] in CLOSING
