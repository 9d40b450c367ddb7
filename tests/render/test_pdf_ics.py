import io
import re
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from bot.domain.callsheet import build_callsheet
from bot.render.ics import fold, person_calendar, uid
from bot.render.pdf import render_pdf
from bot.settings import DEFAULT_CALL_OFFSETS, SafetySettings
from tests.plan_fixtures import crew, sample_plan


@pytest.fixture(scope="module")
def sheet():
    plan = sample_plan()
    return build_callsheet(
        production_id=1, production_code="CEO1", production_name="总裁的契约新娘 The CEO's Contract Bride", timezone="Asia/Shanghai",
        day=plan.days[0], crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS,
        safety=SafetySettings("横店人民医院", "万盛南街 99 号", "0579-8658 0120", ("王 138 0000 0001",)), version=3,
    )


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_pdf_opens_contains_cjk_names_and_embeds_the_font(sheet, locale):
    data = render_pdf(sheet, locale)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = "".join(page.extract_text() for page in reader.pages)
    for name in ("林晓 Lin Xiao", "김민준", "佐藤美咲", "法院法庭 Courtroom", "横店人民医院", "06:00"):
        assert name in text, name
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", []):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                fonts.append((str(font["/BaseFont"]), "/FontFile2" in descriptor or "/FontFile3" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)
    assert any("WenQuanYi" in name or "Noto" in name or "Droid" in name for name, _ in fonts)
    assert (("通告单" in text) if locale == "zh-CN" else ("CALL SHEET" in text))


def test_ics_is_rfc5545_shaped(sheet):
    lin = next(p for p in sheet.people if "林晓" in p.name)
    data = person_calendar(sheet, lin, "zh-CN", now=datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    text = data.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    assert f"UID:{uid(sheet, lin.user_id)}" in unfolded and "SEQUENCE:3" in unfolded
    assert "DTSTART:20261122T203000Z" in unfolded  # 04:30 Shanghai = 20:30 UTC the evening before
    assert re.search(r"LOCATION:.*3号楼", unfolded)
    assert "BEGIN:VEVENT" in text and "BEGIN:VALARM" in text


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "通告单" * 40
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line and all(len(p.encode()) <= 75 for p in parts)
