"""Messages name commands as the reader sees them: a Chinese message says /通告单 发布, not
/callsheet publish (Discord shows a Chinese client the localized names)."""

import re

import pytest

from bot.i18n import DEFAULT_LOCALE, LOCALES, catalog

TOP = re.compile(r"^cmd\.([a-z_]+)\.name$")
SUB = re.compile(r"^cmd\.([a-z_]+)\.([a-z_]+)\.name$")
MENTION = re.compile(r"(?<![\w/])/([a-z][a-z-]*)(?: ([a-z][a-z-]*))?")


def commands(loc: str) -> dict[str, tuple[str, dict[str, str]]]:
    """English top-level name -> (localized name, {English subcommand name: localized name})."""
    en, cat = catalog(DEFAULT_LOCALE), catalog(loc)
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for key in en:
        if (m := TOP.match(key)) and not m.group(1).startswith("opt_"):
            out[en[key]] = (cat[key], {})
    for key in en:
        if (m := SUB.match(key)) and not m.group(2).startswith("opt_") and (top := en.get(f"cmd.{m.group(1)}.name")):
            out[top][1][en[key]] = cat[key]
    return out


def expected_mentions(english: str, loc: str) -> list[tuple[str, str]]:
    """(English mention, what the ``loc`` string must say instead) for every command the English names."""
    table = commands(loc)
    found = []
    for m in MENTION.finditer(english):
        top, sub = m.group(1), m.group(2)
        if top not in table:
            continue
        local_top, subs = table[top]
        if sub in subs:
            found.append((f"/{top} {sub}", f"/{local_top} {subs[sub]}"))
        else:
            found.append((f"/{top}", f"/{local_top}"))
    return found


def test_the_english_names_real_commands():
    assert expected_mentions("Send it with /callsheet publish.", "zh-CN") == [("/callsheet publish", "/通告单 发布")]
    assert expected_mentions("Join with /crew join and the code", "ko") == [("/crew join", "/스태프 합류")]


@pytest.mark.parametrize("loc", [loc for loc in LOCALES if loc != DEFAULT_LOCALE])
def test_messages_name_the_localized_command(loc):
    en, cat = catalog(DEFAULT_LOCALE), catalog(loc)
    problems = []
    for key, english in en.items():
        if key.startswith("cmd."):
            continue
        for english_mention, local in expected_mentions(english, loc):
            if local not in cat[key]:
                problems.append(f"{loc} {key}: the English names {english_mention}; write {local} here. Now: {cat[key]!r}")
            elif english_mention != local and re.search(re.escape(english_mention) + r"(?![\w-])", cat[key]):
                problems.append(f"{loc} {key}: still names {english_mention}; write {local}. Now: {cat[key]!r}")
    assert not problems, "\n".join(problems)
