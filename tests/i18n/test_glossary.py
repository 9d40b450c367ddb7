"""The set terms of bot/i18n/glossary.toml are used everywhere the English uses them.

When this fails it says, per string, which term the English uses and which word to write: add it
to the string (or, if the translation is right and the glossary lacks an accepted form, add the
form to the glossary's list for that language)."""

import re

import pytest

from bot.i18n import DEFAULT_LOCALE, GLOSSARY_FILE, LOCALES, catalog, glossary

PLACEHOLDER = re.compile(r"\{[^}]*\}")
REQUIRED = {"general_call", "crew_call", "shooting_call", "moving_on", "set_move", "company_move", "pre_light",
            "last_looks", "standby", "meal", "supper", "late_meal", "wrap", "turnaround", "call_sheet", "revision",
            "extras", "day_player"}


def squash(text: str) -> str:
    """Compare without case, spaces or hyphens: a command name "fin-de-jornada" is "fin de jornada"."""
    return re.sub(r"[\s\-_]+", "", PLACEHOLDER.sub("", text)).casefold()


def terms() -> dict:
    return {k: v for k, v in glossary().items() if k != "avoid"}


def test_glossary_is_complete():
    terms_ = terms()
    assert REQUIRED <= set(terms_), f"{GLOSSARY_FILE.name} lacks {sorted(REQUIRED - set(terms_))}"
    for name, entry in terms_.items():
        assert entry.get("en"), f"[{name}] has no English pattern"
        for pattern in entry["en"]:
            re.compile(pattern)
        for loc in LOCALES:
            if loc == DEFAULT_LOCALE:
                continue
            forms = entry.get(loc)
            assert isinstance(forms, list) and forms and all(isinstance(f, str) and f.strip() for f in forms), (
                f"[{name}] needs a {loc} term: {loc} = [\"...\"] in {GLOSSARY_FILE.name}")


def uses(term: dict, english: str) -> str | None:
    """The English words of ``term`` found in ``english`` (placeholders removed), or None."""
    text = PLACEHOLDER.sub("", english)
    for pattern in term["en"]:
        if m := re.search(pattern, text, re.IGNORECASE):
            return m.group(0)
    return None


def misses(loc: str, other: dict[str, str] | None = None) -> list[str]:
    en = catalog(DEFAULT_LOCALE)
    other = catalog(loc) if other is None else other
    problems = []
    for name, term in terms().items():
        forms = term[loc]
        for key, english in en.items():
            found = uses(term, english)
            if found is None or key not in other:
                continue
            text = squash(other[key])
            if not any(squash(form) in text for form in forms):
                others = f" (or {', '.join(repr(f) for f in forms[1:])})" if len(forms) > 1 else ""
                problems.append(f"{loc} {key}: the English says {found!r} ({name}); write {forms[0]!r}{others} here.\n"
                                f"    now: {other[key]!r}")
    return problems


@pytest.mark.parametrize("loc", [loc for loc in LOCALES if loc != DEFAULT_LOCALE])
def test_every_catalog_uses_the_glossary_terms(loc):
    problems = misses(loc)
    assert not problems, (f"{len(problems)} string(s) do not use the set term from bot/i18n/glossary.toml:\n"
                          + "\n".join(problems))


def test_a_paraphrase_is_caught():
    """The check itself: a Chinese wrap message without 收工, or a day's first shot called 开机,
    is reported with the word to use."""
    zh = dict(catalog("zh-CN"))
    zh["shoot.reply.wrap"] = "🎬 今天拍完了！时间 **{time}**。"
    zh["shoot.reply.started"] = "🎬 开机！第 **{scene}** 场 · {set}。"
    problems = misses("zh-CN", zh)
    assert any(p.startswith("zh-CN shoot.reply.wrap: the English says 'wrap' (wrap); write '收工' here.") for p in problems), problems
    assert any(p.startswith("zh-CN shoot.reply.started: the English says 'First shot' (shooting_call); write '开拍' (or '第一镜')")
               for p in problems), problems


@pytest.mark.parametrize("loc", sorted(glossary().get("avoid", {})))
def test_no_catalog_uses_a_word_the_crew_would_not(loc):
    problems = [f"{loc} {key}: {text!r} contains {m.group(0)!r}: {why}"
                for pattern, why in glossary()["avoid"][loc].items()
                for key, text in catalog(loc).items() if (m := re.search(pattern, text))]
    assert not problems, "\n".join(problems)
