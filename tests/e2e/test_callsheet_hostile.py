"""Issue 11 tried as a real park would, end to end: a cast table of Korean, Japanese, emoji,
300-character and markdown/@everyone names, saved as GB18030, imports; /crew link takes a cast
number; the publish goes through the sandbox (which refuses what Discord refuses) in split
messages, pings nobody, shows every name as typed, and the PDF prints them all."""

import io

from pypdf import PdfReader

from tests.e2e.test_callsheet import ALL_JOINS, import_file, publish
from tests.render.test_callsheet_hostile import NAMES, hostile_csv

DAY = "2026-11-23"
KOREAN = NAMES[0]  # 김서연 Kim Seo-yeon, cast number 20


async def test_a_park_cast_in_gb18030_publishes_within_discords_limits_and_pings_nobody(harness, world, sandbox, production, join_code):
    sandbox.rate_limits.relax()  # about sizes, names and pings, not about Discord's rate limits
    office, ad = world.channels["ad-office"], world.members["ad"]
    for key in ("ad", "wardrobe", "focus"):
        dept, title, head, lang = ALL_JOINS[key]
        r = await world.members[key].run("crew join", {"title": title, "department": dept, "head": head, "language": lang, "code": join_code},
                                         channel=office)
        assert r.ephemeral
    r = await import_file(world, sandbox, hostile_csv().encode("gb18030"), "cast.csv")
    assert "GB18030" in r.shown and "25" in r.shown, r.shown

    # the focus puller also plays the Korean guest: the AD links him by cast number
    r = await ad.run("crew link", {"member": world.members["focus"], "actor": "#20"}, channel=office)
    await r.wait_done()
    assert r.ephemeral and KOREAN in r.shown, r.shown

    r = await publish(harness, world, DAY)  # the report, then the AD's list to phone in several followups
    lists = [m for m in r.followups if m.text.strip()]
    assert len(lists) > 2 and all(len(m.text) <= 2000 for m in lists)  # the list to phone, split
    phone = "\n".join(m.shown for m in lists)
    for name in NAMES[1:]:
        assert name in phone, name
    assert KOREAN not in phone.split("请电话通知以下人员")[1]  # on Discord now
    judge = "\n".join(m.shown for m in world.members["focus"].dms)
    assert "角色0 Role 0" in judge and "2-9" in judge

    posts = [m for m in world.channels["announcements"].messages if m.author_id == sandbox.bot_user_id]
    shown = "\n".join(m.shown for m in posts)
    for name in NAMES:
        assert name in shown, name
    for channel in sandbox.channels.values():  # nobody pinged by a name, anywhere
        for m in channel.messages:
            if m.author_id == sandbox.bot_user_id:
                assert not m.mention_everyone and not m.mention_roles and not m.mentions, m.text[:200]
    for m in r.followups:
        assert not m.mention_everyone and not m.mentions

    att = next(a for m in posts for a in m.attachments if a.filename.endswith(".pdf"))
    pdf = "".join(p.extract_text() for p in PdfReader(io.BytesIO(att.data)).pages).replace("\n", "").replace(" ", "")
    for name in NAMES:
        assert name.replace(" ", "")[:24] in pdf, name
