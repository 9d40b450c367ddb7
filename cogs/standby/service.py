"""Calling a standby and answering it (Discord-free): one transaction each, the outbox rows queued
in the same transaction (:mod:`cogs.standby.outbox`), the engine armed after the commit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.domain import standby as S
from bot.domain.crew import CrewMember, Production
from bot.domain.errors import DomainError
from bot.domain.plan import SetLocation
from cogs.standby import outbox
from cogs.standby.common import context, not_found
from cogs.standby.roster import Context
from db.repositories.standby import StandbyRepo


@dataclass(frozen=True)
class Call:
    """What the AD or head of department typed."""

    department: str | None = None
    what: str = ""
    set_text: str | None = None
    minutes: int | None = None
    person_text: str | None = None


@dataclass(frozen=True)
class Called:
    standby: S.Standby
    new: bool = True  # False: this very interaction had made it already
    no_follower: bool = False


@dataclass(frozen=True)
class Answered:
    outcome: str  # "answered" | "already" | "not_yours" | "cancelled" | "gone"
    standby: S.Standby | None = None
    answer: S.Answer | None = None


def where(prod: Production, settings, department: str, person: S.Person | None) -> tuple[int | None, int | None]:
    """The channel a standby is posted in and the head role pinged there: the department's channel
    and its head role; one actor is called in the makeup channel (where their 跟妆 works), nobody
    pinged; no department channel: the set channel."""
    channel_dept = "makeup" if person is not None and person.department == "cast" else department
    channel = prod.department_channel(channel_dept) or prod.department_channel(department) or prod.channel("production")
    role = None if person is not None else settings.guild(prod.guild_id).department_head_roles.get(department)
    return channel, role


def heads_for(ctx: Context, sb: S.Standby) -> tuple[CrewMember, ...]:
    """Whom the ladder's second step DMs: the heads of the departments called (for an actor: the
    makeup head), on call, not the caller. A head is one who joined as its head or who holds its head
    role (the crew directory notes the roles each interaction shows: ``bot.tenancy.note_role_heads``)."""
    departments = S.head_departments(sb)
    return tuple(m for m in ctx.crew if any(m.heads(d) for d in departments) and m.user_id != sb.called_by
                 and S.on_call(m.user_id, ctx.roster, sb.called_at))


class StandbyService:
    def __init__(self, bot) -> None:
        self.bot = bot

    @property
    def settings(self):
        return self.bot.settings

    async def _arm(self, ids: list[int]) -> None:
        if ids and self.bot.cues is not None:
            await self.bot.cues.refresh(ids)

    # --------------------------------------------------------------------------- calling

    def resolve(self, ctx: Context, call: Call, locale: str) -> tuple[str, S.Person | None, SetLocation | None]:
        """The department, the person and the set the caller meant, or a refusal naming the nearest."""
        person = None
        if call.person_text and call.person_text.strip():
            found = S.find_person(call.person_text, ctx.roster.members, ctx.cast)
            if found.person is None:
                key = "standby.error.ambiguous_person" if found.ambiguous else "standby.error.unknown_person"
                raise not_found(key, "person", call.person_text, found.options, locale)
            person = found.person
        place = None
        if call.set_text and call.set_text.strip():
            named = S.find_name(call.set_text, [s.name for s in ctx.sets])
            if named.name is None:
                key = "standby.error.ambiguous_set" if named.ambiguous else "standby.error.unknown_set"
                raise not_found(key, "set", call.set_text, named.options, locale)
            place = next(s for s in ctx.sets if s.name == named.name)
        department = person.department if person is not None else call.department
        if not department:
            raise DomainError("standby.error.need_target")
        return department, person, place

    async def call(self, prod: Production, call: Call, *, by: int, by_name: str, request_id: int | None, locale: str,
                   check=None) -> Called:
        """``check(department)``: the caller's right to call that department (raises)."""
        what = " ".join((call.what or "").split())
        if len(what) > S.MAX_WHAT:
            raise DomainError("standby.error.bad_what", max=S.MAX_WHAT)
        ctx = await context(self.bot, prod)
        department, person, place = self.resolve(ctx, call, locale)
        if check is not None:
            check(department)
        now = self.bot.clock.now()
        called = (S.person_called(person, ctx.roster, now, by) if person is not None
                  else S.department_called(department, ctx.roster, now, by))
        channel, role = where(prod, self.settings, department, person)
        sb = S.Standby(
            id=0, production_id=prod.id, day_id=ctx.day.id if ctx.day is not None else None,
            kind=S.PERSON if person is not None else S.DEPARTMENT, department=department, what=what, called_at=now,
            locale=prod.channel_locale, set_name=place.name if place else "", place=S.place_of(place.building, place.notes) if place else "",
            due=now + timedelta(minutes=call.minutes) if call.minutes else None, called_by=by, called_by_name=by_name,
            person=person.name if person else "", channel_id=channel, role_id=role, called=called,
        )
        return await self.create(prod, ctx, sb, request_id=request_id, no_follower=person is not None and person.department == "cast"
                                 and not any(c.role == S.FOLLOWER for c in called))

    async def create(self, prod: Production, ctx: Context, sb: S.Standby, *, request_id: int | None = None,
                     no_follower: bool = False, steps: tuple[str, ...] | None = None) -> Called:
        cfg = self.settings.standby
        async with self.bot.db.transaction() as tx:
            sid = await StandbyRepo.create(tx, sb, request_id=request_id, now=sb.called_at)
            if sid is None:  # the same press or the same plan event: it exists already
                existing = await (StandbyRepo.by_request(tx, request_id) if request_id is not None else StandbyRepo.by_auto_key(tx, sb.auto_key or ""))
                if existing is None:
                    raise DomainError("standby.reply.gone")
                return Called(existing, new=False)
            sb = replace(sb, id=sid)
            touched = await outbox.queue_call(tx, prod, sb, ctx.crew, steps=cfg.escalation if steps is None else steps,
                                              minutes=cfg.escalation_minutes,
                                              heads=heads_for(ctx, sb), now=sb.called_at)
        await self._arm(touched)
        return Called(sb, no_follower=no_follower)

    # --------------------------------------------------------------------------- answering

    async def answer(self, standby_id: int, *, user_id: int, name: str, department: str | None, heads: frozenset[str],
                     answer: str, request_id: int | None) -> Answered:
        now = self.bot.clock.now()
        async with self.bot.db.transaction() as tx:
            sb = await StandbyRepo.get(tx, standby_id)
            if sb is None:
                return Answered("gone")
            if sb.state == S.CANCELLED:
                return Answered("cancelled", sb)
            if not S.may_answer(sb, user_id, department, heads):
                return Answered("not_yours", sb)
            called = next((c for c in sb.called if c.user_id == user_id), None)
            a = S.record(sb, user_id, called.name if called else name, department or (called.department if called else ""), answer, now)
            if a is None:
                return Answered("already", sb, sb.latest()[user_id])
            if not await StandbyRepo.answer(tx, sb.id, a, request_id=request_id):
                return Answered("already", sb, sb.latest().get(user_id, a))
            first = sb.first_answer is None
            sb = S.with_answer(sb, a)
            touched = await outbox.stop_ladder(tx, sb, now) if first else []
            touched += await outbox.queue_edits(tx, sb, now)
        await self._arm(touched)
        return Answered("answered", sb, a)

    async def recent(self, prod: Production, hours: int = 24) -> list[S.Standby]:
        async with self.bot.db.read() as tx:
            return await StandbyRepo.recent(tx, prod.id, self.bot.clock.now() - timedelta(hours=hours))


__all__ = ["Answered", "Call", "Called", "StandbyService", "heads_for", "where"]
