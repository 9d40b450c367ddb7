"""Issue 7, breaks 1 and 2, and every command's tenancy: one production never touches another's
data, through the real discord.py client and the sandbox.

B2 ("Blood Oath") shares the studio park's server with CEO1. Its own AD role, producer role, office
and crew; its plan holds a secret synopsis. CEO1's crew, AD and producer try every command and
every autocomplete against B2, from B2's own channel and with the ``production`` option from a
neutral one: each is refused ephemerally, nothing of B2 shows, nothing of B2 changes."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from db.repositories.progress import ProgressRepo
from tests.e2e.conftest import join_code_of

SECRETS = ("SECRET-B2", "Blood Oath", "Secret Actor", "地下室", "B2 1st AD")
DAY = "2026-11-23"

B2_CSV = f"""[days]
date,day,total_days,general_call,wrap
{DAY},1,3,07:00,19:00
[sets]
name,building,road,notes
地下室 Basement,9号楼,,
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes
{DAY},9-1,9,地下室 Basement,INT,NIGHT,SECRET-B2: the twin is alive,,45
{DAY},9-2,9,地下室 Basement,INT,NIGHT,SECRET-B2: the will,,30
"""

CEO1_CSV = f"""[days]
date,day,total_days,general_call,wrap
{DAY},1,6,06:00,18:00
[sets]
name,building,road,notes
别墅客厅 Villa living room,1号楼,,
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes
{DAY},1-1,1,别墅客厅 Villa living room,INT,DAY,Su Wan moves in.,,60
"""


@dataclass
class Park:
    b_office: Any
    b2_ad: Any
    b2_actor: Any
    b2_ad_role: Any
    b2_producer_role: Any


async def make_b2(world, sandbox, harness) -> Park:
    g = world.guild
    b_office = g.create_channel("b-office")
    b2_ad_role, b2_producer_role = g.create_role("B2 AD"), g.create_role("B2 Producer")
    b2_ad = g.add_member("B2 1st AD Park", roles=[b2_ad_role], locale="en-US")
    b2_actor = g.add_member("Secret Actor", locale="en-US")
    manager = g.add_member("Studio Manager", locale="en-US", manage_guild=True)
    r = await manager.run("production create", {"name": "Blood Oath", "code": "B2", "ad_role": b2_ad_role,
                                                "producer_role": b2_producer_role, "language": "en-US"}, channel=b_office)
    assert not r.ephemeral, r.text
    r = await b2_ad.run("crew join", {"title": "B2 1st AD", "department": "ad"}, channel=b_office)
    assert "Welcome" in r.text, r.text
    r = await b2_ad.run("crew invite", {"member": b2_actor}, channel=b_office)
    assert not r.ephemeral and r.message.mentions == [b2_actor.id], r.text
    r = await b2_actor.run("crew join", {"title": "The twin", "department": "cast"}, channel=b_office)
    assert "Welcome" in r.text, r.text
    r = await b2_ad.run("plan import", {"file": sandbox.attachment("b2.csv", B2_CSV.encode())}, channel=b_office, timeout=20)
    await r.wait_done(20)
    assert "SECRET" not in r.text and await days_of(harness, world, "B2") == [(DAY, ("9-1", "9-2"))], r.text
    return Park(b_office, b2_ad, b2_actor, b2_ad_role, b2_producer_role)


async def days_of(harness, world, code: str):
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, code)
        days = [await PlanRepo.day_by_id(tx, d.id, prod.tz) for d in await PlanRepo.days(tx, prod.id, prod.tz)]
    return [(d.date.isoformat(), tuple(s.number for s in d.scenes)) for d in days]


async def snapshot(harness, world, code: str) -> str:
    """Everything stored about one production."""
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, code)
        days = [await PlanRepo.day_by_id(tx, d.id, prod.tz) for d in await PlanRepo.days(tx, prod.id, prod.tz)]
        crew = await CrewRepo.list(tx, prod.id)
        per_day = []
        for d in days:
            latest = await CallsheetRepo.latest(tx, d.id)
            per_day.append((d, latest.version if latest else None, await ProgressRepo.load(tx, d.id), await PlanRepo.overrides(tx, d.id)))
        sets = await PlanRepo.sets(tx, prod.id)
    return repr((prod, days, crew, per_day, sets))


@pytest.fixture
async def park(harness, world, sandbox, production, join_code):
    """CEO1 (the AD and a spark on its crew) beside B2."""
    office = world.channels["ad-office"]
    r = await world.members["ad"].run("crew join", {"title": "第一副导演", "department": "ad"}, channel=office)
    assert "欢迎" in r.text, r.text
    r = await world.members["spark"].run("crew join", {"title": "灯光助理", "department": "lighting", "code": join_code}, channel=office)
    assert "欢迎" in r.text, r.text
    return await make_b2(world, sandbox, harness)


# ------------------------------------------------------------------------------------ break 1


async def test_break1_a_channel_serving_every_purpose_belongs_to_its_one_production(harness, world, sandbox, production, join_code):
    """`/production create` in #b-office points all three purposes at it; `/plan import` and
    `/callsheet publish` there by an AD who is also on CEO1's crew must act on B2, not CEO1."""
    ad, g = world.members["ad"], world.guild
    r = await ad.run("crew join", {"title": "第一副导演", "department": "ad"}, channel=world.channels["ad-office"])
    assert "欢迎" in r.text
    b_office = g.create_channel("b-office")
    r = await ad.run("production create", {"name": "Blood Oath", "code": "B2"}, channel=b_office)  # the server's AD role: AD of both
    assert not r.ephemeral, r.text
    r = await ad.run("crew join", {"title": "副导演", "department": "ad"}, channel=b_office)
    assert "Blood Oath" in r.text, r.text
    r = await ad.run("plan import", {"file": sandbox.attachment("b2.csv", B2_CSV.encode())}, channel=b_office, timeout=20)
    await r.wait_done(20)
    assert await days_of(harness, world, "B2") == [(DAY, ("9-1", "9-2"))], r.text
    assert await days_of(harness, world, "CEO1") == []
    r = await ad.run("callsheet publish", {}, channel=b_office, timeout=30)
    await r.wait_done(30)
    assert "v1" in r.text or "第 1 版" in r.text or "1" in r.text, r.text
    async with harness.bot.db.read() as tx:
        b2 = await ProductionRepo.by_code(tx, g.id, "B2")
        day = await PlanRepo.day(tx, b2.id, date.fromisoformat(DAY))
        published = await CallsheetRepo.latest(tx, day.id)
    assert published is not None and published.sheet.production_code == "B2"
    posted = [m.text for m in b_office.messages] + [m.text for m in world.channels["announcements"].messages]
    assert any("Blood Oath" in t for t in posted) and not any("总裁" in t for t in posted)
    assert all("9-1" not in m.text for m in world.channels["announcements"].messages)  # CEO1's channel untouched


# ------------------------------------------------------------------------------------ break 2


async def test_break2_crew_of_one_production_cannot_read_or_join_another(harness, world, park):
    spark, neutral = world.members["spark"], world.channels["producers"]
    before = await snapshot(harness, world, "B2")
    r = await spark.run("plan show", {"production": "B2"}, channel=neutral)
    assert r.ephemeral and "灯光" not in r.text and not any(s in r.text for s in SECRETS), r.text
    assert "不是 B2 的组员" in r.text
    r = await spark.run("crew list", {"production": "B2"}, channel=neutral)
    assert r.ephemeral and not any(s in r.text for s in SECRETS), r.text
    choices = await spark.autocomplete("plan drop", {"production": "B2"}, focused="scene", channel=neutral)
    assert choices == []
    choices = await spark.autocomplete("plan drop", {}, focused="scene", channel=park.b_office)
    assert choices == []
    r = await spark.run("crew join", {"title": "Spy", "department": "other", "production": "B2"}, channel=neutral)
    assert r.ephemeral and "进组码" in r.text, r.text
    r = await spark.run("crew join", {"title": "Spy", "department": "other"}, channel=park.b_office)
    assert r.ephemeral and "进组码" in r.text, r.text
    assert await snapshot(harness, world, "B2") == before
    # the production option offers only the productions one is on
    choices = await spark.autocomplete("plan show", {}, focused="production", channel=neutral)
    assert [c["value"] for c in choices] == ["CEO1"]
    # B2's own AD and crew see their production, from their office or anywhere with the option
    r = await park.b2_ad.run("plan show", {}, channel=park.b_office)
    assert "9-1" in r.text and "SECRET-B2" in r.text, r.text
    r = await park.b2_actor.run("crew list", {}, channel=neutral)
    assert "Secret Actor" in r.text and "刘洋" not in r.text, r.text
    choices = await park.b2_ad.autocomplete("plan drop", {}, focused="scene", channel=park.b_office)
    assert [c["value"] for c in choices] == ["9-1", "9-2"]


async def test_join_code_and_invitation(harness, world, park):
    """Joining needs the AD's invitation or the join code; a used invitation is gone; a rotated code stops working."""
    newbie = world.guild.add_member("New Grip", locale="en-US")
    neutral = world.channels["producers"]
    r = await newbie.run("crew join", {"title": "Grip", "department": "lighting", "code": "WRONG1"}, channel=neutral)
    assert r.ephemeral and "does not match" in r.text
    old = await join_code_of(harness, world.guild.id, "B2")
    r = await park.b2_ad.run("production code", {"new": True}, channel=park.b_office)
    assert r.ephemeral and old not in r.text, r.text
    new = await join_code_of(harness, world.guild.id, "B2")
    assert new in r.text
    r = await newbie.run("crew join", {"title": "Grip", "department": "lighting", "code": old}, channel=neutral)
    assert r.ephemeral and "does not match" in r.text
    r = await newbie.run("crew join", {"title": "Grip", "department": "lighting", "code": new.lower()}, channel=neutral)
    assert "Welcome to Blood Oath" in r.text, r.text
    # crew of CEO1 cannot see B2's join code
    r = await world.members["ad"].run("production code", {"production": "B2"}, channel=neutral)
    assert r.ephemeral and new not in r.text and "Only assistant directors of B2" in r.text.replace("只有副导演", "Only assistant directors of B2"), r.text


# ---------------------------------------------------------------- every command, every autocomplete

NEUTRAL = "producers"


def _value(defn: dict, park: Park, world, sandbox) -> Any:
    kind = defn["type"]
    if defn.get("choices"):
        return defn["choices"][0]["value"]
    if kind == 3:
        lo = defn.get("min_length") or 1
        return "9-1".ljust(lo, "x")
    if kind in (4, 10):
        return defn.get("min_value") or 1
    if kind == 5:
        return True
    if kind in (6, 9):
        return park.b2_actor
    if kind == 7:
        return park.b_office
    if kind == 8:
        return park.b2_ad_role
    if kind == 11:
        return sandbox.attachment("b2-evil.csv", CEO1_CSV.encode())
    raise AssertionError(f"no test value for option type {kind}")


def leaf_commands(sandbox, guild_id):
    def walk(prefix, options):
        subs = [o for o in options or [] if o["type"] in (1, 2)]
        if not subs:
            yield prefix, options or []
        for sub in subs:
            yield from walk(f"{prefix} {sub['name']}", sub.get("options"))

    for cmd in sandbox.commands(guild_id):
        yield from walk(cmd["name"], cmd.get("options"))


def seen_by(result) -> str:
    return "\n".join([result.text, *(m.text for m in result.followups)])


@pytest.mark.parametrize("who", ["spark", "ad", "producer"])
@pytest.mark.parametrize("where", ["b2-channel", "option"])
async def test_every_command_and_autocomplete_is_tenant_checked(harness, world, sandbox, park, who, where):
    from bot.tenancy import access_of

    actor = world.members[who]
    tree = {c.qualified_name: c for c in harness.bot.tree.walk_commands() if not hasattr(c, "commands")}
    b2_dms = len(park.b2_actor.dms) + len(park.b2_ad.dms)
    before = await snapshot(harness, world, "B2")
    channel = park.b_office if where == "b2-channel" else world.channels[NEUTRAL]
    failures, tried = [], 0
    for name, defs in leaf_commands(sandbox, world.guild.id):
        access = access_of(tree[name])
        if not access.needs_production:
            continue
        options = {d["name"]: _value(d, park, world, sandbox) for d in defs if d.get("required")}
        if where == "option":
            options["production"] = "B2"
        r = await actor.run(name, options, channel=channel, timeout=10)
        await r.wait_done(10)
        tried += 1
        text = seen_by(r)
        if not r.ephemeral or any(s in text for s in SECRETS) or "9-1" in text:
            failures.append(f"/{name}: {text[:200]!r}")
        for d in defs:
            if d.get("autocomplete"):
                typed = {"production": "B2"} if where == "option" and d["name"] != "production" else {}
                choices = await actor.autocomplete(name, typed, focused=d["name"], channel=channel)
                shown = " ".join(f"{c['name']} {c['value']}" for c in choices)
                if any(s in shown for s in SECRETS) or "9-" in shown or "B2" in shown:
                    failures.append(f"/{name} {d['name']} autocomplete: {shown[:200]!r}")
    assert tried >= 20
    assert not failures, "\n".join(failures)
    await sandbox.settle()
    assert await snapshot(harness, world, "B2") == before
    assert len(park.b2_actor.dms) + len(park.b2_ad.dms) == b2_dms
    # the one server-level listing shows only one's own productions
    r = await actor.run("production list", {}, channel=channel)
    assert "CEO1" in r.text and "B2" not in r.text and "Blood Oath" not in r.text, r.text
