"""Members acting through the sandbox on a real discord.py bot: commands, components, modals, DMs, files."""

from __future__ import annotations

import aiohttp
import discord
import pytest

from bot.sandbox import (CommandNotAvailable, DiscordHTTPError, Sandbox, SandboxUsageError, format_transcript,
                         running_client)


async def test_commands_synced_to_the_guild(sb: Sandbox, world, bot) -> None:
    cmds = {c["name"]: c for c in await sb.wait_commands_synced(world.guild.id)}
    assert {"echo", "crew", "plan", "panel", "form"} <= set(cmds)
    assert all(c["id"] and c["guild_id"] == str(world.guild.id) for c in cmds.values())
    assert sb.commands(None) == []
    join = next(o for o in cmds["crew"]["options"] if o["name"] == "join")
    assert join["type"] == 1 and [o["name"] for o in join["options"]] == ["title", "department"]


async def test_localized_sync_through_a_translator(sb: Sandbox, world, make_bot) -> None:
    async with running_client(sb, make_bot(translate=True)):
        cmds = {c["name"]: c for c in sb.commands(world.guild.id)}
        assert cmds["crew"]["name_localizations"] == {"zh-CN": "剧组成员"}
        join = next(o for o in cmds["crew"]["options"] if o["name"] == "join")
        assert join["name_localizations"]["zh-CN"] == "加入" and join["description_localizations"]["zh-CN"] == "加入剧组"
        assert join["options"][0]["name_localizations"] == {"zh-CN": "职务"}
        assert not sb.violations
        r = await world.li.run("crew join", {"title": "灯光", "department": "lighting"}, channel=world.general)
        assert "灯光 joins lighting" in r.text


async def test_slash_command_with_typed_options(sb: Sandbox, world, bot) -> None:
    r = await world.boss.run("echo", {"text": "hi", "count": 3, "loud": True, "ratio": 0.5, "who": world.li,
                                      "where": world.announcements, "role": world.crew_role},
                             channel=world.general, locale="en-GB")
    assert r.type == 4 and not r.ephemeral
    assert r.content.startswith("text=hi count=3 loud=True ratio=0.5 who=Li Wei:Member where=announcements role=Crew")
    assert "manage_guild=True locale=en-GB guild_locale=zh-CN" in r.content
    boss = bot.get_guild(world.guild.id).get_member(world.boss.id)  # the bot's own role math agrees
    assert boss.guild_permissions.manage_guild and [r.name for r in boss.roles[1:]] == ["Server Managers"]
    assert world.general.messages[-1] is r.message and r.message.interaction_owned
    r = await world.li.run("echo", {"text": "x"}, channel=world.general)
    assert "manage_guild=False locale=zh-CN" in r.text


async def test_group_subcommand_with_choice_and_ephemeral_embed(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("crew join", {"title": "Gaffer", "department": "lighting"}, channel=world.general)
    assert r.ephemeral and r.embeds[0]["title"] == "Welcome"
    assert "Gaffer joins lighting" in r.text and "Title: Gaffer" in r.text and "SetCall" in r.text
    assert r.message not in world.general.messages
    # a choice can be given by its display name too
    r = await world.li.run("crew join", {"title": "DP", "department": "Camera"}, channel=world.general)
    assert "DP joins camera" in r.text


async def test_client_side_refusals(sb: Sandbox, world, bot) -> None:
    with pytest.raises(SandboxUsageError, match="not one of"):
        await world.li.run("crew join", {"title": "x", "department": "sound"}, channel=world.general)
    with pytest.raises(SandboxUsageError, match="missing required"):
        await world.li.run("crew join", {"title": "x"}, channel=world.general)
    with pytest.raises(SandboxUsageError, match="not synced"):
        await world.li.run("nope", channel=world.general)
    with pytest.raises(SandboxUsageError, match="takes an integer"):
        await world.li.run("echo", {"text": "x", "count": "many"}, channel=world.general)
    with pytest.raises(SandboxUsageError, match="needs a subcommand"):
        await world.li.run("crew", channel=world.general)
    world.general.set_permissions(world.guild.id, deny=1 << 31)  # @everyone: no application commands here
    with pytest.raises(CommandNotAvailable):
        await world.li.run("echo", {"text": "x"}, channel=world.general)


async def test_deferred_then_followups(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("crew list", channel=world.general)
    assert r.type == 5 and r.deferred and r.done
    # the first followup after a deferral fills the "thinking" message, keeping its ephemerality
    assert r.ephemeral and r.content == "crew: Li Wei, Sarah Miller"
    second = await r.wait_followups(2)
    assert second[1].ephemeral and second[1].content == "second followup"
    assert "crew: Li Wei" in r.text and "second followup" in r.text


async def test_deferred_then_edit_original(sb: Sandbox, world, bot) -> None:
    r = await world.sarah.run("deferred", channel=world.general)
    assert r.type == 5 and not r.ephemeral
    assert r.content == "done thinking" and r.embeds[0]["title"] == "Result"
    assert r.message.edits == []  # filling a placeholder is not an edit
    assert world.general.messages[-1] is r.message


async def test_autocomplete(sb: Sandbox, world, bot) -> None:
    choices = await world.li.autocomplete("plan move", {"scene": "1"}, focused="scene", channel=world.general)
    assert [c["value"] for c in choices][:3] == ["Scene 1", "Scene 10", "Scene 11"]
    r = await world.li.run("plan move", {"scene": choices[0]["value"]}, channel=world.general)
    assert r.content == "moved Scene 1"


async def test_attachment_option_and_file_response(sb: Sandbox, world, bot) -> None:
    upload = sb.attachment("day1.csv", b"scene,time\n1,08:00\n2,09:30\n", content_type="text/csv")
    r = await world.li.run("plan import", {"file": upload}, channel=world.general)
    assert r.content == "day1.csv: 3 lines (text/csv)"
    att = r.message.attachments[0]
    assert att.filename == "imported.csv" and att.data.startswith(b"ok\nscene,time")
    assert att.content_type == "text/csv"
    assert "📎 imported.csv" in format_transcript(sb)


async def test_buttons_select_and_edit_message(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("panel", channel=world.general)
    panel = r.message
    assert panel.custom_ids() == ["panel:confirm", "panel:rename", "panel:later", "panel:form", "panel:pick"]
    c = await world.sarah.click(panel, "panel:confirm")
    assert c.ephemeral and c.content == "confirmed by Sarah Miller"
    s = await world.li.select(panel, "panel:pick", ["s1", "s3"])
    assert s.content == "picked s1,s3"
    with pytest.raises(SandboxUsageError):
        await world.li.select(panel, "panel:pick", ["s9"])
    u = await world.li.click(panel, "panel:rename")
    assert u.type == 7 and u.message is panel and panel.content == "renamed panel"
    assert panel.edits[-1].content == "Panel"
    later = await world.li.click(panel, panel.button("Later")["custom_id"])
    assert later.type == 6 and later.done and panel.content == "updated later"
    assert "(edited)" in format_transcript(sb)


async def test_entity_selects_resolve_members_and_roles(sb: Sandbox, world, bot) -> None:
    msg = (await world.li.run("people", channel=world.general)).message
    r = await world.li.select(msg, "people:users", [world.sarah, world.boss])
    assert r.content == "users Sarah Miller:Member,Studio Manager:Member"
    r = await world.li.select(msg, "people:roles", [world.crew_role])
    assert r.content == "role Crew"


async def test_components_v2_layout(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("layout", channel=world.general)
    assert r.message.flags & (1 << 15) and r.content == ""
    assert r.text == "## Call sheet\nCrew call 06:00"
    assert "## Call sheet" in format_transcript(sb) and "[Ack]" in format_transcript(sb)


async def test_modal_from_command_and_from_button(sb: Sandbox, world, bot) -> None:
    shown = await world.li.run("form", channel=world.general)
    assert shown.type == 9 and shown.modal["title"] == "Feedback"
    with pytest.raises(SandboxUsageError, match="required"):
        await world.li.submit_modal(shown, {"notes": "n", "mood": ["good"]})
    done = await world.li.submit_modal(shown, {"name": "Li", "mood": ["good"]})
    assert done.ephemeral and done.content == "thanks Li (good) notes=''"
    panel = (await world.li.run("panel", channel=world.general)).message
    shown = await world.sarah.click(panel, "panel:form")
    done = await world.sarah.submit_modal(shown, {"name": "Sarah", "notes": "long\ntext", "mood": "bad"})
    assert done.content == "thanks Sarah (bad) notes='long\\ntext'"
    with pytest.raises(SandboxUsageError):
        await world.li.submit_modal(shown, {"name": "x", "mood": "bad"})


async def test_dm_with_buttons_clicked_in_dm(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("dm-me", channel=world.general)
    assert r.ephemeral and r.content == "sent you a DM"
    dm = world.li.dms[-1]
    assert dm.content == "hello in DM" and dm.channel.is_dm
    c = await world.li.click(dm, "panel:confirm")
    assert c.content == "confirmed by Li Wei"
    assert bot.seen[-1] == ("confirm", world.li.id, None)  # a DM interaction: user, no guild
    assert "[DM → Li Wei] SetCall: hello in DM" in format_transcript(sb)
    with pytest.raises(SandboxUsageError):
        await world.sarah.click(dm, "panel:confirm")


async def test_closed_dms_are_forbidden_50007(sb: Sandbox, world, bot) -> None:
    world.sarah.dm_open = False
    r = await world.sarah.run("dm-me", channel=world.general)
    assert r.content == "forbidden 50007"
    assert isinstance(bot.errors[-1], discord.Forbidden) and bot.errors[-1].code == 50007
    assert world.sarah.dms == []


@pytest.mark.slow
async def test_ack_after_three_seconds_is_unknown_interaction(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("slow", channel=world.general)
    assert r.type is None and r.error is not None and r.error.code == 10062
    assert isinstance(bot.errors[-1], discord.NotFound) and bot.errors[-1].code == 10062


async def test_second_ack_is_already_acknowledged(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("twice", channel=world.general)
    assert r.content == "first"
    await sb.settle()
    assert isinstance(bot.errors[-1], discord.HTTPException) and bot.errors[-1].code == 40060
    assert r.errors[-1].code == 40060


async def test_interaction_without_a_connected_bot(sb: Sandbox, world, make_bot) -> None:
    async with running_client(sb, make_bot()):
        pass  # synced, then stopped
    sb.reconnect_grace = 0.1
    with pytest.raises(SandboxUsageError, match="no bot"):
        await world.li.run("echo", {"text": "x"})


async def test_result_error_when_the_bot_is_refused(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("reply", {"kind": "content"}, channel=world.general)
    assert isinstance(r.errors[0], DiscordHTTPError) and r.errors[0].code == 50035
    await r.wait_done()
    assert r.content == "error 50035" and r.ephemeral  # the bot's fallback answer went through


async def test_unknown_interaction_and_webhook_tokens(sb: Sandbox, world, bot) -> None:
    r = await world.li.run("echo", {"text": "x"}, channel=world.general)
    pending = sb.interactions[r.interaction_id]
    async with aiohttp.ClientSession() as http:
        url = f"{sb.api_base}/interactions/{pending.id}/wrong-token/callback"
        async with http.post(url, json={"type": 4, "data": {"content": "x"}}) as resp:
            assert resp.status == 404 and (await resp.json())["code"] == 10062
        url = f"{sb.api_base}/webhooks/{sb.application_id}/{pending.token}/messages/@original"
        async with http.get(url) as resp:  # no Authorization needed on webhook routes
            assert resp.status == 200 and (await resp.json())["id"] == str(r.message.id)
        async with http.get(f"{sb.api_base}/webhooks/123/{pending.token}/messages/@original") as resp:
            assert resp.status == 404 and (await resp.json())["code"] == 10015
        async with http.post(f"{sb.api_base}/webhooks/{sb.application_id}/{pending.token}?wait=true",
                             json={"content": "late followup"}) as resp:
            assert resp.status == 200 and (await resp.json())["content"] == "late followup"
    assert [m.content for m in r.followups] == ["late followup"]
    assert world.general.messages[-1].content == "late followup"
