"""Validation of the bot's bodies against Discord's OpenAPI spec (when the spec file is available)."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands, ui
from discord.http import Route

from bot.sandbox import Sandbox, running_client
from bot.sandbox.responses import CALLBACK_TEMPLATE, EXECUTE_TEMPLATE
from bot.sandbox.spec import coerce_snowflakes, default_spec_path, load_spec
from tests.sandbox.conftest import SAMPLE_INTENTS

needs_spec = pytest.mark.skipif(default_spec_path() is None, reason="Discord OpenAPI spec not available")
MESSAGES = "/channels/{channel_id}/messages"


@needs_spec
async def test_spec_violation_is_refused_and_recorded(sb: Sandbox, world, bot) -> None:
    assert sb.spec is not None
    route = Route("POST", MESSAGES, channel_id=world.general.id)
    with pytest.raises(discord.HTTPException) as info:  # within every documented limit, but not a bool
        await bot.http.request(route, json={"content": "hello", "tts": "yes"})
    assert info.value.code == 50035 and "In tts" in info.value.text
    assert sb.violations == ["POST /channels/{channel_id}/messages: tts: Must be of type ['boolean', 'null']. "
                             "[BASE_TYPE_INVALID]"]
    with pytest.raises(discord.HTTPException) as info:
        await bot.get_channel(world.general.id).send(embed=discord.Embed(title="t", color=0x1000000))
    assert "In embeds.0.color" in info.value.text
    assert world.general.messages == []


async def test_without_a_spec_only_limits_apply(sample_bot_cls, tmp_path) -> None:
    async with Sandbox(spec_path=tmp_path / "missing.json", privileged_intents=SAMPLE_INTENTS) as sb:
        assert sb.spec is None
        guild = sb.create_guild("No spec")
        ch = guild.create_channel("general")
        async with running_client(sb, sample_bot_cls(guild.id)) as client:
            await client.http.request(Route("POST", MESSAGES, channel_id=ch.id), json={"content": "hi", "tts": "yes"})
            with pytest.raises(discord.HTTPException):
                await client.get_channel(ch.id).send("x" * 2001)
        assert ch.messages[-1].content == "hi" and len(sb.violations) == 1


def test_snowflake_coercion() -> None:
    body = {"allowed_mentions": {"users": [1573736247443062788]}, "attachments": [{"id": 0, "filename": "a"}],
            "components": [{"type": 1, "id": 1, "components": []}], "tts": False}
    assert coerce_snowflakes(body) == {
        "allowed_mentions": {"users": ["1573736247443062788"]}, "attachments": [{"id": "0", "filename": "a"}],
        "components": [{"type": 1, "id": 1, "components": []}], "tts": False}


@needs_spec
def test_callback_bodies_are_validated_by_their_type() -> None:
    spec = load_spec(None)
    assert spec is not None
    errors = spec.validate("POST", CALLBACK_TEMPLATE, {"type": 4, "data": {"content": 5}}, 4)
    assert [(e.dotted(), e.code) for e in errors] == [("data.content", "BASE_TYPE_INVALID")]
    errors = spec.validate("POST", CALLBACK_TEMPLATE, {"type": 8, "data": {"choices": [{"name": "", "value": "v"}]}}, 8)
    assert errors and errors[0].dotted().startswith("data")
    assert spec.validate("POST", CALLBACK_TEMPLATE, {"type": 6}, 6) == []


@needs_spec
def test_what_discord_py_sends_is_valid(sb: Sandbox) -> None:
    """No false positives: real discord.py 2.7.1 output for embeds, views, modals, commands."""
    spec = sb.spec
    assert spec is not None
    embed = (discord.Embed(title="T", description="D", url="https://example.com", color=0x00FF00,
                           timestamp=discord.utils.utcnow())
             .add_field(name="n", value="v").set_footer(text="f", icon_url="https://example.com/i.png")
             .set_author(name="a").set_thumbnail(url="https://example.com/t.png"))
    view = ui.View()
    view.add_item(ui.Button(label="ok", custom_id="ok", emoji="✅"))
    view.add_item(ui.Button(label="link", url="https://example.com"))
    view.add_item(ui.Select(custom_id="s", options=[discord.SelectOption(label="a", description="d")]))
    view.add_item(ui.UserSelect(custom_id="u"))
    view.add_item(ui.ChannelSelect(custom_id="c", channel_types=[discord.ChannelType.text]))
    body = {"content": "hi", "embeds": [embed.to_dict()], "components": view.to_components(), "tts": False,
            "allowed_mentions": discord.AllowedMentions(users=[discord.Object(1573736247443062788)]).to_dict(),
            "attachments": [discord.File(__import__("io").BytesIO(b"x"), "a.txt").to_dict(0)],
            "nonce": "123", "enforce_nonce": True, "flags": 4096}
    assert spec.validate("POST", MESSAGES, body) == []
    assert spec.validate("POST", CALLBACK_TEMPLATE, {"type": 4, "data": {**body, "flags": 64}}, 4) == []
    assert spec.validate("POST", EXECUTE_TEMPLATE, {**body, "flags": 64}) == []

    class Form(ui.Modal, title="Form"):
        a = ui.TextInput(label="A", style=discord.TextStyle.long, placeholder="p", default="d", max_length=100)
        b = ui.Label(text="B", description="b", component=ui.Select(custom_id="b", options=[
            discord.SelectOption(label="x")]))

    assert spec.validate("POST", CALLBACK_TEMPLATE, {"type": 9, "data": Form().to_dict()}, 9) == []

    tree = app_commands.CommandTree(discord.Client(intents=discord.Intents.default()))

    @tree.command(name="plan", description="Plan")
    @app_commands.describe(day="Which day")
    @app_commands.default_permissions(manage_guild=True, moderate_members=True)
    @app_commands.choices(kind=[app_commands.Choice(name="Day", value=1)])
    async def plan(interaction: discord.Interaction, day: app_commands.Range[int, 1, 99], kind: int,
                   who: discord.Member | None = None, file: discord.Attachment | None = None) -> None: ...

    group = app_commands.Group(name="crew", description="Crew")
    group.add_command(app_commands.Command(name="join", description="Join", callback=plan.callback))
    tree.add_command(group)
    payload = [c.to_dict(tree) for c in tree.get_commands()]
    assert spec.validate("PUT", "/applications/{application_id}/commands", payload) == []


@needs_spec
def test_a_command_sync_seen_before_gets_the_same_verdict(sb: Sandbox) -> None:
    """The bot syncs the same tree on every start: the verdict on an identical body is remembered (an
    invalid one stays invalid), a changed body is validated afresh."""
    assert sb.spec is not None
    sync = "/applications/{application_id}/guilds/{guild_id}/commands"
    good = [{"name": "plan", "description": "Plan", "type": 1, "options": []}]
    bad = [{"name": "plan", "description": "Plan", "type": "one"}]
    for _ in range(2):
        assert sb.spec.validate("PUT", sync, good) == []
        errors = sb.spec.validate("PUT", sync, bad)
        assert [e.path for e in errors] == [(0, "type")]
    assert sb.spec.validate("PUT", sync, [{**good[0], "description": 7}]) != []
