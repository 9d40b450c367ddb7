"""Issue 2's first feature end to end: /production create, /crew join|list|remove, in English and
Chinese, with refusals, through the real discord.py client and the sandbox."""

from db.repositories.crew import CrewRepo
from tests.e2e.conftest import join_code_of
from db.repositories.productions import ProductionRepo


async def crew_of(harness, guild_id, code):
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, guild_id, code)
        return await CrewRepo.list(tx, prod.id) if prod else None


async def test_commands_are_synced_to_the_guild_with_chinese_localizations(harness, sandbox, world):
    cmds = {c["name"]: c for c in sandbox.commands(world.guild.id)}
    assert {"production", "crew", "setcall-admin"} <= set(cmds)
    assert cmds["crew"]["name_localizations"]["zh-CN"] == "剧组成员"
    join = next(o for o in cmds["crew"]["options"] if o["name"] == "join")
    assert join["name_localizations"]["zh-CN"] == "加入"
    assert any(o["name"] == "title" and o["name_localizations"]["zh-CN"] == "职务" for o in join["options"])
    assert sandbox.commands(None) == []  # never a global sync on start


async def test_ad_creates_production_in_the_production_language(harness, world):
    r = await world.members["ad"].run("production create", {"name": "总裁的契约新娘", "code": "ceo1"}, channel=world.channels["ad-office"])
    assert not r.ephemeral
    assert "已建立" in r.text and "CEO1" in r.text
    # configured channels were attached
    async with harness.bot.db.read() as tx:
        prod = await ProductionRepo.by_code(tx, world.guild.id, "CEO1")
    assert prod.channel("announcements") == world.channels["announcements"].id
    assert prod.department_channel("lighting") == world.channels["lighting"].id


async def test_crew_member_cannot_create_a_production(harness, world):
    r = await world.members["spark"].run("production create", {"name": "X", "code": "XX"}, channel=world.channels["set"])
    assert r.ephemeral and "只有副导演" in r.text
    r = await world.members["villain"].run("production create", {"name": "X", "code": "XX"}, channel=world.channels["set"])
    assert r.ephemeral and "Only assistant directors" in r.text
    async with harness.bot.db.read() as tx:
        assert await ProductionRepo.in_guild(tx, world.guild.id) == []


async def test_manage_server_permission_counts_as_ad(harness, world, sandbox):
    boss = world.guild.add_member("Studio Manager", locale="en-US", manage_guild=True)
    r = await boss.run("production create", {"name": "Palace Intrigue", "code": "PAL"}, channel=world.channels["set"])
    assert not r.ephemeral and "PAL" in r.text


async def test_bad_input_is_refused_ephemerally_and_nothing_is_written(harness, world):
    ad = world.members["ad2"]
    r = await ad.run("production create", {"name": "Bride", "code": "a b"}, channel=world.channels["ad-office"])
    assert r.ephemeral and "is not a usable code" in r.text
    r = await ad.run("production create", {"name": "Bride", "code": "CEO2", "timezone": "Asia/Shanghia"}, channel=world.channels["ad-office"])
    assert r.ephemeral and "Asia/Shanghia" in r.text
    async with harness.bot.db.read() as tx:
        assert await ProductionRepo.in_guild(tx, world.guild.id) == []


async def test_duplicate_code_refused(harness, world, production):
    r = await world.members["ad2"].run("production create", {"name": "Again", "code": production}, channel=world.channels["ad-office"])
    assert r.ephemeral and "already exists" in r.text


async def test_crew_join_in_two_languages(harness, world, production, join_code):
    r = await world.members["villain"].run("crew join", {"title": "Villain: Vivian", "department": "cast", "code": join_code}, channel=world.channels["set"])
    assert r.ephemeral and r.text.startswith("Welcome to")
    r = await world.members["spark"].run("crew join", {"title": "灯光助理", "department": "lighting", "code": join_code}, channel=world.channels["set"])
    assert r.ephemeral and "欢迎加入" in r.text and "灯光组" in r.text
    # the language option wins over the client locale for DMs later
    r = await world.members["dp"].run("crew join", {"title": "DP", "department": "camera", "language": "ko", "code": join_code}, channel=world.channels["set"])
    assert "환영합니다" in r.text and "촬영팀" in r.text, r.text  # Korean, with the Korean department name
    crew = await crew_of(harness, world.guild.id, production)
    assert {(m.display_name, m.department, m.language) for m in crew} == {
        ("Sarah Miller", "cast", "en-US"),
        ("刘洋 Liu Yang", "lighting", "zh-CN"),
        ("김민준 Kim Min-jun", "camera", "ko"),
    }


async def test_crew_join_department_select_menu(harness, world, production, join_code):
    gaffer = world.members["gaffer"]
    r = await gaffer.run("crew join", {"title": "灯光师", "head": True, "code": join_code}, channel=world.channels["lighting"])
    assert r.ephemeral and "哪个组" in r.text
    options = r.message.components[0]["components"][0]["options"]
    assert len(options) == 11 and options[2]["label"] == "灯光组"
    # someone else cannot answer another person's menu: ephemeral, so only the member sees it
    r2 = await gaffer.select(r.message, "setcall:crew:department", ["lighting"])
    assert "欢迎加入" in r2.text
    crew = await crew_of(harness, world.guild.id, production)
    assert [(m.department, m.is_head) for m in crew] == [("lighting", True)]


async def test_crew_list_is_paginated_and_localized(harness, world, production, join_code):
    office = world.channels["ad-office"]
    for i in range(15):
        member = world.guild.add_member(f"群演 Extra {i:02d}", locale="zh-CN")
        await member.run("crew join", {"title": "群众演员", "department": "cast", "code": join_code}, channel=office)
    r = await world.members["ad2"].run("crew list", {}, channel=office)
    assert r.ephemeral
    assert "Crew · " in r.text and "Crew members: 15" in r.text and "Page 1 of 2" in r.text
    r2 = await world.members["ad2"].click(r.message, "setcall:page:next")
    assert "Page 2 of 2" in r2.message.text
    r = await world.members["ad"].run("crew list", {}, channel=office)
    assert "组员名单" in r.text and "第 1 页，共 2 页" in r.text


async def test_crew_remove_is_for_ads(harness, world, production, join_code):
    office = world.channels["ad-office"]
    await world.members["spark"].run("crew join", {"title": "灯光助理", "department": "lighting", "code": join_code}, channel=office)
    r = await world.members["focus"].run("crew remove", {"member": world.members["spark"]}, channel=office)
    assert r.ephemeral and "只有副导演" in r.text
    r = await world.members["ad2"].run("crew remove", {"member": world.members["spark"]}, channel=office)
    assert r.ephemeral and "has been removed" in r.text
    r = await world.members["ad2"].run("crew remove", {"member": world.members["spark"]}, channel=office)
    assert r.ephemeral and "is not on the crew" in r.text
    assert await crew_of(harness, world.guild.id, production) == []


async def test_productions_never_see_each_other(harness, world, production, join_code):
    shared = world.channels["producers"]
    await world.members["ad"].run("production create", {"name": "宫廷秘史", "code": "PAL"}, channel=shared)
    # the producers' channel now belongs to PAL: point PAL elsewhere so that it belongs to neither
    await world.members["ad"].run("production channel", {"purpose": "announcements", "channel": world.channels["canteen"], "production": "PAL"}, channel=shared)
    await world.members["ad"].run("production channel", {"purpose": "production", "channel": world.channels["canteen"], "production": "PAL"}, channel=shared)
    await world.members["ad"].run("production channel", {"purpose": "ad", "channel": world.channels["canteen"], "production": "PAL"}, channel=shared)
    pal_code = await join_code_of(harness, world.guild.id, "PAL")
    await world.members["spark"].run("crew join", {"title": "灯光助理", "department": "lighting", "code": join_code}, channel=shared)
    await world.members["villain"].run("crew join", {"title": "Empress", "department": "cast", "code": pal_code}, channel=shared)
    r = await world.members["ad2"].run("crew list", {"production": "PAL"}, channel=shared)
    assert "Sarah Miller" in r.text and "Liu Yang" not in r.text
    r = await world.members["ad2"].run("crew list", {"production": "CEO1"}, channel=shared)
    assert "Liu Yang" in r.text and "Sarah Miller" not in r.text
    # without the option, in a channel of neither, the bot asks which one (of the AD's)
    r = await world.members["ad2"].run("crew list", {}, channel=shared)
    assert r.ephemeral and "several productions" in r.text


async def test_state_survives_a_restart(harness, world, production, join_code):
    await world.members["spark"].run("crew join", {"title": "灯光助理", "department": "lighting", "code": join_code}, channel=world.channels["set"])
    await harness.restart()
    r = await world.members["ad2"].run("crew list", {}, channel=world.channels["ad-office"])
    assert "Liu Yang" in r.text


async def test_owner_or_ad_can_resync(harness, world):
    r = await world.members["ad2"].run("setcall-admin sync", {}, channel=world.channels["ad-office"])
    assert r.ephemeral and "Synced" in r.text
    r = await world.members["spark"].run("setcall-admin sync", {}, channel=world.channels["ad-office"])
    assert r.ephemeral and "所有者" in r.text
