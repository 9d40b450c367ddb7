"""The tree answers every failure ephemerally in the user's language, with a followup when the
response is already done, and never pings anyone from user text."""

import asyncio
import logging
import re

import pytest

from bot.app import EXTENSIONS
from bot.demo.harness import BotHarness
from bot.demo.world import join_code_in


@pytest.fixture
async def failing(sandbox, settings, clock):
    h = BotHarness(sandbox, settings, clock, extensions=(*EXTENSIONS, "tests.e2e.failing_cog"))
    await h.start()
    yield h
    await h.stop()


async def test_unexpected_error_before_response(failing, world, caplog):
    with caplog.at_level(logging.ERROR):
        r = await world.members["spark"].run("boom", {}, channel=world.channels["set"])
    assert r.ephemeral and "出了点问题" in r.text
    ref = re.search(r"编号 ([A-Z2-9]{6})", r.text).group(1)
    assert "kaboom" in caplog.text and f"[ref {ref}]" in caplog.text  # the log and the user share the reference
    # no production, so nobody was told: the message does not say so (break 7)
    assert "副导演频道" not in r.text and "正在通知" not in r.text and "告诉副导演" in r.text


async def test_unexpected_error_in_a_production_is_reported_to_its_ad_office(failing, world, sandbox, caplog):
    office = world.channels["ad-office"]
    r = await world.members["ad"].run("production create", {"name": "总裁的契约新娘", "code": "CEO1"}, channel=office)
    code = await join_code_in(r)
    await world.members["villain"].run("crew join", {"title": "Vivian", "department": "cast", "code": code}, channel=office)
    with caplog.at_level(logging.ERROR):
        r = await world.members["villain"].run("boom-crew", {}, channel=world.channels["set"])
    ref = re.search(r"reference ([A-Z2-9]{6})", r.text).group(1)
    assert r.ephemeral and "The AD office is being told" in r.text, r.text
    await failing.bot.cues.settle()
    await sandbox.settle()
    report = [m for m in office.messages if ref in m.content]
    assert len(report) == 1 and "/boom-crew" in report[0].content and not report[0].mentions, [m.content for m in office.messages]
    assert f"[ref {ref}]" in caplog.text


async def test_unexpected_error_after_defer_becomes_a_followup(failing, world):
    r = await world.members["villain"].run("boom-late", {}, channel=world.channels["set"])
    await r.wait_done()
    assert r.type == 5 and r.error is None  # no second acknowledgement attempted
    # Discord: the first followup after a deferral takes the deferral's visibility (public here).
    assert r.followups and "Something went wrong" in r.followups[-1].text and "reference" in r.followups[-1].text


async def test_domain_refusal_is_localized_and_pings_nobody(failing, world, sandbox):
    r = await world.members["villain"].run("refuse", {}, channel=world.channels["set"])
    assert r.ephemeral and "@everyone soon" in r.shown and "@everyone" not in r.text  # escaped: shown, never a mention
    assert not r.message.mention_everyone


async def test_python_m_bot_run_path_connects(sandbox, world, settings):
    """bot.runner.run, the body of `python -m bot run`, logs in and syncs (here against the sandbox)."""
    from bot.runner import run

    task = asyncio.create_task(run(settings, sandbox.token))
    try:
        await sandbox.wait_commands_synced(guild_id=world.guild.id, timeout=20)
        r = await world.members["ad"].run("production list", {}, channel=world.channels["set"])
        assert "还没有剧组" in r.text
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
