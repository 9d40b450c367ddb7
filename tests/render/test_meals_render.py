"""What the canteen and the crew read of meal orders, with hostile input: long, emoji and Korean
names; markdown and mentions in notes; cells that a spreadsheet would run as formulas (CSV
injection) in the ticket's CSV, the park's CSV (``/canteen orders``) and the 餐补 list; the park's
view of ten crews within one message's limits."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.meals import menu as M
from bot.domain.meals import orders as O
from bot.domain.meals import rounds as R
from bot.domain.meals.tickets import Allowance, Who, build_ticket
from bot.meals.menu import RoundView
from bot.render.escape import spreadsheet_text
from bot.render.meals import park_csv, ticket_csv, ticket_text
from bot.sandbox.limits import check_embeds
from cogs.canteen.views import costs_csv, overview_embeds

SH = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 15, tzinfo=SH)

KOREAN = "김민준 Kim Min-jun 🎬🎥🍜 조명팀 세컨드 어시스턴트"  # 40 characters with emoji
FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+86 138 0000 0000", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1", "＝1+1"]


def rnd(**kw) -> R.MealRound:
    base = dict(id=3, production_id=1, shoot_day_id=7, service_date=DAY, meal="supper", meal_at=datetime(2026, 11, 23, 18, 34, tzinfo=SH),
                cutoff_at=datetime(2026, 11, 23, 16, 4, tzinfo=SH), set_name="别墅客厅 Villa living room", building="1号楼")
    return R.MealRound(**(base | kw))


ITEMS = {1: M.MenuItem(1, 1, DAY, "supper", "红烧肉饭", "Braised pork rice", 1800, position=1),
         2: M.MenuItem(2, 1, DAY, "supper", "=蛋炒饭", "-Egg fried rice", 1500, ("vegetarian",), position=2)}


def order(oid: int, uid: int | None, item: int | None, qty: int = 1, **kw) -> O.Order:
    return O.Order(**(dict(id=oid, round_id=3, user_id=uid, label="", department="lighting", wants=item is not None, item_id=item,
                           quantity=qty, unit_price=ITEMS[item].price if item else 0) | kw))


def hostile_round() -> tuple[list[O.Order], dict[int, Who]]:
    people = {100 + i: Who(name, "lighting") for i, name in enumerate(FORMULAS)}
    people[200] = Who(KOREAN, "camera", "**不吃辣** @everyone <@123>")
    orders = [order(i + 1, uid, 1 + i % 2, notes=FORMULAS[-1 - i % len(FORMULAS)]) for i, uid in enumerate(sorted(people))]
    orders.append(order(99, None, 1, 10, label="=群演+1", department="cast"))
    return orders, people


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # Excel and WPS read the Chinese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_that_starts_like_a_formula_stays_text(value):
    cell = spreadsheet_text(value)
    assert cell == "'" + value


@pytest.mark.parametrize("value", ["红烧肉饭", KOREAN, "Sarah Miller", "", "1号楼 = Building 1", "少饭-多菜"])
def test_ordinary_text_is_left_alone(value):
    assert spreadsheet_text(value) == value


def _safe(row: list[str], columns: tuple[int, ...]) -> None:
    for i in columns:
        assert not row[i][:1] in ("=", "+", "-", "@", "\t", "\r", "＝"), row


def test_the_tickets_csv_neutralises_formulas_and_keeps_names_whole():
    orders, people = hostile_round()
    ticket = build_ticket(rnd(status="closed"), "CEO1", "总裁的契约新娘", orders, ITEMS, people)
    rows = rows_of(ticket_csv(ticket, orders, ITEMS, people, "zh-CN", SH))
    assert len(rows) == 1 + len(orders)
    for row in rows[1:]:
        _safe(row, (3, 5, 6, 12))
    assert any(row[3] == KOREAN for row in rows)  # emoji and Hangul survive, whole
    assert any(row[3] == "'=群演+1" and row[7] == "10" for row in rows)
    assert any(row[5] == "'=蛋炒饭" and row[6] == "'-Egg fried rice" for row in rows)


def test_the_ticket_escapes_markdown_and_fits_a_message():
    orders, people = hostile_round()
    many = {i: Who(f"{KOREAN} {i}", "lighting") for i in range(300, 360)}
    orders += [order(1000 + i, uid, 1, notes="**加辣** " + "长" * 90) for i, uid in enumerate(many)]
    ticket = build_ticket(rnd(status="closed"), "CEO1", "总裁的契约新娘 *Bride*", orders, ITEMS, people | many)
    for locale in ("zh-CN", "en-US", "ko"):
        text = ticket_text(ticket, locale, SH)
        assert len(text) <= 2000
        assert "@everyone" not in text.replace("@\u200beveryone", "") and "<@123>" not in text
        assert "\\*\\*不吃辣\\*\\*" in text or "CSV" in text


def _view(code: str, meal: str, n: int) -> RoundView:
    r = rnd(id=n, production_id=n, meal=meal)
    orders = [order(n * 100 + i, n * 100 + i, 1 + i % 2, notes="x" * 100) for i in range(30)]
    orders.append(order(n * 100 + 99, None, 1, 40, label="群演", department="cast"))
    names = {o.user_id: f"{KOREAN} {o.user_id}" for o in orders if o.user_id}
    return RoundView(code, f"{code} 一部很长很长的剧名 🎬 *{code}*" * 3, r, orders, [], names)


def test_ten_crews_in_the_canteens_view_fit_one_message_and_the_csv_has_them_all():
    views = [_view(f"P{n:02d}", meal, n * 2 + k) for n in range(10) for k, meal in enumerate(("supper", "late"))]
    for locale in ("zh-CN", "en-US", "th"):
        embeds = overview_embeds(views, ITEMS, DAY, locale, NOW, SH)
        assert not check_embeds([e.to_dict() for e in embeds]), check_embeds([e.to_dict() for e in embeds])
        shown = " ".join(f.name + f.value for e in embeds for f in e.fields)
        assert "P00" in shown and "P09" in shown  # what does not fit is named, pointing to the CSV
    rows = rows_of(park_csv([(v.code, v.round, v.orders, v.names) for v in views], ITEMS, "zh-CN"))
    assert len(rows) == 1 + 20 * 31 and {r[0] for r in rows[1:]} == {f"P{n:02d}" for n in range(10)}
    assert rows[1][2] == "晚饭" and rows[-1][2] == "夜宵"


def test_the_park_csv_neutralises_formulas():
    orders, people = hostile_round()
    rows = rows_of(park_csv([("CEO1", rnd(), orders, {u: w.name for u, w in people.items()})], ITEMS, "en-US"))
    assert rows[0][:4] == ["production", "date", "meal", "who"] and len(rows) == 1 + len(orders)
    for row in rows[1:]:
        _safe(row, (3, 5, 6, 12))


def test_the_allowance_list_neutralises_formulas():
    from bot.domain.crew import Production

    prod = Production(1, 1, "CEO1", "总裁的契约新娘", "Asia/Shanghai", "zh-CN", 1, NOW, {})
    rows = rows_of(costs_csv(prod, [], [(DAY, "supper", Allowance(uid, name, "lighting", "declined", 0, 2500))
                                        for uid, name in enumerate(FORMULAS)], "zh-CN"))
    assert [r[3] for r in rows[1:]] == ["'" + f for f in FORMULAS]
