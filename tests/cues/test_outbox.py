"""The engine as the one outbox: concurrency, batches in order, throttling on the wall clock, hooks in
the recording transaction, DM fallbacks and truthful notices to the AD (real SQLite, real APScheduler)."""

import asyncio
import time

from bot.cues import kinds
from bot.cues.engine import DeliveryResult
from bot.cues.problems import DM_FALLBACK, UNDELIVERED
from bot.domain.cues import CueSpec, Target
from db.repositories.cues import CueRepo
from tests.cues.conftest import ACTOR, LIGHTING, at


async def insert(world, *specs: CueSpec) -> list[int]:
    async with world.db.transaction() as tx:
        ids = [await CueRepo.insert(tx, world.production_id, world.day_id, s, world.clock.now()) for s in specs]
    await world.engine.refresh(ids)
    return ids


def msg(key: str, *, user: int | None = None, channel: int | None = None, batch: str | None = None, seq: int = 0, **payload) -> CueSpec:
    return CueSpec(key, "message", at(3), Target(channel_id=channel, user_id=user), "en-US",
                   kinds.message_payload(f"text {key}", **payload), batch=batch, seq=seq, scope="test")


kinds.register(kinds.CueKind("message", kinds.render_message, timely=False), replace=True)


async def test_many_rows_go_out_concurrently_up_to_the_limit(world):
    # Every send is held until the engine has filled all its slots: with nothing finishing, it must
    # start exactly ``concurrency`` sends, never more (a serial engine would time out here).
    world.discord.gate = asyncio.Event()
    await insert(world, *(msg(f"m{i}", user=2000 + i) for i in range(40)))
    settling = asyncio.create_task(world.engine.settle())
    async with asyncio.timeout(30):
        while world.discord.in_flight < world.settings.outbox.concurrency:
            await asyncio.sleep(0.01)
    for _ in range(20):
        await asyncio.sleep(0)  # room for a seventeenth to start, if the engine allowed one
    world.discord.gate.set()
    await settling
    assert len(world.discord.posted) == 40
    assert world.discord.max_in_flight == world.settings.outbox.concurrency == 16


async def test_a_batch_goes_out_in_order_one_part_after_the_other(world):
    world.discord.delay = 0.01
    specs = [msg(f"b{i}", channel=100, batch="post", seq=i) for i in (3, 1, 2, 0)]
    await insert(world, *specs, msg("other", channel=101))
    await world.engine.settle()
    posted = [p.key for p in world.discord.posted if p.key.startswith("b")]
    assert posted == ["b0", "b1", "b2", "b3"]


async def test_a_throttled_row_waits_on_the_wall_clock_and_does_not_count_as_an_attempt(world):
    world.discord.fail_next = [DeliveryResult.throttled("403 40003 opening DMs too fast", after=0.2, status=403, code=40003)]
    [cid] = await insert(world, msg("dm", user=LIGHTING))
    started = time.monotonic()
    await world.engine.settle()
    waited = time.monotonic() - started
    cue = await world.cue("dm")
    assert cue.status == "sent" and cue.attempts == 1 and waited >= 0.2  # the frozen production clock never moved
    assert world.discord.attempts == 2 and world.discord.keys() == ["dm"]


async def test_a_refused_dm_falls_back_to_the_department_channel_saying_what_happened(world):
    world.discord.fail_next = [DeliveryResult.failed("403 50007 Cannot send messages to this user", status=403, code=50007)]
    await insert(world, msg("dm", user=LIGHTING, department="lighting"))
    await world.engine.settle()
    [fallback] = world.discord.posted
    assert fallback.kind == DM_FALLBACK and fallback.channel_id == 103
    # in the language of the person it is for (the DM's, English here, in a Chinese production), the DM's text after it
    assert fallback.content.startswith(f"<@{LIGHTING}> I could not DM you (your DMs are closed)") and fallback.content.endswith("text dm")
    # Discord refusing for another reason is not "DMs closed"
    world.discord.fail_next = [DeliveryResult.failed("403 50013 Missing Permissions", status=403, code=50013)]
    await insert(world, msg("dm2", user=LIGHTING, department="lighting"))
    await world.engine.settle()
    assert "Discord refused the DM" in world.discord.posted[-1].content


async def test_failures_close_together_are_told_to_the_ad_in_one_notice(world):
    refused = DeliveryResult.failed("403 50013 Missing Permissions", status=403, code=50013, missing=("send_messages",))
    world.discord.fail_for = {"a": refused, "b": refused, "c": DeliveryResult.failed("403 50007 x", status=403, code=50007)}
    await insert(world, msg("a", channel=101), msg("b", channel=104), msg("c", user=ACTOR))  # the actor: no department channel
    await world.engine.settle()
    [notice] = world.discord.posted
    assert notice.kind == UNDELIVERED and notice.channel_id == 102
    lines = notice.content.splitlines()
    assert "3" in lines[0]
    assert any("<#101>" in line and "发送消息" in line and "403 50013" in line for line in lines)
    assert any("<#104>" in line for line in lines)
    assert any(f"<@{ACTOR}>" in line and "50007" in line and "没有本组频道" in line for line in lines)
    assert "服务器设置" in notice.content  # says where to grant it


async def test_a_hook_runs_in_the_transaction_that_records_the_outcome(world):
    seen = []

    async def hook(o: kinds.SendOutcome) -> None:
        row = await CueRepo.get(o.tx, o.cue.id)  # the outcome is already written, same transaction
        seen.append((o.result.outcome, row.status, o.result.message_id))
        if o.result.outcome == "sent":
            follow = CueSpec(f"{o.cue.key}:next", "message", o.now, Target(channel_id=105), "en-US", kinds.message_payload("follow"), scope="test")
            o.arm.append(await CueRepo.insert(o.tx, o.cue.production_id, None, follow, o.now))

    kinds.register(kinds.CueKind("hooked", kinds.render_message, on_outcome=hook, timely=False), replace=True)
    spec = CueSpec("h", "hooked", at(3), Target(channel_id=101), "en-US", kinds.message_payload("hi"), scope="test")
    await insert(world, spec)
    await world.engine.settle()
    assert seen == [("sent", "sent", 5000)]
    assert world.discord.keys() == ["h", "h:next"]


async def test_wait_done_returns_when_every_row_of_a_prefix_went_out(world):
    world.discord.delay = 0.02
    await insert(world, *(msg(f"pub:1:{i}", user=3000 + i) for i in range(5)), msg("pub:2:0", user=1))
    left = await asyncio.wait_for(world.engine.wait_done("pub:1:", timeout=5), 6)
    assert left == 0 and {p.key for p in world.discord.posted} >= {f"pub:1:{i}" for i in range(5)}
    world.discord.hang_before_post = True
    await insert(world, msg("pub:3:0", user=1))
    assert await world.engine.wait_done("pub:3:", timeout=0.2) == 1
    world.engine.stop_timeout = 0.05
