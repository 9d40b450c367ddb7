"""Meal orders (报餐) as plain rules: prices, dates, 荤/素/清真, when and where a meal is and when its
orders close (read from the day's projection), the cues a round wants, corrections, the ticket, 餐补."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain import progress as P
from bot.domain.errors import DomainError
from bot.domain.meals import menu as M
from bot.domain.meals import orders as O
from bot.domain.meals import rounds as R
from bot.domain.meals.tickets import Who, allowances, build_ticket
from bot.domain.plan import Scene, SetLocation, ShootDay
from bot.settings import MealRule

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)


def at(h, m=0, d=23):
    return datetime(2026, 11, d, h, m, tzinfo=SH)


VILLA, COURT = "别墅客厅 Villa living room", "法院法庭 Courtroom"
SETS = {VILLA: SetLocation(VILLA, "1号楼"), COURT: SetLocation(COURT, "7号楼")}


def day(supper=at(18, 30)) -> ShootDay:
    scenes = (
        Scene("1-1", VILLA, 120, position=1),
        Scene("1-2", VILLA, 150, position=2),
        Scene("2-9", COURT, 116, position=3),
        Scene("3-1", VILLA, 60, position=4),
    )
    return ShootDay(1, DAY, 1, 6, at(12), supper_start=supper, supper_minutes=45, scenes=scenes, id=7)


def projection(d: ShootDay, now=at(11)):
    return P.project(d, [], P.Progress(day_id=d.id or 0), now)


# --------------------------------------------------------------------------- menu


@pytest.mark.parametrize("text, fen", [("18", 1800), ("18.5", 1850), ("¥18", 1800), ("18元", 1800), ("22.05", 2205), ("0", 0), ("1000", 100000)])
def test_prices_in_yuan_are_stored_in_fen(text, fen):
    assert M.parse_price(text) == fen


@pytest.mark.parametrize("text", ["", "abc", "-3", "1001", "18.555", "1e3"])
def test_bad_prices_are_refused(text):
    with pytest.raises(DomainError) as err:
        M.parse_price(text)
    assert err.value.key == "meals.error.bad_price"


def test_prices_read_in_yuan():
    assert (M.format_price(1800), M.format_price(1850), M.format_price(5)) == ("¥18", "¥18.50", "¥0.05")


def test_the_canteen_day_before_six_is_still_last_nights_service():
    assert M.service_date(at(1, 30, d=24)) == DAY
    assert M.service_date(at(6, 0, d=24)) == date(2026, 11, 24)
    assert M.parse_service_date("明天", DAY) == date(2026, 11, 24)
    assert M.parse_service_date("11-22", DAY) == date(2026, 11, 22)
    assert M.parse_service_date("", DAY) == DAY
    for bad in ("2026-02-30", "0001-01-01", "9999-12-31", "13-40", "soon"):
        with pytest.raises(DomainError):
            M.parse_service_date(bad, DAY)


def test_a_dish_is_named_in_the_readers_language():
    item = M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800, ("no_pork",), stock=5, taken=5)
    assert (item.name("zh-CN"), item.name("ko"), item.both()) == ("红烧肉饭", "Braised pork rice", "红烧肉饭 Braised pork rice")
    assert item.left == 0 and not item.available
    with pytest.raises(DomainError):
        M.check_stock_change(item, 4)


@pytest.mark.parametrize("dietary, diet", [("素食，不吃蛋", "veg"), ("vegetarian", "veg"), ("清真", "halal"), ("Halal please", "halal"),
                                           ("不吃辣", "meat"), ("", "meat"), ("채식", "veg")])
def test_diet_is_prefilled_from_the_crew_join_dietary_note(dietary, diet):
    assert O.diet_from_dietary(dietary) == diet


# --------------------------------------------------------------------------- when, where, cutoff


def test_the_meal_time_and_place_come_from_the_projection():
    d = day()
    t = R.timing(d, projection(d), "supper", MealRule(), SETS, SH)
    brk = projection(d).meal("supper")
    # the timeline's one meal rule: the closest scene boundary to the planned 18:30 is 2-9's end at
    # 18:26 (12:00 + 120 + 150 + 116 min), four minutes early, before 3-1 in the villa: no idling
    assert t.meal_at == brk.start == at(18, 26) and t.set_name == VILLA and t.building == "1号楼"
    assert t.cutoff_at == at(15, 56)  # 150 minutes before, moving with the meal


def night() -> ShootDay:
    """The day with two more scenes into the night and a 夜宵 planned at 00:30: 3-1 ends 20:11,
    3-2 (230 min) at 00:01, 3-3 (120 min) wraps 02:31 after the late meal."""
    d = day()
    scenes = (*d.scenes, Scene("3-2", VILLA, 230, position=5), Scene("3-3", COURT, 120, position=6))
    return replace(d, scenes=scenes, late_start=at(0, 30, d=24), late_minutes=30)


def test_the_late_meal_comes_from_the_timeline_after_midnight_on_its_day():
    d = night()
    t = R.timing(d, projection(d), "late", MealRule(cutoff_before=180), SETS, SH)
    # the boundary closest to the planned 00:30 is 3-2's end at 00:01 (the next is the wrap): the
    # crew eat by the next set (the courtroom, 7号楼); orders close three hours before, on the 23rd
    assert t is not None and t.meal_at == at(0, 1, d=24) and t.cutoff_at == at(21, 1) and (t.set_name, t.building) == (COURT, "7号楼")


def test_no_round_for_a_meal_the_timeline_does_not_have():
    d = day()  # no 夜宵 on the plan; the day wraps at 20:11
    assert R.timing(d, projection(d), "late", MealRule(cutoff_before=180), SETS, SH) is None
    short = replace(night(), scenes=day().scenes)  # a 夜宵 planned, but the day wraps long before it
    assert R.timing(short, projection(short), "late", MealRule(cutoff_before=180), SETS, SH) is None


def test_the_meal_the_ad_calls_is_the_meals_time():
    d = day()
    p = P.start(d, [], P.Progress(day_id=7), at(12))
    p = P.advance(d, [], p, at(14))
    p = P.advance(d, [], p, at(16, 30))  # 2-9 in the courtroom from 16:30
    called = P.call_meal(d, p, at(17, 40), "supper")  # the AD breaks for supper early, in the courtroom
    t = R.timing(d, P.project(d, [], called, at(17, 41)), "supper", MealRule(), SETS, SH)
    assert t is not None and (t.meal_at, t.set_name, t.building) == (at(17, 40), COURT, "7号楼")
    assert t.cutoff_at == at(15, 10)  # long past: the round closes into its ticket at once


def test_a_fixed_cutoff_stays_unless_the_meal_comes_too_close():
    d = day()
    rule = MealRule(cutoff="16:00", cutoff_before=None, min_lead=30)
    assert R.cutoff_for(rule, at(18, 34), d, SH) == at(16)
    assert R.cutoff_for(rule, at(16, 20), d, SH) == at(15, 50)


def test_a_slip_moves_the_cutoff_and_can_move_the_place():
    d = day()
    before = R.timing(d, projection(d), "supper", MealRule(), SETS, SH)
    late = P.adjust(P.Progress(day_id=7), 30)
    after = R.timing(d, P.project(d, [], late, at(11)), "supper", MealRule(), SETS, SH)
    assert (after.meal_at, after.building) != (before.meal_at, before.building)
    assert after.cutoff_at == after.meal_at - timedelta(minutes=150)


def test_the_cutoff_is_never_later_than_the_kitchens_lead_time():
    d = day()
    assert R.cutoff_for(MealRule(cutoff_before=10, min_lead=30), at(18, 34), d, SH) == at(18, 4)


# --------------------------------------------------------------------------- orders that open late


def opened(when: R.Timing, now, old=None, rule=MealRule()) -> R.MealRound:
    """The round as the store keeps it after ``settle``."""
    t = R.settle(when, old, rule, now)
    base = old or rnd()
    return replace(base, meal_at=t.meal_at, cutoff_at=t.cutoff_at, late_from=t.late_from, late_until=t.late_until)


def test_a_round_that_opens_after_its_cutoff_gets_a_short_window_from_now():
    # the canteen's menu (or the plan's supper) comes at 17:00 for a supper at 18:34: 150 minutes
    # before was 16:04, long past; the crew get 20 minutes, and that stays put on every recompute
    when = R.Timing(at(18, 34), at(16, 4), VILLA, "1号楼")
    r = opened(when, at(17))
    assert (r.cutoff_at, r.late_from, r.late_until, r.counts_only) == (at(17, 20), at(17), at(17, 20), False)
    assert r.is_open(at(17, 19)) and not r.is_open(at(17, 20))
    again = opened(when, at(17, 12), old=r)
    assert again.cutoff_at == at(17, 20)
    # the meal comes closer: never later than the kitchen's 30 minutes before it
    closer = opened(replace(when, meal_at=at(17, 45), cutoff_at=at(15, 15)), at(17, 5), old=r)
    assert closer.cutoff_at == at(17, 15)
    # the meal moves far later: the configured cutoff is back once it is the later one
    later = opened(replace(when, meal_at=at(20, 30), cutoff_at=at(18)), at(17, 10), old=r)
    assert later.cutoff_at == at(18)


def test_a_cutoff_closer_than_the_window_is_stretched_to_it_but_not_past_the_lead_time():
    r = opened(R.Timing(at(18, 34), at(17, 8), VILLA, "1号楼"), at(17))  # 8 minutes left: the window's 20
    assert r.cutoff_at == at(17, 20) and r.late_from == at(17)
    r = opened(R.Timing(at(17, 40), at(15, 10), VILLA, "1号楼"), at(17))  # the meal in 40 minutes: 10 to order
    assert r.cutoff_at == at(17, 10) and not r.counts_only
    on_time = R.Timing(at(18, 34), at(16, 4), VILLA, "1号楼")
    assert R.settle(on_time, None, MealRule(), at(13)) == on_time  # opened in good time: untouched


def test_a_meal_called_now_takes_counts_only_and_stays_so():
    d = day()
    p = P.start(d, [], P.Progress(day_id=7), at(12))
    called = P.call_meal(d, P.advance(d, [], p, at(14)), at(17, 40), "supper")  # no round yet: the AD breaks now
    when = R.timing(d, P.project(d, [], called, at(17, 40)), "supper", MealRule(), SETS, SH)
    r = opened(when, at(17, 40))
    assert r.counts_only and not r.is_open(at(17, 40)) and r.cutoff_at == at(17, 40)
    err = r.refusal(SH)
    assert err.key == "meals.error.counts_only" and err.params == {"time": "17:40"}
    assert opened(when, at(17, 50), old=r).counts_only  # the AD was told: it does not flip back
    specs = R.desired(r, code="CEO1", rule=MealRule(), menu=MENU, post_channel=500, system_channel=600, language="zh-CN",
                      diners={10: R.Diner(10, "zh-CN", "lighting")}, answered=set(), ad_channel=700)
    [notice] = specs  # no post, no reminder, no cutoff (no empty ticket): the AD is told, once
    assert (notice.kind, notice.target.channel_id, notice.payload["lead"], notice.due) == (R.NO_ORDERS, 700, 30, at(17, 40))


def test_a_slip_never_pulls_an_open_cutoff_into_the_past():
    told = rnd(cutoff_at=at(16, 4))  # the post said 16:04
    # at 15:50 the day gains 60 minutes: 150 before the new meal is 15:34, already past
    earlier = R.Timing(at(17, 34), at(15, 4), VILLA, "1号楼")
    r = opened(earlier, at(15, 50), old=told)
    assert (r.cutoff_at, r.late_from) == (at(16, 4), at(15, 50))  # never later than what people were told
    r = opened(earlier, at(15, 30), old=rnd(cutoff_at=at(16, 30)))
    assert r.cutoff_at == at(15, 50)  # a 20-minute window from the slip
    # the meal now closer than the kitchen's lead time: the ticket goes now with what was ordered
    close = R.Timing(at(16, 10), at(13, 40), VILLA, "1号楼")
    r = opened(close, at(15, 50), old=told)
    assert r.cutoff_at == at(13, 40) and r.late_from is None and not r.counts_only
    # a round whose cutoff has passed (the bot was down) is not reopened: it closes
    assert opened(earlier, at(16, 10), old=told).cutoff_at == at(15, 4)


def test_a_round_opened_late_says_so_and_reminds_halfway():
    r = rnd(cutoff_at=at(17, 20), late_from=at(17), late_until=at(17, 20))
    specs = R.desired(r, code="CEO1", rule=MealRule(), menu=MENU, post_channel=500, system_channel=600, language="zh-CN",
                      diners={10: R.Diner(10, "zh-CN", "lighting")}, answered=set(), ad_channel=700)
    by = {s.kind: s for s in specs}
    assert by[R.POST].due <= at(17) and by[R.POST].payload["late"] == 20
    assert datetime.fromisoformat(by[R.POST].payload["cutoff"]) == at(17, 20)  # the post says the real cutoff
    assert by[R.REMIND].due == at(17, 10) and by[R.REMIND].payload["late"] == 20
    assert by[R.CUTOFF].due == at(17, 20) and R.NO_ORDERS not in by
    assert "late" not in R.base_payload(rnd(), "CEO1")  # a round opened in time reads as before


# --------------------------------------------------------------------------- cues


def rnd(**kw) -> R.MealRound:
    base = dict(id=3, production_id=1, shoot_day_id=7, service_date=DAY, meal="supper", meal_at=at(18, 34), cutoff_at=at(16, 4),
                set_name=VILLA, building="1号楼")
    return R.MealRound(**(base | kw))


MENU = [M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800)]


def test_a_round_wants_its_post_reminders_for_the_silent_and_its_cutoff():
    diners = {10: R.Diner(10, "zh-CN", "lighting"), 11: R.Diner(11, "ko", "camera"), 12: R.Diner(12, "en-US", "sound")}
    specs = R.desired(rnd(), code="CEO1", rule=MealRule(), menu=MENU, post_channel=500, system_channel=600, language="zh-CN",
                      diners=diners, answered={11})
    by_kind = {}
    for s in specs:
        by_kind.setdefault(s.kind, []).append(s)
    [post] = by_kind[R.POST]
    assert post.due == at(12, 4) and post.expires == at(16, 4) and post.target.channel_id == 500 and post.payload["menu"][0]["zh"] == "红烧肉饭"
    assert sorted(s.target.user_id for s in by_kind[R.REMIND]) == [10, 12]
    assert {s.locale for s in by_kind[R.REMIND]} == {"zh-CN", "en-US"} and all(s.due == at(15, 34) for s in by_kind[R.REMIND])
    [cutoff] = by_kind[R.CUTOFF]
    assert cutoff.due == at(16, 4) and cutoff.payload == {"round": 3}
    assert R.desired(rnd(status="closed"), code="CEO1", rule=MealRule(), menu=MENU, post_channel=500, system_channel=600,
                     language="zh-CN", diners=diners, answered=set()) == []


def test_the_post_waits_until_the_canteen_has_finished_the_menu():
    menu = [M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800, changed_at=at(13, 0)),
            M.MenuItem(2, 1, DAY, "supper", "馒头", "Steamed buns", 300, changed_at=at(13, 5))]
    specs = R.desired(rnd(), code="CEO1", rule=MealRule(), menu=menu, post_channel=500, system_channel=600, language="zh-CN",
                      diners={}, answered=set())
    assert next(s for s in specs if s.kind == R.POST).due == at(13, 7)
    late = [M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800, changed_at=at(16, 3))]
    specs = R.desired(rnd(), code="CEO1", rule=MealRule(), menu=late, post_channel=500, system_channel=600, language="zh-CN",
                      diners={}, answered=set())
    assert next(s for s in specs if s.kind == R.POST).due == at(16, 4)  # never after the cutoff (it expires then)


def test_the_canteen_is_told_when_the_meal_moves_after_its_ticket():
    told = rnd(status="closed", ticket="queued", told_meal_at=at(18, 34), told_set=VILLA, told_building="1号楼")
    same = R.Timing(at(18, 40), at(16, 10), VILLA, "1号楼")
    assert R.correction(told, same, code="CEO1", channel=9, language="zh-CN", threshold_minutes=10, now=at(17)) is None
    later = R.correction(told, R.Timing(at(19, 10), at(16, 40), VILLA, "1号楼"), code="CEO1", channel=9, language="zh-CN",
                         threshold_minutes=10, now=at(17))
    assert later is not None and later.payload["moved"] == 36 and not later.payload["elsewhere"] and later.key.endswith(":fix:1")
    moved = R.correction(told, R.Timing(at(18, 30), at(16), COURT, "7号楼"), code="CEO1", channel=9, language="zh-CN",
                         threshold_minutes=10, now=at(17))
    assert moved is not None and moved.payload["elsewhere"] and moved.payload["moved"] == 0
    far = R.Timing(at(20), at(17), COURT, "7号楼")
    assert R.correction(rnd(), far, code="CEO1", channel=9, language="zh-CN", threshold_minutes=10, now=at(17)) is None  # no ticket yet
    done = rnd(status="closed", ticket="ready", told_meal_at=at(18, 34))
    assert R.correction(done, far, code="CEO1", channel=9, language="zh-CN", threshold_minutes=10, now=at(17)) is None  # the food is out


# --------------------------------------------------------------------------- ticket and 餐补


def order(oid, uid, item, qty, **kw):
    base = dict(id=oid, round_id=3, user_id=uid, label="", department="lighting", wants=item is not None, item_id=item,
                quantity=qty, unit_price=1800 if item == 1 else 1500)
    return O.Order(**(base | kw))


def test_the_ticket_counts_dishes_heads_diets_and_notes():
    items = {1: M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800, position=1),
             2: M.MenuItem(2, 1, DAY, "supper", "番茄炒蛋饭", "Tomato and egg rice", 1500, ("vegetarian",), position=2)}
    orders = [
        order(1, 10, 1, 2, deliver="canteen", notes="少饭"),
        order(2, 11, 2, 1, diet="veg", department="camera"),
        order(3, 12, None, 0),
        order(4, None, 1, 10, label="群演", department="cast"),
    ]
    people = {10: Who("王强", "lighting"), 11: Who("张伟", "camera", "素食"), 12: Who("刘洋", "lighting")}
    t = build_ticket(rnd(status="closed"), "CEO1", "总裁的契约新娘", orders, items, people)
    assert [(line.name_zh, line.to_set, line.in_canteen) for line in t.lines] == [("红烧肉饭", 10, 2), ("番茄炒蛋饭", 1, 0)]
    assert (t.portions, t.to_set, t.in_canteen, t.heads, t.declined) == (13, 11, 2, 12, 1)
    assert t.departments == (("camera", 1), ("lighting", 1), ("cast", 10))
    assert t.counts == (("群演", "cast", 10),) and t.diets == {"veg": 1}
    assert ("王强", "少饭") in t.notes and ("张伟", "素食") in t.notes
    assert t.cost == 2 * 1800 + 1500 + 10 * 1800


def test_the_allowance_goes_to_those_who_said_they_would_not_eat():
    diners = {10: Who("王强", "lighting"), 11: Who("张伟", "camera"), 12: Who("刘洋", "lighting")}
    rows = allowances(diners, [order(1, 10, 1, 1), order(2, 11, None, 0)], 2500)
    assert [(a.display_name, a.status, a.cost, a.allowance) for a in rows] == [
        ("张伟", "declined", 0, 2500), ("刘洋", "no_answer", 0, 0), ("王强", "ate", 1800, 0)]
