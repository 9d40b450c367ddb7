"""Act 3: the shoot day itself, fast-forwarded five minutes at a time.

The night before, quiet hours: whoever has not confirmed is chased at 22:00, and at 23:00 the AD
gets the rest to phone. Call reminders go out before dawn in each person's language. The AD
drives the day with /shoot: a set move in the hospital pings nobody (换景); a blown lamp costs 25
minutes (with its reason) and every later cue moves, the actors whose call moved wait for the AD,
who picks whom to tell; a company move to Building 7 says what moves with the crew and sends
lighting and art ahead; two ADs press "next" at once; the AD calls lunch, supper and the late-night
meal (放饭) and the return (返场), the canteen hearing of each ahead; a Steadicam shot runs over and
the day re-times itself with nobody pressing anything; the dusk scene and the road closure are
pushed out of their windows and the AD is told once; the bot is down for a while and catches up;
a scene is carried over (顺延); ONE wrap message after midnight.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.demo.board import Board, local
from bot.demo.world import PRODUCTION_CODE
from bot.domain import moves
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

ORDER = 30
TITLE = "Act 3 · The live day: meals the AD calls, set and company moves, an overrun, cast calls the AD approves, the wrap"

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)
SPEED = 1.0  # between fast-forwards the clock runs in real time
STEP = timedelta(minutes=5)  # fast-forward granularity
#: Minutes a scene runs over (+) or under (-) its estimate (the AD presses "next" then).
OVERRUN = {"1-2": 5, "2-9": 10, "2-11": -5, "1-8": 8, "2-16": 15}
MEAL_LABELS = {"breakfast": "breakfast", "lunch": "lunch", "supper": "supper", "late": "the late-night meal (夜宵)"}


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def until(demo, when: datetime) -> None:
    """Fast-forward the clock to ``when`` in steps of a few minutes: at each step every cue that fell
    due goes out (in due order) and the re-plan runs, as it would in real time, but the day does not
    depend on how busy the machine is."""
    while (now := demo.clock.now()) < when:
        demo.clock.set(min(when, now + STEP))
        await settle(demo)


async def settle(demo) -> None:
    await demo.bot.cues.settle()
    await demo.sb.settle()


async def ad_does(demo, who: str, command: str, options: dict | None = None):
    r = await demo.member(who).run(command, options or {}, channel=demo.channel("set"))
    await settle(demo)
    demo.show()
    return r


async def status(demo, prod_id: int, day_id: int):
    return await demo.bot.liveday.status(prod_id, day_id)


def proposal_post(demo, action: str):
    """The newest cast call proposal in the AD office with its ``cc_<action>`` button (an AD action)."""
    office = demo.channel("ad-office")
    for m in reversed(office.messages):
        if m.author_id == demo.sb.bot_user_id and (cid := next((c for c in m.custom_ids() if c.startswith(f"setcall:act:cc_{action}:")), None)):
            return m, cid
    return None, None


async def night_before(demo, board: Board) -> None:
    demo.narrate("The call sheet is out, so the bot has planned every cue of the day (reminders, chases, the canteen's "
                 "heads-ups, the AD's list):")
    await board.show("the night before", limit=12)
    demo.narrate("Quiet hours run from 23:00 until two hours before each person's call (at most 9 hours). Whoever has not "
                 "confirmed is chased at 22:00 instead of in the middle of the night:")
    await until(demo, at(22, 1, d=22))
    demo.show()
    demo.narrate("23:00: no more DMs tonight. The AD office gets the list of people still unconfirmed, to phone:")
    await until(demo, at(23, 1, d=22))
    demo.show()


async def pick_cast_calls(demo) -> None:
    """The AD answers the batched cast call proposal: picks Sarah Miller alone, the rest are held."""
    post, pick = proposal_post(demo, "pick")
    if post is None:
        return
    demo.narrate("The actors' calls moved, but nobody has been DMed: the AD office has one proposal. The AD picks whom to "
                 "tell (Sarah Miller, called this morning; He Meiling's evening call can wait):")
    ad = demo.member("ad")
    r = await ad.click(post, pick)
    await settle(demo)
    demo.show()
    if r.message is not None and (menu := next((c for c in r.message.custom_ids() if c.startswith("setcall:sel:cc_picked:")), None)):
        await ad.select(r.message, menu, [str(demo.member("villain").id)])
        await settle(demo)
        demo.show()


async def overrun_by_itself(demo, board: Board, cur) -> None:
    """The scene runs 17 minutes past its estimate and nobody presses anything: the re-plan cue
    re-projects the day every 5 minutes and every later cue moves."""
    end = cur.estimated_end or cur.end
    await until(demo, end - timedelta(minutes=1))
    demo.show()
    before = await board.pending()
    wrap_before = (await status(demo, board.prod_id, board.day_id)).projection.wrap
    demo.narrate(f"Scene {cur.number} should wrap about {local(end):%H:%M}. The Steadicam move keeps failing; nobody "
                 f"presses anything for 17 minutes:")
    await until(demo, end + timedelta(minutes=17))
    demo.show()
    await board.diff(before, f"re-timed by itself while {cur.number} runs over", limit=8)
    wrap_after = (await status(demo, board.prod_id, board.day_id)).projection.wrap
    demo.emit(f"  (projected wrap {local(wrap_before):%H:%M} → {local(wrap_after):%H:%M} (+1), re-projected every 5 minutes by the clock)")
    demo.narrate("The 2nd AD checks where the day stands (her English client): behind/ahead is the projected wrap "
                 "against the planned one, the overrun on its own line:")
    await demo.member("ad2").run("shoot status", {}, channel=demo.channel("set"))
    demo.show()
    post, send_all = proposal_post(demo, "all")
    if post is not None:
        demo.narrate("The overrun moved He Meiling's call again, past what she was held at: a new proposal. The AD sends it:")
        await demo.member("ad").click(post, send_all)
        await settle(demo)
        demo.show()


async def take_meal(demo, cur, meal) -> None:
    """The AD calls the meal the projection has at this boundary, and the return 3 minutes early."""
    await until(demo, meal.start)
    demo.show()
    planned = f" (planned {local(meal.planned):%H:%M})" if meal.planned else ""
    demo.narrate(f"The crew reaches the scene boundary closest to {MEAL_LABELS[meal.name]}{planned}: the AD calls it (放饭). "
                 f"The set and the canteen hear it; the break counts from now:")
    await ad_does(demo, "ad", "shoot meal", {"meal": meal.name})
    await until(demo, meal.start + timedelta(minutes=meal.minutes - 3))
    demo.show()
    demo.narrate("Everyone is back three minutes early: the AD calls the return (返场):")
    await ad_does(demo, "ad", "shoot resume")


async def play(demo) -> None:
    async with demo.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, demo.world.guild.id, PRODUCTION_CODE)
        day = await PlanRepo.day(tx, prod.id, DAY) if prod is not None else None
        sets = {s.name: s for s in await PlanRepo.sets(tx, prod.id)} if prod is not None else {}
    if prod is None or day is None or day.id is None:
        demo.emit("(no shoot day to run: act 2 did not import the plan)")
        return
    board = Board(demo, day.id)
    board.prod_id = prod.id
    await night_before(demo, board)

    demo.clock.set(at(2, 50))
    demo.clock.set_speed(SPEED)
    demo.narrate("Fast-forward through the night: call reminders go out before dawn:")
    await until(demo, at(5, 58))
    demo.show()

    await until(demo, at(6, 5))
    demo.narrate("The 1st AD calls the first shot, five minutes late. The projection already runs over six hours to lunch: "
                 "the AD office is warned once:")
    await ad_does(demo, "ad", "shoot start")

    slipped = raced = restarted = skipped = overran = buttoned = False
    while True:
        out = await status(demo, prod.id, day.id)
        cur, nxt = out.projection.current, out.projection.next
        if cur is None:
            break
        owed = next((m for m in cur.meals if not m.called), None)
        if owed is not None:
            await take_meal(demo, cur, owed)
            continue
        if cur.number == "1-4" and not slipped:
            slipped = True
            await until(demo, cur.start + timedelta(minutes=10))
            demo.show()
            demo.narrate("A lamp blows in the hospital corridor: 25 minutes lost. The AD tells the bot why, and every later cue moves. "
                         "The makeup call for 1-5 already went out (08:31): its board now says 08:56, and the people it reached (林晓, "
                         "her 跟妆, makeup) are told once, each in their language (no role pinged again, its ladder keeps its times):")
            before = await board.pending()
            await ad_does(demo, "ad", "shoot delay", {"minutes": 25, "reason": "走廊灯泡坏了 a lamp blew in the corridor"})
            await board.diff(before, "after /shoot delay 25", limit=8)
            await pick_cast_calls(demo)
            continue
        if cur.number == "2-10" and not overran:
            overran = True
            await overrun_by_itself(demo, board, cur)
            continue
        if not restarted and demo.clock.now() >= at(13) and await restart_with_downtime(demo, board, before=cur.end):
            restarted = True
            continue

        await until(demo, cur.end + timedelta(minutes=OVERRUN.get(cur.number, 0)))
        demo.show()  # what went out while the clock ran, before the next narration
        if nxt is None:
            demo.narrate("The last shot of the night. That's a wrap (one message in the set channel; the AD's own answer is private):")
            await ad_does(demo, "ad", "shoot wrap")
            break

        if nxt.number == "2-9" and not raced:
            raced = True
            demo.narrate("Both ADs shout \"moving on!\" and press /shoot next at the same moment. The day advances once "
                         "(the police room and the courtroom share Building 7: a set move, nobody pinged):")
            await asyncio.gather(
                demo.member("ad").run("shoot next", {}, channel=demo.channel("set")),
                demo.member("ad2").run("shoot next", {}, channel=demo.channel("set")),
            )
            await settle(demo)
            demo.show()
            continue

        if nxt.number == "1-12" and not skipped:
            skipped = True
            demo.narrate("Shen Xin's insert (1-12) cannot be shot tonight: the AD carries it over (顺延) to the unscheduled "
                         "pool, with the reason; the rest of the night moves up:")
            before = await board.pending()
            await ad_does(demo, "ad", "shoot skip", {"scene": "1-12", "reason": "何美玲堵在路上 He Meiling stuck in traffic"})
            await board.diff(before, "after /shoot skip 1-12", limit=6)
            continue

        label = f"{cur.number} done{move_label(sets, day, cur, nxt, demo)}"
        post = next((m for m in reversed(demo.channel("set").messages) if any(c.startswith("setcall:act:shoot_next:") for c in m.custom_ids())), None)
        if slipped and not buttoned and post is not None:
            buttoned = True
            button = next(c for c in post.custom_ids() if c.startswith("setcall:act:shoot_next:"))
            demo.narrate("A spark taps the \"moving on\" button under the AD's last reply (only the production's ADs may):")
            await demo.member("spark").click(post, button)
            demo.show()
            demo.narrate(f"The AD taps it instead of typing ({label}); tapping the same old button again is refused, nothing is applied twice:")
            await demo.member("ad").click(post, button)
            await settle(demo)
            await demo.member("ad").click(post, button)
            demo.show()
            continue
        demo.narrate(f"Moving on ({label}):")
        await ad_does(demo, "ad", "shoot next")

    demo.narrate("The 1st AD's summary of the day (Chinese client):")
    await demo.member("ad").run("shoot status", {}, channel=demo.channel("set"))
    demo.show()
    demo.clock.set_speed(1.0)


def move_label(sets, day, cur, nxt, demo) -> str:
    if not nxt.is_move:
        return ""
    move = moves.between(sets, cur.set_name, nxt.set_name, nxt.walk_minutes,
                         threshold=demo.bot.settings.liveday.set_move_walk_minutes, day_base=day.base)
    if move.is_company:
        return f" — a company move to {nxt.set_name}: pre-light and dressing went ahead, and it says what moves"
    return f" — a set move to {nxt.set_name}, {nxt.walk_minutes} min walk: one line, nobody pinged"


async def restart_with_downtime(demo, board: Board, *, before: datetime) -> bool:
    """Take the bot down just before the next cue A and bring it back 12 minutes after it: A is
    beyond the 10-minute grace (not sent, listed once for the AD); a cue due in the last 10 minutes
    goes out marked late (补发). Only when A is due about the scene being shot (``before``: its end)."""
    now = demo.clock.now()
    first = min((c for c in (await board.pending()).values() if now + timedelta(minutes=3) < c.due < before + timedelta(minutes=30)),
                key=lambda c: c.due, default=None)
    if first is None:
        return False  # nothing due around this scene: try during a later one
    await until(demo, first.due - timedelta(minutes=2))
    demo.show()
    demo.clock.set_speed(30.0)  # slow the day while the process restarts
    demo.narrate(f"A deploy takes the bot down before {local(first.due):%H:%M} ({board.label(first)}) …")
    await demo.harness.stop()
    demo.clock.set(first.due + timedelta(minutes=12))
    await demo.harness.start()
    await settle(demo)
    demo.narrate(f"… it is back at {local(demo.clock.now()):%H:%M}: whatever fell due in the last 10 minutes goes out marked late "
                 f"(补发); the {local(first.due):%H:%M} one is too old and is listed once for the AD:")
    demo.show()
    demo.clock.set_speed(SPEED)
    return True
