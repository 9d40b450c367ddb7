"""The cast table, extras and contacts in a stripboard: every actor (on Discord or not), extras per
scene, bad cells reported by row and column, warnings that do not stop the import, old files."""

import csv
import io
from datetime import date, datetime

import pytest

from bot.domain.castlist import Extras, option_value, parse_extras, parse_status, resolve_actor, valid_phone
from bot.domain.stripboard import StripboardError, parse_stripboard, problem_text
from bot.domain.template import DOCUMENTED, csv_to_xlsx, header, template_csv, template_xlsx
from tests.plan_fixtures import DEMO, SHANGHAI, crew, sample_plan, uid


def parse(data: bytes, name: str = "x.csv", **kw):
    return parse_stripboard(data, name, production_id=1, tz=SHANGHAI, crew=crew(), **kw)


def problems_of(data: bytes, **kw):
    with pytest.raises(StripboardError) as err:
        parse(data, **kw)
    return err.value.problems


def _csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


DAYS = [["[days]"], ["date", "day", "general_call", "shooting_call"], ["2026-11-23", "1", "05:30", "06:00"]]
SETS = [["[sets]"], ["name", "alt_name"], ["法庭", "Courtroom"], ["病房", "Ward"]]
CAST = [["[cast]"], ["number", "status", "character", "alt_character", "actor", "phone", "pickup_place", "pickup_minutes", "makeup_minutes", "on_set"],
        ["1", "主演", "苏晚", "Su Wan", "林晓 Lin Xiao", "138 0000 0001", "酒店 Hotel", "20", "90", ""],
        ["2", "特约", "法官", "Judge", "周正", "139 0579 1105", "", "", "30", "07:00"],
        ["3", "群演", "保安", "Guard", "刘大伟", "", "", "", "", ""]]
SCENE_HEAD = ["[scenes]"], ["date", "scene", "set", "cast", "extras", "est_minutes", "alt_synopsis"]


def board(*scenes: list[str], cast=CAST, days=DAYS) -> bytes:
    return _csv([*days, *SETS, *cast, *SCENE_HEAD, *scenes])


def test_demo_day_has_every_actor_extras_contacts_and_second_language():
    plan = parse(DEMO.read_bytes(), "demo.csv")
    day = plan.days[0]
    assert day.shooting_call == datetime(2026, 11, 23, 6, 0, tzinfo=SHANGHAI)
    assert day.general_call == datetime(2026, 11, 23, 5, 30, tzinfo=SHANGHAI)
    assert day.extras_holding.startswith("7号楼") and "P3" in day.parking and day.alt_notes.startswith("Heavy night work")
    actors = {m.actor: m for m in day.cast}
    assert len(actors) == 12  # the eight speaking parts that are not on Discord are on the cast table too
    assert actors["林晓 Lin Xiao"].user_id == uid("林晓") and actors["林晓 Lin Xiao"].status == "lead"
    doctor = actors["王建国 Wang Jianguo"]
    assert doctor.user_id is None and doctor.status == "day_player" and doctor.phone == "139 0579 1101" and doctor.character == "医生"
    assert actors["刘大伟 Liu Dawei"].status == "extra"
    court = next(s for s in day.scenes if s.number == "2-9")
    assert court.extras == (Extras(40, "法庭旁听 courtroom gallery"),)
    assert [r.actor for r in court.cast] == ["林晓 Lin Xiao", "Sarah Miller", "周正 Zhou Zheng", "Tom Baker"]
    assert court.alt_synopsis.startswith("The hearing opens")
    assert next(s for s in plan.sets if s.name == "法院法庭").alt_name == "Courtroom"
    assert [c.role for c in plan.contacts] == ["director", "producer", "coordinator", "extras_coordinator", "transport"]
    assert not [w for w in plan.warnings if w.key == "stripboard.warning.no_walk"]
    # the same data as a workbook gives the same plan
    again = parse(csv_to_xlsx(DEMO.read_bytes()), "demo.xlsx")
    assert again.days == plan.days and again.contacts == plan.contacts


def test_scene_rows_name_cast_by_character_number_or_actor():
    plan = parse(board(["2026-11-23", "1", "法庭", "苏晚、2", "40 法庭旁听; 6 律师助理", "30", ""],
                       ["2026-11-23", "2", "法庭", "周正; 苏晚=林晓", "", "20", ""]))
    one, two = plan.days[0].scenes
    assert [r.character for r in one.cast] == ["苏晚", "法官"] and one.extras == (Extras(40, "法庭旁听"), Extras(6, "律师助理"))
    assert [r.character for r in two.cast] == ["法官", "苏晚"]
    # the day's cast table has the actors of its scenes, the on-set time placed on that day
    judge = next(m for m in plan.days[0].cast if m.character == "法官")
    assert judge.on_set == datetime(2026, 11, 23, 7, 0, tzinfo=SHANGHAI)
    assert "保安" not in {m.character for m in plan.days[0].cast}  # not in any scene that day


def test_bad_cast_rows_and_cells_each_get_their_row_and_column():
    cast = [CAST[0], CAST[1],
            ["1", "主角儿", "苏晚", "", "林晓 Lin Xiao", "call me", "", "", "90", ""],
            ["1", "特约", "医生", "", "王建国", "139 0579 1101", "", "", "thirty", "soon"]]
    problems = problems_of(board(["2026-11-23", "1", "法庭", "苏晚; 李警官", "forty 法庭旁听", "30", ""],
                                 ["2026-11-23", "2", "法庭", "苏晚=顾辰", "", "30", ""], cast=cast))
    got = {(p.sheet, p.row, p.column, p.key) for p in problems}
    assert got == {
        ("cast", 10, "status", "stripboard.problem.bad_status"),
        ("cast", 10, "phone", "stripboard.problem.bad_phone"),
        ("cast", 11, "number", "stripboard.problem.duplicate_cast_number"),
        ("cast", 11, "makeup_minutes", "stripboard.problem.not_a_number"),
        ("cast", 11, "on_set", "stripboard.problem.bad_time"),
        ("scenes", 14, "cast", "stripboard.problem.not_in_cast_table"),  # 李警官 is in no cast row
        ("scenes", 14, "extras", "stripboard.problem.bad_extras"),
        ("scenes", 15, "cast", "stripboard.problem.cast_mismatch"),  # the cast table has 苏晚 played by 林晓
    }
    texts = [problem_text(p, "zh-CN") for p in problems] + [problem_text(p, "en-US") for p in problems]
    assert not [x for x in texts if "stripboard." in x], texts  # every message is in the catalogs
    assert any("李警官" in x and "cast" in x for x in texts)


def test_contacts_table_roles_and_phones():
    contacts = [["[contacts]"], ["role", "name", "phone"], ["导演", "陈凯", "138 0579 0001"], ["场记", "小王", "1"],
                ["统筹", "周敏", "周敏的手机"]]
    problems = problems_of(_csv([*DAYS, *SETS, *CAST, *SCENE_HEAD, ["2026-11-23", "1", "法庭", "苏晚", "", "30", ""], *contacts]))
    got = {(p.row, p.column, p.key) for p in problems}
    assert got == {(19, "role", "stripboard.problem.bad_role"), (19, "phone", "stripboard.problem.bad_phone"),
                   (20, "phone", "stripboard.problem.bad_phone")}


def test_shooting_call_before_general_call_is_refused():
    days = [["[days]"], ["date", "day", "general_call", "shooting_call"], ["2026-11-23", "1", "06:00", "05:30"]]
    problems = problems_of(board(["2026-11-23", "1", "法庭", "苏晚", "", "30", ""], days=days))
    assert [(p.column, p.key) for p in problems] == [("shooting_call", "stripboard.problem.shooting_before_call")]


def test_missing_walk_between_two_sets_in_a_row_is_a_warning():
    plan = parse(board(["2026-11-23", "1", "法庭", "苏晚", "", "30", ""], ["2026-11-23", "2", "病房", "苏晚", "", "30", ""],
                       ["2026-11-23", "3", "法庭", "苏晚", "", "30", ""]))
    walks = [w for w in plan.warnings if w.key == "stripboard.warning.no_walk"]
    assert len(walks) == 1 and walks[0].row == 16 and walks[0].params == {"from_set": "法庭", "to_set": "病房"}
    assert "病房" in problem_text(walks[0], "zh-CN")
    # known from an earlier import: no warning
    plan = parse(board(["2026-11-23", "1", "法庭", "苏晚", "", "30", ""], ["2026-11-23", "2", "病房", "苏晚", "", "30", ""]),
                 known_walks=[("病房", "法庭")])
    assert not [w for w in plan.warnings if w.key == "stripboard.warning.no_walk"]


def test_links_made_by_the_ad_win_over_names():
    plan = parse(board(["2026-11-23", "1", "法庭", "苏晚、法官", "", "30", ""]), links={"周正": uid("张伟")})
    judge = next(m for m in plan.days[0].cast if m.actor == "周正")
    assert judge.user_id == uid("张伟") and plan.days[0].scenes[0].cast[1].user_id == uid("张伟")


def test_old_files_still_import():
    plan = sample_plan()  # [cast] actor, makeup_minutes, pickup_minutes; scene cells Character=Actor
    day = plan.days[0]
    assert day.shooting_call is None and day.first_shot == day.general_call
    assert {m.actor for m in day.cast} == {"林晓 Lin Xiao", "顾辰 Gu Chen", "Sarah Miller", "何美玲 He Meiling"}
    assert all(m.status == "" for m in day.cast)


@pytest.mark.parametrize("locale", ["en-US", "zh-CN"])
def test_template_documents_every_new_column(locale):
    text = template_csv(locale, date(2026, 12, 1)).decode("utf-8-sig")
    for table, columns in DOCUMENTED.items():
        for column in columns:
            head = header(table, column, locale)
            assert head in text
            comments = [row[0] for row in csv.reader(io.StringIO(text)) if row and row[0].startswith("#")]
            assert any(f"{head}:" in line for line in comments), (table, column)
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(template_xlsx(locale, date(2026, 12, 1))))
    notes = {c.value: c.comment.text for ws in wb.worksheets for c in ws[1] if c.comment}
    assert header("cast", "status", locale) in notes and header("scenes", "extras", locale) in notes
    help_sheet = wb.worksheets[-1]
    assert any(header("cast", "phone", locale) in str(r[0].value) for r in help_sheet.iter_rows())
    plan = parse(template_csv(locale, date(2026, 12, 1)))
    assert len(plan.days[0].cast) == 3 and plan.days[0].scenes[1].extras[0].count == 6 and len(plan.contacts) == 4


@pytest.mark.parametrize("text,ok", [("138 0000 0001", True), ("+86 138-0000-0001", True), ("0579-8658 0120", True),
                                     ("(0579) 86580120 转 8", True), ("call me", False), ("12", False), ("138 0000 0001 abc", False)])
def test_phone_numbers(text, ok):
    assert valid_phone(text) is ok


def test_extras_cells_and_statuses():
    assert parse_extras("40 法庭旁听、6 路人") == [Extras(40, "法庭旁听"), Extras(6, "路人")]
    assert parse_extras("法庭旁听 40人") == [Extras(40, "法庭旁听")]
    assert parse_extras("12") == [Extras(12, "")]
    for bad in ("forty", "法庭旁听", "0 people", "99999 人"):
        with pytest.raises(ValueError):
            parse_extras(bad)
    assert [parse_status(x) for x in ("主演", "Lead", "day player", "特约", "群演", "", "boss")] == [
        "lead", "lead", "day_player", "day_player", "extra", "", None]


def test_what_the_ad_types_to_name_an_actor():
    """/crew link: the actor's name in any spelling, a cast number, a character, or the start of one
    name (Discord cuts an option at 100 characters); nothing when it names nobody or several."""
    long_name = "김서연 Kim Seo-yeon " + "가" * 120
    rows = [("林晓 Lin Xiao", "苏晚", "1"), ("周正 Zhou Zheng", "法官", "9"), ("周正 Zhou Zheng", "法官", "9"),
            ("Tom Baker", "律师 Grant", "10"), ("Tom Hardy", "保镖", ""), (long_name, "韩国客人", "")]
    assert [resolve_actor(x, rows) for x in ("周正zhouzheng", "9", "#9", "法官", "律师 grant", "林晓")] == [
        "周正 Zhou Zheng", "周正 Zhou Zheng", "周正 Zhou Zheng", "周正 Zhou Zheng", "Tom Baker", "林晓 Lin Xiao"]
    assert resolve_actor("Tom", rows) is None and resolve_actor("Nobody", rows) is None and resolve_actor(" ", rows) is None
    assert resolve_actor(option_value(long_name, ""), rows) == long_name  # the name's first 100 characters
    assert option_value(long_name, "12") == "#12" and option_value("Tom Baker", "10") == "Tom Baker"
    # a cast number two days give to different actors names neither
    assert resolve_actor("1", [*rows, ("顾辰 Gu Chen", "陆霆", "1")]) is None
