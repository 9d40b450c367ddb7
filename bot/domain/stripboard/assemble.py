"""Validating a stripboard's tables and assembling the plan: all or nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, time
from zoneinfo import ZoneInfo

from bot.domain import moves, windows
from bot.domain.castlist import Contact, parse_extras
from bot.domain.crew import CrewMember
from bot.domain.plan import (
    MAX_EST_MINUTES,
    MAX_NEED,
    MAX_SET_NAME,
    MAX_SYNOPSIS,
    SCENE_NUMBER_RE,
    CastRole,
    Scene,
    SetLocation,
    ShootDay,
    Walk,
    parse_cast,
    renumber,
)
from bot.domain.stripboard.cast_table import day_cast, read_cast_table, read_contacts, resolve_scene_cast
from bot.domain.stripboard.csv_reader import _read_csv
from bot.domain.stripboard.headers import MAX_BYTES, MAX_PROBLEMS, NEED_DEPARTMENTS, TABLES
from bot.domain.stripboard.problems import Problem, StripboardError
from bot.domain.stripboard.tables import RawTable
from bot.domain.stripboard.values import _CALL_ANCHOR, _DAY_NIGHT_WORDS, _INT_EXT_WORDS, _Cells
from bot.domain.stripboard.xlsx_reader import _read_xlsx


@dataclass(frozen=True)
class ParsedPlan:
    days: tuple[ShootDay, ...]
    sets: tuple[SetLocation, ...]  # sets given in the file (new or updated)
    walks: tuple[Walk, ...]
    warnings: tuple[Problem, ...] = ()
    contacts: tuple[Contact, ...] | None = None  # None: the file has no contacts table

    @property
    def scene_count(self) -> int:
        return sum(len(d.scenes) for d in self.days)


def parse_stripboard(
    data: bytes,
    filename: str,
    *,
    production_id: int,
    tz: ZoneInfo,
    crew: list[CrewMember] | None = None,
    known_sets: Iterable[str] = (),
    known_walks: Iterable[tuple[str, str]] = (),
    links: Mapping[str, int] | None = None,
) -> ParsedPlan:
    """Parse and validate a whole stripboard file; raise :class:`StripboardError` listing every problem.

    ``crew`` and ``links`` (actor name key -> Discord id, from ``/crew link``) tell which actors are
    on Discord; ``known_sets`` and ``known_walks`` are what the production already has."""
    problems: list[Problem] = []
    read_warnings: list[Problem] = []  # warnings that do not stop the import (the encoding a CSV was read in)
    crew = crew or []
    links = dict(links or {})
    if len(data) > MAX_BYTES:
        raise StripboardError([Problem("file", None, None, "stripboard.problem.too_big", {"max_kb": MAX_BYTES // 1024})])
    if not data.strip():
        raise StripboardError([Problem("file", None, None, "stripboard.problem.empty", {})])
    lower = filename.lower()
    if lower.endswith(".xlsx") or data[:2] == b"PK":
        tables = _read_xlsx(data, problems)
    elif lower.endswith((".csv", ".tsv", ".txt")):
        tables = _read_csv(data, problems, read_warnings)
    else:
        raise StripboardError([Problem("file", None, None, "stripboard.problem.bad_type", {"name": filename})])

    if problems and not tables:
        raise StripboardError(problems)
    by_name: dict[str, RawTable] = {}
    for table in tables:
        if table.spec.name in by_name:
            problems.append(Problem(table.sheet, table.header_row or None, None, "stripboard.problem.duplicate_section", {"name": table.spec.name}))
            continue
        by_name[table.spec.name] = table
    for spec in TABLES:
        if spec.required and spec.name not in by_name:
            problems.append(Problem(spec.name, None, None, "stripboard.problem.missing_section", {"name": spec.name}))
        elif spec.required and not by_name[spec.name].rows:  # a header and nothing under it
            table = by_name[spec.name]
            problems.append(Problem(table.sheet, table.header_row or None, None, "stripboard.problem.no_rows", {"name": spec.name}))
    if problems and not by_name:
        raise StripboardError(problems)

    # sets ------------------------------------------------------------------------------------
    sets: dict[str, SetLocation] = {}
    if (table := by_name.get("sets")) is not None:
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            name = c.text("name", required=True, max_len=MAX_SET_NAME)
            prelight = moves.parse_prelight(c.text("prelight", max_len=60))
            if prelight is None:
                c.problem("prelight", "stripboard.problem.bad_prelight", value=values.get("prelight", "")[:40])
            window = c.text("window", max_len=40)
            if window and windows.parse_window(window) is None:
                c.problem("window", "stripboard.problem.bad_window", value=window)
            loc = SetLocation(name, c.text("building"), c.text("road"), c.text("notes"), base=c.text("base"),
                              generator=c.flag("generator"), vehicles=c.text("vehicles"), prelight=prelight or (),
                              window=windows.normalize_window(window) if window and windows.parse_window(window) else "",
                              alt_name=c.text("alt_name", max_len=MAX_SET_NAME))
            if name and name in sets:
                c.problem("name", "stripboard.problem.duplicate_set", name=name)
            elif name:
                sets[name] = loc
    known = set(known_sets) | set(sets)

    # walks -----------------------------------------------------------------------------------
    walks: list[Walk] = []
    if (table := by_name.get("walks")) is not None:
        pairs: set[tuple[str, str]] = set()
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            a, b = c.text("from", required=True), c.text("to", required=True)
            minutes = c.integer("minutes", required=True, lo=0, hi=180)
            for col, name in (("from", a), ("to", b)):
                if name and name not in known:
                    c.problem(col, "stripboard.problem.unknown_set", value=name)
            if a and a == b:
                c.problem("to", "stripboard.problem.same_set", value=a)
            if (a, b) in pairs:
                c.problem("to", "stripboard.problem.duplicate_walk", a=a, b=b)
            pairs.add((a, b))
            if c.ok and minutes is not None:
                walks.append(Walk(a, b, minutes))

    # cast ------------------------------------------------------------------------------------
    cast_table = read_cast_table(by_name.get("cast"), problems, crew, links, tz)
    contacts = read_contacts(by_name.get("contacts"), problems)

    # days ------------------------------------------------------------------------------------
    days: dict[date, ShootDay] = {}
    day_rows: dict[date, int] = {}
    if (table := by_name.get("days")) is not None:
        numbers: dict[int, date] = {}
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            d = c.day("date")
            n = c.integer("day", required=True, lo=1, hi=365)
            total = c.integer("total_days", lo=1, hi=365)
            if n is not None and total is not None and n > total:
                c.problem("total_days", "stripboard.problem.day_after_total", day=n, total=total)
            if d is not None and d in days:
                c.problem("date", "stripboard.problem.duplicate_day", date=d.isoformat())
                continue
            if n is not None and n in numbers:
                c.problem("day", "stripboard.problem.duplicate_day_number", day=n, date=numbers[n].isoformat())
            if d is None:
                continue
            general = c.when("general_call", d, tz, _CALL_ANCHOR, required=True)
            anchor = (general.astimezone(tz).time() if general else time(6))
            wrap = c.when("wrap", d, tz, anchor)
            lunch = c.when("lunch", d, tz, anchor)
            supper = c.when("supper", d, tz, anchor)
            lunch_minutes = c.integer("lunch_minutes", lo=0, hi=180, default=30)
            supper_minutes = c.integer("supper_minutes", lo=0, hi=180, default=45)
            breakfast = c.when("breakfast", d, tz, anchor)
            late = c.when("late", d, tz, anchor)
            breakfast_minutes = c.integer("breakfast_minutes", lo=0, hi=180, default=30)
            late_minutes = c.integer("late_minutes", lo=0, hi=180, default=30)
            if general and wrap and wrap <= general:
                c.problem("wrap", "stripboard.problem.wrap_before_call", value=values.get("wrap", ""))
            for col, value in (("breakfast", breakfast), ("lunch", lunch), ("supper", supper), ("late", late)):
                if general and value and value < general:
                    c.problem(col, "stripboard.problem.before_call", column=col, value=values.get(col, ""))
            base, weather, sunrise = c.text("base"), c.text("weather", max_len=100), c.text("sunrise", max_len=40)
            notes = c.text("notes", max_len=1000)
            shooting = c.when("shooting_call", d, tz, anchor)
            if general and shooting and shooting < general:
                c.problem("shooting_call", "stripboard.problem.shooting_before_call", value=values.get("shooting_call", ""))
            if wrap and shooting and wrap <= shooting and not (general and wrap <= general):
                c.problem("wrap", "stripboard.problem.wrap_before_call", value=values.get("wrap", ""))
            extras_call = c.when("extras_call", d, tz, anchor)
            extras_holding, parking = c.text("extras_holding"), c.text("parking")
            alt_notes = c.text("alt_notes", max_len=1000)
            if n is not None:
                numbers[n] = d
            if not c.ok or general is None or n is None:
                days[d] = None  # type: ignore[assignment]  # known but invalid: scenes still get checked
                day_rows[d] = number
                continue
            days[d] = ShootDay(
                production_id=production_id, date=d, day_number=n, total_days=total or n, general_call=general,
                planned_wrap=wrap, supper_start=supper, supper_minutes=supper_minutes or 0, notes=notes,
                lunch_start=lunch, lunch_minutes=lunch_minutes or 0, base=base, weather=weather, sunrise=sunrise,
                shooting_call=shooting, extras_call=extras_call, extras_holding=extras_holding, parking=parking, alt_notes=alt_notes,
                breakfast_start=breakfast, breakfast_minutes=breakfast_minutes or 0, late_start=late, late_minutes=late_minutes or 0,
            )
            day_rows[d] = number

    # scenes ----------------------------------------------------------------------------------
    scenes_by_day: dict[date, list[Scene]] = {d: [] for d in days}
    numbers_by_day: dict[date, dict[str, int]] = {d: {} for d in days}
    unknown_actors: dict[str, int] = {}
    scene_rows: dict[tuple[date, str], int] = {}
    if (table := by_name.get("scenes")) is not None:
        for number, values in table.rows:
            c = _Cells(table, number, values, problems)
            d = c.day("date")
            if d is not None and d not in days:
                c.problem("date", "stripboard.problem.day_not_in_days", date=d.isoformat())
            scene_no = c.text("scene", required=True, max_len=16)
            if scene_no and not SCENE_NUMBER_RE.match(scene_no):
                c.problem("scene", "stripboard.problem.bad_scene_number", value=scene_no)
            elif scene_no and d in numbers_by_day:
                if scene_no in numbers_by_day[d]:
                    c.problem("scene", "stripboard.problem.duplicate_scene", scene=scene_no, row=numbers_by_day[d][scene_no])
                else:
                    numbers_by_day[d][scene_no] = number
            episodes = tuple(e for e in re.split(r"[,，、/\s]+", c.text("episodes", max_len=60)) if e)
            set_name = c.text("set", required=True, max_len=MAX_SET_NAME)
            if set_name and set_name not in known:
                c.problem("set", "stripboard.problem.unknown_set", value=set_name)
            int_ext = c.choice("int_ext", _INT_EXT_WORDS, "INT")
            day_night = c.choice("day_night", _DAY_NIGHT_WORDS, "DAY")
            synopsis = c.text("synopsis", max_len=MAX_SYNOPSIS)
            est = c.integer("est_minutes", required=True, lo=1, hi=MAX_EST_MINUTES)
            cast: tuple[CastRole, ...] = ()
            raw_cast = values.get("cast", "")
            try:
                pairs = parse_cast(raw_cast)
            except ValueError as exc:
                c.problem("cast", "stripboard.problem.bad_cast", value=str(exc)[:60])
                pairs = []
            if len({p[1] for p in pairs}) != len(pairs) and pairs:
                c.problem("cast", "stripboard.problem.actor_twice", value=raw_cast[:60])
            cast = resolve_scene_cast(pairs, cast_table, crew, links, c)
            extras_text = c.text("extras", max_len=200)
            try:
                extras = tuple(parse_extras(extras_text))
            except ValueError as exc:
                c.problem("extras", "stripboard.problem.bad_extras", value=str(exc)[:40])
                extras = ()
            alt_synopsis = c.text("alt_synopsis", max_len=MAX_SYNOPSIS)
            for role in cast:
                if role.user_id is None:
                    unknown_actors.setdefault(role.actor, number)
            needs = {}
            for dept in NEED_DEPARTMENTS:
                if need := c.text(dept, max_len=MAX_NEED):
                    needs[dept] = need
            if c.ok and d in scenes_by_day and est is not None:
                scenes_by_day[d].append(Scene(
                    number=scene_no, set_name=set_name, est_minutes=est, episodes=episodes, int_ext=int_ext,
                    day_night=day_night, synopsis=synopsis, cast=cast, needs=needs, extras=extras, alt_synopsis=alt_synopsis,
                ))
                scene_rows[(d, scene_no)] = number
    if "days" in by_name and "scenes" in by_name:
        for d, row in day_rows.items():
            if not numbers_by_day.get(d):
                problems.append(Problem(by_name["days"].sheet, row, "date", "stripboard.problem.day_without_scenes", {"date": d.isoformat()}))

    if problems:
        if len(problems) > MAX_PROBLEMS:
            problems = sorted(problems, key=Problem.sort_key)[:MAX_PROBLEMS]
        raise StripboardError(problems)

    warnings = list(read_warnings) + [
        Problem(by_name["scenes"].sheet, row, "cast", "stripboard.warning.actor_not_crew", {"actor": actor})
        for actor, row in unknown_actors.items()
    ]
    out_days = []
    for d, day in sorted(days.items()):
        scenes = renumber(scenes_by_day[d])
        anchor = day.general_call.astimezone(tz).time()
        members = day_cast(cast_table, [r for s in scenes for r in s.cast], d, tz, anchor, problems, by_name.get("cast"))
        out_days.append(replace(day, scenes=scenes, cast=members))
    if problems:  # an on-set time that does not fit a day of the file
        raise StripboardError(problems[:MAX_PROBLEMS])
    warnings += _missing_walks(out_days, walks, known_walks, by_name["scenes"].sheet, scene_rows)
    return ParsedPlan(tuple(out_days), tuple(sets.values()), tuple(walks), tuple(warnings), contacts)


def _missing_walks(days: list[ShootDay], walks: list[Walk], known: Iterable[tuple[str, str]], sheet: str,
                   rows: dict[tuple[date, str], int]) -> list[Problem]:
    """A warning for each pair of sets used one after the other with no walking time between them
    (the timeline then counts 0 minutes), once per pair, at the row of the scene that moves."""
    have = {(w.from_set, w.to_set) for w in walks} | set(known)
    have |= {(b, a) for a, b in have}
    out: list[Problem] = []
    told: set[frozenset[str]] = set()
    for day in days:
        for prev, scene in zip(day.scenes, day.scenes[1:], strict=False):
            pair = (prev.set_name, scene.set_name)
            if prev.set_name == scene.set_name or pair in have or frozenset(pair) in told:
                continue
            told.add(frozenset(pair))
            out.append(Problem(sheet, rows.get((day.date, scene.number)), "set", "stripboard.warning.no_walk",
                               {"from_set": prev.set_name, "to_set": scene.set_name}))
    return out
