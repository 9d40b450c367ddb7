import re
from dataclasses import replace

import pytest

from bot.i18n import LOCALES, t

from bot.domain.callsheet import Change, Delivery, build_callsheet
from bot.domain.stripboard import parse_stripboard
from bot.render.callsheet_embeds import announcement, check_message, group_messages, pack_lines, personal, status
from bot.settings import DEFAULT_CALL_OFFSETS, SafetySettings
from tests.plan_fixtures import SHANGHAI, big_stripboard_csv, crew, sample_plan

HUGE = "林晓在法庭上据理力争，陆霆推门而入，带来真正的监控录像，全场哗然。" * 12  # ~400 characters


def sheet_of(data: bytes, version: int = 1, name: str = "总裁的契约新娘 The CEO's Contract Bride " * 3):
    plan = parse_stripboard(data, "x.csv", production_id=1, tz=SHANGHAI, crew=crew())
    return build_callsheet(
        production_id=1, production_code="CEO1", production_name=name, timezone="Asia/Shanghai", day=plan.days[0], crew=crew(),
        sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS,
        safety=SafetySettings("横店人民医院 " * 10, "万盛南街 99 号", "0579", tuple(f"联系人 {i} 138 0000 000{i}" for i in range(8))),
        version=version,
    )


@pytest.fixture(scope="module")
def big():
    return sheet_of(big_stripboard_csv(120, synopsis=HUGE))


def all_text(messages) -> str:
    """What Discord shows: the messages' text with markdown escapes resolved."""
    out = []
    for m in messages:
        out.append(m["content"])
        for e in m["embeds"]:
            out += [e.get("title", ""), e.get("description", "")]
            out += [f["name"] + f["value"] for f in e.get("fields", [])]
    return re.sub(r"\\(.)", r"\1", "\n".join(out))


@pytest.mark.parametrize("locale", LOCALES)
def test_a_120_scene_day_splits_into_valid_messages(big, locale):
    messages = announcement(big, locale, mention="@everyone")
    assert len(messages) > 1
    for m in messages:
        assert check_message(m) == []
    text = all_text(messages)
    for line in big.scenes:  # every scene appears, in shooting order
        assert f"**{line.number}**" in text
    positions = [text.index(f"**{line.number}** ") for line in big.scenes]
    assert positions == sorted(positions)


def test_personal_dms_fit_for_everyone_including_a_department_in_every_scene(big):
    # make the gaffer's department need something in all 120 scenes
    lit = replace(big, scenes=tuple(replace(s, needs=(("lighting", "夜景灯光 night look " * 8),)) for s in big.scenes))
    gaffer = next(p for p in lit.people if p.department == "lighting")
    gaffer = replace(gaffer, scenes=tuple(s.number for s in lit.scenes))
    msgs = personal(lit, gaffer, "zh-CN", changes=[Change("callsheet.change.call", {"old": "05:00", "new": "05:30"})] * 30)
    assert all(check_message(m) == [] for m in msgs)
    assert "05:00 → 05:30" in all_text(msgs)
    for person in big.people:
        for m in personal(big, person, "en-US"):
            assert check_message(m) == []


def test_small_day_is_one_message_and_reads_well():
    plan = sample_plan()
    sheet = build_callsheet(production_id=1, production_code="CEO1", production_name="总裁的契约新娘", timezone="Asia/Shanghai",
                            day=plan.days[0], crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS, version=1)
    msgs = announcement(sheet, "en-US")
    assert all(check_message(m) == [] for m in msgs)
    text = all_text(msgs)
    assert "General call **06:00**" in text and "Company move" in text and "Supper 18:30" in text
    assert "Lighting & grip · **05:00**" in text
    lin = sheet.person(next(m.user_id for m in crew() if "林晓" in m.display_name))
    dm = all_text(personal(sheet, lin, "zh-CN"))
    assert "你的通告时间：**04:15**" in dm and "接车：**03:55**" in dm and "苏晚 Su Wan" in dm  # 走戏 05:45, makeup 90, pickup 20


def test_status_groups_by_department():
    plan = sample_plan()
    sheet = build_callsheet(production_id=1, production_code="CEO1", production_name="P", timezone="Asia/Shanghai",
                            day=plan.days[0], crew=crew(), sets=plan.sets, walks=plan.walks, offsets=DEFAULT_CALL_OFFSETS, version=2)
    deliveries = [Delivery(i, 1, p.user_id, p.department, p.call, ("confirmed", "sent", "unreachable")[i % 3], True)
                  for i, p in enumerate(sheet.people)]
    msgs = status(sheet, deliveries, "en-US")
    assert all(check_message(m) == [] for m in msgs)
    embed = msgs[0]["embeds"][0]
    assert re.search(r"✅ \d+ confirmed · ⏳ \d+ not yet · 📵 \d+ unreachable", embed["description"])
    assert any(f["name"].startswith("Lighting & grip") for f in embed["fields"])


def test_packing_helpers_respect_limits():
    chunks = pack_lines(["x" * 5000, "short", "y" * 10], 4096)
    assert all(len(c) <= 4096 for c in chunks) and chunks[0].endswith("…")
    embeds = [{"title": "t", "description": "d" * 3000} for _ in range(25)]
    messages = group_messages(embeds, content="c" * 3000)
    assert all(check_message(m) == [] for m in messages)
    assert sum(len(m["embeds"]) for m in messages) == 25


def test_import_report_with_hundreds_of_problems_fits():
    from bot.domain.stripboard import Problem
    from bot.render.plan_embeds import import_problems

    problems = [Problem("scenes", i, "est_minutes", "stripboard.problem.not_a_number", {"value": "十分钟" * 20}) for i in range(2, 400)]
    for locale in LOCALES:
        messages = import_problems(problems, locale, "stripboard.xlsx")
        assert all(check_message(m) == [] for m in messages)
        text = all_text(messages)
        assert t("stripboard.where.cell", locale, sheet="scenes", row=2, column="est_minutes") in text, (locale, text[:300])
