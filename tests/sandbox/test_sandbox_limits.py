"""Every documented limit is refused with 400/50035 (and recorded) when the real client's HTTP sends it."""

from __future__ import annotations

from typing import Any

import discord
import pytest
from discord.http import Route

from bot.sandbox import Sandbox, SandboxMessage, running_client
from tests.sandbox.conftest import SAMPLE_INTENTS


def row(*components: dict[str, Any]) -> dict[str, Any]:
    return {"type": 1, "components": list(components)}


def button(custom_id: str, label: str = "B") -> dict[str, Any]:
    return {"type": 2, "style": 1, "label": label, "custom_id": custom_id}


def embed(**fields: Any) -> dict[str, Any]:
    return {"type": "rich", **fields}


OVER_LIMIT_BODIES: dict[str, tuple[dict[str, Any], str]] = {
    "content 2001": ({"content": "x" * 2001}, "content"),
    "11 embeds": ({"embeds": [embed(title=str(i)) for i in range(11)]}, "embeds"),
    "embed title 257": ({"embeds": [embed(title="t" * 257)]}, "embeds.0.title"),
    "embed description 4097": ({"embeds": [embed(description="d" * 4097)]}, "embeds.0.description"),
    "26 embed fields": ({"embeds": [embed(fields=[{"name": "n", "value": "v"}] * 26)]}, "embeds.0.fields"),
    "field name 257": ({"embeds": [embed(fields=[{"name": "n" * 257, "value": "v"}])]}, "embeds.0.fields.0.name"),
    "field value 1025": ({"embeds": [embed(fields=[{"name": "n", "value": "v" * 1025}])]}, "embeds.0.fields.0.value"),
    "footer 2049": ({"embeds": [embed(footer={"text": "f" * 2049})]}, "embeds.0.footer.text"),
    "author name 257": ({"embeds": [embed(author={"name": "a" * 257})]}, "embeds.0.author.name"),
    "6000 in total": ({"embeds": [embed(description="d" * 3500), embed(description="e" * 3500)]}, "embeds"),
    "6 action rows": ({"components": [row(button(f"b{i}")) for i in range(6)]}, "components"),
    "6 buttons in a row": ({"components": [row(*(button(f"b{i}") for i in range(6)))]}, "components.0.components"),
    "select with 26 options": ({"components": [row({"type": 3, "custom_id": "s", "options": [
        {"label": f"o{i}", "value": f"o{i}"} for i in range(26)]})]}, "components.0.components.0.options"),
    "custom_id 101": ({"components": [row(button("c" * 101))]}, "components.0.components.0.custom_id"),
    "empty custom_id": ({"components": [row(button(""))]}, "components.0.components.0.custom_id"),
    "duplicate custom_id": ({"components": [row(button("same"), button("same"))]},
                            "components.0.components.1.custom_id"),
}


async def post_raw(client: discord.Client, channel_id: int, body: dict[str, Any]) -> Any:
    return await client.http.request(Route("POST", "/channels/{channel_id}/messages", channel_id=channel_id), json=body)


@pytest.mark.parametrize("case", list(OVER_LIMIT_BODIES))
async def test_channel_message_over_limit_is_refused(sb: Sandbox, world, bot, case: str) -> None:
    body, path = OVER_LIMIT_BODIES[case]
    with pytest.raises(discord.HTTPException) as info:
        await post_raw(bot, world.general.id, body)
    assert info.value.status == 400 and info.value.code == 50035
    assert f"In {path}" in info.value.text
    assert any(f"POST /channels/{{channel_id}}/messages: {path}:" in v for v in sb.violations), sb.violations
    assert world.general.messages == []


async def test_limits_apply_to_sends_edits_and_dms(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    with pytest.raises(discord.HTTPException) as info:
        await channel.send("x" * 2001)
    assert info.value.code == 50035
    msg = await channel.send("fine", embed=discord.Embed(title="ok"))
    with pytest.raises(discord.HTTPException):
        await msg.edit(embed=discord.Embed(title="t" * 257))
    assert world.general.messages[-1].embeds[0]["title"] == "ok"
    user = await bot.fetch_user(world.li.id)
    with pytest.raises(discord.HTTPException):
        await user.send(embed=discord.Embed(description="d" * 4097))
    assert world.li.dms == []


@pytest.mark.parametrize("kind,path", [
    ("content", "data.content"),
    ("modal-label", "data.components.0.components.0.label"),
    ("followup", "embeds.0.description"),
    ("edit", "content"),
])
async def test_interaction_responses_over_limit_are_refused(sb: Sandbox, world, bot, kind: str, path: str) -> None:
    r = await world.li.run("reply", {"kind": kind}, channel=world.general)
    await sb.settle()
    assert r.errors and r.errors[0].code == 50035, r
    assert any(e.dotted() == path for e in r.errors[0].field_errors), r.errors[0]
    assert isinstance(bot.errors[-1], discord.HTTPException) and bot.errors[-1].code == 50035


async def test_autocomplete_with_26_choices_is_refused(sb: Sandbox, world, bot) -> None:
    with pytest.raises(Exception) as info:
        await world.li.autocomplete("bad-ac", {"scene": "many"}, focused="scene", channel=world.general)
    assert getattr(info.value, "code", None) == 50035
    assert any("data.choices" in v for v in sb.violations)
    choices = await world.li.autocomplete("bad-ac", {"scene": "Scene 1"}, focused="scene", channel=world.general)
    assert len(choices) == 11


@pytest.mark.parametrize("commands,path", [
    ([{"name": "Bad", "description": "x"}], "0.name"),
    ([{"name": "ok", "description": "d" * 101}], "0.description"),
    ([{"name": "ok", "description": "x", "options": [
        {"type": 3, "name": f"o{i}", "description": "x"} for i in range(26)]}], "0.options"),
    ([{"name": "ok", "description": "x", "name_localizations": {"xx": "ok"}}], "0.name_localizations.xx"),
    ([{"name": "ok", "description": "x", "name_localizations": {"zh-CN": "剧组 成员"}}], "0.name_localizations.zh-CN"),
    ([{"name": f"c{i}", "description": "x"} for i in range(101)], ""),
    ([{"name": "ok", "description": "x"}, {"name": "ok", "description": "y"}], "1.name"),
])
async def test_command_sync_violations_are_refused(sb: Sandbox, world, bot, commands: list[dict[str, Any]],
                                                   path: str) -> None:
    with pytest.raises(discord.HTTPException) as info:
        await bot.http.bulk_upsert_guild_commands(sb.application_id, world.guild.id, commands)
    assert info.value.code == 50035
    assert any(v.startswith("PUT /applications/{application_id}/guilds/{guild_id}/commands: " + (path or "<body>"))
               for v in sb.violations), sb.violations


async def test_not_strict_records_but_accepts(sample_bot_cls) -> None:
    async with Sandbox(strict=False, privileged_intents=SAMPLE_INTENTS) as loose:
        guild = loose.create_guild("Loose")
        ch = guild.create_channel("general")
        async with running_client(loose, sample_bot_cls(guild.id)) as client:
            await post_raw(client, ch.id, {"content": "x" * 2001})
        assert isinstance(ch.messages[-1], SandboxMessage) and len(ch.messages[-1].content) == 2001
        assert any("content" in v for v in loose.violations)
