"""The ladder's second step DMs the head of department, also a head who holds only the department's
head role on Discord (no /crew join head:, not on any duty list). Without the privileged Server
Members intent the bot cannot list a role's members, so the crew directory notes it from what each
interaction shows: holding the role makes a crew member their department's head; losing it, not."""

from datetime import timedelta

from db.repositories.crew import CrewRepo
from tests.e2e.standby_setup import at, set_up, to


async def test_a_head_by_role_alone_is_dmed_at_the_ladders_second_step(harness, world, sandbox, clock):
    prod_id, _ = await set_up(world, sandbox, harness)
    ad, makeup, lead = world.members["ad"], world.members["makeup"], world.members["lead_f"]
    office = world.channels["ad-office"]
    role = world.roles["Makeup head"]
    assert role.id in makeup.role_ids
    async with harness.bot.db.read() as tx:  # she joined without head: (the crew directory says so)
        m = await CrewRepo.get(tx, prod_id, makeup.id)
    assert not m.is_head and m.role_heads == ("makeup",) and m.leads  # ... but /crew join saw her role

    # the AD calls 苏晚 to set; nobody answers: after 6 minutes (the second step) the makeup head is DMed
    await to(harness, sandbox, clock, at(8, 10))
    r = await ad.run("standby", {"person": "苏晚", "in": 15}, channel=office)
    await r.wait_done()
    before = len(makeup.dms)
    await to(harness, sandbox, clock, at(8, 16))
    assert len(makeup.dms) == before + 1 and "还没有人回复" in makeup.dms[-1].text, [d.text for d in makeup.dms[before:]]
    assert "苏晚" in makeup.dms[-1].text
    # she answers from that DM (a DM shows no roles: what the directory noted stays)
    dm = makeup.dms[-1]
    r = await makeup.click(dm, dm.components[0]["components"][0]["custom_id"])
    assert "你的回复：**收到**" in r.text, r.text  # the DM is edited with her answer
    async with harness.bot.db.read() as tx:
        assert (await CrewRepo.get(tx, prod_id, makeup.id)).role_heads == ("makeup",)

    # the role is taken from her; the next time she uses the bot the directory notes it: no longer DMed as head
    makeup.remove_role(role)
    r = await makeup.run("duty list", {}, channel=office)
    await r.wait_done()
    async with harness.bot.db.read() as tx:
        assert (await CrewRepo.get(tx, prod_id, makeup.id)).role_heads == ()
    r = await ad.run("standby", {"person": "苏晚"}, channel=office)
    await r.wait_done()
    before = len(makeup.dms)
    await to(harness, sandbox, clock, clock.now() + timedelta(minutes=6, seconds=5))
    assert len(makeup.dms) == before, [d.text for d in makeup.dms[before:]]

    # given back: noted at her next use, DMed again
    makeup.add_role(role)
    r = await makeup.run("duty list", {}, channel=office)
    await r.wait_done()
    async with harness.bot.db.read() as tx:
        assert (await CrewRepo.get(tx, prod_id, makeup.id)).role_heads == ("makeup",)
