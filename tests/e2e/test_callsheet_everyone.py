"""Issue 11 end to end through the sandbox: a day whose cast is partly on Discord and partly not
publishes a sheet listing every actor with rounded calls; the AD's reply and /callsheet status list
who must be phoned; /crew link makes a crew member one of the day players; a revision that moves
three scenes re-notifies exactly the people those scenes touch and the PDF marks the rows and opens
with the changes; a crew DM lists the whole lineup; bad cast, extras and phone cells are refused by
row and column."""

import io
import re

from pypdf import PdfReader

from tests.e2e.test_callsheet import ALL_JOINS, crew, import_file, publish  # noqa: F401  (crew is a fixture)
from tests.plan_fixtures import DEMO

DAY = "2026-11-23"
NOT_ON_DISCORD = ("王建国 Wang Jianguo", "李秀英 Li Xiuying", "徐凯 Xu Kai", "赵刚 Zhao Gang", "Tom Baker", "张阿姨 Auntie Zhang",
                  "刘大伟 Liu Dawei")


def posts(world, sandbox):
    return [m for m in world.channels["announcements"].messages if m.author_id == sandbox.bot_user_id]


def pdf_of(message) -> list[str]:
    att = next(a for a in message.attachments if a.filename.endswith(".pdf"))
    return [p.extract_text() for p in PdfReader(io.BytesIO(att.data)).pages]


async def test_everyone_on_the_sheet_the_phone_list_and_a_revision_that_reaches_the_people_it_moves(harness, world, sandbox, crew):
    sandbox.rate_limits.relax()  # about who is on the sheet and who is told, not about Discord's rate limits
    office = world.channels["ad-office"]
    r = await import_file(world, sandbox, DEMO.read_bytes(), "day1.csv")
    assert "25" in r.text and "王建国 Wang Jianguo" in r.shown, r.text  # imported; the makeup check warns about the doctor

    # the camera assistant also plays the judge: the AD links him to the cast row
    r = await world.members["ad"].run("crew link", {"member": world.members["focus"], "actor": "周正 Zhou Zheng"}, channel=office)
    await r.wait_done()
    assert r.ephemeral and "周正 Zhou Zheng" in r.shown, r.text
    ac = await world.members["ad"].autocomplete("crew link", {"member": world.members["focus"], "actor": "Baker"}, focused="actor", channel=office)
    assert [c["value"] for c in ac] == ["Tom Baker"]

    r = await publish(harness, world, DAY)  # the AD's list to phone is a followup after the report
    reply = r.shown
    # the AD's one list to phone: every actor not on Discord with their phone and times, and the 群头
    assert "请电话通知以下人员" in reply
    for actor in NOT_ON_DISCORD:
        assert actor in reply, actor
    assert "#5 **王建国 Wang Jianguo** 医生 · 📞 139 0579 1101 — 化妆 05:15 · 走戏 05:45 · 到现场 06:00" in reply
    assert "周正 Zhou Zheng" not in reply.split("请电话通知以下人员")[1]  # on Discord now
    assert "群头 老郑 Lao Zheng · 📞 137 0579 2233" in reply
    assert "💄 化妆：按 2 位化妆师算，王建国 Wang Jianguo" in reply

    # the announcement and its PDF list every actor, the extras totals and both calls
    text = "\n".join(m.shown for m in posts(world, sandbox))
    for actor in NOT_ON_DISCORD + ("林晓 Lin Xiao", "顾辰 Gu Chen", "Sarah Miller", "何美玲 He Meiling", "周正 Zhou Zheng"):
        assert actor in text, actor
    assert "大通告 **05:30** · 🎬 开拍 **06:00**" in text and "10:55 群演 40 人" in text
    pages = pdf_of(posts(world, sandbox)[-1])
    pdf = "\n".join(pages)
    for actor in NOT_ON_DISCORD:
        assert actor in pdf, actor
    assert "05:50 群演 4 人、10:55 群演 40 人、22:05 群演 6 人" in pages[0].replace("\n", "") and "本版变更" not in pdf

    # calls are rounded and never later than the work they feed
    lin = world.members["lead_f"].dms[-1].shown
    assert "你的通告时间：**04:15**" in lin and "接车：**03:55**，横店国贸大酒店" in lin and "走戏：**05:45**" in lin
    judge = world.members["focus"].dms[-1].shown
    assert "饰演：法官" in judge and "你的通告时间：**04:45**" in judge  # his camera call is the earlier one
    for message in [m for k in ALL_JOINS for m in world.members[k].dms]:
        for hhmm in re.findall(r"\*\*(\d\d):(\d\d)\*\*", message.text):
            assert int(hhmm[1]) % 5 == 0, message.text

    # a crew DM lists the whole lineup, not only the scenes that carry a note for them
    gaffer = "\n".join(m.shown for m in world.members["gaffer"].dms)
    for number in ("1-2", "1-3", "2-12", "1-6", "1-15"):
        assert re.search(rf"\b{number}\b", gaffer), number
    assert "▶ `19:28` **1-10**" in gaffer and "📌 本组需求：黄昏窗光 dusk window light" in gaffer

    # /callsheet status: who is not on Discord, with their phones
    r = await world.members["ad2"].run("callsheet status", {"day": DAY}, channel=office)
    assert "Not on Discord: phone them (7)" in r.shown and "📞 139 0579 1108" in r.shown

    # the revision: Shen Xin's scene 1-9 moves before 1-7 and 1-8 (same set): only those three scenes move by more
    # than the re-notify threshold (苏晚 now comes straight from 1-9 into 1-7's coat: the 10-minute change moves
    # the rest of the day by less than that)
    before = {k: len(world.members[k].dms) for k in ALL_JOINS}
    r = await world.members["ad"].run("plan move", {"scene": "1-9", "position": 13, "day": DAY}, channel=office)
    await r.wait_done()
    r = await publish(harness, world, DAY)
    after = {k: len(world.members[k].dms) for k in ALL_JOINS}
    reached = {k for k in ALL_JOINS if after[k] != before[k]}
    # the actors in those scenes, wardrobe and art (notes in all three), lighting (1-8): exactly them
    assert reached == {"lead_f", "lead_m", "support", "wardrobe", "art", "gaffer", "spark", "spark2"}, reached
    assert "第 1-9 场改为 16:22（原 17:57）" in world.members["lead_f"].dms[-1].shown
    assert "📌 本组需求：沈心：粉色连衣裙 pink dress" in world.members["wardrobe"].dms[-1].shown
    phone = r.shown.split("请电话通知以下人员")[1]
    assert "张阿姨 Auntie Zhang" in phone and "王建国" not in phone  # the housekeeper's scene moved; the doctor's did not
    pages = pdf_of(posts(world, sandbox)[-1])
    assert "本版变更（第 2 版）" in pages[0] and "第 1-9 场 17:57 → 16:22" in pages[0]
    assert set(re.findall(r"(\d-\d+)\s*改", "\n".join(pages[1:]))) == {"1-9", "1-7", "1-8"}


async def test_bad_cast_extras_and_phone_cells_are_refused_by_row_and_column(harness, world, sandbox, crew):
    bad = DEMO.read_text(encoding="utf-8")
    bad = bad.replace("5,特约,医生,Doctor,王建国 Wang Jianguo,139 0579 1101", "5,龙套,医生,Doctor,王建国 Wang Jianguo,call me", 1)
    bad = bad.replace(",苏晚、医生、苏母,,50,", ",苏晚、医生、苏母、护士,,50,", 1)
    bad = bad.replace(",40 法庭旁听 courtroom gallery,65,", ",forty 法庭旁听,65,", 1)
    r = await import_file(world, sandbox, bad.encode("utf-8"), "broken.csv")
    shown = r.shown
    assert r.ephemeral and "有 4 处问题" in shown, shown
    assert re.search(r"cast，第 \d+ 行，“status”列: “龙套”不是演员类型", shown)
    assert re.search(r"cast，第 \d+ 行，“phone”列: “call me”不是电话号码", shown)
    assert re.search(r"scenes，第 \d+ 行，“cast”列: “护士”不在cast表中", shown)
    assert re.search(r"scenes，第 \d+ 行，“extras”列: “forty 法庭旁听”不是群演人数", shown)
    r = await world.members["ad"].run("plan show", {}, channel=world.channels["ad-office"])
    assert r.ephemeral and "还没有拍摄日" in r.shown, r.shown  # nothing was imported
