"""The demo's cue board: a day's pending messages printed as a board, and which ones moved."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.cues.kinds import get as kind_get
from bot.domain.cues import INTERNAL_KINDS, Cue
from bot.i18n import t
from db.repositories.cues import CueRepo

SH = ZoneInfo("Asia/Shanghai")


def local(dt: datetime) -> datetime:
    return dt.astimezone(SH)


class Board:
    """The pending cues of the day (messages only: the internal re-plan is not shown)."""

    def __init__(self, demo, day_id: int) -> None:
        self.demo, self.day_id = demo, day_id
        self.names = {m.id: m.name for m in demo.world.members.values()}
        self.channels = {c.id: f"#{name}" for name, c in demo.world.channels.items()}

    async def pending(self) -> dict[str, Cue]:
        async with self.demo.bot.db.read() as tx:
            return {c.key: c for c in await CueRepo.for_day(tx, self.day_id) if c.status == "pending" and c.kind not in INTERNAL_KINDS}

    def label(self, cue: Cue) -> str:
        kind = t(f"cues.kind.{cue.kind}", "en-US") if kind_get(cue.kind) else cue.kind
        who = self.names.get(cue.target.user_id or 0) or self.channels.get(cue.target.channel_id or 0) or "?"
        return f"{kind} → {who}"

    async def show(self, title: str, limit: int = 8) -> dict[str, Cue]:
        cues = await self.pending()
        ordered = sorted(cues.values(), key=lambda c: (c.due, c.id))
        self.demo.emit(f"  ┌ cue board: {title} ({len(cues)} pending)")
        for c in ordered[:limit]:
            self.demo.emit(f"  │ {local(c.due):%H:%M}  {self.label(c)}")
        if len(ordered) > limit:
            self.demo.emit(f"  │ … {len(ordered) - limit} more")
        self.demo.emit("  └")
        return cues

    async def diff(self, before: dict[str, Cue], title: str, limit: int = 10) -> None:
        after = await self.pending()
        moved = [(before[k], c) for k, c in after.items() if k in before and before[k].due != c.due]
        new = [c for k, c in after.items() if k not in before]
        gone = [c for k, c in before.items() if k not in after]
        self.demo.emit(f"  ┌ cue board: {title}: {len(moved)} re-timed, {len(new)} new, {len(gone)} gone")
        for old, c in sorted(moved, key=lambda p: p[1].due)[:limit]:
            delta = int((c.due - old.due).total_seconds() // 60)
            self.demo.emit(f"  │ {local(old.due):%H:%M} → {local(c.due):%H:%M} ({delta:+d} min)  {self.label(c)}")
        if len(moved) > limit:
            self.demo.emit(f"  │ … {len(moved) - limit} more re-timed")
        for c in sorted(new, key=lambda c: c.due):
            self.demo.emit(f"  │ new   {local(c.due):%H:%M}  {self.label(c)}")
        self.demo.emit("  └")
