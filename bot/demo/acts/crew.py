"""Act 1: the AD sets up the production, the crew join in their own languages, the AD lists them."""

from __future__ import annotations

from bot.demo.world import PRODUCTION_CODE, join_code_in

ORDER = 10
TITLE = "Act 1 · Setting up: production and crew"

# key: (department, title, head, language option)
JOINS = {
    "ad2": ("ad", "2nd AD", False, "en-US"),
    "producer": ("producer", "制片人", True, "zh-CN"),
    "spark": ("lighting", "灯光助理", False, "zh-CN"),
    "focus": ("camera", "跟焦员", False, "zh-CN"),
    "makeup": ("makeup", "化妆组长", False, "zh-CN"),  # head by her "Makeup head" role alone
    "makeup2": ("makeup", "Makeup artist", False, "ja"),
    "wardrobe": ("wardrobe", "服装师", True, "zh-CN"),
    "art": ("art", "美术指导", True, "zh-CN"),
    "sound": ("sound", "Sound recordist", True, "es-ES"),
    "lead_f": ("cast", "女主 苏晚 (Su Wan)", False, "zh-CN"),
    "lead_m": ("cast", "男主 陆霆 (Lu Ting)", False, "zh-CN"),
    "villain": ("cast", "Villain: Vivian", False, "en-US"),
    "support": ("cast", "女二 沈心 (Shen Xin)", False, "zh-CN"),
    "canteen": ("canteen", "食堂阿姨", True, "zh-CN"),
}


async def play(demo) -> None:
    ad, office = demo.member("ad"), demo.channel("ad-office")

    demo.narrate("A lighting assistant tries to create a production (only ADs may):")
    await demo.member("spark").run("production create", {"name": "测试", "code": "TEST"}, channel=office)
    demo.show()

    demo.narrate("Someone tightened #art's permissions last week: SetCall may no longer embed links or attach files there. "
                 "The 1st AD creates the production in the AD office; the join code, and what SetCall is missing where, "
                 "come to her alone:")
    from bot.sandbox import permissions as P

    demo.channel("art").set_permissions(demo.world.guild.everyone_role, deny=P.EMBED_LINKS | P.ATTACH_FILES)
    r = await ad.run("production create", {"name": "总裁的契约新娘 The CEO's Contract Bride", "code": PRODUCTION_CODE}, channel=office)
    code = await join_code_in(r)
    demo.state["join_code"] = code
    demo.show()

    demo.narrate("Without the join code or an invitation nobody joins (a stranger tries):")
    await demo.member("canteen").run("crew join", {"title": "路人", "department": "other"}, channel=demo.channel("canteen"))
    demo.show()

    demo.narrate("The AD joins herself (no code needed); she invites the gaffer, who joins with the department menu:")
    await ad.run("crew join", {"title": "第一副导演", "department": "ad", "head": True}, channel=office)
    await ad.run("crew invite", {"member": demo.member("gaffer")}, channel=demo.channel("lighting"))
    r = await demo.member("gaffer").run("crew join", {"title": "灯光师 (Gaffer)", "head": True}, channel=demo.channel("lighting"))
    demo.show()
    await demo.member("gaffer").select(r.message, "setcall:crew:department", ["lighting"])
    demo.show()

    demo.narrate(f"The rest of the crew join with the code {code} the AD posted in the crew chat, each in their own language:")
    for key, (dept, title, head, lang) in JOINS.items():
        await demo.member(key).run("crew join", {"title": title, "department": dept, "head": head, "language": lang, "code": code},
                                   channel=office)
    demo.show()

    demo.narrate("The Thai spark and the Korean DP see the slash commands in their own language and type them so; "
                 "without a language option, their language is their Discord client's:")
    await demo.member("spark2").run("/ทีมงาน เข้ากอง", {"ตำแหน่ง": "ช่างไฟ (Spark)", "ฝ่าย": "lighting", "รหัสเข้ากอง": code}, channel=office)
    await demo.member("dp").run("/스태프 합류", {"직책": "촬영감독 (DP)", "팀": "camera", "팀장": True, "참여코드": code}, channel=office)
    demo.show()

    demo.narrate("A mixed crew on a Chinese set: the AD adds a Thai line under every post in the production's channels:")
    await ad.run("/剧组 语言", {"第二语言": "th"}, channel=office)
    demo.show()

    demo.narrate("Bad input gets a clear, localized, ephemeral refusal (an empty title):")
    await demo.member("focus").run("crew join", {"title": "   ", "department": "camera"}, channel=office)
    demo.show()

    demo.narrate("The AD lists the crew (English client, then the Chinese client):")
    r = await demo.member("ad2").run("crew list", {}, channel=office)
    demo.show()
    if r.message is not None and r.message.components:
        await demo.member("ad2").click(r.message, "setcall:page:next")
        demo.show()
    await ad.run("crew list", {"department": "cast"}, channel=office)
