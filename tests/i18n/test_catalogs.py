"""Every key in every catalog, the same placeholders everywhere, and every key the code uses exists."""

import re
from pathlib import Path

import pytest

from bot.domain.crew import DEPARTMENTS
from bot.i18n import DEFAULT_LOCALE, LANGUAGE_CHOICES, LOCALES, catalog, normalize_locale, placeholders, t

ROOT = Path(__file__).resolve().parents[2]
KEY_CALL = re.compile(
    r"""\b(?:t|L|DomainError|PermissionDenied|NotFound|TimeParseError|[A-Z][A-Za-z]*Error|has_key)\(\s*["']([a-z_][a-z0-9_]*(?:\.[A-Za-z0-9_-]+)+)["']"""
)


def test_every_locale_has_every_key():
    reference = set(catalog(DEFAULT_LOCALE))
    assert reference, "the English catalog is empty"
    for loc in LOCALES:
        keys = set(catalog(loc))
        assert not reference - keys, f"{loc} is missing {sorted(reference - keys)}"
        assert not keys - reference, f"{loc} has keys English lacks: {sorted(keys - reference)}"


def test_placeholders_match_between_languages():
    en = catalog(DEFAULT_LOCALE)
    for loc in LOCALES:
        other = catalog(loc)
        bad = {k: (placeholders(en[k]), placeholders(other[k])) for k in en if placeholders(en[k]) != placeholders(other[k])}
        assert not bad, f"{loc} placeholders differ: {bad}"


def test_no_empty_strings():
    for loc in LOCALES:
        empty = [k for k, v in catalog(loc).items() if not v.strip()]
        assert not empty, f"{loc}: empty {empty}"


def source_files():
    for folder in ("bot", "cogs"):
        for path in (ROOT / folder).rglob("*.py"):
            if "sandbox" not in path.parts:
                yield path


def test_every_literal_key_used_in_code_exists():
    known = set(catalog(DEFAULT_LOCALE))
    missing = []
    for path in source_files():
        for key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if key not in known:
                missing.append(f"{path.relative_to(ROOT)}: {key}")
    assert not missing, "keys used in code but missing from the catalogs:\n" + "\n".join(missing)


def test_dynamic_key_families_are_complete():
    for loc in LOCALES:
        cat = catalog(loc)
        for d in DEPARTMENTS:
            assert f"dept.{d}" in cat and f"cmd.choice.dept.{d}" in cat
        for code in LANGUAGE_CHOICES:
            assert f"lang.{code}" in cat and f"cmd.choice.lang.{code}" in cat


@pytest.mark.parametrize(
    "given, expected",
    [("zh-CN", "zh-CN"), ("zh-TW", "zh-CN"), ("en-GB", "en-US"), ("ko", "ko"), ("ja", "ja"), ("es-ES", "es-ES"),
     ("es-419", "es-ES"), ("th", "th"), ("fr", "en-US"), ("zh-CN+th", "zh-CN"), (None, "en-US"), ("", "en-US")],
)
def test_normalize_locale(given, expected):
    assert normalize_locale(given) == expected


def test_t_formats_and_falls_back():
    assert "05:30" in t("time.error.unrecognized", "zh-CN", text="05:30")
    assert t("time.error.unrecognized", "ko", text="x") != t("time.error.unrecognized", "en-US", text="x")
    assert t("time.error.unrecognized", "fr", text="x") == t("time.error.unrecognized", "en-US", text="x")
    assert t("no.such.key", "en-US") == "no.such.key"


def test_every_language_a_member_can_pick_has_a_catalog():
    assert set(LANGUAGE_CHOICES) == set(LOCALES)
    for loc in LOCALES:
        assert normalize_locale(loc) == loc


# Strings that may read the same as English: language names, codes, bare placeholders and units.
SAME_AS_ENGLISH_OK = re.compile(r"^(lang\.|cmd\.choice\.lang\.|callsheet\.ie\.|callsheet\.pdf\.col\.ie_dn$|callsheet\.episodes$)")
WORDS = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{3,})+")


@pytest.mark.parametrize("loc", [loc for loc in LOCALES if loc != DEFAULT_LOCALE])
def test_no_english_copies(loc):
    """A translated catalog never carries the English text over: every string with English words in
    it is written in the language (codes such as INT/EXT, units and placeholders may stay)."""
    en, other = catalog(DEFAULT_LOCALE), catalog(loc)
    copied = [k for k, v in en.items()
              if other.get(k) == v and not SAME_AS_ENGLISH_OK.match(k) and WORDS.search(re.sub(r"\{[^}]*\}", "", v))]
    assert not copied, f"{loc} has English copies (translate them): {copied}"


def test_list_and_time_formats():
    from bot.i18n import duration, join_list, split_locales, time_of_day

    assert join_list(["林晓", "周毅"], "zh-CN") == "林晓、周毅"
    assert join_list(["Lin", "Zhou"], "en-US") == "Lin, Zhou"
    assert duration(94, "zh-CN") == "1小时34分"
    assert duration(94, "en-US") == "1 h 34 min"
    assert duration(60, "ko") == "1시간" and duration(5, "ja") == "5分"
    assert time_of_day("03:41", 1, "zh-CN") == "次日 03:41"
    assert time_of_day("03:41", 1, "en-US") == "03:41 (+1)"
    assert time_of_day("03:41", 0, "zh-CN") == "03:41"
    assert split_locales("zh-CN+th") == ("zh-CN", "th")
    assert split_locales("zh-CN+zh-CN") == ("zh-CN",) and split_locales(None) == ("en-US",)


def test_a_second_language_line_under_a_channel_post():
    from bot.i18n import in_languages

    def render(loc):
        return t("shoot.reply.wrap", loc, time="次日 02:10" if loc == "zh-CN" else "02:10") + "\n" + t("shoot.status.none_left", loc)

    assert in_languages(render, "zh-CN") == render("zh-CN")
    both = in_languages(render, "zh-CN+th")
    assert both == render("zh-CN") + "\n" + "\n".join("-# " + line for line in render("th").splitlines())
    assert in_languages(render, "zh-CN+th", limit=len(render("zh-CN")) + 5) == render("zh-CN")  # never cut: one language


def test_a_post_with_nothing_to_translate_is_said_once():
    from bot.i18n import in_languages

    assert in_languages(lambda loc: "📋 <#123>", "zh-CN+th") == "📋 <#123>"
