"""The call sheet says where a costume or look change holds the next scene (the timeline counts it):
one line before the held scene, in the announcement, in each crew member's lineup and in the PDF,
in every language, the characters as the reader reads them."""

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from bot.domain.callsheet import CallSheet, build_callsheet
from bot.domain.stripboard import parse_stripboard
from bot.i18n import LOCALES
from bot.render.callsheet_embeds import announcement, check_message, personal
from bot.render.pdf import render_pdf
from bot.settings import DEFAULT_CALL_OFFSETS
from tests.plan_fixtures import DEMO, SHANGHAI, crew, uid
from tests.render.test_callsheet_embeds import all_text


@pytest.fixture(scope="module")
def sheet():
    plan = parse_stripboard(DEMO.read_bytes(), "demo.csv", production_id=1, tz=SHANGHAI, crew=crew())
    return build_callsheet(production_id=1, production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai",
                           day=plan.days[0], crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS)


def test_the_held_scenes_carry_their_change(sheet):
    # 2-6: 苏晚 comes straight from 1-5 into the beige coat (wardrobe, 10 minutes; same set, no walk)
    six = sheet.scene("2-6")
    assert (six.change_minutes, six.changing) == (10, ("苏晚",))
    assert six.start - sheet.scene("1-5").start == timedelta(minutes=35 + 10)
    # 2-13: 苏晚's gown and evening makeup: the longest, makeup's 15 minutes
    assert (sheet.scene("2-13").change_minutes, sheet.scene("2-13").changing) == (15, ("苏晚",))
    assert sheet.scene("1-2").change_minutes == 0  # the first scene: she comes from makeup in it
    assert CallSheet.from_json(sheet.to_json()) == sheet


@pytest.mark.parametrize("locale", LOCALES)
def test_every_reader_sees_the_change_line(sheet, locale):
    messages = announcement(sheet, locale)
    assert all(not check_message(m) for m in messages)
    text = all_text(messages)
    expected = {"zh-CN": "👗 换装 / 换妆：苏晚（10 分钟，下一场等换好再拍）", "en-US": "👗 Costume / makeup change: Su Wan (10 min before",
                "ko": "👗 의상·분장 교체: Su Wan (다음 신 촬영까지 10분)", "ja": "👗 衣装・メイク替え：Su Wan（10 分、済んでから次のシーン）",
                "es-ES": "👗 Cambio de vestuario / maquillaje: Su Wan (10 min", "th": "👗 เปลี่ยนชุด / แต่งหน้าใหม่: Su Wan (10 นาที"}[locale]
    assert expected in text, text
    # the line comes right before the scene it holds
    lines = text.splitlines()
    i = next(i for i, line in enumerate(lines) if expected in line)
    assert "2-6" in lines[i + 1], lines[i:i + 2]
    lineup = all_text(personal(sheet, sheet.person(uid("孙丽")), locale))
    assert expected in lineup


def test_the_pdf_prints_it(sheet):
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(sheet, "zh-CN"))).pages]
    assert "换装 / 换妆：苏晚（10 分钟" in "".join(pages).replace("\n", "")
