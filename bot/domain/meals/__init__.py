"""Supper and late-night meal orders (报餐) for the crews sharing one canteen: the menu
(:mod:`.menu`), orders and counts (:mod:`.orders`), each production's round for one meal with its
time, cutoff, place and cues (:mod:`.rounds`), the canteen's ticket and the money (:mod:`.tickets`).

Plain data and rules: no discord, no SQL (``db/repositories/meals.py`` stores them, ``bot/meals``
runs them, ``cogs/canteen`` is the Discord side)."""

from bot.domain.meals.menu import (
    MEALS,
    TAGS,
    MenuItem,
    check_meal,
    check_stock_change,
    clean_name,
    clean_stock,
    format_price,
    parse_price,
    parse_service_date,
    parse_tags,
    service_date,
)
from bot.domain.meals.orders import DIETS, PLACES, Order, diet_clash, diet_from_dietary
from bot.domain.meals.rounds import SCOPE, Diner, MealRound, Timing, correction, desired, settle, timing
from bot.domain.meals.tickets import Allowance, MealCost, Ticket, Who, allowances, build_ticket

__all__ = [
    "DIETS",
    "MEALS",
    "PLACES",
    "SCOPE",
    "TAGS",
    "Allowance",
    "Diner",
    "MealCost",
    "MealRound",
    "MenuItem",
    "Order",
    "Ticket",
    "Timing",
    "Who",
    "allowances",
    "build_ticket",
    "check_meal",
    "check_stock_change",
    "clean_name",
    "clean_stock",
    "correction",
    "desired",
    "diet_clash",
    "diet_from_dietary",
    "format_price",
    "parse_price",
    "parse_service_date",
    "parse_tags",
    "service_date",
    "settle",
    "timing",
]
