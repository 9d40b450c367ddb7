"""An automatic standby already called whose scene moves: told again only past the re-notify
threshold and before the scene rolls, never once cancelled, and only to the people it reached."""

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import standby as S
from bot.render.standby import board_lines, moved_text

SH = ZoneInfo("Asia/Shanghai")
T = timedelta(minutes=15)


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 23, h, m, tzinfo=SH)


CALLED = (
    S.Called(1, "苏晚 (林晓)", "cast", "zh-CN", S.SUBJECT, S.DM),
    S.Called(2, "佐藤", "makeup", "ja", S.FOLLOWER, S.DM),
    S.Called(3, "孙丽", "wardrobe", "zh-CN", S.DUTY, S.FALLBACK),
    S.Called(4, "小王", "wardrobe", "zh-CN", S.DUTY, S.OFF_DUTY),
    S.Called(None, "李秀英", "cast", "zh-CN", S.SUBJECT, S.NO_DISCORD),
)
SB = S.Standby(1, 1, 1, S.CHANGE, "wardrobe", "苏晚换装 米色大衣", at(6), "zh-CN", due=at(6, 45), scene="2-6", called=CALLED,
               auto_key="standby_plan:1:change:2-6")


def test_told_again_past_the_threshold_before_the_scene_rolls():
    assert not S.retimed(SB, at(6, 55), at(6, 1), T)  # 10 minutes: under the threshold
    assert S.retimed(SB, at(7), at(6, 1), T) and S.retimed(SB, at(6, 30), at(6, 1), T)  # later or earlier, 15 minutes
    assert not S.retimed(SB, at(7), at(7), T)  # the scene rolls: nothing to say any more
    assert not S.retimed(replace(SB, state=S.CANCELLED), at(7), at(6, 1), T)
    assert not S.retimed(replace(SB, kind=S.DEPARTMENT), at(7), at(6, 1), T)  # a call people make keeps its time
    assert S.retimed(replace(SB, state=S.ANSWERED), at(7), at(6, 1), T)  # answered already: still told


def test_only_the_people_it_reached_are_told():
    assert [c.user_id for c in S.told_again(SB)] == [1, 2, 3]  # the DMs and the channel mention; not off duty, not off Discord


def test_the_board_and_the_notice_say_both_times():
    moved = replace(SB, due=at(7, 5), first_due=at(6, 45))
    assert moved.moved and not SB.moved
    assert board_lines(moved, "zh-CN", SH)[0] == "🕒 已改到 **07:05**（原定 06:45）"
    assert board_lines(moved, "en-US", SH)[0] == "🕒 Moved to **07:05** (was 06:45)"
    assert moved_text(moved, at(6, 45), "ja", SH).startswith("🕒 **スタンバイ時間の変更**（元は 06:45）：")
    assert S.from_payload(S.to_payload(moved)) == moved
