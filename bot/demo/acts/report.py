"""Act 6: the end of day 2, the producer's daily report (制片日报) and the rest guard.

CEO1 shoots its last scenes and wraps; at the wrap the AD office gets the day's report as a draft
(figures, a chart and a spreadsheet). Tomorrow is an early call: publishing day 3's call sheet would
leave most of the crew short of their 12-hour turnaround, so the AD is warned with names and hours;
the hospital set is only free in the morning, so she publishes anyway, with a reason. She refreshes
the draft (now with tomorrow's sheet and her reason in it) and signs it off: it goes to the
producers' channel and, by DM, to each producer in their own language. The next morning the
producer reads the meal costs, and a studio producer with two productions in the park opens the park
view. The chart and the spreadsheets are written next to the transcript.
"""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.demo.world import PRODUCTION_CODE
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo

ORDER = 60
TITLE = "Act 6 · The producer's daily report (制片日报) and the rest guard"

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 24)
DATA = Path(__file__).resolve().parents[1] / "data" / "ceo_bride_day3.csv"


def at(h: int, m: int = 0, d: int = 24) -> datetime:
    return datetime(2026, 11, d, h, m, tzinfo=SH)


async def settle(demo) -> None:
    await demo.bot.cues.settle()
    await demo.sb.settle()


async def jump(demo, when: datetime) -> None:
    if when > demo.clock.now():
        demo.clock.set(when)
    await settle(demo)


def posts(demo, channel) -> list:
    return [m for m in channel.messages if m.author_id == demo.sb.bot_user_id and not m.interaction_owned]


def _custom_id(message, prefix: str) -> str:
    return next(c for c in message.custom_ids() if c.startswith(prefix))


async def finish_the_day(demo, prod_id: int, day_id: int, ad, set_ch) -> None:
    """The production shoots what is left, each scene moving on at its projected end, then wraps."""
    while True:
        out = await demo.bot.liveday.status(prod_id, day_id)
        cur = out.projection.current
        if cur is None:
            return
        await jump(demo, max(cur.end, demo.clock.now()) + timedelta(minutes=1))
        last = out.projection.next is None
        await ad.run("shoot wrap" if last else "shoot next", {}, channel=set_ch)
        await settle(demo)
        if last:
            return


def save(demo, message, suffix: str = "") -> list[str]:
    """Write a message's chart and spreadsheet next to the transcript."""
    written = []
    for a in message.attachments:
        stem, _, ext = a.filename.rpartition(".")
        name = f"{stem}{suffix}.{ext}"
        (demo.out_dir / name).write_bytes(a.data)
        written.append(name)
    return written


async def play(demo) -> None:
    ad, office, producers = demo.member("ad"), demo.channel("ad-office"), demo.channel("producers")
    async with demo.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, demo.world.guild.id, PRODUCTION_CODE)
        day = await PlanRepo.day(tx, prod.id, DAY) if prod else None
    if prod is None or day is None or day.id is None:
        demo.emit("(no day 2 to wrap: Act 4 did not import it)")
        return
    demo.clock.set_speed(1.0)

    demo.narrate("The AD gives the producers their own channel for the daily report; a studio producer who looks after "
                 "both CEO1 and B2 asks for it by DM, in English (the 制片 on the crew gets it in Chinese anyway):")
    guild = demo.world.guild
    roles = [demo.world.roles["Producer"], *(r for r in guild.roles.values() if r.name == "B2 Producer")]
    olivia = guild.add_member("Olivia Grant", roles=roles, locale="en-US")
    demo.world.members["studio_producer"] = olivia
    await ad.run("production channel", {"purpose": "producers", "channel": producers}, channel=office)
    await olivia.run("report dm", {"production": PRODUCTION_CODE}, channel=producers)
    demo.show()

    demo.narrate("CEO1 shoots its last two scenes in the villa and wraps. At the wrap the AD office gets the day's report "
                 "to check (a draft, with the chart and the spreadsheet):")
    await finish_the_day(demo, prod.id, day.id, ad, demo.channel("set"))
    demo.show()
    draft = next(m for m in reversed(posts(demo, office)) if m.custom_ids() and _custom_id(m, "setcall:report:sign:"))

    demo.narrate("Tomorrow is an early call (the hospital set is only free until noon). The AD imports day 3 and publishes "
                 "its call sheet: it would leave people short of their 12-hour turnaround, so nothing goes out and she sees "
                 "who and by how much:")
    r = await ad.run("plan import", {"file": demo.sb.attachment("ceo_bride_day3.csv", DATA.read_bytes())}, channel=office, timeout=30)
    await r.wait_done(30)
    r = await ad.run("callsheet publish", {"day": "2026-11-25"}, channel=office, timeout=60)
    await r.wait_done(60)
    await settle(demo)
    demo.show()
    warning = next(m for m in reversed(r.followups) if m.custom_ids())

    demo.narrate("She publishes anyway, and says why (the reason is recorded with her name and goes into the report):")
    shown = await ad.click(warning, _custom_id(warning, "setcall:rest:override:"))
    done = await ad.submit_modal(shown, {"reason": "医院病房只能用到明天 12:00，后面全是别组的档期 — the hospital set is ours only until noon"},
                                 timeout=60)
    await done.wait_done(60)
    await settle(demo)
    demo.show()

    demo.narrate("Back to the report: she refreshes the draft, so that it shows tomorrow's call sheet and her reason:")
    await ad.click(draft, _custom_id(draft, "setcall:report:refresh:"))
    await settle(demo)
    demo.show()
    fresh = next(m for m in reversed(posts(demo, office)) if m.custom_ids() and _custom_id(m, "setcall:report:sign:"))
    demo.narrate("Both ADs press \"sign off\" at the same moment (the 2nd AD's English client): it is signed off once, and "
                 "the report goes to the producers' channel and to each producer's DMs, in their language, with the spreadsheet:")
    sign = _custom_id(fresh, "setcall:report:sign:")
    first, second = await asyncio.gather(ad.click(fresh, sign), demo.member("ad2").click(fresh, sign))
    for r in (first, second):
        await r.wait_done(10)
    await settle(demo)
    demo.show()

    b2_office = demo.state.get("b2_office")
    async with demo.bot.db.read() as tx:
        b2 = await ProductionRepo.by_code(tx, demo.world.guild.id, "B2")
        b2_day = await PlanRepo.day(tx, b2.id, DAY) if b2 else None
    if b2 is not None and b2_day is not None and b2_office is not None and "b2_ad" in demo.world.members:
        demo.narrate("B2 shoots through the night and wraps at dawn (its own report goes to its own AD office):")
        await finish_the_day(demo, b2.id, b2_day.id, demo.world.members["b2_ad"], b2_office)
        demo.show()

    await jump(demo, at(9, 0, d=25))
    demo.narrate("The next morning the producer reads what the meals cost, with the 餐补 list (a CSV too); B2's meal "
                 "coordinator reads B2's; the studio producer opens the park view: both her productions, the one in more "
                 "trouble first:")
    await demo.member("producer").run("supper costs", {"from": "11-24", "to": "11-24"}, channel=producers)
    if b2_office is not None and "b2_meals" in demo.world.members:
        await demo.world.members["b2_meals"].run("supper costs", {"from": "11-24", "to": "11-24"}, channel=b2_office)
    r = await olivia.run("report park", {}, channel=producers, timeout=60)
    await r.wait_done(60)
    demo.show()

    post = next(m for m in reversed(posts(demo, producers)) if m.attachments)
    english = next(m for m in reversed(olivia.dms) if m.attachments)
    files = save(demo, post) + save(demo, english, "-en")
    demo.emit("\n  The report's chart and spreadsheets are next to the transcript: " + ", ".join(files))
