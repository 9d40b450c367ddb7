"""What a day's report is computed from, read from the stores the features keep (Discord-free).

One function, :func:`gather`, reads in the caller's transaction: the plan, the live day (its
progress, projected with the live day's own :func:`bot.domain.progress.project`: no second
timeline), the calls people heard, the call sheets and their confirmations, the next day's calls,
the standby answers (issue 12's tables), the canteen's costs and meal allowances (issue 13's), the
rest overrides and the rules in force; :func:`bot.domain.report.build_report` does the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from bot.domain import moves as M
from bot.domain import progress as P
from bot.domain import windows
from bot.domain.callsheet import CastCall, PersonCall, actor_calls, compute_calls
from bot.domain.crew import CrewMember, Production
from bot.domain.plan import SetLocation, ShootDay, Walk
from bot.domain.report import DayFacts, DelayLine, MealLine, MoneyLine, MoveLine, NextDay, PlanDay, PlanScene, SheetStatus, Skip, WindowLine, moves_from
from bot.domain.report.build import day_spans
from bot.domain.rest import RestRules, Span, rules_for
from bot.settings import Settings
from db.database import Tx
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo
from db.repositories.meals import MoneyRepo
from db.repositories.plan import PlanRepo
from db.repositories.progress import ProgressRepo
from db.repositories.report import ReportRepo, RestRepo
from db.repositories.standby import StandbyRepo

#: Standby calls counted for a day: from this long before its general call ...
STANDBY_BEFORE = timedelta(hours=4)
#: ... to this long after its wrap.
STANDBY_AFTER = timedelta(hours=1)


def rules_of(settings: Settings, prod: Production) -> RestRules:
    pack, hours = settings.rest_rules_of(prod.guild_id, prod.code)
    return rules_for(pack, hours)


async def sheet_status(tx: Tx, day: ShootDay) -> SheetStatus:
    assert day.id is not None
    latest = await CallsheetRepo.latest(tx, day.id)
    if latest is None:
        return SheetStatus(day.date, day.day_number, None)
    deliveries = await CallsheetRepo.deliveries(tx, latest.id)
    return SheetStatus(day.date, day.day_number, latest.version, sum(1 for d in deliveries if d.status == "confirmed"), len(deliveries),
                       sum(1 for d in deliveries if d.status == "unreachable"), latest.sheet.published_at)


async def heard_calls(tx: Tx, day: ShootDay, calls: Mapping[int, PersonCall]) -> dict[int, PersonCall]:
    """``calls`` with each person's call as they last heard it (the call sheet, or a later notice)."""
    assert day.id is not None
    known = await ProgressRepo.known_calls(tx, day.id)
    return {uid: replace(pc, call=known[uid][0].call) if uid in known else pc for uid, pc in calls.items()}


def live_calls(settings: Settings, day: ShootDay, crew: Sequence[CrewMember], walks: Sequence[Walk], overrides: Mapping[int, datetime],
               projection: P.Projection) -> dict[int, PersonCall]:
    """Who the live day calls (the same calls the live day's recompute makes)."""
    return compute_calls(day, list(crew), settings.call_offsets, overrides, scene_starts=projection.scene_starts(), walks=walks,
                         rules=settings.call_rules)


async def cast_table(tx: Tx, settings: Settings, day: ShootDay, crew: Sequence[CrewMember], starts: Mapping[str, datetime]) -> tuple[CastCall, ...]:
    """The day's actors, on Discord or not, with the calls they were given: the published call
    sheet's cast table, else the plan's (from ``starts``)."""
    assert day.id is not None
    latest = await CallsheetRepo.latest(tx, day.id)
    if latest is not None and latest.sheet.cast:
        return tuple(latest.sheet.cast)
    return actor_calls(day, starts, settings.call_rules, {m.user_id for m in crew})


def meal_lines(progress: P.Progress, projection: P.Projection) -> tuple[MealLine, ...]:
    """The meals of the day as the live day recorded them: those the AD called (放饭: when, the
    break as called, when the crew was back and whether the AD called the return) and those still
    only planned (where the timeline projects them)."""
    called = {m.name: m for m in progress.meals}
    out = []
    for m in projection.meals:
        taken = called.get(m.name)
        if m.called and taken is not None:
            out.append(MealLine(m.name, taken.called, taken.minutes, m.resumed, m.returned, m.planned))
        else:
            out.append(MealLine(m.name, None, m.minutes, None, False, m.planned or m.start))
    return tuple(out)


def delay_lines(progress: P.Progress) -> tuple[DelayLine, ...]:
    """/shoot delay (+) and /shoot ahead (-) with the scene and the reason the AD gave."""
    return tuple(DelayLine(d.at, d.minutes, d.scene, d.reason) for d in progress.delays)


def skip_lines(progress: P.Progress) -> tuple[Skip, ...]:
    """The scenes dropped today, why, and where they were carried (a later day, or the pool)."""
    return tuple(Skip(s.scene, s.at, s.reason, s.carried_to) for s in progress.skips)


def window_lines(day: ShootDay, projection: P.Projection, sets: Mapping[str, SetLocation]) -> tuple[WindowLine, ...]:
    """Scenes shot (or being shot) outside their set's window or their light."""
    begun = [s for s in projection.slots if s.status in ("done", "current")]
    return tuple(WindowLine(b.scene, b.set_name, b.kind, b.minutes, b.early, b.opens, b.closes) for b in windows.breaches(day, begun, sets))


def move_lines(settings: Settings, day: ShootDay, projection: P.Projection, sets: Mapping[str, SetLocation]) -> tuple[MoveLine, ...]:
    """The set changes of the day, company moves (转场) told from set moves (换景) by the live day's rule."""
    threshold = settings.liveday.set_move_walk_minutes
    return moves_from(projection, lambda a, b, walk: M.between(sets, a, b, walk, threshold=threshold, day_base=day.base).is_company)


async def next_day_facts(tx: Tx, settings: Settings, prod: Production, day: ShootDay, crew: Sequence[CrewMember],
                         walks: Sequence[Walk]) -> NextDay | None:
    """The next shoot day's calls: its published call sheet's, else the plan's."""
    nxt = await PlanRepo.next_day(tx, prod.id, day.date + timedelta(days=1), prod.tz)
    if nxt is None or nxt.id is None:
        return None
    status = await sheet_status(tx, nxt)
    latest = await CallsheetRepo.latest(tx, nxt.id)
    if latest is not None:
        calls = {p.user_id: p for p in latest.sheet.people}
    else:
        calls = compute_calls(nxt, list(crew), settings.call_offsets, await PlanRepo.overrides(tx, nxt.id, prod.tz), walks=walks,
                              rules=settings.call_rules)
    planned = P.plan_timeline(nxt, walks, changes=settings.call_rules.changes)
    wrap = planned[-1].end if planned else nxt.general_call
    breaks = tuple((m.start, m.end) for s in planned for m in s.meals)
    cast = await cast_table(tx, settings, nxt, crew, {s.number: s.start for s in planned})
    return NextDay(nxt, calls, {s.number: s.end for s in planned}, wrap, breaks, status, cast)


async def recorded(tx: Tx, settings: Settings, prod: Production, day: ShootDay, *, now: datetime,
                   crew: Sequence[CrewMember] | None = None, walks: Sequence[Walk] | None = None) -> Recorded:
    """The live day as stored: its progress, its projection, the calls people heard, its actors, its skips."""
    assert day.id is not None
    walks = list(walks) if walks is not None else await PlanRepo.walks(tx, prod.id)
    crew = list(crew) if crew is not None else await CrewRepo.list(tx, prod.id)
    progress = await ProgressRepo.load(tx, day.id)
    projection = P.project(day, walks, progress, now, changes=settings.call_rules.changes)
    calls = live_calls(settings, day, crew, walks, await PlanRepo.overrides(tx, day.id, prod.tz), projection)
    calls = await heard_calls(tx, day, calls)
    skips = skip_lines(progress)
    cast = await cast_table(tx, settings, day, crew, projection.scene_starts())
    return Recorded(progress, projection, calls, cast, skips)


@dataclass(frozen=True)
class Recorded:
    progress: P.Progress
    projection: P.Projection
    calls: dict[int, PersonCall]
    cast: tuple[CastCall, ...]
    skips: tuple[Skip, ...]

    def facts(self, prod: Production, day: ShootDay, settings: Settings, departments: Mapping[int, str]) -> DayFacts:
        """Just what the working spans of the day need."""
        return DayFacts(prod.code, prod.name, prod.timezone, day, self.projection, meals=meal_lines(self.progress, self.projection), skips=self.skips,
                        calls=self.calls, cast=self.cast, departments=departments, wrap_out=settings.rest.wrap_out)


async def history_spans(tx: Tx, settings: Settings, prod: Production, day: ShootDay, plan_days: Sequence[tuple[int, PlanDay]],
                        rules: RestRules, crew: Sequence[CrewMember], walks: Sequence[Walk], now: datetime) -> tuple[Span, ...]:
    """The working days before ``day`` that the pack's monthly and weekly rules look back over."""
    if rules.max_days_in_a_row is None and rules.max_overtime_month_minutes is None:
        return ()
    since = min(day.date.replace(day=1), day.date - timedelta(days=(rules.max_days_in_a_row or 0) + 1))
    departments = {m.user_id: m.department for m in crew}
    out: list[Span] = []
    for day_id, pd in plan_days:
        if not since <= pd.date < day.date or pd.state == "planned":
            continue
        earlier = await PlanRepo.day_by_id(tx, day_id, prod.tz)
        if earlier is None:
            continue
        rec = await recorded(tx, settings, prod, earlier, now=now, crew=crew, walks=walks)
        out += day_spans(rec.facts(prod, earlier, settings, departments))
    return tuple(out)


async def money_lines(tx: Tx, prod: Production, on: date) -> tuple[MoneyLine, ...]:
    costs = await MoneyRepo.costs(tx, prod.id, on, on)
    people: dict[str, int] = {}
    for _, meal, a in await MoneyRepo.allowances(tx, prod.id, on, on):
        if a.allowance:
            people[meal] = people.get(meal, 0) + 1
    return tuple(MoneyLine(c.meal, c.portions, c.cost, c.allowance, people.get(c.meal, 0)) for c in costs)


async def gather(tx: Tx, settings: Settings, prod: Production, day: ShootDay, *, now: datetime) -> DayFacts:
    """Everything the report of ``day`` is computed from, read in one transaction."""
    assert day.id is not None
    walks = await PlanRepo.walks(tx, prod.id)
    sets: dict[str, SetLocation] = {s.name: s for s in await PlanRepo.sets(tx, prod.id)}
    crew = await CrewRepo.list(tx, prod.id)
    rec = await recorded(tx, settings, prod, day, now=now, crew=crew, walks=walks)
    projection = rec.projection
    rules = rules_of(settings, prod)
    plan_days = await ReportRepo.plan_days(tx, prod.id)
    nxt = await next_day_facts(tx, settings, prod, day, crew, walks)
    wrap = projection.wrap
    standby = await StandbyRepo.response_rows(tx, prod.id, day.general_call - STANDBY_BEFORE, max(wrap, day.general_call) + STANDBY_AFTER)
    overrides = await RestRepo.overrides(tx, (day.id, nxt.day.id if nxt is not None and nxt.day.id is not None else 0))
    return DayFacts(
        production_code=prod.code,
        production_name=prod.name,
        timezone=prod.timezone,
        day=day,
        projection=projection,
        meals=meal_lines(rec.progress, projection),
        delays=delay_lines(rec.progress),
        skips=rec.skips,
        moves=move_lines(settings, day, projection, sets),
        windows=window_lines(day, projection, sets),
        plan_days=tuple(pd for _, pd in plan_days),
        pool=tuple(PlanScene(s.number, s.est_minutes, s.episodes) for _, s, _ in await PlanRepo.pool(tx, prod.id)),
        calls=rec.calls,
        cast=rec.cast,
        departments={m.user_id: m.department for m in crew},
        next=nxt,
        history=await history_spans(tx, settings, prod, day, plan_days, rules, crew, walks, now),
        rules=rules,
        wrap_out=settings.rest.wrap_out,
        sheet=await sheet_status(tx, day),
        standby=tuple(standby),
        money=await money_lines(tx, prod, day.date),
        overrides=tuple(overrides),
        episode_minutes=settings.report.episode_minutes,
        now=now,
    )
