"""Who could be called now, read from the store (Discord-free): the crew, who is off duty, each
actor's 跟妆, the active shoot day with its projection and everybody's call on it, the sets and the
day's cast."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain import progress as P
from bot.domain.callsheet import CallRules, compute_calls
from bot.domain.crew import CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.plan import SetLocation, ShootDay
from bot.domain.standby import CastEntry, Member, Roster
from db.database import Tx
from db.repositories.crew import CrewRepo
from db.repositories.plan import PlanRepo
from db.repositories.progress import ProgressRepo
from db.repositories.standby import DutyRepo, FollowerRepo


@dataclass(frozen=True)
class Context:
    prod: Production
    crew: tuple[CrewMember, ...]
    roster: Roster
    sets: tuple[SetLocation, ...] = ()
    cast: tuple[CastEntry, ...] = ()
    day: ShootDay | None = None  # the active shoot day (None: none now)
    projection: P.Projection | None = None
    follower_names: dict[str, str] = field(default_factory=dict)  # actor key -> actor name as paired

    def member(self, user_id: int) -> CrewMember | None:
        return next((m for m in self.crew if m.user_id == user_id), None)


def members_of(crew: list[CrewMember] | tuple[CrewMember, ...]) -> tuple[Member, ...]:
    return tuple(Member(m.user_id, m.display_name, m.department, m.language, m.leads, m.title) for m in crew)


def cast_of(day: ShootDay | None) -> tuple[CastEntry, ...]:
    if day is None:
        return ()
    seen: dict[tuple[str, str], CastEntry] = {}
    for scene in sorted(day.scenes, key=lambda s: s.position):
        for role in scene.cast:
            seen.setdefault((role.character, role.actor), CastEntry(role.character, role.actor, role.user_id))
    return tuple(seen.values())


async def load(tx: Tx, prod: Production, day_id: int | None, now: datetime, offsets: dict[str, int],
               rules: CallRules = CallRules()) -> Context:
    """Everything a standby needs, in one read. ``day_id``: the active shoot day, if any (with no
    active day nothing says anyone is off call, and the cast comes from the next day planned)."""
    crew = tuple(await CrewRepo.list(tx, prod.id))
    off = await DutyRepo.off_duty(tx, prod.id)
    followers = await FollowerRepo.of_production(tx, prod.id)
    sets = tuple(await PlanRepo.sets(tx, prod.id))
    day = await PlanRepo.day_by_id(tx, day_id, prod.tz) if day_id is not None else None
    calls: dict[int, datetime] | None = None
    wrapped: datetime | None = None
    projection = None
    if day is not None and day.id is not None:
        walks = await PlanRepo.walks(tx, prod.id)
        progress = await ProgressRepo.load(tx, day.id)
        overrides = await PlanRepo.overrides(tx, day.id, prod.tz)
        projection = P.project(day, walks, progress, now, changes=rules.changes)
        by_user = compute_calls(day, list(crew), offsets, overrides, scene_starts=projection.scene_starts(), walks=walks, rules=rules)
        dropped = set(projection.skipped)
        calls = {uid: pc.call for uid, pc in by_user.items() if not (pc.kind == "cast" and pc.scenes and set(pc.scenes) <= dropped)}
        wrapped = progress.wrapped_at
    cast_day = day
    if cast_day is None:
        cast_day = await PlanRepo.next_day(tx, prod.id, (now.astimezone(prod.tz) - timedelta(hours=6)).date(), prod.tz)
    roster = Roster(members_of(crew), off, calls, wrapped, {f.actor_key: f.user_id for f in followers})
    return Context(prod, crew, roster, sets, cast_of(cast_day), day, projection, {f.actor_key: f.actor_name for f in followers})
