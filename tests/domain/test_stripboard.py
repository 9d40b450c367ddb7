import csv
import io
from datetime import date, datetime, time

import pytest

from bot.i18n import LOCALES

from bot.domain.stripboard import StripboardError, match_actor, parse_stripboard, problem_text
from bot.domain.template import csv_to_xlsx, template_csv, template_xlsx
from tests.plan_fixtures import SHANGHAI, big_stripboard_csv, big_stripboard_xlsx, crew, sample_bytes, sample_plan, uid


def parse(data: bytes, name: str = "x.csv", **kw):
    return parse_stripboard(data, name, production_id=1, tz=SHANGHAI, crew=crew(), **kw)


def problems_of(data: bytes, name: str = "x.csv", **kw):
    with pytest.raises(StripboardError) as err:
        parse(data, name, **kw)
    return err.value.problems


def test_sample_day_parses_completely():
    plan = sample_plan()
    assert len(plan.days) == 1 and plan.scene_count == 25
    day = plan.days[0]
    assert day.date == date(2026, 11, 23) and (day.day_number, day.total_days) == (1, 6)
    assert day.general_call == datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)
    # 26:00 is 02:00 the next morning, and the day still belongs to the 23rd
    assert day.planned_wrap == datetime(2026, 11, 24, 2, 0, tzinfo=SHANGHAI)
    assert day.supper_start == datetime(2026, 11, 23, 18, 30, tzinfo=SHANGHAI) and day.supper_minutes == 45
    assert [s.position for s in day.scenes] == list(range(1, 26))
    first = day.scenes[0]
    assert first.number == "1-2" and first.episodes == ("1",) and first.int_ext == "INT" and first.day_night == "DAY"
    assert first.needs["makeup"].startswith("苏晚素颜")
    lin = first.cast[0]
    assert lin.character == "苏晚 Su Wan" and lin.user_id == uid("林晓") and lin.makeup_minutes == 90 and lin.pickup_minutes == 20
    assert {s.name for s in plan.sets} >= {"法院法庭 Courtroom", "警察局审讯室 Police interrogation room"}
    court = next(s for s in plan.sets if s.name == "法院法庭 Courtroom")
    police = next(s for s in plan.sets if s.name.startswith("警察局"))
    assert court.building == police.building == "7号楼 Building 7"
    # day players who are not crew are imported, with a warning each
    assert {w.params["actor"] for w in plan.warnings} >= {"Tom Baker", "赵刚 Zhao Gang"}


def test_xlsx_of_the_same_data_gives_the_same_plan():
    a = sample_plan()
    b = parse(csv_to_xlsx(sample_bytes()), "day1.xlsx")
    assert a.days == b.days and a.sets == b.sets and a.walks == b.walks


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_templates_import_unchanged(locale, kind):
    data = template_csv(locale, date(2026, 12, 1)) if kind == "csv" else template_xlsx(locale, date(2026, 12, 1))
    plan = parse(data, f"template.{kind}")
    assert plan.scene_count == 2 and plan.days[0].date == date(2026, 12, 1)
    assert plan.days[0].scenes[1].day_night == "NIGHT"
    if locale == "zh-CN":
        assert "场次" in (data.decode("utf-8-sig") if kind == "csv" else "场次")


def test_sixty_plus_scene_day_in_csv_and_xlsx():
    a = parse(big_stripboard_csv(80))
    b = parse(big_stripboard_xlsx(80), "big.xlsx")
    assert a.scene_count == b.scene_count == 80
    assert a.days == b.days


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


DAYS = [["[days]"], ["date", "day", "total_days", "general_call"], ["2026-11-23", "1", "6", "06:00"]]
SETS = [["[sets]"], ["name", "building", "road"], ["Villa", "B1", "Qinhuai Road"]]
SCENE_HEAD = ["[scenes]"], ["date", "scene", "set", "est_minutes", "cast"]


def scenes_file(*rows: list[str]) -> bytes:
    return _csv([*DAYS, *SETS, *SCENE_HEAD, *rows])


def test_every_problem_is_reported_with_sheet_row_and_column():
    data = scenes_file(
        ["2026-11-23", "1", "Villa", "20", ""],
        ["2026-11-23", "2", "Vila", "ten", ""],  # row 10: unknown set and not a number
        ["2026-11-23", "1", "Villa", "20", ""],  # row 11: duplicate scene
        ["2026-11-31", "3", "Villa", "20", ""],  # row 12: no such date
    )
    problems = problems_of(data)
    found = {(p.row, p.column, p.key) for p in problems}
    assert (10, "set", "stripboard.problem.unknown_set") in found
    assert (10, "est_minutes", "stripboard.problem.not_a_number") in found
    assert (11, "scene", "stripboard.problem.duplicate_scene") in found
    assert (12, "date", "stripboard.problem.bad_date") in found
    text = [problem_text(p, "en-US") for p in problems]
    assert "scenes, row 10, column 'est_minutes': 'ten' is not a number" in text
    assert any("第 10 行" in problem_text(p, "zh-CN") for p in problems)


def test_header_problems_and_missing_sections():
    problems = problems_of(_csv([["[days]"], ["date", "day", "general_cal"], ["2026-11-23", "1", "06:00"]]))
    keys = {(p.sheet, p.key) for p in problems}
    assert ("days", "stripboard.problem.unknown_column") in keys
    assert ("days", "stripboard.problem.missing_column") in keys
    assert ("scenes", "stripboard.problem.missing_section") in keys


def test_bad_times_and_ranges_on_the_days_sheet():
    data = _csv([["[days]"], ["date", "day", "total_days", "general_call", "wrap", "supper_minutes"],
                 ["2026-11-23", "7", "6", "6点", "05:00", "900"], *SCENE_HEAD, ["2026-11-23", "1", "Villa", "20", ""]])
    problems = problems_of(data, known_sets={"Villa"})
    found = {(p.column, p.key) for p in problems}
    assert ("total_days", "stripboard.problem.day_after_total") in found
    assert ("supper_minutes", "stripboard.problem.out_of_range") in found
    # "6点" is 06:00 in Chinese, so the call is fine; wrap 05:00 is read as 05:00 next morning (after call)
    assert ("general_call", "stripboard.problem.bad_time") not in found


def test_chinese_headers_and_values():
    data = _csv([["[拍摄日]"], ["日期", "第几天", "总天数", "大通告", "晚饭"], ["2026-11-23", "2", "6", "18:00", "22:30"],
                 ["[场景]"], ["名称", "楼栋", "道路"], ["法庭", "7号楼", "广州街"],
                 ["[场次]"], ["日期", "场次", "场景", "内外景", "日夜", "演员", "预计分钟", "化妆"],
                 ["2026-11-23", "5-1", "法庭", "内", "夜", "苏晚：林晓 Lin Xiao", "30", "伤妆"]])
    plan = parse(data)
    day = plan.days[0]
    assert day.general_call.hour == 18 and day.supper_start.hour == 22
    s = day.scenes[0]
    assert (s.int_ext, s.day_night, s.needs) == ("INT", "NIGHT", {"makeup": "伤妆"})
    assert s.cast[0].user_id == uid("林晓")


def test_night_call_times_after_midnight_stay_on_the_day():
    data = _csv([["[days]"], ["date", "day", "general_call", "wrap", "supper"], ["2026-11-23", "1", "17:00", "05:00", "01:00"],
                 *SCENE_HEAD, ["2026-11-23", "1", "Villa", "20", ""]])
    day = parse(data, known_sets={"Villa"}).days[0]
    assert day.planned_wrap == datetime(2026, 11, 24, 5, 0, tzinfo=SHANGHAI)
    assert day.supper_start == datetime(2026, 11, 24, 1, 0, tzinfo=SHANGHAI)


def test_gbk_csv_and_tab_separated_are_accepted():
    text = "\n".join(["[days]", "date\tday\tgeneral_call", "2026-11-23\t1\t06:00", "[scenes]",
                      "date\tscene\tset\tsynopsis\test_minutes",
                      "2026-11-23\t1\t法庭\t苏晚在法庭上第一次见到陆霆，两人针锋相对，法官敲下法槌宣布休庭。\t20",
                      "2026-11-23\t2\t法庭\t陆霆的律师提交新的证据，旁听席一片哗然，苏晚脸色发白。\t20"])
    plan = parse(text.encode("gb18030"), known_sets={"法庭"})
    assert plan.days[0].scenes[0].set_name == "法庭" and plan.days[0].scenes[1].synopsis.startswith("陆霆的律师")
    assert [w.key for w in plan.warnings] == ["stripboard.warning.encoding"] and plan.warnings[0].params == {"encoding": "GB18030/GBK"}


def test_a_shift_jis_csv_is_read_as_shift_jis_not_as_gbk_garbage():
    text = "\n".join(["[days]", "date,day,general_call", "2026-11-23,1,06:00", "[scenes]", "date,scene,set,synopsis,est_minutes",
                      "2026-11-23,1,病院の廊下,医者が走ってくる。,20"])
    plan = parse(text.encode("shift_jis"), known_sets={"病院の廊下"})
    assert plan.days[0].scenes[0].set_name == "病院の廊下"
    assert plan.warnings[0].params == {"encoding": "Shift-JIS"}


def test_an_encoding_that_cannot_be_told_is_refused_with_how_to_resave():
    """One short row of traditional Chinese saved as Big5 reads as plausible text in several of the
    park's encodings: nothing tells them apart, so the file is refused rather than guessed."""
    text = "\n".join(["[days]", "date,day,general_call", "2026-11-23,1,06:00", "[scenes]", "date,scene,set,synopsis,est_minutes",
                      "2026-11-23,1,醫院走廊,蘇晚在走廊打電話借錢，處處碰壁。,20"])
    problem = problems_of(text.encode("big5"))[0]
    assert problem.key == "stripboard.problem.encoding_uncertain" and "GB18030/GBK" in problem.params["candidates"]
    from bot.i18n import t

    assert "CSV UTF-8" in t(problem.key, "en-US", **problem.params) and "另存为" in t(problem.key, "zh-CN", **problem.params)


def test_headers_only_and_empty_files_are_errors():
    text = "\n".join(["[days]", "date,day,general_call", "[scenes]", "date,scene,set,est_minutes"])
    assert {p.key for p in problems_of(text.encode())} == {"stripboard.problem.no_rows"}
    assert problems_of(b"  \n")[0].key == "stripboard.problem.empty"


def test_huge_numbers_are_refused_before_conversion():
    text = "\n".join(["[days]", "date,day,general_call", "2026-11-23,1,06:00", "[scenes]", "date,scene,set,est_minutes",
                      "2026-11-23,1,法庭," + "9" * 309, "2026-11-23,2,法庭,1e309", "2026-11-23,3,法庭," + "9" * 5000])
    found = problems_of(text.encode(), known_sets={"法庭"})
    assert [p.key for p in found] == ["stripboard.problem.out_of_range", "stripboard.problem.not_a_number", "stripboard.problem.out_of_range"]
    assert all(len(p.params["value"]) <= 60 for p in found)


def test_garbage_files_are_refused():
    assert problems_of(b"\x00\x01garbage", "x.pdf")[0].key == "stripboard.problem.bad_type"
    assert problems_of(b"PK\x03\x04 not really", "x.xlsx")[0].key == "stripboard.problem.bad_xlsx"
    assert any(p.key == "stripboard.problem.before_first_section" for p in problems_of(_csv([["hello"], *DAYS])))


def test_xlsx_cells_typed_as_numbers_dates_and_times():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "days"
    ws.append(["date", "day", "general_call", "wrap"])
    ws.append([datetime(2026, 11, 23), 1, time(6, 0), "26:30"])
    ws = wb.create_sheet("scenes")
    ws.append(["date", "scene", "set", "est_minutes"])
    ws.append([datetime(2026, 11, 23), 12, "Villa", 25.0])
    ws.append([datetime(2026, 11, 23), "12A", "Villa", "ten"])
    buf = io.BytesIO()
    wb.save(buf)
    problems = problems_of(buf.getvalue(), "x.xlsx", known_sets={"Villa"})
    assert [(p.sheet, p.row, p.column) for p in problems] == [("scenes", 3, "est_minutes")]


def test_match_actor_by_either_half_of_a_bilingual_name():
    c = crew()
    assert match_actor("林晓", c) == match_actor("Lin Xiao", c) == match_actor("林晓 Lin Xiao", c) == uid("林晓")
    assert match_actor("lin  xiao", c) == uid("林晓")
    assert match_actor(f"<@{uid('Sarah')}>", c) == uid("Sarah")
    assert match_actor("Nobody", c) is None
