"""Every live-day cue kind renders in both languages; the registry is the seam for new kinds;
the Discord adapter sorts errors into retry / give up."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import discord
import pytest

from bot.i18n import LOCALES

from bot.cues import kinds
from bot.cues.engine import DeliveryResult
from bot.domain import cues as C
from bot.domain.cues import Cue, Target
from bot.delivery import allowed, from_http

SH = ZoneInfo("Asia/Shanghai")


def at(h: int, m: int = 0, d: int = 23) -> str:
    return datetime(2026, 11, d, h, m, tzinfo=SH).isoformat()


BASE = {"day_number": 2, "total_days": 6, "date": "2026-11-23"}
PAYLOADS = {
    C.CALL: {**BASE, "call": at(5), "where": "Villa", "scenes": ["1", "2"], "minutes": 60},
    C.UNCONFIRMED: {**BASE, "call": at(5), "where": "Villa", "scenes": [], "minutes": 60},
    C.CALL_CHANGED: {"old": at(8), "new": at(8, 20), "where": "Courtroom", "scenes": ["4"], "delta": 20},
    C.NEXT_SET: {**BASE, "set": "Courtroom", "building": "Building 3", "road": "Heart Road South", "scene": "3", "after": "2", "about": at(14, 40), "walk": 4},
    C.PRELIGHT: {**BASE, "set": "Courtroom", "building": "—", "road": "", "scene": "3", "about": at(14, 40), "walk": 4, "department": "lighting", "need": "night look"},
    C.COMPANY_MOVE: {**BASE, "set": "Courtroom", "building": "Building 3", "road": "", "scene": "3", "from_set": "Villa", "walk": 4, "about": at(0, 40, d=24)},
    C.MEAL: {**BASE, "meal": "supper", "start": at(18, 30), "end": at(19, 15), "minutes": 45},
    C.MEAL_RETURN: {**BASE, "meal": "late", "start": at(0, 30, d=24), "end": at(1, d=24), "minutes": 30, "at": at(0, 55, d=24), "scene": "2-16"},
    C.MEAL_MOVED: {**BASE, "meal": "supper", "old": at(18, 44), "start": at(19, 15), "end": at(20), "minutes": 45},
    C.SET_MOVE: {**BASE, "set": "医院走廊 Hospital corridor", "building": "5号楼", "road": "", "scene": "1-3", "from_set": "医院病房 Hospital ward",
                 "walk": 1, "about": at(7)},
    C.NO_MEAL: {**BASE, "after": "lunch", "before": "supper", "start": at(12, 30), "end": at(19, 10), "minutes": 400, "hours": 6},
    C.WINDOW: {**BASE, "scene": "2-15", "set": "秦淮路街景", "window": "window", "minutes": 25, "early": False, "opens": at(20),
               "closes": at(0, d=24), "start": at(23, 40), "end": at(0, 25, d=24)},
    C.UNCONFIRMED_LIST: {**BASE, "count": 2, "people": [{"user_id": 1, "name": "林晓 *Lin*", "call": at(4), "department": "cast"},
                                                         {"user_id": 2, "name": "王强", "call": at(5), "department": "lighting"}]},
    C.CAST_PROPOSAL: {**BASE, "proposal": 12, "count": 2, "items": [{"user_id": 1, "name": "林晓", "old": at(19, 1), "new": at(19, 36), "delta": 35},
                                                                     {"user_id": 2, "name": "Sarah", "old": at(20, 27), "new": at(20, 7), "delta": -20}]},
    C.MEAL_WARNING: {**BASE, "meal": "lunch", "start": at(12), "end": at(12, 30), "minutes": 30},
    C.WRAP: {**BASE, "at": at(2, 10, d=24), "behind": 25, "shot": 24, "unshot": ["25"], "skipped": ["12"]},
    C.MISSED_SUMMARY: {"count": 2, "items": [{"kind": "call", "due": at(4), "user_id": 42, "channel_id": None, "abandoned": False},
                                             {"kind": "next_set", "due": at(4, 5), "user_id": None, "channel_id": 7, "abandoned": True}]},
}


def cue(kind: str, locale: str, target: Target = Target(channel_id=1)) -> Cue:
    return Cue(1, 1, 9, "live", f"k:{kind}", kind, datetime.fromisoformat(at(5)), target, locale, PAYLOADS[kind], "sending")


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("kind", list(PAYLOADS))
def test_every_kind_renders(kind, locale):
    out = kinds.render(cue(kind, locale), SH)
    assert out.content and "{" not in out.content and len(out.content) <= 2000
    assert not out.mention_users and not out.mention_roles


def test_texts_match_the_issue():
    assert kinds.render(cue(C.NEXT_SET, "en-US"), SH).content == "➡️ Company move next: **Courtroom, Building 3, Heart Road South**, about 14:40, 4 min walk (scene 3)."
    assert "00:40 (+1)" in kinds.render(cue(C.COMPANY_MOVE, "en-US"), SH).content  # past midnight
    assert "次日 00:40" in kinds.render(cue(C.COMPANY_MOVE, "zh-CN"), SH).content
    assert "Courtroom**" in kinds.render(cue(C.PRELIGHT, "en-US"), SH).content  # "—" placeholder left out
    late = kinds.render(cue(C.WRAP, "zh-CN"), SH, late=True).content
    assert late.startswith("（补发）") and "次日 02:10" in late and "落后计划 25分钟" in late and "顺延：12" in late
    assert kinds.behind_text(94, "zh-CN") == "落后计划 1小时34分" and kinds.behind_text(-60, "en-US") == "1 h ahead of plan"
    assert kinds.render(cue(C.MEAL, "zh-CN"), SH).content == "🍱 放饭！晚饭 45 分钟，**19:15** 回现场开工。"
    assert kinds.render(cue(C.MEAL_RETURN, "zh-CN"), SH).content == "🎬 夜宵结束，返场：第 2-16 场继续。"
    assert kinds.render(cue(C.SET_MOVE, "zh-CN"), SH).content == "🔀 换景：医院病房 Hospital ward → **医院走廊 Hospital corridor**，同楼，步行 1 分钟（第 1-3 场）。"
    assert "18:44 → 约 **19:15**" in kinds.render(cue(C.MEAL_MOVED, "zh-CN"), SH).content
    assert "6小时40分" in kinds.render(cue(C.NO_MEAL, "zh-CN"), SH).content
    window = kinds.render(cue(C.WINDOW, "zh-CN"), SH).content
    assert "2-15" in window and "20:00–次日 00:00" in window and "25分钟" in window
    phone = kinds.render(cue(C.UNCONFIRMED_LIST, "zh-CN"), SH).content
    assert "林晓 \\*Lin\\*" in phone and "（剧组演员）" not in phone and "通告 04:00" in phone  # names escaped


def test_a_company_move_says_what_moves():
    c = cue(C.COMPANY_MOVE, "zh-CN")
    moving = replace(c, payload={**c.payload, "base": "7号楼一层服化间", "generator": True, "vehicles": "群演大巴"})
    text = kinds.render(moving, SH).content
    assert text.startswith("🚶 全组转场") and "随组转移：服化间移到 7号楼一层服化间、发电车、群演大巴。" in text


def test_the_cast_proposal_has_send_all_pick_and_hold():
    out = kinds.render(cue(C.CAST_PROPOSAL, "zh-CN"), SH)
    assert "林晓：19:01 → **19:36**（推迟 35 分钟）" in out.content and "Sarah：20:27 → **20:07**（提前 20 分钟）" in out.content
    assert [(b.custom_id, b.label) for b in out.buttons] == [("setcall:act:cc_all:1:12:0", "全部发送"), ("setcall:act:cc_pick:1:12:0", "挑选…"), ("setcall:act:cc_hold:1:12:0", "暂缓")]
    assert not out.mention_users  # names, not pings
    summary = kinds.render(cue(C.MISSED_SUMMARY, "en-US"), SH).content
    assert "<@42>" in summary and "<#7>" in summary and "may have arrived" in summary


def test_role_target_mentions_the_role():
    out = kinds.render(cue(C.MEAL, "en-US", Target(channel_id=1, role_id=77)), SH)
    assert out.content.startswith("<@&77> ") and out.mention_roles == (77,)


def test_new_kinds_register_through_the_seam():
    kinds.register(kinds.CueKind("test_standby", lambda c, tz: kinds.Rendered(f"Standby {c.payload['who']}")), replace=True)
    c = Cue(1, 1, 9, "standby", "k", "test_standby", datetime.fromisoformat(at(5)), Target(channel_id=1), "en-US", {"who": "cast"}, "sending")
    assert kinds.render(c, SH).content == "Standby cast"
    with pytest.raises(ValueError):
        kinds.register(kinds.CueKind("test_standby", lambda c, tz: kinds.Rendered("")))
    with pytest.raises(LookupError):
        kinds.render(Cue(1, 1, 9, "x", "k", "nope", datetime.fromisoformat(at(5)), Target(channel_id=1), "en-US", {}, "sending"), SH)


class _Resp:
    def __init__(self, status: int) -> None:
        self.status = status
        self.reason = "x"
        self.headers = {"X-RateLimit-Reset-After": "1.5"} if status == 429 else {}


@pytest.mark.parametrize(
    "status, code, outcome",
    [(403, 50007, "failed"), (404, 10003, "failed"), (400, 50035, "failed"), (403, 50013, "failed"), (500, 0, "retry"), (503, 0, "retry"),
     (429, 0, "throttled"), (403, 40003, "throttled")],
)
def test_delivery_errors_are_sorted(status, code, outcome):
    """Only 50007 is "DMs closed"; Discord's 40003 (opening DMs too fast) and 429 mean "slower", not "unreachable"."""
    exc = discord.HTTPException(_Resp(status), {"code": code, "message": "m"})
    result = from_http(exc)
    assert result.outcome == outcome and result.status == status and result.code == code
    if status == 429:
        assert result.after == 1.5  # Discord's own reset, not a guess


def test_allowed_mentions_are_only_the_targets():
    none = allowed()
    assert none.everyone is False and none.users is False and none.roles is False
    some = allowed((5,), (6,))
    assert [u.id for u in some.users] == [5] and [r.id for r in some.roles] == [6]
    assert DeliveryResult.sent(3).message_id == 3 and DeliveryResult.dropped("x").outcome == "dropped"


def test_a_mixed_crews_channel_cue_carries_a_second_language_line():
    out = kinds.render(cue(C.WRAP, "zh-CN+th"), SH, late=True).content
    first, second = out.split("\n-# ", 1)
    assert first.startswith("（补发）🎬 第 2/6 天收工！") and "次日 02:10" in first and "落后计划 25分钟" in first
    assert second.startswith("🎬 เลิกกอง") and "02:10 (วันถัดไป)" in second and "ช้ากว่าแผน 25 นาที" in second
    assert all(line.startswith("-# ") for line in out.split("\n")[3:]), out  # every Thai line is subtext
    assert kinds.render(cue(C.WRAP, "zh-CN"), SH).content == kinds.render(cue(C.WRAP, "zh-CN+zh-CN"), SH).content
