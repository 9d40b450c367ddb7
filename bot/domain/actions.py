"""The custom ids of AD actions on bot posts (``bot.actions``): a button or a select menu names the
action, the production, the subject (a shoot day, a cast call proposal) and the state it was drawn
for, so a press on an old post, or a repeat after a lost answer, is refused instead of applied
twice. Plain functions: an outbox row's renderer (no discord) draws them too."""

from __future__ import annotations

BUTTON_TEMPLATE = r"setcall:act:(?P<name>[a-z_]{1,24}):(?P<prod>[0-9]{1,20}):(?P<subject>[0-9]{1,20}):(?P<state>[0-9]{1,9})"
SELECT_TEMPLATE = r"setcall:sel:(?P<name>[a-z_]{1,24}):(?P<prod>[0-9]{1,20}):(?P<subject>[0-9]{1,20}):(?P<state>[0-9]{1,9})"


def button_id(name: str, production_id: int, subject: int, state: int) -> str:
    """``setcall:act:<name>:<production>:<subject>:<state>`` (at most 100 characters)."""
    return f"setcall:act:{name}:{production_id}:{subject}:{state}"


def select_id(name: str, production_id: int, subject: int, state: int) -> str:
    """``setcall:sel:<name>:<production>:<subject>:<state>``."""
    return f"setcall:sel:{name}:{production_id}:{subject}:{state}"
