"""Issue 7, break 8, end to end: markdown, masked links and mentions in names, titles, sets, notes and
production names show as typed in every post, DM and reply, and ping nobody."""

from tests.e2e.conftest import join_code_of

DAY = "2026-11-23"
LINK = "[OK](https://evil.example)"
PRODUCTION = "**总裁** ||剧透|| __Bride__"
SET = "__别墅__ @everyone"
NOTES = "||明天下雨|| [地图](https://evil.example) <@&123456789012345678>"

CSV = f"""[days]
date,day,total_days,general_call,wrap,notes
{DAY},1,6,06:00,18:00,{NOTES}
[sets]
name,building,road,notes
{SET},1号楼 **B1**,,~~旧~~
[scenes]
date,scene,episodes,set,int_ext,day_night,synopsis,cast,est_minutes
{DAY},1-1,1,{SET},INT,DAY,# 标题 > 引用 `代码`,Vivian=Sarah Miller,60
{DAY},1-2,1,{SET},INT,DAY,**粗体**,,30
"""

RAW = ("**Gaffer**", "**总裁**", "||剧透||", "__Bride__", "__别墅__", "@everyone", "||明天下雨||", "[地图](https://", LINK, "<@&123456789012345678>", "~~旧~~",
       "**B1**", "**粗体**", "`代码`")


def assert_literal(text: str) -> None:
    for token in RAW:
        assert token not in text, f"{token!r} renders in {text[:400]!r}"


async def test_break8_markdown_in_names_sets_notes_and_production_renders_nowhere(harness, world, sandbox):
    ad, office = world.members["ad"], world.channels["ad-office"]
    r = await ad.run("production create", {"name": PRODUCTION, "code": "CEO1"}, channel=office)
    assert_literal(r.text)
    assert "**总裁** ||剧透|| __Bride__" in r.shown
    code = await join_code_of(harness, world.guild.id)
    evil = world.guild.add_member(LINK, locale="en-US")
    for member, title, dept in ((ad, "第一副导演", "ad"), (evil, "**Gaffer**", "lighting"), (world.members["producer"], "制片人", "producer")):
        r = await member.run("crew join", {"title": title, "department": dept, "code": code}, channel=office)
        assert_literal(r.text)
    r = await ad.run("plan import", {"file": sandbox.attachment("day1.csv", CSV.encode())}, channel=office, timeout=30)
    await r.wait_done(30)
    assert_literal(r.text)
    r = await ad.run("callsheet publish", {"day": DAY}, channel=office, timeout=60)
    await r.wait_done(60)
    await harness.bot.cues.settle()
    await sandbox.settle()

    posts = [m for m in world.channels["announcements"].messages if m.author_id == sandbox.bot_user_id]
    assert posts, "the call sheet was not posted"
    for m in posts:
        assert_literal(m.text)
        assert not m.mention_everyone and not m.mention_roles and not m.mentions
    shown = "\n".join(m.shown for m in posts)
    assert SET in shown and "||明天下雨||" in shown and PRODUCTION in shown

    dm = evil.dms[-1]
    assert_literal(dm.text)
    title = dm.embeds[0]["title"]
    assert LINK not in title and "\\[OK\\]" in title and "\\*\\*总裁\\*\\*" in title

    r = await world.members["producer"].run("callsheet status", {"day": DAY}, channel=world.channels["producers"])
    assert_literal(r.text)
    assert LINK in r.shown  # the name shows as typed, as text

    r = await ad.run("plan show", {"day": DAY}, channel=office)
    assert_literal(r.text)
    r = await ad.run("crew list", {}, channel=office)
    assert_literal(r.text)
    assert LINK in r.shown
