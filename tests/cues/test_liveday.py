"""The live day end to end below Discord: real SQLite, real APScheduler, a FakeClock.

Day 2 (Asia/Shanghai), planned: 06:00 scene 1 (Villa) · 07:00 2 · 4 min walk · 08:04 3 (Courtroom)
· 09:04 4 · 10 min walk, lunch 10:14 (the boundary closest to its 10:00) · 10:44 5 (Hospital) ·
wrap 11:44. Calls: lighting, art and the actress 05:00; the actor (scenes 4 and 5) at 08:04, so his
call follows the day's progress.
"""

import asyncio
from datetime import timedelta

import pytest

from bot.domain.errors import DomainError
from bot.settings import LiveDaySettings, Settings
from tests.cues.conftest import ACTOR, ACTRESS, ART, LIGHTING, RAW_CALLS, SH, at, make_world, minutes

AUTO = Settings(call_rules=RAW_CALLS, liveday=LiveDaySettings(cast_call_approval="auto"))


async def pending(world) -> dict:
    """The day's pending message cues (the internal re-plan is not a message)."""
    return {c.key: c for c in await world.cues() if c.status == "pending" and c.kind != "replan"}


async def test_cues_fire_at_their_time_in_the_production_timezone(world):
    await world.service.sync(world.production_id, world.day_id)
    # the real scheduler wakes the engine (no settle() to send them): a minute early, nothing is due
    world.clock.set(at(3, 59))
    await world.engine.settle()
    assert world.discord.posted == []
    world.clock.set(at(4, 0))
    await world.discord.wait_for(3)
    assert sorted(p.user_id for p in world.discord.posted) == [LIGHTING, ACTRESS, ART]
    assert all(p.at == at(4) and p.kind == "call" and not p.late for p in world.discord.posted)
    assert "**05:00**" in world.discord.posted[0].content  # 21:00 UTC shown in Shanghai time
    world.clock.set(at(7, 3))
    await world.engine.settle()
    assert len(world.discord.posted) == 3
    world.clock.set(at(7, 4))
    await world.discord.wait_for(4)
    actor = world.discord.posted[3]
    assert actor.user_id == ACTOR and "08:04" in actor.content and "Reminder: your call" in actor.content  # his language


async def test_progress_notices_next_set_prelight_company_move_lunch_and_wrap(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    await world.advance_to(at(6))
    await s.start(p, d, by=7)
    await world.advance_to(at(7))
    out = await s.next(p, d, expected="1")  # scene 2 starts; scene 3 is on another set
    await world.engine.settle()
    assert out.projection.current.number == "2"
    notices = {x.key: x for x in world.discord.posted if x.kind in ("next_set", "prelight")}
    nxt = notices[f"live:{d}:nextset:3"]
    assert nxt.channel_id == 101 and nxt.at == at(7)
    assert "Courtroom, Building 3, Heart Road South" in nxt.content and "08:04" in nxt.content and "4" in nxt.content
    assert notices[f"live:{d}:prelight:lighting:3"].channel_id == 103 and "night look" in notices[f"live:{d}:prelight:lighting:3"].content
    assert notices[f"live:{d}:prelight:art:3"].channel_id == 104
    await world.advance_to(at(8))
    await s.next(p, d, expected="2")  # the company move begins
    await world.engine.settle()
    move = next(x for x in world.discord.posted if x.key == f"live:{d}:move:3")  # (sent beside others: not necessarily the last)
    assert move.kind == "company_move" and move.at == at(8) and "Villa → **Courtroom" in move.content and "08:04" in move.content
    await world.advance_to(at(9, 4))
    await s.next(p, d, expected="3")
    await world.advance_to(at(9, 14))
    heads_up = next(x for x in world.discord.posted if x.kind == "meal_warning")
    assert heads_up.at == at(9, 14) and heads_up.channel_id == 105 and "10:14" in heads_up.content  # an hour ahead
    await world.advance_to(at(10, 4))
    out = await s.next(p, d, expected="4")  # walk to the hospital; nobody calls lunch for the AD
    assert out.progress.meals == () and out.projection.meal("lunch").start == at(10, 14)
    await world.engine.settle()
    assert {f"live:{d}:nextset:5", f"live:{d}:move:5", f"live:{d}:meal_warning:lunch"} <= set(world.discord.keys())
    await world.advance_to(at(10, 14))  # arrived: the AD calls lunch (放饭)
    out = await s.meal(p, d, by=7)
    assert out.progress.on_break.name == "lunch" and out.projection.on_break.end == at(10, 44)
    await world.engine.settle()
    lunch = sorted((x for x in world.discord.posted if x.kind == "meal"), key=lambda x: x.channel_id)  # sent at once, either first
    assert [(x.channel_id, x.at) for x in lunch] == [(101, at(10, 14)), (105, at(10, 14))] and "10:44" in lunch[0].content
    assert "放饭" in lunch[0].content
    await world.advance_to(at(10, 40))
    out = await s.resume(p, d, by=7)  # back 4 minutes early
    await world.engine.settle()
    [back] = [x for x in world.discord.posted if x.kind == "meal_return"]
    assert "返场" in back.content
    assert out.projection.wrap == at(11, 40) and out.projection.behind_minutes == -4
    await world.advance_to(at(11, 50))
    await s.wrap(p, d)
    await world.engine.settle()
    [wrap] = [x for x in world.discord.posted if x.kind == "wrap"]  # one wrap message
    assert "11:50" in wrap.content and "第 2/6 天" in wrap.content
    # every notice went out exactly once
    assert len(world.discord.keys()) == len(set(world.discord.keys()))


@pytest.fixture
async def even_world(tmp_path):
    """Scene 2 is 51 min: 06:00 1 · 07:00 2 · 07:55 3 · 08:55 4 · 10:05 lunch · 10:35 5. A 20-minute
    slip keeps lunch at the same boundary, so everything after it moves by exactly 20 minutes. The
    actor's call is 07:55. Cast call changes are DMed at once here (``cast_call_approval = "auto"``)."""
    from tests.cues.conftest import day_plan

    w = await make_world(tmp_path / "even.db", plan=lambda pid: day_plan(pid, scene2=51), settings=AUTO)
    await w.start_engine()
    yield w
    await w.stop_engine()
    w.scheduler.shutdown(wait=False)
    await w.db.close()


async def test_a_20_minute_delay_retimes_every_later_cue_exactly_once(even_world):
    world = even_world
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    await world.advance_to(at(6))
    await s.start(p, d)
    before = await pending(world)
    assert set(before) == {f"live:{d}:call:{ACTOR}", f"live:{d}:meal_warning:lunch"}
    out = await s.delay(p, d, 20)
    assert out.retimed == 2 and out.inserted == 0 and out.cancelled == 0
    assert out.projection.behind_minutes == 20
    after = await pending(world)
    assert {k: minutes(after[k].due - before[k].due) for k in before} == {k: 20 for k in before}
    assert after[f"live:{d}:call:{ACTOR}"].due == at(7, 15)
    # the actor's call moved 20 min (> 15): he is told, once
    assert out.told == (ACTOR,)
    await world.engine.settle()
    told = [x for x in world.discord.posted if x.kind == "call_changed"]
    assert len(told) == 1 and told[0].user_id == ACTOR and "07:55" in told[0].content and "08:15" in told[0].content
    # recomputing the same state changes nothing and tells nobody again
    again = await s.sync(p, d)
    assert (again.retimed, again.inserted, again.cancelled, again.told) == (0, 0, 0, ())
    # 5 minutes back: under the threshold from what he was told, so not told again
    more = await s.ahead(p, d, 5)  # (a further delay would push scene 4 into lunch, see below)
    assert more.retimed == 2 and more.told == ()
    await world.engine.settle()
    assert len([x for x in world.discord.posted if x.kind == "call_changed"]) == 1
    # the re-timed reminder fires at its new time, not its old one
    await world.advance_to(at(6, 55))
    assert not any(x.user_id == ACTOR and x.kind == "call" for x in world.discord.posted)
    await world.advance_to(at(7, 20))
    assert [x.at for x in world.discord.posted if x.user_id == ACTOR and x.kind == "call"] == [at(7, 20)]


async def test_a_delay_before_lunch_moves_the_wrap_by_the_delay_with_nobody_idling(world):
    """The issue's day: 15 min behind at 07:36, a /shoot delay 25 must move the wrap 25 minutes
    (not vanish into a wait for lunch): 11:59 -> 12:24, behind 15 -> 40, the same number in every
    reply."""
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    await world.advance_to(at(6, 15))
    await s.start(p, d)
    await world.advance_to(at(7, 15))
    await s.next(p, d, expected="1")
    await world.advance_to(at(7, 36))
    before = await s.status(p, d)
    assert before.projection.behind_minutes == 15 and before.projection.wrap == at(11, 59)
    out = await s.delay(p, d, 25, reason="lamp blew in the villa")
    assert out.projection.behind_minutes == 40 and out.projection.wrap == at(12, 24)
    assert out.progress.delays[-1].reason == "lamp blew in the villa" and out.progress.delays[-1].scene == "2"
    # lunch is projected at the boundary closest to its 10:00, never waited for: before the delay
    # after the walk to the hospital (10:29), after it before scene 4 (09:44, 16 min early)
    assert before.projection.meal("lunch").start == at(10, 29) and out.projection.meal("lunch").start == at(9, 44)
    assert (await world.cue(f"live:{d}:meal_warning:lunch")).due == at(8, 44)


async def test_back_skip_and_ahead(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    await world.advance_to(at(6))
    await s.start(p, d)
    await world.advance_to(at(6, 40))
    out = await s.next(p, d, expected="1")  # 20 min early
    await world.engine.settle()  # what falls due at once goes out now, as it would before the AD pressed anything else
    assert out.projection.behind_minutes == -20
    # his call moved 20 min earlier (08:04 -> 07:44): an actor's call waits for the AD (one batched
    # proposal); until then he is reminded of the call he knows
    assert out.told == () and out.waiting == (ACTOR,) and out.proposal is not None
    assert (await world.cue(f"live:{d}:call:{ACTOR}")).due == at(7, 4)
    first_proposal = out.proposal
    # back: scene 1 is current again and the actor's reminder returns to plan
    out = await s.back(p, d)
    assert out.progress.current == "1" and out.projection.behind_minutes == 0
    assert (await world.cue(f"live:{d}:call:{ACTOR}")).due == at(7, 4)
    assert out.waiting == () and out.proposal is None  # nothing waits any more: the proposal is withdrawn
    with pytest.raises(DomainError, match="proposal_closed"):
        await s.decide(p, first_proposal, None, by=7)
    # ahead 10: everything 10 min earlier
    out = await s.ahead(p, d, 10)
    assert out.projection.behind_minutes == -10 and (await world.cue(f"live:{d}:call:{ACTOR}")).due == at(6, 54)
    # skip scene 2 (the next one): scene 3 moves up by an hour
    out = await s.skip(p, d, "2", reason="the villa is double-booked")
    assert out.projection.slot("3").start == at(6, 54) and out.waiting == (ACTOR,)  # his call would be 06:54: the AD decides
    decision = await s.decide(p, out.proposal, None, by=7)
    assert decision.sent == ((ACTOR, at(6, 54)),) and (await world.cue(f"live:{d}:call:{ACTOR}")).due == at(5, 54)
    assert out.progress.skip_of("2").reason == "the villa is double-booked" and out.progress.skip_of("2").carried_to == "pool"
    with pytest.raises(DomainError) as e:
        await s.skip(p, d, "1")
    assert e.value.key == "shoot.error.skip_current"
    # the courtroom notice went out with the (undone) next at 06:40; it is never posted twice
    await world.engine.settle()
    nxt = [x for x in world.discord.posted if x.key == f"live:{d}:nextset:3"]
    assert len(nxt) == 1 and nxt[0].at == at(6, 40) and "07:44" in nxt[0].content
    out = await s.back(p, d)  # undo the start: the day is planned again
    assert out.progress.state == "planned"


async def test_skipping_all_of_an_actors_scenes_cancels_his_reminder(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.sync(p, d)
    await s.skip(p, d, "4")
    out = await s.skip(p, d, "5")
    assert ACTOR not in out.calls and out.cancelled == 1
    assert (await world.cue(f"live:{d}:call:{ACTOR}")).status == "cancelled"


async def test_two_ads_pressing_next_at_once_advance_once(world):
    s, p, d = world.service, world.production_id, world.day_id
    await world.advance_to(at(6))
    await s.start(p, d)
    await world.advance_to(at(7))

    async def press():
        expected = await s.current_scene(d)  # what the AD's command sees when it arrives
        return await s.next(p, d, expected=expected)

    results = await asyncio.gather(press(), press(), return_exceptions=True)
    ok = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(ok) == 1 and len(refused) == 1
    assert refused[0].key == "shoot.error.already_moved_on" and refused[0].params == {"scene": "2"}
    assert (await s.status(p, d)).progress.current == "2"
    # a stale expectation is refused too
    with pytest.raises(DomainError, match="already_moved_on"):
        await s.next(p, d, expected="1")


async def test_stale_progress_write_is_refused_by_compare_and_set(world):
    """Two writers that loaded the same version (e.g. a second process): the second write loses."""
    from bot.domain import progress as P
    from db.repositories.plan import PlanRepo
    from db.repositories.progress import ProgressRepo

    async with world.db.read() as tx:
        day = await PlanRepo.day_by_id(tx, world.day_id, SH)
        base = await ProgressRepo.load(tx, world.day_id)
    first = P.start(day, [], base, at(6))
    second = P.adjust(base, 10)
    async with world.db.transaction() as tx:
        await ProgressRepo.save(tx, base, first, at(6))
    with pytest.raises(DomainError, match="already_moved_on"):
        async with world.db.transaction() as tx:
            await ProgressRepo.save(tx, base, second, at(6))
    async with world.db.read() as tx:
        stored = await ProgressRepo.load(tx, world.day_id)
    assert stored.current == "1" and stored.adjust_minutes == 0 and stored.steps == first.steps


async def test_a_night_shoot_past_midnight(tmp_path):
    from tests.cues.conftest import day_plan

    def night(pid):  # general call 20:00; the actor's first scene (4) at 23:04, scene 5 after midnight
        return day_plan(pid, general=at(20), lunch=None)

    w = await make_world(tmp_path / "night.db", start=at(18), plan=night)
    await w.start_engine()
    try:
        s, p, d = w.service, w.production_id, w.day_id
        await s.sync(p, d)
        await w.advance_to(at(20))
        await s.start(p, d)
        for t, exp in ((at(21, 30), "1"), (at(22, 40), "2"), (at(23, 55), "3")):
            await w.advance_to(t)
            await s.next(p, d, expected=exp)
        await w.advance_to(at(0, 50, d=24))
        out = await s.next(p, d, expected="4")
        assert out.projection.current.start == at(1, 0, d=24)  # 10 min walk to the hospital
        await w.engine.settle()
        move = next(x for x in w.discord.posted if x.key == f"live:{d}:move:5")  # (sent beside others: not necessarily the last)
        assert move.kind == "company_move" and move.at == at(0, 50, d=24) and "次日 01:00" in move.content, move.content
        # /shoot resolves the day it started on even though the date is now the 24th
        assert await s.active_day(out.production) == d
        await w.advance_to(at(2, 10, d=24))
        await s.wrap(p, d)
        await w.engine.settle()
        [wrap] = [x for x in w.discord.posted if x.kind == "wrap"]
        assert "次日 02:10" in wrap.content
        assert (await s.status(p, d)).projection.state == "wrapped"
    finally:
        await w.stop_engine()
        w.scheduler.shutdown(wait=False)
        await w.db.close()


async def test_personal_reminder_override(world):
    s, p, d = world.service, world.production_id, world.day_id
    await s.set_reminder(p, LIGHTING, 90)
    await s.set_reminder(p, ART, 0)
    await s.sync(p, d)
    assert (await world.cue(f"live:{d}:call:{LIGHTING}")).due == at(3, 30)
    assert await world.cue(f"live:{d}:call:{ART}") is None
    await s.set_reminder(p, ART, None)
    out = await s.sync(p, d)
    assert out.inserted == 1 and (await world.cue(f"live:{d}:call:{ART}")).due == at(4)
    with pytest.raises(DomainError, match="bad_reminder"):
        await s.set_reminder(p, ART, 721)


async def test_status_is_read_only_and_active_day_needs_a_day(world):
    s, p, d = world.service, world.production_id, world.day_id
    out = await s.status(p, d)
    assert out.projection.state == "planned" and await world.cues() == []
    assert await s.active_day(out.production) == d  # 03:00 on the day's date
    world.clock.set(at(3) + timedelta(days=3))  # two days after: no day to talk about
    with pytest.raises(DomainError, match="no_day_today"):
        await s.active_day(out.production)
    assert await s.active_day(out.production, day_number=2) == d
