"""Issue 7, breaks 3, 6, 7 and 9 end to end: a hostile or careless stripboard never freezes the bot,
never imports garbage, never crashes it, and is never reported as imported when it was not."""

import asyncio
from datetime import date

import pytest

from bot.sandbox.util import wait_until
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from tests import hostile_files as H

DEADLINE = 1.0  # seconds another member may wait while a file is processed (a correctness deadline)


@pytest.fixture
async def crew(harness, world, production, join_code):
    office = world.channels["ad-office"]
    for key, (title, dept) in {"ad": ("第一副导演", "ad"), "spark": ("灯光助理", "lighting"), "villain": ("Vivian", "cast")}.items():
        r = await world.members[key].run("crew join", {"title": title, "department": dept, "code": join_code}, channel=office)
        assert r.ephemeral, r.text
    return production


async def stored_days(harness, world):
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, "CEO1")
        return [await PlanRepo.day_by_id(tx, d.id, prod.tz) for d in await PlanRepo.days(tx, prod.id, prod.tz)]


async def import_while_others_work(world, sandbox, data: bytes, filename: str):
    """The AD uploads ``data``; as soon as the bot is working on it, two other members run commands.
    Returns the import's result and how long each of the others waited for their answer."""
    loop = asyncio.get_running_loop()
    mark = len(sandbox.events)
    att = sandbox.attachment(filename, data)
    upload = asyncio.create_task(world.members["ad"].run("plan import", {"file": att}, channel=world.channels["ad-office"], timeout=40))
    await wait_until(lambda: any(e.kind == "thinking" for e in sandbox.events[mark:]), 5, "the import to be deferred")
    waits, busy = [], []
    for key, command in (("spark", "crew list"), ("villain", "production list")):
        started = loop.time()
        r = await world.members[key].run(command, {}, channel=world.channels["set"])
        waits.append(loop.time() - started)
        busy.append(not upload.done())
        assert r.ephemeral and r.error is None, r
    result = await upload
    await result.wait_done(40)
    return result, waits, busy


async def test_break3_hostile_xlsx_is_refused_and_nobody_waits(harness, world, sandbox, crew):
    for data in (H.declared_xfd3000(), H.huge_shared_string(200), H.wide_cells()):
        r, waits, _ = await import_while_others_work(world, sandbox, data, "通告.xlsx")
        assert max(waits) < DEADLINE, waits
        assert r.ephemeral and "未导入" in r.text, r.text
    assert "16384" in r.text or "列" in r.text
    assert await stored_days(harness, world) == []


async def test_members_are_answered_while_a_heavy_file_is_still_being_read(harness, world, sandbox, crew):
    """A file just under every limit takes the parser seconds: it runs in its own process, so other
    members' commands are answered at once, while it is still being read."""
    r, waits, busy = await import_while_others_work(world, sandbox, H.heavy_but_within_limits(), "heavy.xlsx")
    assert max(waits) < DEADLINE, waits
    assert busy[0], "the import finished before the first member was answered: the file did not keep the parser busy"
    assert r.ephemeral and "未导入" in r.text
    assert await stored_days(harness, world) == []


async def test_break6_a_shift_jis_csv_is_read_as_shift_jis(harness, world, sandbox, crew):
    att = sandbox.attachment("japan.csv", H.shift_jis_csv())
    r = await world.members["ad"].run("plan import", {"file": att}, channel=world.channels["ad-office"], timeout=30)
    await r.wait_done(30)
    assert "Shift-JIS" in r.text, r.text  # the AD is told which encoding it was read in
    (day,) = await stored_days(harness, world)
    assert day.date == date(2026, 11, 23) and [s.set_name for s in day.scenes] == ["病院の廊下", "病院の廊下"]
    assert day.scenes[0].synopsis == "医者が廊下を走ってくる。看護師が呼び止める。"
    r = await world.members["villain"].run("plan show", {}, channel=world.channels["set"])
    assert "病院の廊下" in r.text and "昦" not in r.text


async def test_a_whole_day_exported_by_a_chinese_excel_as_gb18030_imports_as_itself(harness, world, sandbox, crew):
    """What WPS/Excel on a Chinese Windows writes for "CSV": the demo's day 1, GB18030, no BOM."""
    from tests.plan_fixtures import DEMO

    att = sandbox.attachment("第1天通告.csv", DEMO.read_text("utf-8").encode("gb18030"))
    r = await world.members["ad"].run("plan import", {"file": att}, channel=world.channels["ad-office"], timeout=30)
    await r.wait_done(30)
    assert "GB18030" in r.text and "未导入" not in r.text, r.text
    (day,) = await stored_days(harness, world)
    assert day.scenes[0].set_name == "医院病房" and day.scenes[0].synopsis.startswith("苏晚守在昏迷的母亲床前")


async def test_break6_an_undecidable_encoding_is_refused_with_how_to_resave(harness, world, sandbox, crew):
    data = "\n".join(["[days]", "date,day,general_call", "2026-11-23,1,06:00", "[scenes]", "date,scene,set,synopsis,est_minutes",
                      "2026-11-23,1-1,醫院走廊,蘇晚在走廊打電話借錢，處處碰壁。,20"]).encode("big5")
    r = await world.members["ad2"].run("plan import", {"file": sandbox.attachment("short.csv", data)}, channel=world.channels["ad-office"], timeout=30)
    await r.wait_done(30)
    assert r.ephemeral and "CSV UTF-8" in r.text and "GB18030" in r.text, r.text
    assert await stored_days(harness, world) == []


async def test_break7_a_309_digit_duration_is_a_localized_refusal_not_a_crash(harness, world, sandbox, crew):
    r = await world.members["ad"].run("plan import", {"file": sandbox.attachment("big.csv", H.overflow_csv())},
                                      channel=world.channels["ad-office"], timeout=30)
    await r.wait_done(30)
    assert r.ephemeral and "est_minutes" in r.shown and "须在 1 到" in r.text, r.text
    assert "出了点问题" not in r.text and "副导演频道" not in r.text
    assert await stored_days(harness, world) == []


async def test_break9_headers_only_is_an_error_not_zero_scenes_imported(harness, world, sandbox, crew):
    r = await world.members["ad2"].run("plan import", {"file": sandbox.attachment("empty.csv", H.headers_only_csv())},
                                       channel=world.channels["ad-office"], timeout=30)
    await r.wait_done(30)
    assert r.ephemeral and "not imported" in r.text and "header but no rows" in r.text, r.text
    assert "Imported" not in r.text
    assert await stored_days(harness, world) == []
