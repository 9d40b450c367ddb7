"""The plan's calls name several actors or several actors' changes: each reader reads the list the
way their language writes one, the names and looks as typed (escaped, never pinging), in order."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain import standby as S
from bot.i18n import LOCALES
from bot.render import standby as R

SH = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 11, 23, 8, 35, tzinfo=SH)
PEOPLE = ("苏晚 (林晓 Lin Xiao)", "Vivian (Sarah Miller)", "**老郑** @everyone <@123>")
LOOKS = (S.Look("苏晚", "米色大衣 beige coat", ""), S.Look("陆霆", "", "伤妆 wound"), S.Look("Vivian", "白色西装 *suit*", "红唇 red lips"))
SEP = {"zh-CN": "、", "ja": "、", "en-US": ", ", "ko": ", ", "es-ES": ", ", "th": ", "}


def standby(kind: str, **kw) -> S.Standby:
    return S.Standby(1, 1, 1, kind, kw.pop("department", "cast"), kw.pop("what", ""), AT, "zh-CN", set_name="法院法庭",
                     place="7号楼 · 2F", due=AT, scene="2-8", **kw)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_actors_of_an_actor_call_in_the_readers_list(locale):
    sb = standby(S.ACTOR, people=PEOPLE)
    shown = R.who(sb, locale)
    escaped = [R.escape(p) for p in PEOPLE]
    assert shown == SEP[locale].join(escaped)  # in the plan's order, each escaped
    assert "@everyone" not in shown.replace("@\u200beveryone", "") and "<@123>" not in shown
    for text in (R.summary(sb, locale, SH), R.board(sb, locale, SH)["title"],
                 R.dm_text(sb, S.Called(5, "x", "cast", locale, S.SUBJECT), locale, SH)):
        assert shown in text or R.who(sb, locale, cut=80) in text, text


@pytest.mark.parametrize("locale", LOCALES)
def test_the_looks_of_a_change_call_in_the_readers_words(locale):
    sb = standby(S.CHANGE, department="wardrobe", looks=LOOKS, what="苏晚换装 米色大衣")
    what = R.what_text(sb, locale)
    parts = what.split(SEP[locale])
    assert len(parts) == 3 and parts[0].startswith("苏晚") and parts[1].startswith("陆霆") and parts[2].startswith("Vivian")
    assert "米色大衣 beige coat" in parts[0] and "伤妆 wound" in parts[1] and r"白色西装 \*suit\* · 红唇 red lips" in parts[2]
    assert what in R.summary(sb, locale, SH)
    assert ("换装" in parts[0]) == (locale == "zh-CN")  # the word for a costume change is the reader's


def test_a_call_without_lists_keeps_its_text():
    sb = standby(S.PERSON, person="苏晚 **Su**", what="走位 blocking")
    assert R.who(sb, "en-US") == r"苏晚 \*\*Su\*\*" and R.what_text(sb, "en-US") == "走位 blocking"
    assert S.from_payload(S.to_payload(standby(S.CHANGE, looks=LOOKS, people=PEOPLE))).looks == LOOKS
