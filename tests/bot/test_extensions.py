"""Import every extension into one bot and check command names (and their Chinese names) never collide,
and that every command string is localized and within Discord's limits."""

import re

import discord
import pytest
from discord import app_commands

from bot.app import SetCallBot, discover_extensions
from bot.clock import FakeClock
from bot.i18n import LOCALES, catalog
from bot.scheduling import running_scheduler
from bot.settings import Settings
from db.database import Database

NAME_RE = re.compile(r"^[-_\w\u0E00-\u0E7F]{1,32}$")


@pytest.fixture
async def bot(tmp_path):
    from datetime import UTC, datetime

    async with Database(tmp_path / "ext.db") as db, running_scheduler() as sched:
        b = SetCallBot(db=db, scheduler=sched, clock=FakeClock(datetime(2026, 11, 21, tzinfo=UTC)), settings=Settings())
        b.build_live_day()
        for ext in discover_extensions():
            await b.load_extension(ext)
        yield b
        await b.close()


def walk(commands, parent=""):
    for cmd in commands:
        yield cmd
        if isinstance(cmd, app_commands.Group):
            yield from walk(cmd.commands)


async def test_every_extension_loads_and_names_are_unique(bot):
    top = bot.tree.get_commands()
    assert top, "no commands registered"
    names = [c.name for c in top]
    assert len(names) == len(set(names)), names
    zh = catalog("zh-CN")
    for group in [bot.tree, *[c for c in walk(top) if isinstance(c, app_commands.Group)]]:
        children = group.get_commands() if group is bot.tree else group.commands
        zh_names = [zh[c._locale_name.extras["key"]] for c in children if c._locale_name and "key" in c._locale_name.extras]
        assert len(zh_names) == len(set(zh_names)), f"Chinese names collide: {zh_names}"


async def test_every_command_string_is_localized_and_within_limits(bot):
    zh = catalog("zh-CN")
    en = catalog("en-US")
    for cmd in walk(bot.tree.get_commands()):
        for ls in (cmd._locale_name, cmd._locale_description):
            assert ls is not None and "key" in ls.extras, f"{cmd.qualified_name}: not localized"
        name_key = cmd._locale_name.extras["key"]
        for cat in map(catalog, LOCALES):
            assert NAME_RE.match(cat[name_key]) and cat[name_key] == cat[name_key].lower(), cat[name_key]
            assert 1 <= len(cat[cmd._locale_description.extras["key"]]) <= 100
        if isinstance(cmd, app_commands.Command):
            assert len(cmd.parameters) <= 25
            for param in cmd.parameters:
                pname, pdesc = param.locale_name, param.locale_description
                for ls in (pname, pdesc):
                    assert isinstance(ls, app_commands.locale_str) and "key" in ls.extras, f"{cmd.qualified_name}.{param.name}"
                for cat in map(catalog, LOCALES):
                    assert NAME_RE.match(cat[pname.extras["key"]]), cat[pname.extras["key"]]
                    assert len(cat[pdesc.extras["key"]]) <= 100
                for choice in param.choices:
                    assert isinstance(choice._locale_name, app_commands.locale_str) and "key" in choice._locale_name.extras
                    assert len(zh[choice._locale_name.extras["key"]]) <= 100


async def translated_payload(bot):
    from bot.i18n.discord import CatalogTranslator

    await bot.tree.set_translator(CatalogTranslator())
    return [await c.get_translated_payload(bot.tree, bot.tree.translator) for c in bot.tree.get_commands()]


async def test_translator_payload_is_valid_for_discord(bot):
    """What sync sends, checked by the sandbox's copy of Discord's rules: names match Discord's pattern,
    1-32 characters, lowercase; descriptions and choices 1-100; names unique per level in every locale."""
    from bot.sandbox.commands import validate_commands

    payload = await translated_payload(bot)
    errors = validate_commands(payload)
    assert not errors, "\n".join(f"{'.'.join(map(str, e.path))}: {e.code} {e.message}" for e in errors)
    wanted = {"zh-CN", "ko", "ja", "es-ES", "th", "en-US"}
    for p in payload:
        assert wanted <= set(p["name_localizations"]), (p["name"], sorted(p["name_localizations"]))
        assert wanted <= set(p["description_localizations"]), p["name"]


def walk_payload(options):
    for o in options or []:
        yield o
        yield from walk_payload(o.get("options"))


async def test_every_option_and_choice_is_localized_in_every_language(bot):
    from bot.i18n import LOCALES

    payload = await translated_payload(bot)
    for cmd in payload:
        for opt in walk_payload(cmd.get("options")):
            for loc in LOCALES:
                assert opt["name_localizations"].get(loc), (cmd["name"], opt["name"], loc)
                assert opt["description_localizations"].get(loc), (cmd["name"], opt["name"], loc)
            for choice in opt.get("choices") or []:
                assert all(choice["name_localizations"].get(loc) for loc in LOCALES), (cmd["name"], opt["name"], choice)
    assert discord.Locale.chinese.value == "zh-CN"


@pytest.mark.parametrize("bad, code", [("通告 单", "APPLICATION_COMMAND_INVALID_NAME"), ("Callsheet", "APPLICATION_COMMAND_INVALID_NAME"),
                                       ("x" * 33, "APPLICATION_COMMAND_INVALID_NAME"), ("现场", "APPLICATION_COMMANDS_DUPLICATE_NAME")])
async def test_a_command_localization_breaking_discords_rules_is_refused(bot, bad, code):
    """The check catches a space, a capital, 33 characters, or two commands one language sees alike."""
    from bot.sandbox.commands import validate_commands

    payload = await translated_payload(bot)
    target = next(p for p in payload if p["name"] == "callsheet")
    target["name_localizations"]["zh-CN"] = bad
    assert code in {e.code for e in validate_commands(payload)}


async def test_two_options_one_language_sees_alike_are_refused(bot):
    from bot.sandbox.commands import validate_commands

    payload = await translated_payload(bot)
    join = next(o for p in payload if p["name"] == "crew" for o in p["options"] if o["name"] == "join")
    join["options"][1]["name_localizations"]["th"] = join["options"][0]["name_localizations"]["th"]
    assert "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS" in {e.code for e in validate_commands(payload)}
