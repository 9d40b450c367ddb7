"""Issue 10 end to end: a Korean, a Japanese, a Spanish and a Thai crew member each join by typing
the slash command as their Discord client shows it, are stored in their client's language, and get
the call-sheet DM and the call reminder entirely in it; the commands they see are in it. A mixed
crew's set channel carries a second language line under every post."""

import io
import re

from pypdf import PdfReader

from bot.demo.world import PRODUCTION_CODE
from db.repositories.crew import CrewRepo
from db.repositories.productions import ProductionRepo
from tests.e2e.conftest import join_code_of
from tests.e2e.test_liveday import DAY, PLAN_CSV, at, bot_posts, to

SLOW = 30

# member: (what they type, their options by the names their client shows, what their DM / reminder says)
FOREIGN = {
    "dp": ("ko", "/스태프 합류", {"직책": "촬영감독", "팀": "camera"}, "참여코드",
           {"dm": "⏰ 내 콜타임: **05:15**", "title": "내 콜", "button": "✅ 확인", "reminder": "⏰ 알림: 콜타임 **05:15**",
            "joined": "환영합니다", "mine": "/일촬표 내콜", "see": ("/일촬표 발행", "/스태프 합류", "/촬영 다음씬")}),
    "makeup2": ("ja", "/スタッフ 参加", {"役職": "ヘアメイク", "部署": "makeup"}, "参加コード",
                {"dm": "⏰ あなたの集合時間：**04:30**", "title": "あなたの集合", "button": "✅ 確認", "reminder": "⏰ お知らせ：集合時間は **04:30**",
                 "joined": "ようこそ", "mine": "/日々スケ 自分の集合", "see": ("/日々スケ 発行", "/スタッフ 参加", "/撮影 次のシーン")}),
    "sound": ("es-ES", "/equipo unirse", {"puesto": "Sonidista", "departamento": "sound"}, "código",
              {"dm": "⏰ Tu citación: **05:30**", "title": "tu citación", "button": "✅ Confirmar",
               "reminder": "⏰ Recordatorio: tu citación es a las **05:30**", "joined": "Bienvenido",
               "mine": "/orden-de-rodaje mía", "see": ("/orden-de-rodaje publicar", "/equipo unirse", "/rodaje siguiente")}),
    "spark2": ("th", "/ทีมงาน เข้ากอง", {"ตำแหน่ง": "ช่างไฟ", "ฝ่าย": "lighting"}, "รหัสเข้ากอง",
               {"dm": "⏰ เวลานัดของคุณ: **05:00**", "title": "เวลานัดของคุณ", "button": "✅ ยืนยัน",
                "reminder": "⏰ เตือน: เวลานัดของคุณคือ **05:00**", "joined": "ยินดีต้อนรับ", "mine": "/ใบคิว ของฉัน",
                "see": ("/ใบคิว ประกาศ", "/ทีมงาน เข้ากอง", "/ถ่ายทำ ซีนต่อไป")}),
}
ENGLISH = re.compile(r"\b(Your call|Where|Confirm|Reminder|Welcome|scenes|Day \d)\b")


async def set_up_day(world, sandbox, harness):
    office = world.channels["ad-office"]
    r = await world.members["ad"].run("production create", {"name": "总裁的契约新娘", "code": PRODUCTION_CODE}, channel=office)
    assert not r.ephemeral, r.text
    r = await world.members["ad"].run("plan import", {"file": sandbox.attachment("day1.csv", PLAN_CSV.encode("utf-8"))},
                                      channel=office, timeout=SLOW)
    await r.wait_done(SLOW)
    return await join_code_of(harness, world.guild.id, PRODUCTION_CODE)


async def test_four_foreign_crew_members_in_their_own_languages(harness, world, sandbox, clock):
    code = await set_up_day(world, sandbox, harness)
    guild = world.guild.id

    # they see the commands in their language, and type them so
    for key, (locale, typed, options, code_option, want) in FOREIGN.items():
        member = world.members[key]
        seen = sandbox.command_store.as_seen(guild, locale)
        for path in want["see"]:
            assert path in seen, (locale, path, seen)
        if locale != "es-ES":  # Spanish shares a few words with English (/plan); the others share none
            assert not set(seen) & set(sandbox.command_store.as_seen(guild, "en-US")), locale
        r = await member.run(typed, {**options, code_option: code}, channel=world.channels["set"])
        assert r.ephemeral and want["joined"] in r.text, (locale, r.text)
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, guild, PRODUCTION_CODE)
        crew = {m.user_id: m.language for m in await CrewRepo.list(tx, prod.id)}
    for key, (locale, *_rest) in FOREIGN.items():
        assert crew[world.members[key].id] == locale, key  # no language option: their Discord client's

    # the call sheet DM, entirely in their language
    r = await world.members["ad"].run("callsheet publish", {"day": DAY}, channel=world.channels["ad-office"], timeout=SLOW)
    await r.wait_done(SLOW)
    await harness.bot.cues.settle()
    await sandbox.settle()
    for key, (locale, _typed, _options, _code, want) in FOREIGN.items():
        member = world.members[key]
        dm = next(m for m in member.dms if m.custom_ids())
        text = dm.text
        assert want["dm"] in text and want["title"] in text, (locale, text)
        assert not ENGLISH.search(text), (locale, text)
        button = dm.find_component(next(c for c in dm.custom_ids() if c.startswith("setcall:cs:confirm:")))
        assert button["label"] == want["button"], (locale, button)
        ics = next(a for a in dm.attachments if a.filename.endswith(".ics")).data.decode("utf-8").replace("\r\n ", "")
        assert re.search(r"SUMMARY:.*" + re.escape(want["dm"].split("**")[1]), ics), ics

    # the call reminder an hour before each call, in their language
    for h, m in ((3, 0), (3, 30), (4, 0), (4, 30), (5, 0)):
        await to(harness, sandbox, clock, at(h, m))
    for key, (locale, _typed, _options, _code, want) in FOREIGN.items():
        member = world.members[key]
        reminders = [m.text for m in member.dms if m.text.startswith("⏰") and not m.custom_ids()]
        if key == "spark2" and not reminders:  # (no fallback here: the Thai spark's DMs are open)
            raise AssertionError(member.dms)
        assert any(want["reminder"] in t for t in reminders), (locale, [m.text for m in member.dms])
        assert not any(ENGLISH.search(t) for t in reminders), (locale, reminders)

    # their own call sheet, asked for by the localized command
    for key, (locale, _typed, _options, _code, want) in FOREIGN.items():
        r = await world.members[key].run(want["mine"], {}, channel=world.channels["set"])
        assert r.ephemeral and want["dm"] in r.text, (locale, r.text)

    # and the whole call sheet as a PDF in Thai (Thai text drawn with the Thai fallback font)
    r = await world.members["spark2"].run("/ใบคิว ของฉัน", {"pdf": True}, channel=world.channels["set"], timeout=SLOW)
    await r.wait_done(SLOW)
    pdf = next(a for m in [r.message, *r.followups] if m is not None for a in m.attachments if a.filename.endswith("-th.pdf"))
    reader = PdfReader(io.BytesIO(pdf.data))
    text = re.sub(r"[\x00-\x08\x0b-\x1f]", "", "".join(page.extract_text() for page in reader.pages))
    assert "ใบคิว" in text and "นัดรวม" in text and "Somchai Boonmee" in text, text[:500]
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert any("Thai" in f for f in fonts), fonts


async def test_a_mixed_crew_reads_the_set_channel_in_two_languages(harness, world, sandbox, clock):
    code = await set_up_day(world, sandbox, harness)
    ad, set_ch = world.members["ad"], world.channels["set"]
    r = await world.members["spark2"].run("/ทีมงาน เข้ากอง", {"ตำแหน่ง": "ช่างไฟ", "ฝ่าย": "lighting", "รหัสเข้ากอง": code}, channel=set_ch)
    assert r.ephemeral
    # crew cannot change it; the AD (in Chinese) adds a Thai line under every channel post
    r = await world.members["spark2"].run("production language", {"second": "th"}, channel=set_ch)
    assert r.ephemeral and "ผู้ช่วยผู้กำกับ" in r.text, r.text
    r = await ad.run("/剧组 语言", {"第二语言": "th"}, channel=world.channels["ad-office"])
    assert r.ephemeral and "泰语" not in r.text and "ไทย" in r.text and "中文" in r.text, r.text
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, PRODUCTION_CODE)
    assert (prod.language, prod.second_language, prod.channel_locale) == ("zh-CN", "th", "zh-CN+th")

    await to(harness, sandbox, clock, at(6))
    r = await ad.run("shoot start", {}, channel=set_ch)
    first, *second = r.text.split("\n-# ")
    assert "今日开拍" in first and second and "ช็อตแรก" in second[0], r.text
    await to(harness, sandbox, clock, at(7))
    r = await ad.run("shoot next", {}, channel=set_ch)
    assert "1-1 拍完，下一场 **1-2**" in r.text and "-# ➡️ 1-1 ผ่าน ไปซีนต่อไป **1-2**" in r.text, r.text
    await harness.bot.cues.settle()
    await sandbox.settle()
    notice = bot_posts(sandbox, set_ch)[-1].text
    assert notice.startswith("➡️ 准备全组转场") and "\n-# ➡️ เตรียมย้ายกอง" in notice, notice
    # DMs stay in one language: the person's
    await to(harness, sandbox, clock, at(8))
    assert all("\n-# " not in m.text for m in world.members["spark2"].dms)

    # back to one language
    r = await ad.run("production language", {"second": "none"}, channel=world.channels["ad-office"])
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, PRODUCTION_CODE)
    assert prod.second_language is None and prod.channel_locale == "zh-CN"
