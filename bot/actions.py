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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.domain import actions as ids
from bot.domain.crew import Production
from bot.domain.tenancy import Access
from bot.i18n import normalize_locale, t
from bot.tenancy import TENANT_KEY, admit_component, production_of
from db.database import forget_next_transaction, in_next_transaction
from db.repositories.actions import ActionRepo
from db.repositories.productions import ProductionRepo

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
            await _apply_once(interaction, prod, command, key, lambda: func(self, interaction, *args, **kwargs), public=public)

        # discord.py reads the options from the signature and resolves string annotations in the
        # callback's module: hand it the original's, already resolved there.
        wrapper.__signature__ = inspect.signature(func, eval_str=True)  # type: ignore[attr-defined]
        setattr(wrapper, ACTION_ATTR, True)
        return wrapper

    return decorator


async def _apply_once(interaction: discord.Interaction, prod, command: str, key: str, body: Callable[[], Awaitable[None]], *,
                      public: bool) -> None:
    """Acknowledge, run ``body`` recording the action in its first write transaction, mark it answered."""
    bot = interaction.client
    await interaction.response.defer(thinking=True, ephemeral=not public)  # acknowledged before anything is applied
    interaction.extras[PUBLIC_DEFER_KEY] = public
    state = ActionState(key=key, command=command)
    interaction.extras[STATE_KEY] = state

    async def record(tx) -> None:
        state.action_id = await ActionRepo.record(tx, production_id=prod.id, user_id=interaction.user.id, command=command, key=key,
                                                  subject=state.subject, interaction_id=interaction.id, now=bot.clock.now())  # type: ignore[attr-defined]

    token = in_next_transaction(record)
    try:
        await body()
    finally:
        forget_next_transaction(token)
    if state.action_id is not None:
        async with bot.db.transaction() as tx:  # type: ignore[attr-defined]
            await ActionRepo.answered(tx, state.action_id, bot.clock.now())  # type: ignore[attr-defined]


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


# --------------------------------------------------------------------------------- buttons


@dataclass(frozen=True)
class ButtonAction:
    """An AD action on a button of a bot post. Its custom_id carries the production, the subject
    (e.g. the shoot day) and the state it was drawn for (e.g. the progress version): a click on a
    button drawn for an earlier state is refused, so a repeat after a lost answer, or a press on an
    old post, is never applied twice. ``public``: the answer is posted in the channel (else only the
    AD sees it). The custom id of a button drawn elsewhere (an outbox row's renderer, which imports
    no discord) is :func:`bot.domain.actions.button_id`."""

    name: str  # [a-z_], part of the custom_id
    access: Access
    label_key: str
    state: Callable[[Any, Production, int], Awaitable[int]]  # (bot, production, subject) -> current state
    apply: Callable[[discord.Interaction, Production, int], Awaitable[None]]  # does the work and answers
    style: discord.ButtonStyle = discord.ButtonStyle.primary
    public: bool = True


@dataclass(frozen=True)
class SelectAction:
    """An AD action on a select menu (e.g. which actors to tell): like :class:`ButtonAction`, and
    the values chosen are part of what is applied once (``apply(interaction, production, subject,
    values)``)."""

    name: str
    access: Access
    state: Callable[[Any, Production, int], Awaitable[int]]
    apply: Callable[[discord.Interaction, Production, int, list[str]], Awaitable[None]]
    public: bool = False


_BUTTONS: dict[str, ButtonAction] = {}
_SELECTS: dict[str, SelectAction] = {}
BUTTON_TEMPLATE = ids.BUTTON_TEMPLATE
SELECT_TEMPLATE = ids.SELECT_TEMPLATE


def register_button(action: ButtonAction) -> None:
    _BUTTONS[action.name] = action


def register_select(action: SelectAction) -> None:
    _SELECTS[action.name] = action


def action_view(name: str, production_id: int, subject: int, state: int, locale: str) -> discord.ui.View:
    """A view with the button for ``name``, drawn for ``state`` of ``subject``."""
    view = discord.ui.View(timeout=None)
    view.add_item(ActionButton(name, production_id, subject, state, locale))
    return view


def select_view(name: str, production_id: int, subject: int, state: int, options: list[discord.SelectOption], *,
                placeholder: str = "", min_values: int = 0) -> discord.ui.View:
    """A view with the select menu for ``name``, drawn for ``state`` of ``subject`` (answered by the
    persistent :class:`ActionSelect`, not by this view)."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Select(custom_id=ids.select_id(name, production_id, subject, state), placeholder=placeholder or None,
                                    min_values=min_values, max_values=max(1, len(options)), options=options))
    view.stop()
    return view


async def _admitted(interaction: discord.Interaction, access: Access, production_id: int, state_of, subject: int, drawn: int) -> Production | None:
    """The one tenancy check for the production the component belongs to, then the state check: a
    component drawn for an earlier state is refused (None: answered already)."""
    bot = interaction.client
    locale = normalize_locale(interaction.locale)
    async with bot.db.read() as tx:  # type: ignore[attr-defined]
        named = await ProductionRepo.get(tx, production_id)
    if named is None:
        await interaction.response.send_message(t("errors.expired", locale), ephemeral=True)
        return None
    interaction.extras[TENANT_KEY] = await admit_component(interaction, access, named)
    prod = production_of(interaction)
    if await state_of(bot, prod, subject) != drawn:
        await interaction.response.send_message(t("actions.stale", locale), ephemeral=True)
        return None
    return prod


class _ActionItem:
    """What an AD action's button and select share: the action named in the custom_id, the one
    tenancy and state check, then the action applied once; any error answered like a command's."""

    name: str
    production_id: int
    subject: int
    state: int

    async def callback(self, interaction: discord.Interaction) -> None:
        from bot.tree import reply_error

        try:
            await self._run(interaction)
        except Exception as exc:  # answered like a command error, never left hanging
            await reply_error(interaction, exc)

    async def _run(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError

    async def _admit(self, interaction: discord.Interaction, registry: dict) -> tuple[Any, Production] | None:
        action = registry.get(self.name)
        if action is None:
            await interaction.response.send_message(t("errors.expired", normalize_locale(interaction.locale)), ephemeral=True)
            return None
        prod = await _admitted(interaction, action.access, self.production_id, action.state, self.subject, self.state)
        return None if prod is None else (action, prod)


class ActionButton(_ActionItem, discord.ui.DynamicItem[discord.ui.Button], template=BUTTON_TEMPLATE):
    def __init__(self, name: str, production_id: int, subject: int, state: int, locale: str = "en-US") -> None:
        action = _BUTTONS.get(name)
        super().__init__(discord.ui.Button(
            label=t(action.label_key, locale) if action else name,
            style=action.style if action else discord.ButtonStyle.secondary,
            custom_id=ids.button_id(name, production_id, subject, state),
        ))
        self.name, self.production_id, self.subject, self.state = name, production_id, subject, state

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Button, match) -> ActionButton:  # type: ignore[override]
        return cls(match["name"], int(match["prod"]), int(match["subject"]), int(match["state"]), normalize_locale(interaction.locale))

    async def _run(self, interaction: discord.Interaction) -> None:
        found = await self._admit(interaction, _BUTTONS)
        if found is None:
            return
        action, prod = found
        key = f"button {self.name} {self.subject} {self.state}"
        await _apply_once(interaction, prod, f"button {self.name}", key, lambda: action.apply(interaction, prod, self.subject),
                          public=action.public)


class ActionSelect(_ActionItem, discord.ui.DynamicItem[discord.ui.Select], template=SELECT_TEMPLATE):
    def __init__(self, name: str, production_id: int, subject: int, state: int) -> None:
        super().__init__(discord.ui.Select(custom_id=ids.select_id(name, production_id, subject, state),
                                           options=[discord.SelectOption(label="-", value="-")]))
        self.name, self.production_id, self.subject, self.state = name, production_id, subject, state

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Select, match) -> ActionSelect:  # type: ignore[override]
        return cls(match["name"], int(match["prod"]), int(match["subject"]), int(match["state"]))

    async def _run(self, interaction: discord.Interaction) -> None:
        found = await self._admit(interaction, _SELECTS)
        if found is None:
            return
        action, prod = found
        values = sorted(str(v) for v in (interaction.data or {}).get("values", []))  # type: ignore[union-attr]
        key = f"select {self.name} {self.subject} {self.state} {','.join(values)}"
        await _apply_once(interaction, prod, f"select {self.name}", key, lambda: action.apply(interaction, prod, self.subject, values),
                          public=action.public)
