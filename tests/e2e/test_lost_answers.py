"""Issue 7, break 4, end to end: an AD action whose answer is lost is not applied twice.

Discord's side is played by the sandbox's fault injection: 500s on the interaction callback (the
AD sees "The application did not respond" and presses again), and a followup Discord refuses (the
action went through, its answer never arrived)."""

import contextlib

import pytest

from bot.sandbox import SandboxTimeout
from db.repositories.actions import ActionRepo
from db.repositories.progress import ProgressRepo
from tests.e2e.test_liveday import at, set_up, shown, to

CALLBACK = r"^/interactions/\d+/[^/]+/callback"
FOLLOWUP = r"^/webhooks/\d+/[^/]+$"


async def current(harness, day_id: int):
    async with harness.bot.db.read() as tx:
        progress = await ProgressRepo.load(tx, day_id)
    return progress.current, len(progress.steps)


@pytest.fixture
async def shooting(world, sandbox, harness, clock):
    prod_id, day_id = await set_up(world, sandbox, harness)
    await to(harness, sandbox, clock, at(6))
    r = await world.members["ad"].run("shoot start", {}, channel=world.channels["set"])
    await r.wait_done()
    assert await current(harness, day_id) == ("1-1", 1)
    return prod_id, day_id


@pytest.mark.slow
async def test_break4_lost_callback_then_a_second_press_advances_once(harness, world, sandbox, shooting):
    _, day_id = shooting
    ad, set_ch = world.members["ad"], world.channels["set"]
    sandbox.fail_next("POST", CALLBACK, status=500, count=2)  # discord.py retries after 1 s and 3 s: past Discord's 3 s
    with contextlib.suppress(SandboxTimeout):
        r = await ad.run("shoot next", {}, channel=set_ch, timeout=8)
        assert r.error is not None and r.error.code == 10062, r  # "The application did not respond"
    await sandbox.settle(quiet=0.3, timeout=10)
    assert await current(harness, day_id) == ("1-1", 1)  # never acknowledged, so never applied
    r = await ad.run("shoot next", {}, channel=set_ch)
    await r.wait_done()
    assert not shown(r).ephemeral and "1-2" in shown(r).text, r.text
    assert await current(harness, day_id) == ("1-2", 2)  # one scene moved on, not two


async def test_break4_applied_but_answer_lost_is_already_done_not_twice(harness, world, sandbox, shooting, clock):
    prod_id, day_id = shooting
    ad, set_ch = world.members["ad"], world.channels["set"]
    await to(harness, sandbox, clock, at(7, 1))
    # the action goes through, Discord refuses its answer (the followup that fills "thinking...")
    # (the answer, then the error reply the bot tries instead: both lost)
    fault = sandbox.fail_next("POST", FOLLOWUP, status=404, count=2, code=10015, message="Unknown Webhook")
    r = await ad.run("shoot next", {}, channel=set_ch, timeout=1)  # no answer ever comes: do not wait for one
    await sandbox.settle(quiet=0.2)
    assert fault.count == 0 and not any(not m.deleted for m in r.followups), r
    assert await current(harness, day_id) == ("1-2", 2)
    async with harness.bot.db.read() as tx:
        (last, *_) = await ActionRepo.recent(tx, prod_id)
    assert (last.command, last.user_id, last.subject, last.answered_at) == ("shoot next", ad.id, f"shoot_day:{day_id}", None)
    # the AD saw nothing and presses again a minute later: told, not applied
    await to(harness, sandbox, clock, at(7, 2))
    r = await ad.run("shoot next", {}, channel=set_ch)
    assert r.ephemeral and "07:01" in r.text and "没有重复执行" in r.text, r.text
    assert await current(harness, day_id) == ("1-2", 2)
    # another AD's press, or a third press of one's own, is a new action
    r = await ad.run("shoot next", {}, channel=set_ch)
    await r.wait_done()
    assert "2-9" in shown(r).text and await current(harness, day_id) == ("2-9", 3)
    async with harness.bot.db.read() as tx:
        actions = await ActionRepo.recent(tx, prod_id)
    assert [a.answered_at is not None for a in actions[:3]] == [True, True, True]


async def test_a_refused_ad_action_is_answered_privately(harness, world, sandbox, shooting):
    """The public "thinking..." of an AD action is removed when it is refused: refusals stay private."""
    r = await world.members["ad"].run("shoot skip", {"scene": "99-9"}, channel=world.channels["set"])
    await r.wait_done()
    assert shown(r).ephemeral and "99-9" in shown(r).text, r.text
    assert r.message.deleted
    assert not any("99-9" in m.text for m in world.channels["set"].messages if not m.deleted)


def next_button(result):
    message = next(m for m in [result.message, *result.followups] if m is not None and not m.deleted and m.custom_ids())
    return message, next(c for c in message.custom_ids() if c.startswith("setcall:act:shoot_next:"))


async def test_buttons_carry_the_state_they_were_drawn_for(harness, world, sandbox, shooting, clock):
    """The "moving on" button under a /shoot reply: only the production's ADs may press it, and a
    press on a button drawn for an earlier moment (pressed already, answer lost, or an old post) is refused."""
    _, day_id = shooting
    ad, set_ch = world.members["ad"], world.channels["set"]
    r = await ad.run("shoot delay", {"minutes": 5}, channel=set_ch)
    await r.wait_done()
    post, custom_id = next_button(r)
    assert not post.ephemeral
    # a crew member sees the post but cannot press it
    refused = await world.members["lead_f"].click(post, custom_id)
    assert refused.ephemeral and "副导演" in refused.text and await current(harness, day_id) == ("1-1", 1)
    # the AD's press moves on once; Discord loses the answer
    await to(harness, sandbox, clock, at(7, 1))
    fault = sandbox.fail_next("POST", FOLLOWUP, status=404, count=2, code=10015, message="Unknown Webhook")
    await ad.click(post, custom_id, timeout=1)  # no answer ever comes: do not wait for one
    await sandbox.settle(quiet=0.2)
    assert fault.count == 0 and await current(harness, day_id) == ("1-2", 2)
    # pressing it again (it looked as if nothing happened) is refused: the button was for the earlier moment
    again = await ad.click(post, custom_id)
    assert again.ephemeral and "/现场 进度" in again.text, again.text
    assert await current(harness, day_id) == ("1-2", 2)
    # the button on a fresh reply works
    r = await ad.run("shoot delay", {"minutes": 1}, channel=set_ch)
    await r.wait_done()
    post, custom_id = next_button(r)
    pressed = await ad.click(post, custom_id)
    await pressed.wait_done()
    assert "2-9" in shown(pressed).text and not shown(pressed).ephemeral
    assert await current(harness, day_id) == ("2-9", 3)
