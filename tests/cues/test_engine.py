"""The cue engine on a real SQLite file with the real AsyncIOScheduler: restarts, crashes mid-send,
missed cues, retries, expiry, re-timing, and wall-clock arming with a ScaledClock."""

from datetime import timedelta

from bot.clock import ScaledClock
from bot.cues.engine import CueEngine, DeliveryResult
from bot.domain.cues import CueSpec, Target
from db.repositories.cues import CueRepo
from tests.cues.conftest import ACTOR, ACTRESS, ART, LIGHTING, at, make_world


async def restart(world, **kw) -> CueEngine:
    await world.stop_engine()
    return await world.start_engine(**kw)


async def test_pending_cues_are_armed_as_scheduler_jobs_without_the_1s_misfire_grace(world):
    await world.service.sync(world.production_id, world.day_id)
    cues = {c.key: c for c in await world.cues()}
    armed = world.engine.armed()
    assert set(armed) == {c.id for c in cues.values()}
    # a frozen clock in the future: no job yet (wall_delay is None); the clock moving arms them
    assert world.scheduler.get_jobs() == []
    world.clock.set(at(4))
    jobs = {j.id: j for j in world.scheduler.get_jobs()}
    reminder = cues[f"live:{world.day_id}:call:{LIGHTING}"]
    assert f"cue:{reminder.id}" in jobs or reminder.status == "pending"  # may already have fired
    await world.engine.settle()
    for job in world.scheduler.get_jobs():
        assert job.misfire_grace_time is None


async def test_stop_and_restart_mid_day_loses_nothing_doubles_nothing_late_marked_old_summarised(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.set_reminder(p, LIGHTING, 52)  # due 04:08
    await s.sync(p, d)
    await world.advance_to(at(3, 30))
    await world.stop_engine()  # the bot goes down at 03:30 ...
    world.clock.set(at(4, 15))  # ... and comes back at 04:15
    await world.start_engine()
    await world.engine.settle()
    posted = {p_.key: p_ for p_ in world.discord.posted}
    lighting = posted[f"live:{d}:call:{LIGHTING}"]
    assert lighting.late and lighting.content.startswith("（补发）") and lighting.at == at(4, 15)  # 7 min late: within grace
    summary = [x for x in world.discord.posted if x.kind == "missed_summary"]
    assert len(summary) == 1 and summary[0].channel_id == 102  # the AD channel
    assert f"<@{ACTRESS}>" in summary[0].content and f"<@{ART}>" in summary[0].content and "04:00" in summary[0].content
    assert f"live:{d}:call:{ACTRESS}" not in posted and f"live:{d}:call:{ART}" not in posted  # 15 min: too old
    statuses = {c.key: c.status for c in await world.cues()}
    assert statuses[f"live:{d}:call:{ACTRESS}"] == statuses[f"live:{d}:call:{ART}"] == "skipped"
    assert (await world.cue(f"live:{d}:call:{LIGHTING}")).late
    # a second restart sends nothing again (no second summary, no resend)
    count = len(world.discord.posted)
    await restart(world)
    await world.engine.settle()
    assert len(world.discord.posted) == count
    # and the rest of the day still happens, on time
    await world.advance_to(at(7, 4))
    actor = [x for x in world.discord.posted if x.user_id == ACTOR]
    assert len(actor) == 1 and actor[0].at == at(7, 4) and not actor[0].late
    assert len(world.discord.keys()) == len(set(world.discord.keys()))


async def test_crash_between_claim_and_mark_sent_resends_with_the_same_nonce(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    world.engine.stop_timeout = 0.05
    world.discord.hang_after_post = True  # Discord got the messages, then the process died
    world.clock.set(at(4))
    await world.discord.wait_for(3)  # the three 04:00 reminders go out together (concurrently)
    await world.stop_engine()
    keys = {f"live:{d}:call:{u}" for u in (LIGHTING, ACTRESS, ART)}
    stuck = [await world.cue(k) for k in keys]
    assert all(c.status == "sending" and c.attempts == 1 and c.claimed_wall for c in stuck)
    world.discord.hang_after_post = False
    world.clock.set(at(4, 2))
    await world.start_engine()  # no lookup: history unknown, but within Discord's nonce window
    await world.engine.settle()
    assert world.discord.attempts == 6  # each twice, Discord de-duplicated the nonce
    assert sorted(world.discord.keys()) == sorted(keys)
    for before in stuck:
        after = await world.cue(before.key)
        assert after.status == "sent" and after.attempts == 2 and after.nonce == before.nonce and after.message_id == world.discord.by_nonce[before.nonce]


async def test_an_interrupted_send_is_looked_up_in_discord_before_it_is_sent_again(world):
    """Beyond Discord's nonce window the bot reads the channel's history: found -> sent, not resent."""
    s, p, d = world.service, world.production_id, world.day_id
    await s.set_reminder(p, ACTRESS, 0)
    await s.set_reminder(p, ART, 0)
    await s.sync(p, d)
    world.engine.stop_timeout = 0.05
    world.discord.hang_after_post = True
    world.clock.set(at(4))
    await world.discord.wait_for(1)
    await world.stop_engine()
    key = f"live:{d}:call:{LIGHTING}"
    async with world.db.transaction() as tx:  # the claim happened 10 minutes ago (wall clock)
        await tx.db.conn.execute("UPDATE cues SET claimed_wall = claimed_wall - 600 WHERE key = ?", (key,))
    world.discord.hang_after_post = False
    world.discord.forget_nonces()  # Discord no longer remembers the nonce
    await world.start_engine(lookup=world.discord.lookup)
    await world.engine.settle()
    cue = await world.cue(key)
    assert cue.status == "sent" and cue.message_id == 5000 and cue.attempts == 1
    assert world.discord.keys() == [key] and world.discord.lookups == [key]


async def test_an_interrupted_send_not_found_in_discord_is_sent_again(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.set_reminder(p, ACTRESS, 0)
    await s.set_reminder(p, ART, 0)
    await s.sync(p, d)
    world.engine.stop_timeout = 0.05
    world.discord.hang_before_post = True  # the process died before Discord got anything
    world.clock.set(at(4))
    await world.discord.wait_attempts(1)
    await world.stop_engine()
    key = f"live:{d}:call:{LIGHTING}"
    async with world.db.transaction() as tx:
        await tx.db.conn.execute("UPDATE cues SET claimed_wall = claimed_wall - 600 WHERE key = ?", (key,))
    world.discord.hang_before_post = False
    world.clock.set(at(4, 3))
    await world.start_engine(lookup=world.discord.lookup)
    await world.engine.settle()
    assert world.discord.keys() == [key] and world.discord.posted[0].late  # 3 minutes late
    assert (await world.cue(key)).status == "sent"


async def test_an_interrupted_send_long_ago_that_cannot_be_checked_is_not_risked_but_reported(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    world.engine.stop_timeout = 0.05
    world.discord.hang_after_post = True
    world.clock.set(at(4))
    await world.discord.wait_for(3)
    await world.stop_engine()
    world.discord.hang_after_post = False
    first = world.discord.posted[0]
    async with world.db.transaction() as tx:  # claimed 10 minutes ago: Discord no longer dedupes the nonce
        await tx.db.conn.execute("UPDATE cues SET claimed_wall = claimed_wall - 600")
    world.clock.set(at(4, 5))
    await world.start_engine()  # and the history cannot be read (no lookup)
    await world.engine.settle()
    assert (await world.cue(first.key)).status == "failed"
    assert world.discord.keys().count(first.key) == 1
    summary = [x for x in world.discord.posted if x.kind == "missed_summary"]
    assert len(summary) == 1 and "可能已送达" in summary[0].content


async def test_transient_failure_retries_with_backoff_permanent_failure_gives_up(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.set_reminder(p, ACTRESS, 0)
    await s.set_reminder(p, ART, 0)
    await s.sync(p, d)
    world.discord.fail_next = [DeliveryResult.retry("503 Service Unavailable")]
    await world.advance_to(at(4))
    cue = await world.cue(f"live:{d}:call:{LIGHTING}")
    assert cue.status == "pending" and cue.attempts == 1 and cue.retry_at == at(4) + timedelta(seconds=30) and "503" in cue.error
    await world.advance(seconds=29)
    assert world.discord.posted == []
    await world.advance(seconds=1)
    cue = await world.cue(f"live:{d}:call:{LIGHTING}")
    assert cue.status == "sent" and cue.attempts == 2 and len(world.discord.posted) == 1
    # the actor has closed DMs: permanent failure, no retry
    world.discord.fail_next = [DeliveryResult.failed("50007 Cannot send messages to this user")]
    await world.advance_to(at(7, 4))
    cue = await world.cue(f"live:{d}:call:{ACTOR}")
    assert cue.status == "failed" and "50007" in cue.error
    await world.advance(minutes=10)
    assert world.discord.attempts == 4  # no retry; the AD is told (a cast member has no department channel to fall back to)
    notice = world.discord.posted[-1]
    assert notice.kind == "undelivered" and notice.channel_id == 102
    assert f"<@{ACTOR}>" in notice.content and "50007" in notice.content and "没有本组频道" in notice.content


async def test_a_deliver_that_raises_is_retried_then_failed(world):
    calls = []

    async def broken(cue, late):
        calls.append(cue.kind)
        raise RuntimeError("network down")

    await world.stop_engine()
    await world.start_engine()
    world.engine.deliver = broken
    async with world.db.transaction() as tx:
        spec = CueSpec("test:boom", "call", at(4), Target(user_id=LIGHTING), "en-US", {"call": at(5).isoformat()})
        await CueRepo.insert(tx, world.production_id, world.day_id, spec, world.clock.now())
    await world.advance_to(at(4))
    await world.advance(seconds=30)
    await world.advance(minutes=2)
    cue = await world.cue("test:boom")
    assert calls == ["call"] * 3 + ["undelivered"] and cue.status == "failed" and "network down" in cue.error


async def test_expired_cue_is_skipped_and_retimed_cue_fires_at_its_new_time(world):
    async with world.db.transaction() as tx:
        a = await CueRepo.insert(tx, world.production_id, world.day_id, CueSpec("t:expiring", "call", at(4), Target(user_id=1), "en-US", {}, at(4, 30)), at(3))
        b = await CueRepo.insert(tx, world.production_id, world.day_id, CueSpec("t:moving", "call", at(4), Target(user_id=2), "en-US", {}), at(3))
    await world.engine.refresh([a, b])
    # re-time b to 05:00 before it fires
    from bot.domain.cues import Changes

    async with world.db.transaction() as tx:
        touched = await CueRepo.apply(tx, world.production_id, world.day_id, Changes(update=((b, CueSpec("t:moving", "call", at(5), Target(user_id=2), "en-US", {})),)), at(3))
    await world.engine.refresh(touched)
    assert world.engine.armed()[b] == at(5)
    world.clock.set(at(4, 45))  # jump past a's expiry without it having fired
    await world.engine.settle()
    assert (await world.cue("t:expiring")).status == "skipped" and world.discord.posted == []
    await world.advance_to(at(5))
    assert [x.key for x in world.discord.posted] == ["t:moving"]


async def test_claim_is_exclusive(world):
    async with world.db.transaction() as tx:
        cid = await CueRepo.insert(tx, world.production_id, world.day_id, CueSpec("t:x", "call", at(4), Target(user_id=1), "en-US", {}), at(3))
        again = await CueRepo.insert(tx, world.production_id, world.day_id, CueSpec("t:x", "call", at(5), Target(user_id=1), "en-US", {}), at(3))
        assert again is None  # idempotent by key
        first = await CueRepo.claim(tx, cid, at(4))
        second = await CueRepo.claim(tx, cid, at(4))
    assert first is not None and first.status == "sending" and second is None


async def test_wall_clock_arming_with_a_scaled_clock(tmp_path):
    """A running (not frozen) clock: the DateTrigger fires on wall time; a jump re-arms."""
    w = await make_world(tmp_path / "scaled.db")
    w.clock = ScaledClock(at(3, 59), speed=3600)  # an hour per second
    w.discord.clock = w.clock
    await w.start_engine()
    try:
        async with w.db.transaction() as tx:
            a = await CueRepo.insert(tx, w.production_id, w.day_id, CueSpec("t:soon", "call", at(4), Target(user_id=1), "en-US", {}), at(3))
            b = await CueRepo.insert(tx, w.production_id, w.day_id, CueSpec("t:later", "call", at(20), Target(user_id=2), "en-US", {}), at(3))
        await w.engine.refresh([a, b])
        armed = w.scheduler.get_job(f"cue:{b}").next_run_time  # 20:00 is ~16 wall seconds away
        # nothing kicks the engine but the DateTrigger: the 04:00 cue goes out once the clock shows
        # 04:00, never before (how soon after is the machine's load, not the engine's)
        await w.discord.wait_for(1)
        soon = w.discord.posted[0]
        assert soon.key == "t:soon" and soon.at >= at(4) and not soon.late
        w.clock.set(at(19, 59, 30))  # jump: the 20:00 cue is now 30 clock-seconds (~8 ms) away
        assert w.scheduler.get_job(f"cue:{b}").next_run_time < armed  # re-armed at once, for the new distance
        await w.discord.wait_for(2)
        assert w.discord.posted[1].key == "t:later" and w.discord.posted[1].at >= at(20)
    finally:
        await w.stop_engine()
        w.scheduler.shutdown(wait=False)
        await w.db.close()


async def test_observer_sees_every_delivery(world):
    seen = []
    world.engine.add_observer(lambda cue, result, late: seen.append((cue.key, result.outcome, late)))
    await world.service.sync(world.production_id, world.day_id)
    await world.advance_to(at(4))
    assert sorted(k for k, _, _ in seen) == sorted(f"live:{world.day_id}:call:{u}" for u in (LIGHTING, ACTRESS, ART))
    assert {o for _, o, _ in seen} == {"sent"}


async def publish(world, version_calls=None):
    """Publish the day's call sheet through the call sheet repository; DMs marked sent."""
    from bot.domain.callsheet import build_callsheet, plan_deliveries
    from bot.settings import Settings
    from db.repositories.callsheet import CallsheetRepo
    from db.repositories.crew import CrewRepo
    from db.repositories.plan import PlanRepo
    from tests.cues.conftest import SH

    async with world.db.transaction() as tx:
        day = await PlanRepo.day_by_id(tx, world.day_id, SH)
        crew = await CrewRepo.list(tx, world.production_id)
        sheet = build_callsheet(
            production_id=world.production_id, production_code="CEO1", production_name="x", timezone="Asia/Shanghai", day=day, crew=crew,
            sets=await PlanRepo.sets(tx, world.production_id), walks=await PlanRepo.walks(tx, world.production_id),
            offsets=Settings().call_offsets, version=1, published_at=world.clock.now(),
        )
        _, deliveries = await CallsheetRepo.publish(tx, world.day_id, sheet, plan_deliveries(None, {}, sheet), {}, by=1, now=world.clock.now())
        for uid, dl in deliveries.items():
            await CallsheetRepo.mark_sent(tx, dl.id, 1, 1, world.clock.now())
    return deliveries


async def test_unconfirmed_reminders_follow_the_published_call_sheet_and_quiet_hours(world):
    from db.repositories.callsheet import CallsheetRepo

    s, p, d = world.service, world.production_id, world.day_id
    world.clock.set(at(20, d=22))  # the evening before: the sheet goes out
    deliveries = await publish(world)
    out = await s.sync(p, d)
    cues = {c.key: c for c in await world.cues()}
    assert {f"live:{d}:unconfirmed:{u}" for u in (LIGHTING, ACTRESS, ART, ACTOR)} <= set(cues)
    assert out.told == ()  # the sheet and the projection agree: nobody is told anything
    # 2 h before a 05:00 call is 03:00, in the night (quiet hours begin 23:00): chased at 22:00 the
    # evening before instead; so is the actor called 08:04 (06:04 is still the night)
    assert {u: cues[f"live:{d}:unconfirmed:{u}"].due for u in (LIGHTING, ACTRESS, ART, ACTOR)} == {
        LIGHTING: at(22, d=22), ACTRESS: at(22, d=22), ART: at(22, d=22), ACTOR: at(22, d=22)}
    assert cues[f"live:{d}:unconfirmed_list"].due == at(23, d=22) and cues[f"live:{d}:unconfirmed_list"].target.channel_id == 102
    # the lighting man confirms: at send time his reminder is dropped; the others go out (22:00)
    async with world.db.transaction() as tx:
        assert (await CallsheetRepo.confirm(tx, deliveries[LIGHTING].id, LIGHTING, world.clock.now())).outcome == "confirmed"
    await world.advance_to(at(22, d=22))
    sent = [x.user_id for x in world.discord.posted if x.kind == "unconfirmed"]
    assert sorted(sent) == [ACTRESS, ART, ACTOR]
    assert (await world.cue(f"live:{d}:unconfirmed:{LIGHTING}")).status == "skipped"
    actress = next(x for x in world.discord.posted if x.user_id == ACTRESS)  # the three went out at once, in any order
    assert "Confirm" not in actress.content and "确认" in actress.content
    # the actress confirms (a sync follows, as after a button press); at 23:00 the AD gets the rest to phone
    async with world.db.transaction() as tx:
        await CallsheetRepo.confirm(tx, deliveries[ACTRESS].id, ACTRESS, world.clock.now())
    await s.sync(p, d)
    await world.advance_to(at(23, d=22))
    phone = [x for x in world.discord.posted if x.kind == "unconfirmed_list"]
    assert len(phone) == 1 and phone[0].channel_id == 102
    assert "林晓" not in phone[0].content and "James Carter" in phone[0].content  # she confirmed meanwhile
    assert [x for x in world.discord.posted if x.at >= at(23, d=22) and x.user_id is not None] == []  # no DM in quiet hours
