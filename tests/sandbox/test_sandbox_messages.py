"""Channel messages through the real client: posting, files, nonce, mentions, edits, history, 429s."""

from __future__ import annotations

import io

import aiohttp
import discord

from bot.sandbox import Sandbox, format_transcript


async def test_send_edit_delete_and_history(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.announcements.id)
    embed = discord.Embed(title="Call sheet", description="Day 1").add_field(name="Call", value="06:00")
    sent = await channel.send("Tomorrow", embed=embed, file=discord.File(io.BytesIO(b"%PDF" * 3000), "callsheet.pdf"))
    stored = world.announcements.messages[-1]
    assert stored.id == sent.id and stored.author_id == sb.bot_user_id
    assert stored.text == "Tomorrow\nCall sheet\nDay 1\nCall: 06:00"
    assert stored.attachments[0].content_type == "application/pdf" and stored.attachments[0].size == 12000
    assert (await sent.attachments[0].read()).startswith(b"%PDF")
    await sent.edit(content="Tomorrow (updated)")
    assert stored.content == "Tomorrow (updated)" and stored.edits[0].content == "Tomorrow" and stored.embeds
    history = [m.id async for m in channel.history(limit=10)]
    assert history == [sent.id]
    text = format_transcript(sb)
    assert "[#announcements] SetCall: Tomorrow" in text and "📎 callsheet.pdf (12 KB)" in text
    assert "┃ **Call sheet**" in text and "┃ Call: 06:00" in text
    assert "[#announcements] SetCall (edited): Tomorrow (updated)" in text
    await sent.delete()
    assert world.announcements.messages == [] and stored.deleted


async def test_nonce_enforced_returns_the_original(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    first = await channel.send("once", nonce=4242)
    second = await channel.send("once", nonce=4242)
    assert first.id == second.id and len(world.general.messages) == 1
    third = await channel.send("once", nonce=4243)
    assert third.id != first.id and len(world.general.messages) == 2


async def test_allowed_mentions_decide_who_is_pinged(sb: Sandbox, world, bot) -> None:
    channel = bot.get_channel(world.general.id)
    text = f"{world.li.mention} <@!{world.sarah.id}> {world.crew_role.mention} @everyone"
    await channel.send(text)
    pinged = world.general.messages[-1]
    assert pinged.mentions == [world.li.id, world.sarah.id] and pinged.mention_roles == [world.crew_role.id]
    assert pinged.mention_everyone
    await channel.send(text, allowed_mentions=discord.AllowedMentions(
        everyone=False, users=[discord.Object(world.sarah.id)], roles=False))
    quiet = world.general.messages[-1]
    assert quiet.mentions == [world.sarah.id] and quiet.mention_roles == [] and not quiet.mention_everyone
    reply = await channel.send("re", reference=discord.MessageReference(message_id=quiet.id, channel_id=world.general.id),
                               mention_author=False)
    assert world.general.messages[-1].mentions == [] and reply.reference.message_id == quiet.id


async def test_429_with_retry_after_is_retried_by_the_client(sb: Sandbox, world, bot) -> None:
    sb.fail_next("POST", r"^/channels/\d+/messages$", status=429, retry_after=0.1)
    msg = await bot.get_channel(world.general.id).send("after a rate limit")
    statuses = [r.status for r in sb.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert statuses == [429, 200] and world.general.messages[-1].id == msg.id


async def test_global_429_and_injected_500_bodies(sb: Sandbox, world, bot) -> None:
    sb.fail_next("POST", r"/messages$", status=429, retry_after=0.05, global_=True)
    await bot.get_channel(world.general.id).send("after a global rate limit")
    sb.fail_next("GET", r"^/users/@me$", status=500)
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bot {sb.token}"}
        async with http.get(f"{sb.api_base}/users/@me", headers=headers) as resp:
            assert resp.status == 500 and (await resp.json())["message"] == "500: Internal Server Error"
        sb.fail_next("*", r"^/users/@me$", status=429, retry_after=1.5)
        async with http.get(f"{sb.api_base}/users/@me", headers=headers) as resp:
            assert resp.status == 429 and resp.headers["Via"] == "1.1 google"
            assert await resp.json() == {"message": "You are being rate limited.", "retry_after": 1.5,
                                         "global": False, "code": 0}
        async with http.get(f"{sb.api_base}/users/@me", headers=headers) as resp:
            assert resp.status == 200


async def test_dm_channel_and_user_messages(sb: Sandbox, world, bot) -> None:
    user = await bot.fetch_user(world.li.id)
    await user.send("Your call time is 06:00")
    assert [m.content for m in world.li.dms] == ["Your call time is 06:00"]
    assert world.li.dms[0].channel.recipient_id == world.li.id
    reply = await world.li.send_dm("thanks")
    assert world.li.dms[-1] is reply and reply.author_id == world.li.id
    assert "[DM → Li Wei] li_wei: thanks" not in format_transcript(sb)  # users show by display name
    assert "[DM → Li Wei] Li Wei: thanks" in format_transcript(sb)


async def test_bot_without_send_permission_gets_403(sb: Sandbox, world, bot) -> None:
    world.announcements.set_permissions(world.guild.bot_member, deny=1 << 11)
    try:
        await bot.get_channel(world.announcements.id).send("no")
    except discord.Forbidden as exc:
        assert exc.code == 50013
    else:
        raise AssertionError("expected 403")
