"""The Bot subclass. Its database, scheduler, clock and settings come in through the
constructor (opened in ``main()`` with ``async with``, as discord.py's advanced_startup example)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands

from bot.clock import Clock
from bot.i18n.discord import CatalogTranslator
from bot.pacing import pace
from bot.settings import Settings
from bot.tree import SetCallTree
from db.database import Database

if TYPE_CHECKING:
    from bot.cues.callsheet import CallsheetPublisher
    from bot.cues.engine import CueEngine
    from bot.cues.liveday import LiveDayService

log = logging.getLogger(__name__)

#: The names discord.py gives the task running each interaction's handler (app_commands/tree.py,
#: ui/view.py, ui/modal.py); tests/e2e/test_settle.py fails if a discord.py upgrade renames them.
INTERACTION_TASKS = ("CommandTree-invoker", "discord-ui-view-dispatch-", "discord-ui-dynamic-item-", "discord-ui-modal-dispatch-")

EXTENSIONS: tuple[str, ...] = (
    "cogs.admin",
    "cogs.production",
    "cogs.crew",
)


def discover_extensions() -> tuple[str, ...]:
    """Core extensions plus every feature package under cogs/ that has a ``setup``."""
    import importlib
    import pkgutil

    import cogs

    found = list(EXTENSIONS)
    for info in sorted(pkgutil.iter_modules(cogs.__path__), key=lambda i: i.name):
        name = f"cogs.{info.name}"
        if name in found or info.name.startswith("_"):
            continue
        module = importlib.import_module(name)
        if hasattr(module, "setup"):
            found.append(name)
    return tuple(found)


class SetCallBot(commands.Bot):
    def __init__(
        self,
        *,
        db: Database,
        scheduler: AsyncIOScheduler,
        clock: Clock,
        settings: Settings,
        extensions: Iterable[str] | None = None,
        **options: Any,
    ) -> None:
        intents = discord.Intents.default()
        options.setdefault("allowed_mentions", discord.AllowedMentions.none())
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=SetCallTree,
            help_command=None,
            **options,
        )
        self.db = db
        self.scheduler = scheduler
        self.clock = clock
        self.settings = settings
        self.initial_extensions = tuple(extensions) if extensions is not None else discover_extensions()
        self.cues: CueEngine | None = None
        self.liveday: LiveDayService | None = None
        self.callsheets: CallsheetPublisher | None = None
        self.synced: dict[int | None, int] = {}
        self._perm_checks: set[asyncio.Task] = set()
        #: set once on_ready's permission check has queued what it tells the AD (a harness waits for it)
        self.checked_at_start = asyncio.Event()

    def build_live_day(self) -> None:
        """The cue engine and live-day service. They exist before the extensions load (which register
        cue kinds and reach the service) and the engine starts after them."""
        from bot import errors  # noqa: F401  (registers the error_report outbox kind before the engine starts)
        from bot.cues import create_live_day
        from bot.delivery import DiscordDelivery

        from bot import permissions as _permissions  # noqa: F401  (its kind must exist before the engine recovers rows)
        from bot.cues.callsheet import CallsheetPublisher

        self.delivery = DiscordDelivery(self)
        self.cues, self.liveday = create_live_day(self.db, self.scheduler, self.clock, self.settings, self.delivery.deliver, self.delivery.lookup)
        self.callsheets = CallsheetPublisher(self.db, self.clock, self.settings, self.cues)
        self.cues.settle_also(self.interactions_in_flight)  # a handler still running may yet queue rows
        self.cues.settle_also(lambda: list(self._perm_checks))  # so may a permission check

    async def setup_hook(self) -> None:
        from bot import untrusted

        pace(self.http)  # stay under Discord's global 50 requests/s when many messages are in flight
        await self.tree.set_translator(CatalogTranslator())
        self._warm = asyncio.create_task(asyncio.to_thread(untrusted.warm_up), name="setcall-parser-warm-up")
        self.build_live_day()
        assert self.cues is not None and self.liveday is not None
        from bot.actions import ActionButton, ActionSelect

        self.add_dynamic_items(ActionButton, ActionSelect)  # AD buttons and menus on bot posts (they carry the state they were drawn for)
        for ext in self.initial_extensions:
            await self.load_extension(ext)
        await self.cues.start()  # recover missed cues, re-arm pending ones
        try:
            await self.liveday.sync_upcoming()
        except Exception:  # one broken day must not keep the bot from starting
            log.exception("could not plan the cues of the days around today")
        if self.settings.sync_on_start:
            for guild_id in self.settings.guilds:
                await self.sync_guild(guild_id)

    async def sync_guild(self, guild_id: int) -> int:
        guild = discord.Object(id=guild_id)
        self.tree.copy_global_to(guild=guild)
        synced = await self.tree.sync(guild=guild)
        self.synced[guild_id] = len(synced)
        log.info("synced %d commands to guild %s", len(synced), guild_id)
        return len(synced)

    async def sync_global(self) -> int:
        synced = await self.tree.sync()
        self.synced[None] = len(synced)
        return len(synced)

    async def close(self) -> None:
        if self.cues is not None:
            await self.cues.stop()
        await super().close()

    async def on_ready(self) -> None:
        log.info("ready as %s in %d guilds", self.user, len(self.guilds))
        await asyncio.wait([self._check_permissions()])
        self.checked_at_start.set()

    async def on_guild_channel_update(self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel) -> None:
        """Someone changed a channel's permissions: what the bot lacks there may have changed."""
        if before.overwrites != after.overwrites:
            self._check_permissions(guild_id=after.guild.id, channel_id=after.id)

    async def on_guild_role_update(self, before: discord.Role, after: discord.Role) -> None:
        if before.permissions != after.permissions:
            self._check_permissions(guild_id=after.guild.id)

    def _check_permissions(self, **where: int) -> asyncio.Task[None]:
        """Tell each production's AD what to grant, and what got fixed (once the gateway delivered
        the servers; again when a channel's or a role's permissions change), off the gateway's task."""
        from bot.permissions import review

        async def run() -> None:
            try:
                await review(self, **where)
            except Exception:
                log.exception("could not check the bot's permissions in the productions' channels")

        task = asyncio.create_task(run(), name="setcall-permission-check")
        self._perm_checks.add(task)
        task.add_done_callback(self._perm_checks.discard)
        return task

    @staticmethod
    def interactions_in_flight() -> list[asyncio.Task[Any]]:
        """The interaction handlers still running (a command, a button, a select, a modal): discord.py
        runs each as a task of its own, named in app_commands/tree.py and ui/view.py, ui/modal.py."""
        return [t for t in asyncio.all_tasks() if not t.done() and t.get_name().startswith(INTERACTION_TASKS)]
