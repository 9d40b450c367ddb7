import io
import re
from datetime import UTC, datetime

import pytest
from dataclasses import replace
from pypdf import PdfReader

from bot.i18n import LOCALES, t

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


@pytest.mark.parametrize("locale", LOCALES)
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
    assert t("callsheet.pdf.call_sheet", locale, version=3).split(" · ")[0] in text


THAI, EMOJI = "สมชาย บุญมี", "🎬"


@pytest.fixture(scope="module")
def mixed(sheet):
    """A sheet with a Thai crew member and an emoji in someone's display name, as Discord allows."""
    people = list(sheet.people)
    people[0] = replace(people[0], name=THAI)
    people[1] = replace(people[1], name=f"Zoe {EMOJI}✨ 周")
    return replace(sheet, people=tuple(people), notes="ห้องแต่งตัว ชั้น 2 🍜 夜宵 00:30")


def fonts_of(reader):
    return {str(f.get_object()["/BaseFont"]).split("+")[-1] for page in reader.pages for f in page["/Resources"]["/Font"].values()}


@pytest.mark.parametrize("locale", ["th", "zh-CN"])
def test_pdf_draws_thai_and_emoji_with_the_fallback_fonts(mixed, locale):
    reader = PdfReader(io.BytesIO(render_pdf(mixed, locale)))
    text = re.sub(r"[\x00-\x08\x0b-\x1f]", "", "".join(page.extract_text() for page in reader.pages))  # shaped clusters
    assert THAI in text and EMOJI in text and "✨" in text and "ห้องแต่งตัว ชั้น 2" in text and "🍜" in text
    used = fonts_of(reader)
    assert any("Thai" in f for f in used) and any("Emoji" in f for f in used), used
    if locale == "th":
        assert "ใบคิว" in text and "นัดรวม" in text


def test_without_fallback_fonts_nothing_prints_as_a_box(mixed, monkeypatch):
    """No Thai or emoji font installed: those characters are left out, the rest of the sheet is intact."""
    import bot.render.pdf as pdf_module

    monkeypatch.setattr(pdf_module, "fallbacks_for", lambda text: [])
    reader = PdfReader(io.BytesIO(render_pdf(mixed, "zh-CN")))
    text = "".join(page.extract_text() for page in reader.pages)
    assert EMOJI not in text and "บุญมี" not in text and "Zoe" in text and "夜宵 00:30" in text
    assert fonts_of(reader) == {"WenQuanYiMicroHei"} or all("Thai" not in f and "Emoji" not in f for f in fonts_of(reader))


@pytest.mark.parametrize("locale", LOCALES)
def test_ics_carries_every_language_and_emoji_intact(mixed, locale):
    person = mixed.people[1]
    data = person_calendar(mixed, person, locale, now=datetime(2026, 11, 22, 12, 0, tzinfo=UTC))
    text = data.decode("utf-8")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    unfolded = text.replace("\r\n ", "")
    summary = t("callsheet.ics.summary", locale, time=mixed.fmt(person.call, locale), n=mixed.day_number, m=mixed.total_days,
                production=mixed.production_name)
    assert "SUMMARY:" + summary.replace(",", "\\,") in unfolded
    assert t("callsheet.dm.call", locale, time=mixed.fmt(person.call, locale)).replace("**", "") in unfolded.replace("\\n", "\n")


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
    assert "DTSTART:20261122T201500Z" in unfolded  # 04:15 Shanghai = 20:15 UTC the evening before
    assert re.search(r"LOCATION:.*3号楼", unfolded)
    assert "BEGIN:VEVENT" in text and "BEGIN:VALARM" in text


def test_fold_never_splits_a_character():
    line = "DESCRIPTION:" + "通告单" * 40
    folded = fold(line)
    parts = folded.split("\r\n ")
    assert "".join(parts) == line and all(len(p.encode()) <= 75 for p in parts)


def test_the_cjk_font_is_parsed_once_per_process(sheet):
    from bot.render import fonts

    render_pdf(sheet, "zh-CN")
    parsed = fonts._prototype.cache_info().misses
    render_pdf(sheet, "en-US")
    assert fonts._prototype.cache_info().misses == parsed == 1
