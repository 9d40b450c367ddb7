"""Import every extension into one bot and check command names (and their Chinese names) never collide,
and that every command string is localized and within Discord's limits."""

import re

import discord
import pytest
from discord import app_commands

from bot.app import SetCallBot, discover_extensions
from bot.clock import FakeClock
from bot.i18n import catalog
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
        for cat in (en, zh):
            assert NAME_RE.match(cat[name_key]) and cat[name_key] == cat[name_key].lower(), cat[name_key]
            assert 1 <= len(cat[cmd._locale_description.extras["key"]]) <= 100
        if isinstance(cmd, app_commands.Command):
            assert len(cmd.parameters) <= 25
            for param in cmd.parameters:
                pname, pdesc = param.locale_name, param.locale_description
                for ls in (pname, pdesc):
                    assert isinstance(ls, app_commands.locale_str) and "key" in ls.extras, f"{cmd.qualified_name}.{param.name}"
                for cat in (en, zh):
                    assert NAME_RE.match(cat[pname.extras["key"]]), cat[pname.extras["key"]]
                    assert len(cat[pdesc.extras["key"]]) <= 100
                for choice in param.choices:
                    assert isinstance(choice._locale_name, app_commands.locale_str) and "key" in choice._locale_name.extras
                    assert len(zh[choice._locale_name.extras["key"]]) <= 100


async def test_translator_payload_is_valid_for_discord(bot):
    from bot.i18n.discord import CatalogTranslator

    await bot.tree.set_translator(CatalogTranslator())
    payload = [await c.get_translated_payload(bot.tree, bot.tree.translator) for c in bot.tree.get_commands()]
    assert all("name_localizations" in p and p["name_localizations"].get("zh-CN") for p in payload)
    assert discord.Locale.chinese.value == "zh-CN"
