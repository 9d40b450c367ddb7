"""Login, READY/GUILD_CREATE, live dispatches, op 7 / dropped socket resumes, restarts, chunking."""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import pytest

from bot.sandbox import Sandbox, running_client
from bot.sandbox.util import wait_until


async def test_login_ready_and_guild_cache(sb: Sandbox, world, bot) -> None:
    assert bot.user.id == sb.bot_user_id and bot.user.name == "SetCall" and bot.user.bot
    assert bot.application_id == sb.application_id
    guild = bot.get_guild(world.guild.id)
    assert guild is not None and guild.name == "Hengdian Park" and guild.preferred_locale.value == "zh-CN"
    assert {c.name for c in guild.text_channels} == {"general", "announcements"}
    li = guild.get_member(world.li.id)
    assert li is not None and li.display_name == "Li Wei" and [r.name for r in li.roles[1:]] == ["Crew"]
    assert guild.me.guild_permissions.send_messages and not guild.me.guild_permissions.administrator
    assert guild.owner_id == world.guild.owner_id and guild.chunked
    assert bot.lifecycle == ["ready"]
    await sb.wait_bot_ready(timeout=1)


async def test_bad_token_is_refused(sb: Sandbox, world, make_bot) -> None:
    client = make_bot()
    with pytest.raises(discord.LoginFailure):
        await client.login("not-the-token")
    await client.close()
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{sb.api_base}/users/@me", headers={"Authorization": "Bot nope"}) as resp:
            assert resp.status == 401 and resp.headers["Content-Type"] == "application/json"
            assert await resp.json() == {"message": "401: Unauthorized", "code": 0}
            assert "X-RateLimit-Bucket" in resp.headers


async def test_objects_created_after_connect_are_dispatched(sb: Sandbox, world, bot) -> None:
    ch = world.guild.create_channel("lighting", topic="sparks")
    role = world.guild.create_role("Gaffer", permissions=8)
    newcomer = world.guild.add_member("New Hire", roles=[role])
    g2 = sb.create_guild("Xiangshan Base")
    await wait_until(lambda: bot.get_guild(g2.id) is not None and bot.get_channel(ch.id) is not None
                     and bot.get_guild(world.guild.id).get_member(newcomer.id) is not None, 2, "dispatches")
    guild = bot.get_guild(world.guild.id)
    assert guild.get_role(role.id).permissions.administrator
    assert bot.get_channel(ch.id).topic == "sparks"
    assert guild.get_member(newcomer.id).get_role(role.id) is not None
    world.li.add_role(role)
    await wait_until(lambda: guild.get_member(world.li.id).get_role(role.id) is not None, 2, "member update")


async def test_op7_reconnect_resumes_and_keeps_working(sb: Sandbox, world, bot) -> None:
    assert await sb.gateway_reconnect() == 1
    await wait_until(lambda: "resumed" in bot.lifecycle, 3, "RESUMED")
    assert sb.gateway.resume_count == 1 and sb.gateway.identify_count == 1
    r = await world.li.run("echo", {"text": "after op7"}, channel=world.general)
    assert r.content.startswith("text=after op7")


async def test_dropped_socket_resumes_and_replays_missed_events(sb: Sandbox, world, bot) -> None:
    await sb.drop_socket()
    ch = world.guild.create_channel("missed-while-down")  # buffered, replayed on RESUME
    await wait_until(lambda: "resumed" in bot.lifecycle, 5, "RESUMED")
    await wait_until(lambda: bot.get_channel(ch.id) is not None, 2, "replayed CHANNEL_CREATE")
    assert sb.gateway.identify_count == 1
    r = await world.li.run("echo", {"text": "after drop"}, channel=world.general)
    assert r.content.startswith("text=after drop")


async def test_persistent_view_works_after_a_restart(sb: Sandbox, world, make_bot) -> None:
    first = make_bot()
    async with running_client(sb, first):
        panel = (await world.li.run("panel", channel=world.general)).message
    # a new process: new client instance, same sandbox (same Discord), no re-sync needed
    second = make_bot(sync=False)
    async with running_client(sb, second):
        assert sb.gateway.identify_count == 2
        r = await world.sarah.click(panel, "panel:confirm")
        assert r.content == "confirmed by Sarah Miller"
        assert second.seen == [("confirm", world.sarah.id, world.guild.id)] and first.seen == []


async def test_request_guild_members_is_answered_with_a_chunk(sb: Sandbox, world, bot) -> None:
    guild = bot.get_guild(world.guild.id)
    found = await guild.query_members("li", limit=5)
    assert [m.id for m in found] == [world.li.id]
    found = await guild.query_members(user_ids=[world.sarah.id, world.boss.id])
    assert {m.id for m in found} == {world.sarah.id, world.boss.id}


async def test_without_members_intent_guild_create_carries_only_the_bot(sb: Sandbox, world, make_bot) -> None:
    intents = discord.Intents.default()
    client = make_bot(intents=intents)
    async with running_client(sb, client):
        guild = client.get_guild(world.guild.id)
        assert [m.id for m in guild.members] == [sb.bot_user_id]
        world.guild.add_member("Unseen")  # GUILD_MEMBER_ADD needs the members intent
        await asyncio.sleep(0.05)
        assert len(guild.members) == 1
        # interactions still carry the member
        r = await world.li.run("echo", {"text": "x", "who": world.sarah}, channel=world.general)
        assert "who=Sarah Miller:Member" in r.content


async def test_message_content_needs_the_intent(sb: Sandbox, world, make_bot) -> None:
    intents = discord.Intents.default()
    intents.members = True
    client = make_bot(intents=intents)
    async with running_client(sb, client):
        await world.li.send(world.general, "hello team")
        await world.li.send(world.general, f"hi {sb.bot_user.mention}")
        await world.li.send_dm("a DM")
        await wait_until(lambda: len(client.messages) == 3, 2, "three messages")
        assert [m.content for m in client.messages] == ["", f"hi {sb.bot_user.mention}", "a DM"]
