"""The automatic standbys the plan asks for: a look change one scene ahead, each actor before their
next scene, lighting ahead of a company move; only when something changes."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.plan import CastRole, Scene
from bot.domain.standby import ACTOR, CHANGE, PRELIGHT
from bot.domain.standby.auto import looks, plan

SH = ZoneInfo("Asia/Shanghai")
SU = CastRole("苏晚 Su Wan", "林晓 Lin Xiao", 5)
MOM = CastRole("苏母 Su's mother", "李秀英 Li Xiuying")
LU = CastRole("陆霆 Lu Ting", "顾辰 Gu Chen", 6)
VIV = CastRole("Vivian", "Sarah Miller", 7)


@dataclass(frozen=True)
class Slot:
    scene: Scene
    start: datetime
    status: str = "pending"

    @property
    def number(self) -> str:
        return self.scene.number

    @property
    def set_name(self) -> str:
        return self.scene.set_name


def at(h: int, m: int = 0) -> datetime:
    return datetime(2026, 11, 23, h, m, tzinfo=SH)


def day() -> list[Slot]:
    return [
        Slot(Scene("1-5", "医院病房", 35, cast=(SU, MOM), needs={"makeup": "苏晚：泪痕 tear tracks", "wardrobe": "苏晚：白衬衫 white shirt"}), at(8)),
        Slot(Scene("2-6", "医院病房", 30, cast=(SU, MOM), needs={"wardrobe": "苏晚换装：米色大衣 change: beige coat"}), at(8, 50)),
        Slot(Scene("2-7", "警察局审讯室", 50, cast=(SU, VIV), needs={"wardrobe": "苏晚：米色大衣 beige coat", "lighting": "冷调顶光 cold top light"}),
             at(9, 30)),
        Slot(Scene("2-8", "警察局审讯室", 45, cast=(VIV,), needs={"makeup": "Vivian：红唇 red lips"}), at(10, 20)),
        Slot(Scene("1-11", "别墅花园", 50, cast=(SU, LU), needs={"wardrobe": "陆霆：黑色长大衣 long black coat", "lighting": "月光效果 moonlight; 发电车 generator"}),
             at(11, 30)),
    ]


def test_reading_each_actors_look_from_a_need():
    assert looks("苏晚换装：米色大衣 change: beige coat", (SU, MOM)) == {"林晓 Lin Xiao": ("米色大衣 change: beige coat", True)}
    assert looks("苏晚：米色大衣; 陆霆：黑色三件套", (SU, LU)) == {"林晓 Lin Xiao": ("米色大衣", False), "顾辰 Gu Chen": ("黑色三件套", False)}
    assert looks("睡衣 pyjamas (both)", (SU, LU)).keys() == {"林晓 Lin Xiao", "顾辰 Gu Chen"}
    assert looks("Vivian：红唇 red lips", (VIV,)) == {"Sarah Miller": ("红唇 red lips", False)}
    assert looks("信封（现金）", (SU, LU)) == {}  # a prop note naming nobody, two actors: nobody's look


def test_the_day_asks_for_a_change_one_scene_ahead_each_actor_before_their_next_scene_and_prelight():
    got = {p.key: p for p in plan(day(), lead_minutes=15, company_moves={"2-7", "1-11"})}
    change = got["change:2-6"]
    assert (change.kind, change.department, change.due, change.at) == (CHANGE, "wardrobe", at(8), at(8, 50))
    assert change.what == "苏晚换装 米色大衣 beige coat" and change.actors == (SU,) and change.set_name == "医院病房"
    # the same coat in the next scene is no change; her first scene is not a change either
    assert "change:2-7" not in got and "change:1-5" not in got
    # the actors of a scene who were not in the one just before (first scene, or coming back), one call per scene
    assert {k: p.actors for k, p in got.items() if k.startswith("actor:")} == {
        "actor:1-5": (SU, MOM), "actor:2-7": (VIV,), "actor:1-11": (SU, LU)}
    assert got["actor:2-7"].due == at(9, 15) and got["actor:2-7"].kind == ACTOR
    # lighting ahead of each company move, with the next set's lighting need
    pre = got["prelight:1-11"]
    assert (pre.kind, pre.department, pre.due, pre.at, pre.what) == (PRELIGHT, "lighting", at(10, 20), at(11, 30), "月光效果 moonlight; 发电车 generator")
    assert "prelight:2-8" not in got  # same set


def test_keys_are_stable_when_the_day_slips_and_a_dropped_scene_takes_its_standbys_with_it():
    slipped = [Slot(s.scene, s.start + timedelta(minutes=25)) for s in day()]
    before = {p.key: p for p in plan(day(), lead_minutes=15, company_moves={"2-7", "1-11"})}
    after = {p.key: p for p in plan(slipped, lead_minutes=15, company_moves={"2-7", "1-11"})}
    assert before.keys() == after.keys() and all(after[k].due - before[k].due == timedelta(minutes=25) for k in before)
    without = [s for s in day() if s.number != "2-6"]
    keys = {p.key for p in plan(without, lead_minutes=15, company_moves={"2-7", "1-11"})}
    assert "change:2-6" not in keys
    # what has rolled already is not asked for any more
    assert all(p.at > at(9, 40) for p in plan(day(), lead_minutes=15, company_moves={"2-7", "1-11"}, now=at(9, 40)))


def test_a_change_after_a_short_scene_is_called_early_enough_for_the_change():
    slots = day()
    short = [slots[0], Slot(slots[1].scene, at(8, 10))]  # 1-5 rolls 08:00, 2-6 already at 08:10
    got = {p.key: p for p in plan(short, lead_minutes=15, change_minutes={"wardrobe": 20})}
    assert got["change:2-6"].due == at(7, 50) and got["change:2-6"].at == at(8, 10)
    got = {p.key: p for p in plan(slots, lead_minutes=15, change_minutes={"wardrobe": 20})}
    assert got["change:2-6"].due == at(8)  # a long scene before it: called when it begins rolling
