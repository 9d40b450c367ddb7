"""The sheet covers everyone, read the way the crew reads it: every actor (on Discord or not) in the
embeds and the PDF, extras totals, the changes box and the marked rows of a revision, the AD's
phone list, the DM's whole lineup, second-language names, clamped synopses, and Chinese lines that
never start with a closing punctuation mark. The PDF is checked by reading its text (pypdf)."""

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from bot.domain.callsheet import CallRules, affected, build_callsheet, makeup_check
from bot.domain.plan import move_scene
from bot.domain.stripboard import parse_stripboard
from bot.i18n import LOCALES
from bot.render.callsheet_embeds import announcement, check_message, personal, status
from bot.render.callsheet_personal import ad_warnings, phone_list
from bot.render.linebreak import CLOSING, starts_badly, wrap
from bot.render.pdf import render_pdf
from bot.settings import DEFAULT_CALL_OFFSETS, SafetySettings
from tests.plan_fixtures import DEMO, SHANGHAI, crew, uid
from tests.render.test_callsheet_embeds import all_text

LONG = "沈心登门，自称陆霆的青梅竹马。她带来一盒伴手礼，笑着打量客厅的每一个角落，话里话外都在提醒苏晚：这个家里真正的女主人另有其人。" * 4


#: The sheets here are about how a revision reads; the rotation of 1-9 also puts 苏晚's change of coat back to
#: back (which holds 1-7 and everything after it: tests/domain/test_calls_for_everyone.py), so they count no
#: change time and only the three rotated scenes move.
RULES = CallRules(change_minutes=(("wardrobe", 0), ("makeup", 0)))


def build(day, plan, version=1, previous=None):
    return build_callsheet(production_id=1, production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai", day=day,
                           crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS, contacts=plan.contacts,
                           safety=SafetySettings("横店人民医院", "万盛南街 99 号", "0579-8658 0120", ("制片主任 王 138 0000 0001",)),
                           version=version, previous=previous, rules=RULES)


@pytest.fixture(scope="module")
def plan():
    return parse_stripboard(DEMO.read_bytes(), "demo.csv", production_id=1, tz=SHANGHAI, crew=crew())


@pytest.fixture(scope="module")
def sheets(plan):
    day = plan.days[0]
    day = replace(day, scenes=tuple(replace(s, synopsis=LONG) if s.number == "1-9" else s for s in day.scenes))
    v1 = build(day, plan)
    moved = move_scene(day, "1-9", next(s.position for s in day.scenes if s.number == "1-7"))
    return v1, build(moved, plan, version=2, previous=v1)


def pdf_text(sheet, locale="zh-CN") -> tuple[str, list[str]]:
    reader = PdfReader(io.BytesIO(render_pdf(sheet, locale)))
    pages = [p.extract_text() for p in reader.pages]
    return "\n".join(pages), pages


ACTORS = ("林晓 Lin Xiao", "顾辰 Gu Chen", "Sarah Miller", "何美玲 He Meiling", "王建国 Wang Jianguo", "李秀英 Li Xiuying", "徐凯 Xu Kai",
          "赵刚 Zhao Gang", "周正 Zhou Zheng", "Tom Baker", "张阿姨 Auntie Zhang", "刘大伟 Liu Dawei")


def test_the_pdf_lists_every_actor_the_extras_totals_and_opens_with_the_changes(sheets):
    v1, v2 = sheets
    text, pages = pdf_text(v2)
    for actor in ACTORS:
        assert actor in text, actor
    assert "特约" in text and "群演" in text and "主演" in text
    # page 1 is the summary: both calls, the header contacts, the changes box, the extras totals
    first = pages[0]
    assert "大通告" in first and "05:30" in first and "开拍" in first and "06:00" in first
    assert "导演 陈凯 Chen Kai 138 0579 0001" in first and "统筹 周敏 Zhou Min 138 0579 0003" in first
    assert "本版变更（第 2 版）" in first and "第 1-9 场 17:25 → 15:50" in first and "张阿姨 Auntie Zhang：通告 15:05 → 15:50" in first
    assert "05:50 群演 4 人、09:55 群演 40 人、21:05 群演 6 人" in first.replace("\n", "")
    assert "停车" in first and "P3" in first and "日出 / 日落" in first and "横店人民医院" in first
    assert "沈心登门" not in first and "沈心登门" in "".join(pages[1:])  # the lineup starts on page 2
    # the revised rows are marked (and only those)
    marked = re.findall(r"(\d-\d+)\s*改", text)
    assert set(marked) == {"1-9", "1-7", "1-8"}
    # version 1 has no changes box
    assert "本版变更" not in pdf_text(v1)[1][0]


def test_the_pdf_never_starts_a_line_with_closing_punctuation_and_clamps_long_synopses(sheets):
    _, v2 = sheets
    text, _ = pdf_text(v2)
    lines = [line for line in text.splitlines() if line.strip()]
    assert not [line for line in lines if starts_badly(line)], [line for line in lines if starts_badly(line)][:5]
    assert "…" in text and text.count("沈心登门") == 1  # the synopsis repeated four times is clamped to three lines
    assert LONG in v2.scene("1-9").synopsis  # the data keeps it whole


@pytest.mark.parametrize("width", [6, 9, 13, 20, 31])
def test_kinsoku_line_breaking(width):
    measure = lambda s: sum(2 if ord(c) > 0x2e7f else 1 for c in s)  # noqa: E731
    for text in (LONG, "苏晚：“你是谁？”陆霆：“你的丈夫。”……（沉默）", "Lin Xiao, Gu Chen; 06:30 — 林晓、顾辰、Sarah Miller。"):
        lines = wrap(text, width, measure)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
        assert not [line for line in lines if line[:1] in CLOSING], lines
        assert all(measure(line) <= width + 6 for line in lines)  # at most a hanging run of punctuation
        assert not [line for line in lines if line[-1:] in "（《「“"]


def test_the_announcement_has_every_actor_extras_changes_and_clamped_synopses(sheets):
    _, v2 = sheets
    messages = announcement(v2, "zh-CN")
    assert all(not check_message(m) for m in messages)
    text = all_text(messages)
    for actor in ACTORS:
        assert actor in text, actor
    assert "#5 **王建国 Wang Jianguo** 医生 · 特约" in text and "化妆 05:15" in text and "走戏 05:45" in text
    assert "大通告 **05:30** · 🎬 开拍 **06:00**" in text
    assert "09:55 群演 40 人" in text and "群头：老郑 Lao Zheng" in text
    assert "变更内容" in text and "第 1-9 场调到第 13 位拍" in text and "🔄 `15:50` **1-9**" in text and "🔄 `16:35` **1-7**" in text
    assert "139 0579 1101" not in text  # day players' phones are for the AD, not the whole crew
    assert LONG[:150] not in text and "…" in text  # clamped to about three lines


def test_a_crew_dm_lists_the_whole_lineup_with_its_department_notes_highlighted(sheets):
    v1, v2 = sheets
    wardrobe = v2.person(uid("孙丽"))
    text = all_text(personal(v2, wardrobe, "zh-CN", changes=affected(v1, v2)[uid("孙丽")]))
    for scene in v2.scenes:  # every scene of the day, not only the ones with a wardrobe note
        assert f" {scene.number} · " in text or f"**{scene.number}**" in text, scene.number
    assert "▶ 🔄 `15:50` **1-9** · **别墅客厅 · 日内**" in text and "📌 本组需求：沈心：粉色连衣裙 pink dress" in text
    assert "`15:10` 1-6 · 陆氏集团总裁办公室" in text  # a scene without a wardrobe note, unmarked
    assert "第 1-9 场改为 15:50（原 17:25）" in text


def test_crew_who_do_not_read_chinese_see_the_second_names(sheets):
    _, v2 = sheets
    sarah = v2.person(uid("Sarah"))
    text = all_text(personal(v2, sarah, "en-US"))
    assert "Courtroom (法院法庭)" in text and "Vivian arrives as the witness" in text and "Playing: Vivian" in text
    zh = all_text(personal(v2, v2.person(uid("林晓")), "zh-CN"))
    assert "Courtroom" not in zh.split("今日顺场")[1].split("\n")[0] and "法院法庭 · 日内" in zh
    # the announcement in English names the set both ways and the characters by their English name
    en = all_text(announcement(v2, "en-US"))
    assert "Hospital ward (医院病房)" in en and "Doctor" in en


def test_the_ad_phone_list_and_status(sheets):
    v1, v2 = sheets
    first = phone_list(v1, "zh-CN")
    assert len(first) == 9 and "#5 **王建国 Wang Jianguo** 医生 · 📞 139 0579 1101" in first[0]
    assert first[-1].startswith("群头 老郑 Lao Zheng · 📞 137 0579 2233")
    again = phone_list(v2, "zh-CN", v1)
    assert len(again) == 1 and "张阿姨 Auntie Zhang" in again[0] and "15:05 → 15:50" in again[0]  # only the one this version changes
    english = phone_list(v2, "en-US", v1)[0]
    assert "；" not in english and "15:05 → 15:50; " in english  # the changes joined the reader's way
    text = all_text(status(v2, [], "zh-CN"))
    assert "不在 Discord 上，需电话通知（8）" in text and "139 0579 1108" in text
    for loc in LOCALES:
        assert all(not check_message(m) for m in status(v2, [], loc))
        assert phone_list(v1, loc)


def test_makeup_warning_for_the_ad(sheets):
    v1, _ = sheets
    call = next(d.call for d in v1.department_calls if d.department == "makeup")
    lines = ad_warnings(v1, makeup_check(v1.cast, 2, call), 2, "zh-CN")
    assert lines == ["💄 化妆：按 2 位化妆师算，王建国 Wang Jianguo 要 05:45-06:15 化妆，比应到位时间（05:45）晚 30 分钟。请提前通告或加一位化妆师。"]
    assert ad_warnings(v1, makeup_check(v1.cast, 0), 0, "en-US")[0].startswith("💄 No makeup artist")


@pytest.mark.parametrize("locale", LOCALES)
def test_every_language_renders_the_new_sheet(sheets, locale):
    _, v2 = sheets
    for m in announcement(v2, locale) + personal(v2, v2.person(uid("林晓")), locale) + status(v2, [], locale):
        assert not check_message(m)
    if locale in ("en-US", "th"):  # the PDF in a Latin and a Thai-script language (the others: tests/render/test_pdf_ics.py)
        text, _ = pdf_text(v2, locale)
        assert "Tom Baker" in text and "Liu Dawei" in text
