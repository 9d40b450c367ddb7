"""The sandbox refuses what Discord refuses, each rule with Discord's status and code: rate-limit
buckets and their headers, the global limit, opening DMs too fast (40003), invalid-request counting,
nonces per author for a few minutes (and never in history), Embed Links, mentionable roles, the
interaction default for allowed_mentions, 50007 for bots and strangers, 401 for expired interaction
tokens, 10 MiB per file, privileged intents (4014), Read Message History for replies, the bot role."""

from __future__ import annotations

import asyncio
import io
import time

import aiohttp
import discord
import pytest

from bot.sandbox import Sandbox, running_client
from bot.sandbox import permissions as P
from tests.sandbox.conftest import SAMPLE_INTENTS


def auth(sb: Sandbox) -> dict[str, str]:
    return {"Authorization": f"Bot {sb.token}"}


async def test_route_buckets_announce_themselves_and_refuse_beyond_the_limit(sb: Sandbox, world) -> None:
    url = f"{sb.api_base}/channels/{world.general.id}/messages"
    async with aiohttp.ClientSession(headers=auth(sb)) as http:
        seen = []
        for i in range(6):
            async with http.post(url, json={"content": f"m{i}"}) as resp:
                seen.append((resp.status, resp.headers.get("X-RateLimit-Remaining"), resp.headers.get("X-RateLimit-Limit")))
                last = resp
                body = await resp.json()
        assert seen[:5] == [(200, str(4 - i), "5") for i in range(5)]  # per channel: 5 messages per 5 s
        assert seen[5][0] == 429 and last.headers["X-RateLimit-Scope"] == "user" and last.headers["Via"] == "1.1 google"
        assert 0 < body["retry_after"] <= 5 and body["global"] is False and float(last.headers["X-RateLimit-Reset-After"]) > 0
        assert last.headers["X-RateLimit-Bucket"] and "X-RateLimit-Reset" in last.headers
        async with http.post(f"{sb.api_base}/channels/{world.announcements.id}/messages", json={"content": "x"}) as resp:
            assert resp.status == 200  # another channel: another bucket
    assert len(world.general.messages) == 5


async def test_discord_py_paces_itself_by_the_headers_and_never_sees_a_429(sb: Sandbox, world, bot) -> None:
    sb.rate_limits.route_limits[("POST", "/channels/{channel_id}/messages")] = (2, 0.5)
    channel = bot.get_channel(world.general.id)
    started = time.monotonic()
    await asyncio.gather(*(channel.send(f"m{i}") for i in range(5)))
    assert time.monotonic() - started >= 0.5 and len(world.general.messages) == 5
    assert not [r for r in sb.requests if r.status == 429]


async def test_the_global_limit_is_50_per_second_and_interactions_are_exempt(sb: Sandbox, world) -> None:
    sb.rate_limits.default_limit = (1000, 1.0)
    async with aiohttp.ClientSession(headers=auth(sb)) as http:
        statuses = []
        for _ in range(51):
            async with http.get(f"{sb.api_base}/users/@me") as resp:
                statuses.append(resp.status)
                last_headers, body = resp.headers, await resp.json()
    assert statuses[:50] == [200] * 50 and statuses[50] == 429
    assert last_headers["X-RateLimit-Global"] == "true" and last_headers["X-RateLimit-Scope"] == "global" and body["global"] is True


async def test_opening_dms_too_fast_is_403_40003_and_reopening_is_not(sb: Sandbox, world, bot) -> None:
    sb.rate_limits.dm_open_burst, sb.rate_limits.dm_open_rate = 2, 0.001
    sb.rate_limits._dm_tokens = 2.0
    strangers = [world.guild.add_member(f"Extra {i}") for i in range(3)]
    await bot.create_dm(discord.Object(strangers[0].id))
    dm = await bot.create_dm(discord.Object(strangers[1].id))
    with pytest.raises(discord.Forbidden) as err:
        await bot.create_dm(discord.Object(strangers[2].id))
    assert err.value.status == 403 and err.value.code == 40003
    await dm.send("still fine")  # an open DM channel is not a new one
    assert strangers[1].dms[-1].content == "still fine"


async def test_invalid_requests_are_counted_until_cloudflare_bans_the_bot(sb: Sandbox, world) -> None:
    sb.rate_limits.invalid_limit = 5
    async with aiohttp.ClientSession() as http:
        for _ in range(5):
            async with http.get(f"{sb.api_base}/users/@me", headers={"Authorization": "Bot wrong"}) as resp:
                assert resp.status == 401
        async with http.get(f"{sb.api_base}/users/@me", headers=auth(sb)) as resp:  # even a good request now
            assert resp.status == 429 and "Via" not in resp.headers and await resp.text() == "error code: 1015"


async def test_a_nonce_is_remembered_per_author_for_a_few_minutes_and_is_not_in_history(sb: Sandbox, world, bot) -> None:
    sb.nonce_window = 0.3
    general, other = bot.get_channel(world.general.id), bot.get_channel(world.announcements.id)
    first = await general.send("once", nonce="sc-abc")
    assert first.nonce == "sc-abc"  # returned on creation
    again = await other.send("once", nonce="sc-abc")  # same author, another channel, within the window
    assert again.id == first.id and len(world.announcements.messages) == 0
    history = [m async for m in general.history(limit=5)]
    assert history[0].id == first.id and history[0].nonce is None  # Discord does not return nonces in history
    await asyncio.sleep(0.35)
    later = await general.send("once", nonce="sc-abc")  # the window has passed: a second message
    assert later.id != first.id and len(world.general.messages) == 2


async def test_without_embed_links_embeds_are_dropped_or_the_message_refused(sb: Sandbox, world, bot) -> None:
    world.general.set_permissions(world.guild.everyone_role, deny=P.EMBED_LINKS)
    channel = bot.get_channel(world.general.id)
    with pytest.raises(discord.Forbidden) as err:
        await channel.send(embed=discord.Embed(title="only an embed"))
    assert err.value.code == 50013
    msg = await channel.send("text and an embed", embed=discord.Embed(title="dropped"))
    assert world.general.messages[-1].id == msg.id and world.general.messages[-1].embeds == [] and msg.embeds == []


async def test_a_role_that_is_not_mentionable_is_not_pinged(sb: Sandbox, world, bot) -> None:
    quiet = world.guild.create_role("Grips", mentionable=False)
    world.general.set_permissions(world.guild.everyone_role, deny=P.MENTION_EVERYONE)
    channel = bot.get_channel(world.general.id)
    await channel.send(f"{quiet.mention} {world.crew_role.mention}", allowed_mentions=discord.AllowedMentions(roles=True))
    assert world.general.messages[-1].mention_roles == [world.crew_role.id]
    world.general.set_permissions(world.guild.bot_member, allow=P.MENTION_EVERYONE)
    await channel.send(f"{quiet.mention}", allowed_mentions=discord.AllowedMentions(roles=True))
    assert world.general.messages[-1].mention_roles == [quiet.id]  # Mention Everyone pings any role


async def test_an_interaction_response_without_allowed_mentions_pings_users_only(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("echo", {"text": f"{world.sarah.mention} {world.crew_role.mention} @everyone"}, channel=world.general)
    assert r.message.mentions == [world.sarah.id] and r.message.mention_roles == [] and not r.message.mention_everyone


async def test_dms_to_a_bot_or_to_someone_sharing_no_server_are_50007(sb: Sandbox, world, bot) -> None:
    stranger = sb.create_user("Stranger")
    other_bot = sb._new_user("Other bot", bot=True)
    for user in (stranger, other_bot):
        dm = await bot.create_dm(discord.Object(user.id))
        with pytest.raises(discord.Forbidden) as err:
            await dm.send("hello")
        assert err.value.code == 50007


async def test_an_expired_interaction_token_is_401(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("echo", {"text": "x"}, channel=world.general)
    sb.interaction_token_ttl = 0.0
    token = sb.interactions[r.interaction_id].token
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{sb.api_base}/webhooks/{sb.application_id}/{token}?wait=true", json={"content": "late"}) as resp:
            assert resp.status == 401 and (await resp.json())["code"] == 50027


async def test_a_file_over_10_mib_is_413_40005(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    with pytest.raises(discord.HTTPException) as err:
        await channel.send(file=discord.File(io.BytesIO(b"x" * (10 * 1024 * 1024 + 1)), "big.pdf"))
    assert err.value.status == 413 and err.value.code == 40005
    await channel.send(file=discord.File(io.BytesIO(b"x" * (10 * 1024 * 1024)), "fits.pdf"))


async def test_privileged_intents_need_enabling_4014(world, make_bot) -> None:
    async with Sandbox() as bare:  # nothing enabled for this application
        client = make_bot(sync=False)  # asks for members and message content
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with running_client(bare, client, ready_timeout=5):
                pass
        assert bare.gateway.identify_count == 0


async def test_a_reply_needs_read_message_history(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    first = await channel.send("first")
    world.general.set_permissions(world.guild.everyone_role, deny=P.READ_MESSAGE_HISTORY)
    with pytest.raises(discord.Forbidden) as err:
        await channel.send("reply", reference=first)
    assert err.value.code == 50013
    await channel.send("not a reply")


def test_the_default_bot_role_has_exactly_what_the_invite_asks_for(sb: Sandbox, world) -> None:
    from bot.domain.outbox import INVITE_PERMISSIONS

    role = next(r for r in world.guild.roles.values() if r.managed and r.bot_id == sb.bot_user_id)
    assert role.permissions == INVITE_PERMISSIONS == P.DEFAULT_BOT == 117760


async def test_a_hold_stops_a_request_before_or_after_it_is_handled(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    hold = sb.hold("POST", r"/channels/\d+/messages$", when="after")
    task = asyncio.create_task(channel.send("held"))
    await asyncio.wait_for(hold.reached.wait(), 2)
    assert world.general.messages[-1].content == "held" and not task.done()  # posted; the answer is held
    hold.release()
    assert (await task).content == "held"
    before = sb.hold("POST", r"/channels/\d+/messages$", when="before")
    task = asyncio.create_task(channel.send("waiting"))
    await asyncio.wait_for(before.reached.wait(), 2)
    assert world.general.messages[-1].content == "held"  # not handled yet
    before.release()
    assert (await task).content == "waiting" and world.general.messages[-1].content == "waiting"
