"""The daily report's chart, spreadsheet and embeds: the PNG decodes, its Chinese labels are drawn
with the project's CJK font and matplotlib never warns about a missing glyph (in every language);
the XLSX holds every list with text kept as text; the embeds stay within Discord's limits."""

import io
import logging
import warnings

import openpyxl
import pytest
from matplotlib import image as mpimg

from bot.i18n import LOCALES
from bot.render import fonts, report_chart, report_xlsx
from bot.render.report_text import embeds, park_view, rest_warning
from tests.domain.test_report import facts

from bot.domain.report import build_report, Override
from bot.domain.rest import check, rules_for


@pytest.fixture(scope="module")
def report():
    return build_report(facts())


@pytest.mark.parametrize("locale", LOCALES)
def test_chart_renders_without_missing_glyphs(report, locale, caplog):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        png = report_chart.render_chart(report, locale)
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing" in str(w.message).lower()]
    logged = [r.getMessage() for r in caplog.records if "Glyph" in r.getMessage() or "findfont" in r.getMessage()]
    assert not glyphs and not logged, glyphs + logged
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = mpimg.imread(io.BytesIO(png), format="png")
    assert pixels.shape[0] > 300 and pixels.shape[1] > 800


def test_chart_labels_are_chinese_in_the_cjk_font(report):
    drawn = report_chart.texts(report, "zh-CN")
    labels = {text for text, _ in drawn}
    assert {"计划", "实际", "时间", "场次"} <= labels
    assert "CEO1 总裁的契约新娘 · 2026-11-24 · 第 2/4 天" in labels
    assert "第2天\n11-24" in labels and "次日 00:00" in labels
    cjk, _ = fonts.cjk_font()
    assert all(font == str(cjk) for text, font in drawn if any("\u4e00" <= ch <= "\u9fff" for ch in text))


def test_a_character_no_font_has_is_left_out():
    assert report_chart.drawable("总裁\U000e0041的契约") == "总裁的契约"


def test_xlsx_holds_every_list(report):
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx.render_xlsx(report, "zh-CN")))
    assert book.sheetnames == ["日报", "场次", "放饭、转场、延误", "工时", "休息", "候场", "报餐", "各天"]
    scenes = [[c.value for c in row] for row in book["场次"].iter_rows(min_row=2)]
    assert [r[0] for r in scenes] == ["5-1", "5-2", "6-1", "6-2", "6-3"]
    dropped = next(r for r in scenes if r[0] == "6-2")
    assert dropped[3] == "今天不拍" and dropped[9] == "女主发烧" and "第 4 天" in dropped[10]
    rest = [[c.value for c in row] for row in book["休息"].iter_rows(min_row=2)]
    assert rest[0][:6] == ["王强", "灯光组", "休息时间（分钟）", 545, 720, 175]
    hours = {r[0].value: r[4].value for r in book["工时"].iter_rows(min_row=2)}
    assert hours["灯光组"] == 475 and hours["Sarah Miller"] == 230
    standby = [[c.value for c in row] for row in book["候场"].iter_rows(min_row=2)]
    assert standby[0] == ["灯光组", 3, 2, 120, 200]


def test_xlsx_text_that_looks_like_a_formula_stays_text():
    evil = build_report(facts(overrides=(Override(facts().day.date, 3, 2, '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0",
                                                  facts().now),)))
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx.render_xlsx(evil, "en-US")))
    cells = [c for row in book["Rest"].iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize("locale", LOCALES)
def test_embeds_fit_discord(report, locale):
    out = embeds(report, locale, footer="x")
    assert len(out) == 2
    total = sum(len(e.get("title", "")) + len(e.get("description", "")) + sum(len(f["name"]) + len(f["value"]) for f in e["fields"])
                + len(e.get("footer", {}).get("text", "")) for e in out)
    assert total <= 6000
    assert all(len(f["value"]) <= 1024 and len(f["name"]) <= 256 for e in out for f in e["fields"])
    assert all(len(e["fields"]) <= 25 for e in out)


def test_embeds_say_what_happened_in_chinese(report):
    text = "\n".join(f"{f['name']}: {f['value']}" for e in embeds(report, "zh-CN") for f in e["fields"])
    assert "全组集合 18:00 · 第一镜 18:10（计划 18:00）" in text
    assert "实际收工 次日 00:25 · 落后计划 15分钟" in text
    assert "✂️ 6-2：女主发烧 → 顺延至第 4 天（11-26）" in text
    assert "已完成 2/6 集" in text and "累计落后 1 场" in text and "预计第 4 天（11-26）杀青" in text
    assert "全组转场 1 次，路上共 10分钟" in text
    assert "灯光组：呼叫 3 次，回应 2 次 · 中位数 2分钟 · 90分位 3分20秒" in text
    assert "晚饭：35 份，¥875.00 · 餐补 ¥75.00（3 人）" in text
    assert "灯光组：17:00–次日 00:55 · 7小时55分（1 人）" in text and "Sarah Miller：19:40–23:30 · 3小时50分" in text
    assert "王强（灯光组）：休息时间 9小时5分（次日 00:55 → 次日 10:00），比 12小时 少 2小时55分" in text
    assert "医院场景只到 15:00" in text


def test_a_long_crew_list_is_cut_with_a_pointer_to_the_spreadsheet():
    from dataclasses import replace

    from bot.domain.report import HoursLine

    base = build_report(facts())
    many = tuple(HoursLine(f"u:{i}", f"演员{i:03d} A very long stage name", "cast", base.general_call, base.wrap, 400) for i in range(200))
    out = embeds(replace(base, hours_actors=many), "zh-CN")
    actors = next(f for e in out for f in e["fields"] if f["name"] == "演员工时（通告到放人）")
    assert len(actors["value"]) <= 1024 and "见表格" in actors["value"]


def test_rest_warning_names_people_and_hours(report):
    from tests.domain.test_rest import TODAY, TOMORROW

    result = check(rules_for("turnaround12"), today=TODAY, tomorrow=TOMORROW)
    embed = rest_warning(result, TOMORROW[0].day, 2, "Asia/Shanghai", "zh-CN")
    text = embed["title"] + embed["fields"][0]["value"]
    assert "第 2 天" in text and "林晓" in text and "王强" in text and "10小时55分" in text


def test_park_view_lines(report):
    text = park_view([report], "en-US")
    assert "**CEO1**" in text and "day 2/4" in text and "4/5 scenes" in text and "scenes behind: 1" in text and "short of rest" in text
