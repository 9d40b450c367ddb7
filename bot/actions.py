"""AD actions are applied once, even when their answer is lost.

Discord gives an interaction three seconds; a slow network or a 500 on the callback and the AD sees
"The application did not respond" and presses again. Every command that changes a production's
plan, crew, channels or live day is decorated with :func:`ad_action`, which

1. answers at once if this person did the very same thing (same command, same options) a moment
   ago and its answer never reached Discord: "already done at HH:MM", nothing applied twice;
2. acknowledges the interaction (a deferral) BEFORE applying anything: if Discord never hears the
   acknowledgement, nothing was applied, and the second press is the first;
3. records the action (who, what, which production and day, when) inside the same transaction that
   applies it, whichever repository call that is (``db.database.in_next_transaction``);
4. marks it answered once the reply went out. A reply that never arrives leaves it unanswered: the
   repeat in step 1.

Buttons that act on a production carry the state they were drawn for (e.g. the progress version)
and refuse a stale click the same way ``/shoot next`` refuses an AD who saw an older scene.

To add an AD command: ``@ad_only()`` then ``@ad_action()``; reply with :func:`answer` (it follows
up when the interaction was already acknowledged); call ``set_subject(interaction, ...)`` once
you know which day it is about.
"""

from __future__ import annotations

import functools
import inspect
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.i18n import normalize_locale, t
from bot.tenancy import production_of
from db.database import forget_next_transaction, in_next_transaction
from db.repositories.actions import ActionRepo

log = logging.getLogger(__name__)

ACTION_ATTR = "__setcall_ad_action__"
STATE_KEY = "setcall.action"
PUBLIC_DEFER_KEY = "setcall.public_defer"
ANSWERED_KEY = "setcall.answered"
#: A repeat within this many minutes of an action whose answer was lost is "already done".
REPEAT_WINDOW_MINUTES = 10


@dataclass
class ActionState:
    key: str
    command: str
    subject: str = ""
    action_id: int | None = None


def action_key(interaction: discord.Interaction) -> tuple[str, str]:
    """(command, key): the command's qualified name and its options as the user gave them."""
    command = getattr(interaction.command, "qualified_name", "?")
    parts = []
    for name, value in sorted(vars(interaction.namespace).items()):
        if isinstance(value, discord.Attachment):
            shown = f"{value.filename}:{value.size}"
        elif hasattr(value, "id"):
            shown = str(value.id)
        else:
            shown = str(value)
        parts.append(f"{name}={shown}")
    return command, f"{command} " + " ".join(parts)


def set_subject(interaction: discord.Interaction, subject: object) -> None:
    """Which day (or other thing) the action is about, recorded with it."""
    state = interaction.extras.get(STATE_KEY)
    if isinstance(state, ActionState):
        state.subject = str(subject)[:100]


def is_ad_action(callback: Any) -> bool:
    return bool(getattr(callback, ACTION_ATTR, False))


def ad_action(*, public: bool = True):
    """Decorate an AD command's callback (``async def cmd(self, interaction, ...)``). ``public``:
    the answer is posted in the channel (else only the AD sees it)."""

    def decorator(func):
        @functools.wraps(func)
        async def wrapper(self, interaction: discord.Interaction, *args: Any, **kwargs: Any) -> None:
            bot = interaction.client
            prod = production_of(interaction)
            command, key = action_key(interaction)
            now = bot.clock.now()  # type: ignore[attr-defined]
            async with bot.db.read() as tx:  # type: ignore[attr-defined]
                lost = await ActionRepo.last_unanswered(tx, production_id=prod.id, user_id=interaction.user.id, key=key,
                                                        since=now - timedelta(minutes=REPEAT_WINDOW_MINUTES))
            if lost is not None:
                await _already_done(interaction, prod, lost.id, lost.applied_at)
                return
            await interaction.response.defer(thinking=True, ephemeral=not public)  # acknowledged before anything is applied
            interaction.extras[PUBLIC_DEFER_KEY] = public
            state = ActionState(key=key, command=command)
            interaction.extras[STATE_KEY] = state

            async def record(tx) -> None:
                state.action_id = await ActionRepo.record(tx, production_id=prod.id, user_id=interaction.user.id, command=command,
                                                          key=key, subject=state.subject, interaction_id=interaction.id,
                                                          now=bot.clock.now())  # type: ignore[attr-defined]

            token = in_next_transaction(record)
            try:
                await func(self, interaction, *args, **kwargs)
            finally:
                forget_next_transaction(token)
            if state.action_id is not None:
                async with bot.db.transaction() as tx:  # type: ignore[attr-defined]
                    await ActionRepo.answered(tx, state.action_id, bot.clock.now())  # type: ignore[attr-defined]

        # discord.py reads the options from the signature and resolves string annotations in the
        # callback's module: hand it the original's, already resolved there.
        wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
        setattr(wrapper, ACTION_ATTR, True)
        return wrapper

    return decorator


async def _already_done(interaction: discord.Interaction, prod, action_id: int, applied_at: datetime) -> None:
    bot = interaction.client
    text = t("actions.already_done", normalize_locale(interaction.locale), time=applied_at.astimezone(prod.tz).strftime("%H:%M"))
    await interaction.response.send_message(text, ephemeral=True)
    async with bot.db.transaction() as tx:  # type: ignore[attr-defined]
        await ActionRepo.answered(tx, action_id, bot.clock.now())  # type: ignore[attr-defined]


async def answer(interaction: discord.Interaction, content: str | None = None, **kwargs: Any) -> discord.Message | None:
    """Reply, whether or not the interaction was already acknowledged (``ad_action`` defers first).
    ``ephemeral`` is honoured for the first reply only when not yet acknowledged (Discord keeps the
    deferral's visibility for the message that fills it)."""
    kwargs.setdefault("allowed_mentions", discord.AllowedMentions.none())
    if not interaction.response.is_done():
        await interaction.response.send_message(content, **kwargs)
        return None
    sent = await interaction.followup.send(content, wait=True, **kwargs)
    interaction.extras[ANSWERED_KEY] = True
    return sent
