"""The call sheet PDF's summary is exactly one page, whatever the production throws at it.

The worst case a park sees: 100 scenes, 60 crew, 30 contacts, every department with people called
apart, a revision with 40 changes, long notes, and names in Chinese, Thai and emoji as long as a
cell allows. The PDF is read back (pypdf): page 1 is the summary and nothing else, it says what it
left out ("+N more") and where to find it, and page 2 opens the lineup; what the summary trimmed is
printed in full after the lineup. An ordinary sheet keeps its summary as it was.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import pytest
from pypdf import PdfReader

from bot.domain.callsheet.model import DeptCall, ExtrasCall, PersonCall, SceneLine
from bot.domain.callsheet.revisions import Change
from bot.domain.castlist import Contact
from bot.domain.crew import DEPARTMENTS
from bot.i18n import t
from bot.render.pdf import render_pdf
from tests.render.test_callsheet_everyone import build, plan  # noqa: F401  (the fixture)

THAI = "สมชาย ใจดีมากที่สุดในกองถ่าย"
EMOJI = "🎬✨🌙"
LONG_NAME = f"欧阳{'长' * 20} {THAI} {EMOJI} Ouyang Changchangchang"


def worst(sheet):
    """``sheet`` blown up to the worst case a park sees."""
    base = sheet.scenes[0]
    scenes = tuple(replace(base, position=i + 1, number=f"{i // 10 + 1}-{i % 10 + 1}", start=base.start + timedelta(minutes=6 * i),
                           synopsis=f"第{i}场：欧阳长长与苏晚在走廊里争吵，镜头推近。{EMOJI}")
                   for i in range(100))
    people = tuple(PersonCall(user_id=9000 + i, call=sheet.general_call + timedelta(minutes=5 * (i % 12)), where=base.set_name,
                              scenes=(scenes[i % 100].number,), department=DEPARTMENTS[i % len(DEPARTMENTS)], name=f"{LONG_NAME} {i}")
                   for i in range(60))
    contacts = tuple(Contact(("director", "producer", "coordinator", "production_manager", "transport", "unit")[i % 6],
                             f"{LONG_NAME} {i}", f"139 0579 {1000 + i}") for i in range(30))
    calls = tuple(DeptCall(d, sheet.general_call + timedelta(minutes=10 * i), 6, base.set_name,
                           tuple((f"{LONG_NAME} {j}", sheet.general_call + timedelta(minutes=j)) for j in range(6)))
                  for i, d in enumerate(DEPARTMENTS))
    extras = tuple(ExtrasCall(f"群演组 {i} {THAI} {EMOJI}", 10 + i, (scenes[i].number,), sheet.general_call + timedelta(minutes=15 * i),
                              sheet.general_call + timedelta(minutes=15 * i + 30)) for i in range(20))
    changes = tuple(Change("callsheet.sheet_change.scene_moved", {"scene": s.number, "set": f"{LONG_NAME} 片场"}) for s in scenes[:40])
    blah = "横店影视城秦淮路片场东门进，所有部门请提前到位，注意安全，保持安静，不得在片场吸烟。" * 4
    return replace(sheet, production_name=f"总裁的契约新娘之豪门千金归来 {THAI} {EMOJI} " * 6, scenes=scenes, people=people,
                   contacts=contacts + (Contact("extras_coordinator", LONG_NAME, "139 0000 0000"),), department_calls=calls, extras=extras,
                   changes=changes, revised=tuple(s.number for s in scenes[:40]), version=2, notes=blah, alt_notes=blah,
                   weather=blah, base=blah, parking=blah, extras_holding=blah, hospital=blah, hospital_address=blah,
                   emergency_contacts=tuple(f"{LONG_NAME} 138 0000 {i:04d}" for i in range(10)))


def pages_of(sheet, locale: str) -> list[str]:
    reader = PdfReader(io.BytesIO(render_pdf(sheet, locale)))
    return [p.extract_text() for p in reader.pages]


def squash(text: str) -> str:
    return "".join(text.split()).replace("#", "")  # (pypdf reads a "#" into some shaped Thai)


def lineup_title(sheet, locale: str) -> str:
    return squash(t("callsheet.pdf.scenes", locale, count=len(sheet.scenes), total="")).rstrip("·")


@pytest.fixture(scope="module")
def ordinary(plan):  # noqa: F811
    return build(plan.days[0], plan)


def check_one_page_summary(sheet, pages: list[str], locale: str) -> None:
    first, second = squash(pages[0]), squash(pages[1])
    # page 1 is the summary, whole, down to its last part (the extras) and its note of what it shortened
    for key in ("callsheet.pdf.departments", "callsheet.pdf.hospital", "callsheet.pdf.emergency"):
        assert squash(t(key, locale)) in first, key
    assert squash(t("callsheet.pdf.extras", locale, count=sum(e.count for e in sheet.extras))) in first
    assert squash(t("callsheet.pdf.trimmed", locale)) in first
    # the contacts it had no room for: "+N more" on the page ...
    shown = sum(squash(c.phone) in first for c in sheet.contacts if c.role != "extras_coordinator")  # (the 群头 is with the extras)
    assert 0 < shown < len(sheet.contacts)
    assert squash(t("callsheet.pdf.contacts_more", locale, count=len(sheet.contacts) - shown)) in first, first
    # ... and page 2 opens the lineup: nothing of the summary went over
    assert second.startswith(lineup_title(sheet, locale)), second[:120]
    for key in ("callsheet.pdf.departments", "callsheet.pdf.emergency", "callsheet.pdf.trimmed"):
        assert squash(t(key, locale)) not in second, key
    # what it shortened is printed in full after the lineup: every contact, the notes whole
    rest = squash("".join(pages[2:]))
    tail = rest[rest.index(squash(t("callsheet.pdf.in_full", locale))):]
    for c in sheet.contacts:
        assert squash(c.phone) in tail, c
    assert squash(sheet.notes)[-40:] in tail


def test_the_worst_case_summary_is_exactly_one_page(ordinary):
    """100 scenes, 60 crew, 31 contacts, 40 changes, every department called apart, long Chinese,
    Thai and emoji names everywhere: page 1 is the summary and nothing else."""
    sheet = worst(ordinary)
    pages = pages_of(sheet, "zh-CN")
    check_one_page_summary(sheet, pages, "zh-CN")
    assert len(sheet.scenes) == 100 and len(sheet.people) == 60
    assert squash("第 1 版".replace("1", "2")) in squash(pages[0])  # its own footer: 1/N
    assert f"1/{len(pages)}" in squash(pages[0])


@pytest.mark.parametrize("locale", ["th", "en-US"])
def test_the_worst_summary_is_one_page_in_other_languages(ordinary, locale):
    """The labels differ in width (Thai, English): the same guarantee. (A short lineup: it is the
    summary being checked, and a 100-scene Thai lineup takes a while to draw.)"""
    full = worst(ordinary)
    sheet = replace(full, scenes=full.scenes[:3], people=full.people[:3], revised=full.revised[:3])
    check_one_page_summary(sheet, pages_of(sheet, locale), locale)


def test_an_ordinary_summary_is_not_trimmed(ordinary):
    pages = pages_of(ordinary, "zh-CN")
    first = squash(pages[0])
    for c in ordinary.contacts:
        assert squash(c.name) in first and squash(c.phone) in first, c
    assert squash(t("callsheet.pdf.trimmed", "zh-CN")) not in first
    assert squash(t("callsheet.pdf.in_full", "zh-CN")) not in squash("".join(pages))
    assert squash(pages[1]).startswith(lineup_title(ordinary, "zh-CN"))


@pytest.mark.parametrize("limit", [1, 2, 3, 5])
def test_breaking_only_the_lines_a_cell_shows_breaks_them_the_same(limit):
    """A long text clamped to a few lines is not measured to its end, and reads the same."""
    from bot.render.linebreak import wrap

    def measure(s: str) -> float:
        return sum(2.0 if ord(ch) > 0x2E80 else 1.0 for ch in s)

    texts = [LONG_NAME * 3, "苏晚：“你说什么？”陆霆沉默。" * 12, "a\n\nb " + "Hospital ward 06:30, " * 20, "（开场）" * 30 + "。" * 5]
    for text in texts:
        full = wrap(text, 24, measure)
        cut = wrap(text, 24, measure, limit)
        assert cut[:limit] == full[:limit] and len(cut) == min(limit + 1, len(full)), (text, cut, full)
