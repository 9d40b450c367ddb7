"""Settings: read ``config.toml``, validate every key, and say exactly what is wrong.

The token is never in the TOML: it comes from ``DISCORD_TOKEN`` or the file named by
``[bot] token_file`` (or ``DISCORD_TOKEN_FILE``), and it is never logged.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.callsheet.rules import DEFAULT_BASE_DEPARTMENTS, CallRules
from bot.domain.crew import DEPARTMENTS
from bot.domain.looks import CHANGE_MINUTES
from bot.i18n import LOCALES

CHANNEL_PURPOSES = ("announcements", "production", "ad", "producers")

DEFAULT_CALL_OFFSETS = {
    "ad": -30,
    "camera": -45,
    "lighting": -60,
    "makeup": -90,
    "wardrobe": -75,
    "art": -60,
    "sound": -30,
    "cast": 0,
    "producer": 0,
    "canteen": -120,
    "other": 0,
}


class SettingsError(Exception):
    """Every problem found, each naming its key."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ProductionChannels:
    code: str
    channels: dict[str, int]  # purpose -> channel id
    department_channels: dict[str, int]  # department -> channel id
    ad_role_ids: tuple[int, ...] = ()  # this production's ADs (else the server's ad_role_ids)
    producer_role_ids: tuple[int, ...] = ()  # this production's producers (else the server's)
    meal_role_ids: tuple[int, ...] = ()  # this production's meal coordinators (生活制片)
    rest_rules: str | None = None  # this production's rest rule pack (else [rest] rules)
    min_rest_hours: float | None = None  # its own minimum rest (the custom pack, or stricter than its pack)


@dataclass(frozen=True)
class GuildSettings:
    id: int
    ad_role_ids: tuple[int, ...] = ()
    producer_role_ids: tuple[int, ...] = ()
    canteen_role_ids: tuple[int, ...] = ()  # the park's canteen staff: menus, every production's orders
    canteen_channel_id: int | None = None  # where supper tickets go (else /canteen channel)
    department_head_roles: dict[str, int] = field(default_factory=dict)
    productions: dict[str, ProductionChannels] = field(default_factory=dict)


@dataclass(frozen=True)
class CueSettings:
    grace_minutes: int = 10
    call_reminder_minutes: int = 60
    notify_threshold_minutes: int = 15
    unconfirmed_reminder_minutes: int = 120


#: Meals the canteen takes orders for (报餐): supper (晚饭) and the late-night meal (夜宵).
ORDERED_MEALS = ("supper", "late")


@dataclass(frozen=True)
class MealRule:
    """One meal's ordering rules. The meal's time is never set here: it is the day's timeline's (the
    meal the AD called, else the one projected from the plan's meal times, 夜宵 included)."""

    cutoff: str | None = None  # a fixed clock time ("16:00") ...
    cutoff_before: int | None = 150  # ... or minutes before the projected meal (moves with it)
    min_lead: int = 30  # the kitchen's lead time: orders never close later than this before the meal
    late_window: int = 20  # orders opened late (an unplanned meal, a late menu, a slip past the cutoff) stay open this long
    remind_before: int = 30  # reminder to people who have not answered, this long before the cutoff
    post_before: int = 240  # the order post goes up this long before the cutoff
    allowance: int = 2500  # 餐补 per person (fen) for those who do not eat the canteen's meal


DEFAULT_MEAL_RULES = {
    "supper": MealRule(),
    "late": MealRule(cutoff_before=180, allowance=2000),
}


@dataclass(frozen=True)
class MealSettings:
    canteen_language: str = "zh-CN"  # tickets and everything the canteen reads
    max_quantity: int = 3  # portions one person may order for one meal
    correction_minutes: int = 10  # a meal moving this much after its ticket is corrected to the canteen
    rules: dict[str, MealRule] = field(default_factory=lambda: dict(DEFAULT_MEAL_RULES))

    def rule(self, meal: str) -> MealRule:
        return self.rules.get(meal) or DEFAULT_MEAL_RULES[meal]


@dataclass(frozen=True)
class OutboxSettings:
    """How the outbox sends: at most ``concurrency`` messages in flight (Discord's rate-limit headers
    pace them further); after a 5xx or a network error a message is tried again after each of
    ``retry_seconds`` (``max_attempts`` tries in all), then the AD is told; ``publish_wait_seconds``
    is how long /callsheet publish waits to report what was delivered before it answers "still
    going out" (the AD channel gets the rest)."""

    concurrency: int = 16
    retry_seconds: tuple[int, ...] = (30, 120)
    max_attempts: int = 3
    publish_wait_seconds: int = 25


@dataclass(frozen=True)
class StandbySettings:
    """``[standby]``: standby calls (候场) and their escalation ladder."""

    escalation_minutes: int = 3  # a step of the ladder when nobody has answered
    escalation: tuple[str, ...] = ("channel", "head", "ad")  # re-ping the channel, DM the head, alert the AD
    auto: tuple[str, ...] = ("change", "actor", "prelight")  # the standbys the plan calls on its own
    auto_escalation: tuple[str, ...] = ("ad",)  # their ladder: nobody answered an automatic call, the AD is told
    actor_lead_minutes: int = 15  # each actor and their 跟妆 are called this long before the actor's next scene
    lighting_keep: int = 1  # lighting people kept on the current set when the rest go ahead to pre-light


ESCALATION_STEPS = ("channel", "head", "ad")
AUTO_STANDBYS = ("change", "actor", "prelight")

REST_PACKS = ("china", "uk", "turnaround12", "custom")


@dataclass(frozen=True)
class RestSettings:
    """``[rest]``: the rest guard's rule pack (``bot.domain.rest``) and what counts as working time."""

    rules: str = "turnaround12"  # china | uk | turnaround12 | custom
    min_rest_hours: float | None = None  # custom: the minimum rest; other packs: a stricter minimum when longer
    wrap_out: dict[str, int] = field(default_factory=dict)  # department -> minutes worked after the wrap (strike)


@dataclass(frozen=True)
class ReportSettings:
    """``[report]``: the producer's daily report (制片日报)."""

    episode_minutes: float = 1.0  # screen minutes of one episode (a micro-drama episode runs about a minute)


@dataclass(frozen=True)
class LiveDaySettings:
    """``[liveday]``: the live-day clock (meals, moves, overruns, cast calls, quiet hours)."""

    replan_minutes: int = 5  # while a scene runs past its estimate, re-project the day this often
    set_move_walk_minutes: int = 5  # same building, same base, a shorter walk: a set move (换景)
    no_meal_hours: int = 6  # warn the AD when the projection runs longer than this without a meal
    canteen_lead_minutes: int = 60  # the canteen's heads-up this long before the projected meal
    cast_call_approval: str = "ad"  # "ad": the AD approves cast call changes; "auto": DMed at once
    quiet_start: str = "23:00"  # quiet hours for non-urgent DMs begin at this time the evening before ...
    quiet_until_call_minutes: int = 120  # ... and end this long before the person's call
    quiet_max_hours: int = 9
    chase_before_quiet_minutes: int = 60  # the evening chase of unconfirmed people, this long before quiet hours


@dataclass(frozen=True)
class SafetySettings:
    nearest_hospital: str = ""
    hospital_address: str = ""
    hospital_phone: str = ""
    emergency_contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    timezone: str = "Asia/Shanghai"
    language: str = "zh-CN"
    database: Path = Path("./data/setcall.db")
    owner_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    sync_on_start: bool = True
    token_file: Path | None = None
    guilds: dict[int, GuildSettings] = field(default_factory=dict)
    call_offsets: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CALL_OFFSETS))
    call_rules: CallRules = field(default_factory=CallRules)
    cues: CueSettings = field(default_factory=CueSettings)
    safety: SafetySettings = field(default_factory=SafetySettings)
    outbox: OutboxSettings = field(default_factory=OutboxSettings)
    standby: StandbySettings = field(default_factory=StandbySettings)
    meals: MealSettings = field(default_factory=MealSettings)
    rest: RestSettings = field(default_factory=RestSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    liveday: LiveDaySettings = field(default_factory=LiveDaySettings)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def rest_rules_of(self, guild_id: int | None, code: str) -> tuple[str, float | None]:
        """(pack, minimum rest hours) for one production: its own in ``[[guilds.productions]]``, else ``[rest]``."""
        configured = self.guild(guild_id).productions.get(code)
        if configured is not None and configured.rest_rules:
            return configured.rest_rules, configured.min_rest_hours
        hours = configured.min_rest_hours if configured is not None and configured.min_rest_hours is not None else self.rest.min_rest_hours
        return self.rest.rules, hours

    def guild(self, guild_id: int | None) -> GuildSettings:
        if guild_id is None:
            return GuildSettings(id=0)
        return self.guilds.get(guild_id) or GuildSettings(id=guild_id)

    def token(self, environ: dict[str, str] | None = None) -> str:
        env = os.environ if environ is None else environ
        if env.get("DISCORD_TOKEN", "").strip():
            return env["DISCORD_TOKEN"].strip()
        path = self.token_file or (Path(env["DISCORD_TOKEN_FILE"]) if env.get("DISCORD_TOKEN_FILE") else None)
        if path is not None:
            try:
                value = Path(path).read_text(encoding="utf-8").strip()
            except OSError as exc:
                raise SettingsError([f"bot.token_file: cannot read {path}: {exc.strerror}"]) from None
            if value:
                return value
        raise SettingsError(["token: set DISCORD_TOKEN in the environment or point bot.token_file at a file holding it"])


class _Reader:
    """Collects problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, key: str, text: str) -> None:
        self.problems.append(f"{key}: {text}")

    def table(self, data: dict[str, Any], key: str, name: str, *, required: bool = False) -> dict[str, Any]:
        value = data.get(name)
        if value is None:
            if required:
                self.problem(key, "missing section")
            return {}
        if not isinstance(value, dict):
            self.problem(key, "must be a table")
            return {}
        return value

    def known(self, data: dict[str, Any], prefix: str, allowed: set[str]) -> None:
        for name in data:
            if name not in allowed:
                self.problem(f"{prefix}.{name}" if prefix else name, f"unknown key (expected one of: {', '.join(sorted(allowed))})")

    def snowflake(self, value: Any, key: str) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not (10**15 <= value < 2**64):
            self.problem(key, f"{value!r} is not a Discord id (a 17-20 digit number)")
            return None
        return value

    def snowflakes(self, value: Any, key: str) -> tuple[int, ...]:
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, "must be an id or a list of ids")
            return ()
        out = [self.snowflake(v, f"{key}[{i}]") for i, v in enumerate(value)]
        return tuple(v for v in out if v is not None)

    def integer(self, data: dict[str, Any], name: str, key: str, default: int, lo: int, hi: int) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            self.problem(key, f"{value!r} must be a whole number from {lo} to {hi}")
            return default
        return value

    def number(self, data: dict[str, Any], name: str, key: str, default: float | None, lo: float, hi: float) -> float | None:
        value = data.get(name, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            self.problem(key, f"{value!r} must be a number from {lo:g} to {hi:g}")
            return default
        return float(value)

    def pack(self, data: dict[str, Any], name: str, key: str, default: str | None, hours: float | None) -> str | None:
        value = data.get(name, default)
        if value is None:
            return None
        if value not in REST_PACKS:
            self.problem(key, f"{value!r} is not a rule pack (choose {', '.join(REST_PACKS)})")
            return default
        if value == "custom" and hours is None:
            self.problem(key, "the custom pack needs min_rest_hours")
        return value

    def text(self, data: dict[str, Any], name: str, key: str, default: str = "") -> str:
        value = data.get(name, default)
        if not isinstance(value, str):
            self.problem(key, "must be a string")
            return default
        return value


def parse_settings(data: dict[str, Any], *, base_dir: Path | None = None) -> Settings:
    r = _Reader()
    base_dir = base_dir or Path.cwd()
    r.known(data, "", {"bot", "guilds", "calls", "cues", "safety", "outbox", "standby", "meals", "rest", "report", "liveday"})
    if "token" in data or "token" in data.get("bot", {}):
        r.problem("bot.token", "never put the token in the TOML: use DISCORD_TOKEN or bot.token_file")
    bot = r.table(data, "bot", "bot", required=True)
    r.known(bot, "bot", {"timezone", "language", "database", "owner_ids", "log_level", "sync_on_start", "token_file", "token"})

    timezone = r.text(bot, "timezone", "bot.timezone", "Asia/Shanghai")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        r.problem("bot.timezone", f"unknown timezone {timezone!r} (use an IANA name such as Asia/Shanghai)")
    language = r.text(bot, "language", "bot.language", "zh-CN")
    if language not in LOCALES:
        r.problem("bot.language", f"{language!r} is not supported (choose {' or '.join(LOCALES)})")
    database = Path(r.text(bot, "database", "bot.database", "./data/setcall.db"))
    if not database.is_absolute():
        database = base_dir / database
    log_level = r.text(bot, "log_level", "bot.log_level", "INFO").upper()
    if log_level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        r.problem("bot.log_level", f"{log_level!r} must be DEBUG, INFO, WARNING or ERROR")
    sync = bot.get("sync_on_start", True)
    if not isinstance(sync, bool):
        r.problem("bot.sync_on_start", "must be true or false")
        sync = True
    token_file_raw = r.text(bot, "token_file", "bot.token_file", "")
    token_file = (base_dir / token_file_raw if not Path(token_file_raw).is_absolute() else Path(token_file_raw)) if token_file_raw else None
    owner_ids = r.snowflakes(bot.get("owner_ids", []), "bot.owner_ids")

    guilds: dict[int, GuildSettings] = {}
    raw_guilds = data.get("guilds", [])
    if not isinstance(raw_guilds, list):
        r.problem("guilds", "must be an array of tables ([[guilds]])")
        raw_guilds = []
    for gi, g in enumerate(raw_guilds):
        key = f"guilds[{gi}]"
        if not isinstance(g, dict):
            r.problem(key, "must be a table")
            continue
        r.known(g, key, {"id", "ad_role_ids", "producer_role_ids", "canteen_role_ids", "canteen_channel_id", "department_head_roles",
                         "productions"})
        if "id" not in g:
            r.problem(f"{key}.id", "missing")
            continue
        gid = r.snowflake(g["id"], f"{key}.id")
        heads: dict[str, int] = {}
        for dept, rid in r.table(g, f"{key}.department_head_roles", "department_head_roles").items():
            if dept not in DEPARTMENTS:
                r.problem(f"{key}.department_head_roles.{dept}", f"unknown department (choose from {', '.join(DEPARTMENTS)})")
            elif (v := r.snowflake(rid, f"{key}.department_head_roles.{dept}")) is not None:
                heads[dept] = v
        prods: dict[str, ProductionChannels] = {}
        raw_prods = g.get("productions", [])
        if not isinstance(raw_prods, list):
            r.problem(f"{key}.productions", "must be an array of tables ([[guilds.productions]])")
            raw_prods = []
        for pi, p in enumerate(raw_prods):
            pkey = f"{key}.productions[{pi}]"
            if not isinstance(p, dict) or not isinstance(p.get("code"), str) or not p["code"].strip():
                r.problem(f"{pkey}.code", "missing production code")
                continue
            r.known(p, pkey, {"code", *(f"{c}_channel_id" for c in CHANNEL_PURPOSES), "department_channels", "ad_role_ids", "producer_role_ids",
                              "meal_role_ids", "rest_rules", "min_rest_hours"})
            channels = {}
            for purpose in CHANNEL_PURPOSES:
                if f"{purpose}_channel_id" in p and (v := r.snowflake(p[f"{purpose}_channel_id"], f"{pkey}.{purpose}_channel_id")):
                    channels[purpose] = v
            dchannels = {}
            for dept, cid in r.table(p, f"{pkey}.department_channels", "department_channels").items():
                if dept not in DEPARTMENTS:
                    r.problem(f"{pkey}.department_channels.{dept}", "unknown department")
                elif (v := r.snowflake(cid, f"{pkey}.department_channels.{dept}")) is not None:
                    dchannels[dept] = v
            prod_roles = {name: r.snowflakes(p.get(name, []), f"{pkey}.{name}") for name in ("ad_role_ids", "producer_role_ids", "meal_role_ids")}
            rest_hours = r.number(p, "min_rest_hours", f"{pkey}.min_rest_hours", None, 1, 24)
            rest_pack = r.pack(p, "rest_rules", f"{pkey}.rest_rules", None, rest_hours)
            prods[p["code"].strip().upper()] = ProductionChannels(p["code"].strip().upper(), channels, dchannels, **prod_roles,
                                                                  rest_rules=rest_pack, min_rest_hours=rest_hours)
        roles = {name: r.snowflakes(g.get(name, []), f"{key}.{name}") for name in ("ad_role_ids", "producer_role_ids", "canteen_role_ids")}
        canteen_channel = r.snowflake(g["canteen_channel_id"], f"{key}.canteen_channel_id") if "canteen_channel_id" in g else None
        if gid is not None:
            if gid in guilds:
                r.problem(f"{key}.id", f"guild {gid} is configured twice")
            guilds[gid] = GuildSettings(id=gid, department_head_roles=heads, productions=prods, canteen_channel_id=canteen_channel, **roles)

    offsets = dict(DEFAULT_CALL_OFFSETS)
    calls_table = r.table(data, "calls", "calls")
    rule_keys = {"round_minutes", "rehearsal_minutes", "extras_lead_minutes", "base_departments", "change_minutes"}
    base = calls_table.get("base_departments", list(DEFAULT_BASE_DEPARTMENTS))
    if not isinstance(base, list) or not all(isinstance(d, str) and d in DEPARTMENTS for d in base):
        r.problem("calls.base_departments", f"must be a list of departments (choose from {', '.join(DEPARTMENTS)})")
        base = list(DEFAULT_BASE_DEPARTMENTS)
    call_rules = CallRules(
        step=r.integer(calls_table, "round_minutes", "calls.round_minutes", 5, 1, 60),
        rehearsal=r.integer(calls_table, "rehearsal_minutes", "calls.rehearsal_minutes", 15, 0, 180),
        extras_lead=r.integer(calls_table, "extras_lead_minutes", "calls.extras_lead_minutes", 60, 0, 360),
        base_departments=tuple(base),
        change_minutes=tuple(change_minutes(r, calls_table).items()),
    )
    for dept, minutes in calls_table.items():
        if dept in rule_keys:
            continue
        if dept not in DEPARTMENTS:
            r.problem(f"calls.{dept}", f"unknown department (choose from {', '.join(DEPARTMENTS)})")
        else:
            offsets[dept] = r.integer({dept: minutes}, dept, f"calls.{dept}", 0, -360, 360)

    c = r.table(data, "cues", "cues")
    r.known(c, "cues", {"grace_minutes", "call_reminder_minutes", "notify_threshold_minutes", "unconfirmed_reminder_minutes"})
    cues = CueSettings(
        grace_minutes=r.integer(c, "grace_minutes", "cues.grace_minutes", 10, 0, 240),
        call_reminder_minutes=r.integer(c, "call_reminder_minutes", "cues.call_reminder_minutes", 60, 0, 720),
        notify_threshold_minutes=r.integer(c, "notify_threshold_minutes", "cues.notify_threshold_minutes", 15, 1, 240),
        unconfirmed_reminder_minutes=r.integer(c, "unconfirmed_reminder_minutes", "cues.unconfirmed_reminder_minutes", 120, 0, 1440),
    )
    o = r.table(data, "outbox", "outbox")
    r.known(o, "outbox", {"concurrency", "retry_seconds", "max_attempts", "publish_wait_seconds"})
    retry_raw = o.get("retry_seconds", [30, 120])
    if not isinstance(retry_raw, list) or not all(isinstance(x, int) and not isinstance(x, bool) and 1 <= x <= 3600 for x in retry_raw):
        r.problem("outbox.retry_seconds", "must be a list of whole numbers of seconds from 1 to 3600")
        retry_raw = [30, 120]
    outbox = OutboxSettings(
        concurrency=r.integer(o, "concurrency", "outbox.concurrency", 16, 1, 50),
        retry_seconds=tuple(retry_raw),
        max_attempts=r.integer(o, "max_attempts", "outbox.max_attempts", 3, 1, 20),
        publish_wait_seconds=r.integer(o, "publish_wait_seconds", "outbox.publish_wait_seconds", 25, 0, 600),
    )
    sb = r.table(data, "standby", "standby")
    if "change_minutes" in sb:
        r.problem("standby.change_minutes", "a change's time is set per department in [calls.change_minutes] (wardrobe = 10, makeup = 15): "
                  "the call sheet and the live day count it, and the change standby is called at least that long ahead")
    r.known({k: v for k, v in sb.items() if k != "change_minutes"}, "standby",
            {"escalation_minutes", "escalation", "auto", "auto_escalation", "actor_lead_minutes", "lighting_keep"})

    def steps_of(name: str, allowed: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
        value = sb.get(name, list(default))
        if not isinstance(value, list) or not all(isinstance(x, str) and x in allowed for x in value) or len(set(value)) != len(value):
            r.problem(f"standby.{name}", f"must list items from {', '.join(repr(x) for x in allowed)}, each once (or [] for none)")
            return default
        return tuple(value)

    standby = StandbySettings(
        escalation_minutes=r.integer(sb, "escalation_minutes", "standby.escalation_minutes", 3, 1, 60),
        escalation=steps_of("escalation", ESCALATION_STEPS, ESCALATION_STEPS),
        auto=steps_of("auto", AUTO_STANDBYS, AUTO_STANDBYS),
        auto_escalation=steps_of("auto_escalation", ESCALATION_STEPS, ("ad",)),
        actor_lead_minutes=r.integer(sb, "actor_lead_minutes", "standby.actor_lead_minutes", 15, 5, 60),
        lighting_keep=r.integer(sb, "lighting_keep", "standby.lighting_keep", 1, 0, 20),
    )
    lv = r.table(data, "liveday", "liveday")
    r.known(lv, "liveday", set(LiveDaySettings.__dataclass_fields__))
    approval = r.text(lv, "cast_call_approval", "liveday.cast_call_approval", "ad")
    if approval not in ("ad", "auto"):
        r.problem("liveday.cast_call_approval", f"{approval!r} must be \"ad\" (the AD approves) or \"auto\"")
        approval = "ad"
    quiet_start = r.text(lv, "quiet_start", "liveday.quiet_start", "23:00")
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", quiet_start):
        r.problem("liveday.quiet_start", f"{quiet_start!r} must be a time of day such as \"23:00\"")
        quiet_start = "23:00"
    liveday = LiveDaySettings(
        replan_minutes=r.integer(lv, "replan_minutes", "liveday.replan_minutes", 5, 1, 60),
        set_move_walk_minutes=r.integer(lv, "set_move_walk_minutes", "liveday.set_move_walk_minutes", 5, 0, 60),
        no_meal_hours=r.integer(lv, "no_meal_hours", "liveday.no_meal_hours", 6, 0, 24),
        canteen_lead_minutes=r.integer(lv, "canteen_lead_minutes", "liveday.canteen_lead_minutes", 60, 0, 480),
        cast_call_approval=approval,
        quiet_start=quiet_start,
        quiet_until_call_minutes=r.integer(lv, "quiet_until_call_minutes", "liveday.quiet_until_call_minutes", 120, 0, 720),
        quiet_max_hours=r.integer(lv, "quiet_max_hours", "liveday.quiet_max_hours", 9, 0, 24),
        chase_before_quiet_minutes=r.integer(lv, "chase_before_quiet_minutes", "liveday.chase_before_quiet_minutes", 60, 0, 720),
    )
    s = r.table(data, "safety", "safety")
    r.known(s, "safety", {"nearest_hospital", "hospital_address", "hospital_phone", "emergency_contacts"})
    contacts = s.get("emergency_contacts", [])
    if not isinstance(contacts, list) or not all(isinstance(x, str) for x in contacts):
        r.problem("safety.emergency_contacts", "must be a list of strings")
        contacts = []
    safety = SafetySettings(
        nearest_hospital=r.text(s, "nearest_hospital", "safety.nearest_hospital"),
        hospital_address=r.text(s, "hospital_address", "safety.hospital_address"),
        hospital_phone=r.text(s, "hospital_phone", "safety.hospital_phone"),
        emergency_contacts=tuple(contacts),
    )
    meals = _meals(r, r.table(data, "meals", "meals"))
    rest = _rest(r, r.table(data, "rest", "rest"))
    report = _report(r, r.table(data, "report", "report"))
    if r.problems:
        raise SettingsError(r.problems)
    return Settings(
        timezone=timezone,
        language=language,
        database=database,
        owner_ids=owner_ids,
        log_level=log_level,
        sync_on_start=sync,
        token_file=token_file,
        guilds=guilds,
        call_offsets=offsets,
        call_rules=call_rules,
        cues=cues,
        safety=safety,
        outbox=outbox,
        standby=standby,
        meals=meals,
        rest=rest,
        report=report,
        liveday=liveday,
    )


_HHMM = re.compile(r"^([01]?\d|2[0-9]):([0-5]\d)$")


def _meals(r: _Reader, m: dict[str, Any]) -> MealSettings:
    r.known(m, "meals", {"canteen_language", "max_quantity", "correction_minutes", *ORDERED_MEALS})
    language = r.text(m, "canteen_language", "meals.canteen_language", "zh-CN")
    if language not in LOCALES:
        r.problem("meals.canteen_language", f"{language!r} is not supported (choose {' or '.join(LOCALES)})")
        language = "zh-CN"
    rules = dict(DEFAULT_MEAL_RULES)
    for meal in ORDERED_MEALS:
        raw = r.table(m, f"meals.{meal}", meal)
        if not raw:
            continue
        key = f"meals.{meal}"
        base = DEFAULT_MEAL_RULES[meal]
        if "serve" in raw:
            r.problem(f"{key}.serve", "the meal's time is not set here: it comes from the plan ([days] supper / late) and /shoot meal")
        r.known({k: v for k, v in raw.items() if k != "serve"}, key,
                {"cutoff", "cutoff_before", "min_lead", "late_window", "remind_before", "post_before", "allowance"})
        times = {}
        for name in ("cutoff",):
            value = r.text(raw, name, f"{key}.{name}", getattr(base, name) or "")
            if value and not _HHMM.match(value):
                r.problem(f"{key}.{name}", f"{value!r} must be a time HH:MM (00:00-29:59)")
                value = getattr(base, name) or ""
            times[name] = value
        if "cutoff" in raw and "cutoff_before" in raw:
            r.problem(key, "give either cutoff (a clock time) or cutoff_before (minutes before the meal), not both")
        before = r.integer(raw, "cutoff_before", f"{key}.cutoff_before", base.cutoff_before or 0, 0, 720) if "cutoff_before" in raw else None
        allowance = raw.get("allowance", base.allowance / 100)
        if isinstance(allowance, bool) or not isinstance(allowance, (int, float)) or not 0 <= allowance <= 1000:
            r.problem(f"{key}.allowance", f"{allowance!r} must be an amount in yuan from 0 to 1000")
            allowance = base.allowance / 100
        rules[meal] = MealRule(
            cutoff=times["cutoff"] or None,
            cutoff_before=before if before is not None else (None if times["cutoff"] else base.cutoff_before),
            min_lead=r.integer(raw, "min_lead", f"{key}.min_lead", base.min_lead, 0, 240),
            late_window=r.integer(raw, "late_window", f"{key}.late_window", base.late_window, 5, 240),
            remind_before=r.integer(raw, "remind_before", f"{key}.remind_before", base.remind_before, 0, 720),
            post_before=r.integer(raw, "post_before", f"{key}.post_before", base.post_before, 0, 1440),
            allowance=round(float(allowance) * 100),
        )
    return MealSettings(
        canteen_language=language,
        max_quantity=r.integer(m, "max_quantity", "meals.max_quantity", 3, 1, 20),
        correction_minutes=r.integer(m, "correction_minutes", "meals.correction_minutes", 10, 1, 240),
        rules=rules,
    )


def change_minutes(r: _Reader, calls: dict[str, Any]) -> dict[str, int]:
    """``[calls.change_minutes]``: minutes a costume (wardrobe) or look (makeup) change takes between
    two back-to-back scenes; a department left out keeps its default."""
    out = dict(CHANGE_MINUTES)
    table = r.table(calls, "calls.change_minutes", "change_minutes")
    r.known(table, "calls.change_minutes", set(CHANGE_MINUTES))
    for dept in CHANGE_MINUTES:
        out[dept] = r.integer(table, dept, f"calls.change_minutes.{dept}", CHANGE_MINUTES[dept], 0, 120)
    return out


def _rest(r: _Reader, data: dict[str, Any]) -> RestSettings:
    r.known(data, "rest", {"rules", "min_rest_hours", "wrap_out"})
    hours = r.number(data, "min_rest_hours", "rest.min_rest_hours", None, 1, 24)
    pack = r.pack(data, "rules", "rest.rules", "turnaround12", hours) or "turnaround12"
    wrap_out: dict[str, int] = {}
    for dept, minutes in r.table(data, "rest.wrap_out", "wrap_out").items():
        if dept not in DEPARTMENTS:
            r.problem(f"rest.wrap_out.{dept}", f"unknown department (choose from {', '.join(DEPARTMENTS)})")
        else:
            wrap_out[dept] = r.integer({dept: minutes}, dept, f"rest.wrap_out.{dept}", 0, 0, 240)
    return RestSettings(rules=pack, min_rest_hours=hours, wrap_out=wrap_out)


def _report(r: _Reader, data: dict[str, Any]) -> ReportSettings:
    r.known(data, "report", {"episode_minutes"})
    minutes = r.number(data, "episode_minutes", "report.episode_minutes", 1.0, 0.1, 60)
    return ReportSettings(episode_minutes=minutes if minutes is not None else 1.0)


def load_settings(path: str | Path) -> Settings:
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise SettingsError([f"{p}: file not found (copy config.example.toml to start)"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError([f"{p}: not valid TOML: {exc}"]) from None
    return parse_settings(data, base_dir=p.resolve().parent)
