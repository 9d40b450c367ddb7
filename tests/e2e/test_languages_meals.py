"""Issue 10, the supper prompt: a Korean, a Japanese, a Spanish and a Thai crew member who have not
ordered are reminded before the cutoff entirely in their own language (text and buttons), and the
order form they open from that DM, and its answer, speak it too. The real discord.py client, the real
outbox and scheduler on a real SQLite file."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.i18n import t
from tests.e2e.conftest import SH
from tests.e2e.meals_world import add_menu, item_id, make_ceo1, settle, the_round, to

#: crew key -> (locale, words of that language the reminder must carry)
FOREIGN = {
    "dp": ("ko", "식사 주문이"),
    "makeup2": ("ja", "食事注文は"),
    "sound": ("es-ES", "Los pedidos de comida"),
    "spark2": ("th", "การสั่งข้าว"),
}
#: English that would leak from a missing translation or a hard-coded string.
ENGLISH = re.compile(r"\b(supper|Meal orders|close at|not answered|Ordered|Dish|portions?|Eat|Not eating|change it)\b", re.I)


async def test_the_supper_prompt_reaches_four_foreign_crew_members_in_their_own_languages(harness, world, sandbox, clock):
    pid, _ = await make_ceo1(world, sandbox, harness)
    await add_menu(world)
    rnd = await the_round(harness, pid)
    assert rnd is not None
    pork = await item_id(harness, world, "红烧肉饭")
    members = world.members
    before = {k: len(members[k].dms) for k in FOREIGN}

    # half an hour before the cutoff: the reminder, to everyone on the day who has not answered
    await to(harness, sandbox, clock, rnd.cutoff_at - timedelta(minutes=25))
    cutoff = rnd.cutoff_at.astimezone(SH).strftime("%H:%M")
    for key, (locale, words) in FOREIGN.items():
        member = members[key]
        [dm] = [d for d in member.dms[before[key]:] if f"setcall:meal:{rnd.id}:yes" in d.custom_ids()]
        assert words in dm.text and f"**{cutoff}**" in dm.text and t("meals.meal.supper", locale) in dm.text, (locale, dm.text)
        assert not ENGLISH.search(dm.text), (locale, dm.text)
        labels = [dm.find_component(c)["label"] for c in dm.custom_ids()]
        assert labels == [t("meals.button.yes", locale), t("meals.button.no", locale)], (locale, labels)

        # the form opened from the DM, and the answer, in the same language
        form = await member.click(dm, f"setcall:meal:{rnd.id}:yes", locale=locale)
        assert form.ephemeral and not ENGLISH.search(form.text), (locale, form.text)
        picker = form.message.find_component(f"setcall:meal:{rnd.id}:f:item")
        assert picker["placeholder"] == t("meals.form.pick_dish", locale), (locale, picker)
        done = await member.select(form.message, f"setcall:meal:{rnd.id}:f:item", [str(pork)], locale=locale)
        ordered = t("meals.reply.ordered", locale, meal=t("meals.meal.supper", locale), dish="X", quantity=1, cutoff=cutoff)
        assert ordered.split("**")[0] in done.text and cutoff in done.text, (locale, done.text)
        assert not ENGLISH.search(done.text.replace("Braised pork rice", "")), (locale, done.text)
    await settle(harness, sandbox)
