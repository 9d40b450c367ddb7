"""/duty through the sandbox: crew go on and off duty themselves, a head of department sets who in
their own department is on duty and no one else's, crew cannot set anyone's, the makeup head pairs
an actor with their 跟妆, and the list shows it all in the reader's language."""

from tests.e2e.standby_setup import set_up


async def test_duty_on_off_list(harness, world, sandbox):
    await set_up(world, sandbox, harness, plan=False)
    office = world.channels["ad-office"]
    gaffer, spark, spark2, makeup2 = (world.members[k] for k in ("gaffer", "spark", "spark2", "makeup2"))

    r = await spark.run("duty off", {}, channel=office)
    assert r.ephemeral and "离岗" in r.text and "灯光组" in r.text, r.text
    # a spark cannot put someone else on or off duty
    r = await spark.run("duty off", {"member": spark2}, channel=office)
    assert r.ephemeral and "组长" in r.text, r.text
    # the gaffer (joined as head of lighting) sets his own people...
    r = await gaffer.run("duty off", {"member": spark2}, channel=office)
    assert r.ephemeral and "Somchai" in r.text and "离岗" in r.text, r.text
    # ...but not the makeup department's
    r = await gaffer.run("duty off", {"member": makeup2}, channel=office)
    assert r.ephemeral and "组长" in r.text and "离岗" not in r.text, r.text
    # the AD sets anyone's
    r = await world.members["ad2"].run("duty on", {"member": spark2}, channel=office)
    assert r.ephemeral and "is on duty" in r.text, r.text
    # someone not on the crew
    stranger = world.guild.add_member("Stranger", locale="en-US")
    r = await world.members["ad2"].run("duty on", {"member": stranger}, channel=office)
    assert r.ephemeral and "not on the crew" in r.text, r.text

    r = await world.members["ad2"].run("duty list", {"department": "lighting"}, channel=office)
    assert r.ephemeral, r.text
    assert "On duty: ★ 王强 Wang Qiang, Somchai Boonmee" in r.text and "Off duty: 刘洋 Liu Yang" in r.text, r.text
    r = await makeup2.run("duty list", {}, channel=office)  # crew may read it; only for her
    assert r.ephemeral and "CEO1" in r.text and "Somchai Boonmee" in r.text, r.text


async def test_the_makeup_head_pairs_an_actor_with_their_makeup_artist(harness, world, sandbox):
    await set_up(world, sandbox, harness)
    office = world.channels["ad-office"]
    makeup, makeup2, gaffer = world.members["makeup"], world.members["makeup2"], world.members["gaffer"]

    choices = await makeup.autocomplete("duty pair", {"actor": "苏"}, focused="actor", channel=office)
    assert [c["name"] for c in choices] == ["苏晚 Su Wan · 林晓 Lin Xiao", "苏母 Su's mother · 李秀英 Li Xiuying"], choices
    r = await makeup.run("duty pair", {"actor": choices[0]["value"], "artist": makeup2}, channel=office)
    assert r.ephemeral and "佐藤美咲 Sato Misaki 现在是 苏晚 Su Wan (林晓 Lin Xiao) 的跟妆" in r.text, r.text
    # an actor not on Discord, by character name typed freely
    r = await makeup.run("duty pair", {"actor": "苏母", "artist": makeup}, channel=office)
    assert r.ephemeral and "跟妆" in r.text and "李秀英" in r.text, r.text
    # a typo: nearest matches, nothing stored
    r = await makeup.run("duty pair", {"actor": "Sara Miler", "artist": makeup2}, channel=office)
    assert r.ephemeral and "没有“Sara Miler”" in r.text and "Sarah Miller" in r.text, r.text
    # the artist must be in makeup; the lighting head cannot pair anyone
    r = await makeup.run("duty pair", {"actor": "Vivian", "artist": gaffer}, channel=office)
    assert r.ephemeral and "不在化妆组" in r.text, r.text
    r = await gaffer.run("duty pair", {"actor": "Vivian", "artist": makeup2}, channel=office)
    assert r.ephemeral and "组长" in r.text, r.text
    r = await world.members["spark"].run("duty pair", {"actor": "Vivian", "artist": makeup2}, channel=office)
    assert r.ephemeral and "组长" in r.text, r.text

    r = await world.members["ad2"].run("duty list", {"department": "makeup"}, channel=office)
    assert "林晓 Lin Xiao ← 佐藤美咲 Sato Misaki" in r.text and "李秀英 Li Xiuying ← 陈静 Chen Jing" in r.text, r.text
    r = await makeup.run("duty pair", {"actor": "苏晚"}, channel=office)
    assert r.ephemeral and "已没有跟妆" in r.text, r.text
    r = await world.members["ad2"].run("duty list", {"department": "makeup"}, channel=office)
    assert "林晓 Lin Xiao ←" not in r.text, r.text
