"""Act 3: the shoot day itself, fast-forwarded (an hour of the day every two seconds).

Call reminders go out before dawn in each person's language; the AD drives the day with /shoot;
a blown lamp in the hospital corridor costs 25 minutes and every later cue moves (the cue board shows
each one's old and new time), the actors whose call moved are told; company moves are announced
with the walk and the pre-light / dress go-ahead; two ADs press "next" at once; the bot is down for
a quarter of an hour in the afternoon and catches up (late cues marked, older ones summarised for
the AD); a scene is dropped; the day wraps after midnight.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.cues.kinds import get as kind_get
from bot.demo.world import PRODUCTION_CODE
from bot.domain.cues import Cue
from bot.i18n import t
from db.repositories.cues import CueRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

ORDER = 30
TITLE = "Act 3 · The live day: reminders, progress, a slip, a company move, the wrap"

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)
SPEED = 1800.0  # one hour of the shoot day in two seconds
#: Minutes a scene runs over (+) or under (-) its estimate.
OVERRUN = {"1-2": 5, "1-4": 12, "2-9": 10, "2-11": -5, "1-8": 8, "2-16": 15}


def _local(dt: datetime) -> datetime:
    return dt.astimezone(SH)


def at(h: int, m: int = 0, d: int = 23) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


class Board:
    """The pending cues of the day, printed as a board; ``diff`` shows which ones moved."""

    def __init__(self, demo, day_id: int) -> None:
        self.demo, self.day_id = demo, day_id
        self.names = {m.id: m.name for m in demo.world.members.values()}
        self.channels = {c.id: f"#{name}" for name, c in demo.world.channels.items()}

    async def pending(self) -> dict[str, Cue]:
        async with self.demo.bot.db.read() as tx:
            return {c.key: c for c in await CueRepo.for_day(tx, self.day_id) if c.status == "pending"}

    def label(self, cue: Cue) -> str:
        kind = t(f"cues.kind.{cue.kind}", "en-US") if kind_get(cue.kind) else cue.kind
        who = self.names.get(cue.target.user_id or 0) or self.channels.get(cue.target.channel_id or 0) or "?"
        return f"{kind} → {who}"

    async def show(self, title: str, limit: int = 8) -> dict[str, Cue]:
        cues = await self.pending()
        ordered = sorted(cues.values(), key=lambda c: (c.due, c.id))
        self.demo.emit(f"  ┌ cue board: {title} ({len(cues)} pending)")
        for c in ordered[:limit]:
            self.demo.emit(f"  │ {_local(c.due):%H:%M}  {self.label(c)}")
        if len(ordered) > limit:
            self.demo.emit(f"  │ … {len(ordered) - limit} more")
        self.demo.emit("  └")
        return cues

    async def diff(self, before: dict[str, Cue], title: str) -> None:
        after = await self.pending()
        moved = [(before[k], c) for k, c in after.items() if k in before and before[k].due != c.due]
        new = [c for k, c in after.items() if k not in before]
        gone = [c for k, c in before.items() if k not in after]
        self.demo.emit(f"  ┌ cue board: {title}: {len(moved)} re-timed, {len(new)} new, {len(gone)} gone")
        for old, c in sorted(moved, key=lambda p: p[1].due):
            delta = int((c.due - old.due).total_seconds() // 60)
            self.demo.emit(f"  │ {_local(old.due):%H:%M} → {_local(c.due):%H:%M} ({delta:+d} min)  {self.label(c)}")
        for c in sorted(new, key=lambda c: c.due):
            self.demo.emit(f"  │ new   {_local(c.due):%H:%M}  {self.label(c)}")
        self.demo.emit("  └")


async def until(demo, when: datetime) -> None:
    """Let the fast clock run until ``when`` (cues fire on their own on the way)."""
    while (remaining := (when - demo.clock.now()).total_seconds() / demo.clock.speed) > 0:
        await asyncio.sleep(min(remaining, 0.25))
    await settle(demo)


async def settle(demo) -> None:
    await demo.bot.cues.settle(timeout=10)
    await demo.sb.settle()


async def ad_does(demo, who: str, command: str, options: dict | None = None) -> None:
    await demo.member(who).run(command, options or {}, channel=demo.channel("set"))
    await settle(demo)
    demo.show()


async def status(demo, prod_id: int, day_id: int):
    return await demo.bot.liveday.status(prod_id, day_id)


async def play(demo) -> None:
    async with demo.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, demo.world.guild.id, PRODUCTION_CODE)
        day = await PlanRepo.day(tx, prod.id, DAY)
    if prod is None or day is None or day.id is None:
        demo.emit("(no shoot day to run: act 2 did not import the plan)")
        return
    board = Board(demo, day.id)

    demo.narrate("The call sheet is out, so the bot has planned every cue of the day (reminders, canteen heads-ups):")
    await board.show("the night before", limit=12)

    demo.clock.set(at(2, 50))
    demo.clock.set_speed(SPEED)
    demo.narrate("Fast-forward: an hour of the shoot day every two seconds. Call reminders go out before dawn:")
    await until(demo, at(5, 58))
    demo.show()

    await until(demo, at(6, 5))
    demo.narrate("The 1st AD calls the first shot, five minutes late:")
    await ad_does(demo, "ad", "shoot start")

    slipped = raced = restarted = skipped = buttoned = False
    while True:
        out = await status(demo, prod.id, day.id)
        cur, nxt = out.projection.current, out.projection.next
        if cur is None:
            break
        if cur.number == "1-4" and not slipped:
            slipped = True
            await until(demo, cur.start + timedelta(minutes=10))
            demo.show()
            demo.narrate("A lamp blows in the hospital corridor: 25 minutes lost. The AD tells the bot, and every later cue moves:")
            before = await board.pending()
            await ad_does(demo, "ad", "shoot delay", {"minutes": 25})
            await board.diff(before, "after /shoot delay 25")
            continue

        if not restarted and demo.clock.now() >= at(13) and await restart_with_downtime(demo, board, before=cur.end):
            restarted = True
            continue

        await until(demo, cur.end + timedelta(minutes=OVERRUN.get(cur.number, 0)))
        demo.show()  # what went out while the clock ran, before the next narration
        if nxt is None:
            demo.narrate("The last shot of the night. That's a wrap:")
            await ad_does(demo, "ad", "shoot wrap")
            break

        if nxt.number == "2-9" and not raced:
            raced = True
            demo.narrate("Both ADs shout \"moving on!\" and press /shoot next at the same moment. The day advances once:")
            await asyncio.gather(
                demo.member("ad").run("shoot next", {}, channel=demo.channel("set")),
                demo.member("ad2").run("shoot next", {}, channel=demo.channel("set")),
            )
            await settle(demo)
            demo.show()
            demo.narrate("The 2nd AD checks where the day stands (her English client):")
            await demo.member("ad2").run("shoot status", {}, channel=demo.channel("set"))
            demo.show()
            continue

        if nxt.number == "1-12" and not skipped:
            skipped = True
            demo.narrate("Shen Xin's insert (1-12) is dropped for today; the rest of the night moves up:")
            before = await board.pending()
            await ad_does(demo, "ad", "shoot skip", {"scene": "1-12"})
            await board.diff(before, "after /shoot skip 1-12")
            continue

        label = f"{cur.number} done" + (f" — company move to {nxt.set_name}" if nxt.is_move else "")
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


async def restart_with_downtime(demo, board: Board, *, before: datetime) -> bool:
    """Take the bot down just before cue A and bring it back 5 minutes after a later cue B: B (5
    minutes overdue, within the 10-minute grace) goes out marked late, A (older) is not sent but
    listed once for the AD. Only when A falls in the scene being shot (``before``: its end)."""
    now = demo.clock.now()
    pending = sorted((c for c in (await board.pending()).values() if c.due > now + timedelta(minutes=3)), key=lambda c: c.due)
    pair = next(
        ((a, b) for i, a in enumerate(pending) for b in pending[i + 1 :] if timedelta(minutes=11) <= b.due - a.due <= timedelta(minutes=40)),
        None,
    )
    if pair is None or pair[0].due > before - timedelta(minutes=2):
        return False  # nothing suitable during this scene: try during a later one
    first, second = pair
    await until(demo, first.due - timedelta(minutes=2))
    demo.show()
    demo.clock.set_speed(30.0)  # slow the day while the process restarts
    demo.narrate(f"A deploy takes the bot down before {_local(first.due):%H:%M} ({board.label(first)}) …")
    await demo.harness.stop()
    demo.clock.set(second.due + timedelta(minutes=5))
    await demo.harness.start()
    await settle(demo)
    demo.narrate(f"… it is back at {_local(demo.clock.now()):%H:%M}: the {_local(second.due):%H:%M} cue goes out marked late, "
                 f"the {_local(first.due):%H:%M} one is too old and is listed once for the AD:")
    demo.show()
    demo.clock.set_speed(SPEED)
    return True
