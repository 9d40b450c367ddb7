"""Act 2: the stripboard goes in, the call sheet goes out, the crew confirm, the AD revises.

Uses the realistic day shipped in ``bot/demo/data/ceo_bride_day1.csv`` (a CEO villa, the hospital,
the courtroom and police station in one building, park roads; episodes 1 and 2) and its XLSX made
from it at run time. The PDF the crew received is written next to the transcript.
"""

from __future__ import annotations

import asyncio
import io
import re
import zipfile
from pathlib import Path

from bot.domain.template import csv_to_xlsx

ORDER = 20
TITLE = "Act 2 · The call sheet: import, publish, confirm, revise"

DATA = Path(__file__).resolve().parents[1] / "data" / "ceo_bride_day1.csv"
DAY = "2026-11-23"


def _declaring_xfd(xlsx: bytes) -> bytes:
    """The workbook as a careless export leaves it: every sheet declares A1:XFD3000 (16,384 columns)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1:XFD3000"/>', data)
            dst.writestr(info, data)
    return out.getvalue()


def _confirm_id(message) -> str | None:
    return next((c for c in message.custom_ids() if c.startswith("setcall:cs:confirm:")), None)


async def play(demo) -> None:
    ad, office, sb = demo.member("ad"), demo.channel("ad-office"), demo.sb
    csv_bytes = DATA.read_bytes()

    demo.narrate("The 2nd AD asks for the stripboard template (English and Chinese, .xlsx and .csv):")
    await demo.member("ad2").run("plan template", {}, channel=office)
    demo.show()

    demo.narrate("A first attempt has two typos (a set that does not exist, 'thirty' minutes). Nothing is imported:")
    broken = csv_bytes.decode("utf-8").replace(",法院法庭,INT,DAY,庭审开始", ",法院 Court,INT,DAY,庭审开始", 1)
    broken = broken.replace(",65,,法官袍", ",thirty,,法官袍", 1)
    r = await ad.run("plan import", {"file": sb.attachment("ceo_bride_day1.csv", broken.encode("utf-8"))}, channel=office, timeout=30)
    await r.wait_done(30)
    demo.show()

    demo.narrate("An export that declares 16,384 columns (A1:XFD3000) is refused at once, read in its own process; "
                 "the spark asking for the crew list meanwhile is answered straight away:")
    upload = asyncio.create_task(ad.run("plan import", {"file": sb.attachment("ceo_bride_export.xlsx", _declaring_xfd(csv_to_xlsx(csv_bytes)))},
                                        channel=office, timeout=30))
    await demo.member("spark").run("crew list", {"department": "lighting"}, channel=demo.channel("set"))
    r = await upload
    await r.wait_done(30)
    demo.show()

    demo.narrate("The AD fixes the workbook and imports it (XLSX): day 1 of 6, 25 scenes across episodes 1 and 2, a cast table "
                 "of 12 (eight day players and an extra who will never join Discord, with their phones), 50 extras in "
                 "three groups, the 群头's contact. The makeup check already warns about the morning:")
    r = await ad.run("plan import", {"file": sb.attachment("ceo_bride_day1.xlsx", csv_to_xlsx(csv_bytes))}, channel=office, timeout=30)
    await r.wait_done(30)
    demo.show()

    demo.narrate("The focus puller also plays the judge (法官, cast #9): the AD links him to that cast row:")
    await ad.run("crew link", {"member": demo.member("focus"), "actor": "周正 Zhou Zheng"}, channel=office)
    demo.show()

    demo.narrate("The Thai spark has closed his DMs. Discord lets a bot open only so many new DM channels at once "
                 "(today: 8). The AD publishes the call sheet: every actor is on it, on Discord or "
                 "not, with pickup (接车), makeup, rehearsal (走戏) and on-set times rounded to 5 minutes; crew call 05:30 "
                 "and first shot 06:00; the extras by call time. Crew get the whole day's lineup with their department's "
                 "notes marked; the AD gets ONE list of the people to phone (day players, the 群头):")
    demo.member("spark2").dm_open = False
    limits = sb.rate_limits
    limits.dm_open_burst, limits._dm_tokens = 8, 8.0
    throttled: list[str] = []
    demo.bot.cues.add_observer(lambda cue, result, late: throttled.append(result.error) if result.outcome == "throttled" else None)
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=60)
    await r.wait_done(60)
    await demo.bot.cues.settle()
    await sb.settle()
    demo.show()
    if throttled:
        demo.emit(f"  (SetCall: Discord said \"opening direct messages too fast\" (403, code 40003) {len(throttled)} time(s). "
                  "That is not \"DMs closed\": SetCall waited a moment, paced the remaining new DMs and delivered them; "
                  "only the Thai spark, whose DMs are closed (50007), was mentioned in #lighting instead.)")

    demo.narrate("Crew confirm from their DMs (the gaffer, the DP, Sarah Miller, the lead actress):")
    for key in ("gaffer", "dp", "villain", "lead_f"):
        member = demo.member(key)
        message = next((m for m in reversed(member.dms) if _confirm_id(m)), None)
        if message is not None:
            await member.click(message, _confirm_id(message))
    await sb.settle()
    demo.show()

    demo.narrate("The bot restarts (a deploy). At start-up it checks its permissions and tells the AD office, once, what "
                 "#art is still missing; the makeup artist's Confirm button still works afterwards:")
    await demo.harness.restart()
    member = demo.member("makeup2")
    message = next((m for m in reversed(member.dms) if _confirm_id(m)), None)
    if message is not None:
        await member.click(message, _confirm_id(message))
        await sb.settle()
    await _told(demo, "缺少")
    demo.show()

    demo.narrate("The AD grants SetCall Embed Links and Attach Files in #art. Discord tells the bot the channel changed; "
                 "it checks again and says, once, that it is fixed (the next restarts say nothing more):")
    from bot.sandbox import permissions as P

    demo.channel("art").set_permissions(demo.world.guild.everyone_role, allow=P.EMBED_LINKS | P.ATTACH_FILES)
    demo.emit(f"> {demo.member('ad').name} in #art › Edit Channel › Permissions: allows Embed Links and Attach Files")
    await _told(demo, "已修好")
    demo.show()

    demo.narrate("The AD checks who has confirmed (and who is not on Discord, with their phones):")
    await demo.member("ad2").run("callsheet status", {"day": DAY}, channel=office)
    demo.show()

    demo.narrate("He Meiling (Shen Xin) can come earlier, so the AD shoots Shen Xin's visit (1-9) before 1-7 and 1-8 in "
                 "the villa living room. Only those three scenes move by more than the re-notify threshold (苏晚 now comes "
                 "straight from 1-9 into 1-7's coat: the sheet says so, and the 10-minute change moves the rest of the "
                 "day by less). Version 2 reaches exactly the people they touch: "
                 "the lead actress, wardrobe (her costume notes), art, lighting, the two other actors; the AD is told to "
                 "phone the housekeeper (a day player); the PDF opens with the changes and marks the three rows (改):")
    await ad.run("plan move", {"scene": "1-9", "position": 13, "day": DAY}, channel=office)
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=60)
    await r.wait_done(60)
    demo.show()

    demo.narrate("Sarah Miller looks at her own call sheet (in English):")
    await demo.member("villain").run("callsheet mine", {}, channel=demo.channel("set"))
    demo.show()

    demo.narrate("The Thai spark (DMs closed) asks for his call sheet in Thai, with the whole sheet as a Thai PDF:")
    r = await demo.member("spark2").run("/ใบคิว ของฉัน", {"pdf": True}, channel=demo.channel("lighting"), timeout=60)
    await r.wait_done(60)
    demo.show()
    for m in [r.message, *r.followups]:
        for att in (m.attachments if m is not None else []):
            if att.filename.endswith(".pdf"):
                (demo.out_dir / att.filename).write_bytes(att.data)
                demo.emit(f"\nThe Thai call sheet PDF written next to the transcript: {att.filename}")

    posts = [m for m in demo.channel("announcements").messages if m.author_id == sb.bot_user_id]
    pdfs = [a for m in posts for a in m.attachments if a.filename.endswith(".pdf")]
    for att in pdfs:
        (demo.out_dir / att.filename).write_bytes(att.data)
    if pdfs:
        demo.emit(f"\nCall sheet PDFs written next to the transcript: {', '.join(a.filename for a in pdfs)}")


async def _told(demo, words: str, timeout: float = 20.0) -> None:
    """Wait until the AD office shows a bot post with ``words`` (the bot reads Discord's events on its own)."""
    office = demo.channel("ad-office")
    async with asyncio.timeout(timeout):
        while not any(words in m.content for m in office.messages if m.author_id == demo.sb.bot_user_id):
            await demo.bot.cues.settle(timeout=timeout)
            await demo.sb.settle()
            await asyncio.sleep(0.05)
