"""Act 4: standby calls (候场) on day 2.

The makeup head pairs the lead actress with her on-set makeup artist (跟妆). The plan calls the
actresses of the first scene to set, and one scene ahead of 3-2 it calls Su Wan's costume change
(wardrobe, the actress, her 跟妆). The AD calls lighting to pre-light the courtroom: nobody answers
for three minutes, so the lighting channel is pinged again, and a spark answers late; the board in
the lighting channel and the AD's copy show who answered what and when. Then the AD calls 苏晚 to
set: the actress and her 跟妆 both get it, each in her own language, and answer from their DMs. A
call to Vivian nobody answers reaches the makeup head by DM at the ladder's second step, though she
is head by her Discord role alone.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ORDER = 40
TITLE = "Act 4 · Standby calls (候场): lighting, an actor and her 跟妆"

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 24)
DATA = Path(__file__).resolve().parents[1] / "data" / "ceo_bride_day2.csv"


def at(h: int, m: int = 0, s: int = 0) -> datetime:
    return datetime(2026, 11, 24, h, m, s, tzinfo=SH)


def _button(message, index: int) -> str:
    return [c["custom_id"] for row in message.components for c in row.get("components", [])][index]


async def settle(demo) -> None:
    await demo.bot.cues.settle()
    await demo.sb.settle()


async def jump(demo, when: datetime) -> None:
    demo.clock.set(when)
    await settle(demo)


def latest_post(demo, channel: str):
    posts = [m for m in demo.channel(channel).messages if m.author_id == demo.sb.bot_user_id and not m.interaction_owned]
    return posts[-1] if posts else None


async def play(demo) -> None:
    ad, office = demo.member("ad"), demo.channel("ad-office")
    demo.clock.set_speed(1.0)
    await jump(demo, at(9, 0))

    demo.narrate("Day 2 is a late call (12:00) after last night's wrap. The AD imports the day's strip:")
    r = await ad.run("plan import", {"file": demo.sb.attachment("ceo_bride_day2.csv", DATA.read_bytes())}, channel=office, timeout=30)
    await r.wait_done(30)
    demo.show()

    demo.narrate("The makeup head pairs the lead actress with her on-set makeup artist (跟妆), and the gaffer takes "
                 "a spark off duty for the morning:")
    await demo.member("makeup").run("duty pair", {"actor": "苏晚", "artist": demo.member("makeup2")}, channel=demo.channel("makeup"))
    await demo.member("gaffer").run("duty off", {"member": demo.member("spark")}, channel=demo.channel("lighting"))
    await demo.member("ad2").run("duty list", {"department": "lighting"}, channel=office)
    demo.show()

    await jump(demo, at(11, 45, 5))
    demo.narrate("11:45: the plan calls the actors of 3-1 to set, 15 minutes ahead, with building, floor and room "
                 "(林晓 and her 跟妆 by DM; the actress who plays her mother is not on Discord: the board says to call her). "
                 "林晓 answers 收到 from the makeup chair:")
    lead = demo.member("lead_f")
    dm = next((m for m in reversed(lead.dms) if m.components and "3-1" in m.content), None)
    if dm is not None:
        await jump(demo, at(11, 46))
        await lead.click(dm, _button(dm, 0))
        await settle(demo)
    demo.show()

    await jump(demo, at(12, 0))
    demo.narrate("12:00, first shot of the day (3-1, the hospital ward). One scene ahead of 3-2 the plan calls Su Wan's costume "
                 "change: wardrobe, the actress and her 跟妆:")
    await ad.run("shoot start", {}, channel=demo.channel("set"))
    await settle(demo)
    demo.show()
    makeup2 = demo.member("makeup2")
    dm = next((m for m in reversed(makeup2.dms) if m.components and "3-2" in m.content), None)
    if dm is not None:
        await makeup2.click(dm, _button(dm, 0))
        await settle(demo)
        demo.show()

    await jump(demo, at(12, 5))
    demo.narrate("The AD calls lighting to standby for the courtroom (a company move after 3-2). The lighting head "
                 "role is pinged in #lighting, the on-duty sparks are DMed in their own language, the AD office gets "
                 "the same board:")
    lighting = demo.channel("lighting")
    seen = len(lighting.messages)
    await ad.run("standby", {"department": "lighting", "what": "3-3 法庭 冷调顶光，提前铺光", "set": "法院法庭", "in": 25}, channel=office)
    await settle(demo)
    demo.show()
    post = next(m for m in lighting.messages[seen:] if m.embeds and m.components)

    await jump(demo, at(12, 8, 5))
    demo.narrate("12:08: three minutes and nobody has answered. The ladder's first step pings #lighting again:")
    demo.show()

    await jump(demo, at(12, 9, 30))
    demo.narrate("12:09: the Thai spark (his DMs are closed, so he was mentioned in #lighting) answers late. The ladder "
                 "stops; both boards show who answered what and when:")
    spark2 = demo.member("spark2")
    mention = next(m for m in reversed(demo.channel("lighting").messages) if m.components and spark2.id in m.mentions)
    await spark2.click(mention, _button(mention, 0))
    await settle(demo)
    demo.show()
    await jump(demo, at(12, 20))
    demo.narrate("12:20: the gaffer presses Ready on the post; no head DM or AD alert ever went out:")
    await demo.member("gaffer").click(post, _button(post, 1))
    await settle(demo)
    demo.show()

    await jump(demo, at(12, 22))
    demo.narrate("The AD calls 苏晚 (林晓) to set in 15 minutes: the actress and her 跟妆 are both called, in Chinese and in Japanese:")
    await ad.run("standby", {"person": "苏晚", "in": 15}, channel=office)
    await settle(demo)
    demo.show()
    await jump(demo, at(12, 23))
    demo.narrate("Her 跟妆 answers 收到 (in Japanese):")
    dm = next(m for m in reversed(makeup2.dms) if m.components)
    await makeup2.click(dm, _button(dm, 0))
    await settle(demo)
    demo.show()

    await jump(demo, at(12, 24))
    demo.narrate("The AD calls Vivian (Sarah Miller) to set in 20 minutes; she is in the makeup chair and does not answer. "
                 "At 3 minutes #makeup mentions her again; at 6 minutes the ladder DMs the makeup head: 陈静 joined without "
                 "head: and is head by her Discord role alone (the bot cannot list a role's members without the privileged "
                 "Server Members intent; the crew directory notes the head roles each interaction shows). She answers from the DM:")
    await ad.run("standby", {"person": "Vivian", "in": 20}, channel=office)
    await settle(demo)
    head = demo.member("makeup")
    seen = len(head.dms)
    await jump(demo, at(12, 27, 5))
    await jump(demo, at(12, 30, 5))
    demo.show()
    dm = next((m for m in head.dms[seen:] if m.components), None)
    if dm is not None:
        await jump(demo, at(12, 31))
        await head.click(dm, _button(dm, 0))
        await settle(demo)
        demo.show()
    await jump(demo, at(12, 34))
    demo.narrate("12:34: 苏晚's actress answers 已就位 when she is on set:")
    dm = next(m for m in reversed(lead.dms) if m.components)
    await lead.click(dm, _button(dm, 1))
    await settle(demo)
    demo.show()

    demo.narrate("The makeup head tries to answer the lighting call from #lighting (she is not on lighting):")
    await demo.member("makeup").click(post, _button(post, 0))
    await settle(demo)
    demo.show()
