"""What a standby call (候场) is: who was called, how each was reached, who answered what and when,
and which escalation steps were taken. Plain data; the rules are in :mod:`.rules`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

#: The buttons: 收到 / On my way, Ready (已就位), Need 5 min (还要5分钟).
ON_MY_WAY, READY, NEED_MORE = "on_my_way", "ready", "need_more"
ANSWERS: tuple[str, ...] = (ON_MY_WAY, READY, NEED_MORE)
NEED_MORE_MINUTES = 5

#: What a standby is about. ``department``/``person``: called by an AD or a head of department;
#: the others come from the plan on their own (the live day's cues).
DEPARTMENT, PERSON, CHANGE, ACTOR, PRELIGHT = "department", "person", "change", "actor", "prelight"
KINDS: tuple[str, ...] = (DEPARTMENT, PERSON, CHANGE, ACTOR, PRELIGHT)
AUTOMATIC: tuple[str, ...] = (CHANGE, ACTOR, PRELIGHT)

#: The escalation ladder, in the order the settings may use: re-ping the department channel, DM the
#: head of department, alert the AD office.
CHANNEL, HEAD, AD = "channel", "head", "ad"
STEPS: tuple[str, ...] = (CHANNEL, HEAD, AD)

#: How a called person was (or was not) reached.
DM = "dm"  # a DM is queued / went out
OFF_DUTY = "off_duty"  # on the department but off duty (/duty off): not DMed
OFF_CALL = "off_call"  # not called now (before their call, after the wrap, not on today's sheet): never DMed
NO_DISCORD = "no_discord"  # not on Discord (a day player): the AD calls them
CALLER = "caller"  # made the call themselves
FALLBACK = "fallback"  # DMs closed or throttled for good: mentioned in the channel instead
UNREACHED = "unreached"  # neither a DM nor a channel mention reached them
REACH: tuple[str, ...] = (DM, OFF_DUTY, OFF_CALL, NO_DISCORD, CALLER, FALLBACK, UNREACHED)

#: A called person's part in the call.
DUTY, SUBJECT, FOLLOWER, LEAD = "duty", "person", "follower", "head"

OPEN, ANSWERED, CANCELLED = "open", "answered", "cancelled"

MAX_WHAT = 200
MAX_IN_MINUTES = 180


@dataclass(frozen=True, slots=True)
class Called:
    """Someone the call is addressed to personally."""

    user_id: int | None  # None: not on Discord
    name: str
    department: str
    language: str
    role: str = DUTY  # DUTY (on the department), SUBJECT (the person called), FOLLOWER (their 跟妆), LEAD (head)
    reach: str = DM


@dataclass(frozen=True, slots=True)
class Answer:
    user_id: int
    name: str
    department: str
    answer: str  # ON_MY_WAY | READY | NEED_MORE
    at: datetime
    seconds: int  # since the call


@dataclass(frozen=True, slots=True)
class Step:
    """An escalation step that went out."""

    step: str  # CHANNEL | HEAD | AD
    at: datetime


@dataclass(frozen=True, slots=True)
class Look:
    """One actor's change as a change call says it: the character ("苏晚") and the new costume
    and/or look as the stripboard writes them (free text), shown in each reader's language."""

    name: str
    wardrobe: str = ""
    makeup: str = ""


@dataclass(frozen=True)
class Standby:
    id: int
    production_id: int
    day_id: int | None
    kind: str
    department: str  # the department called (for a person: the person's own)
    what: str  # free text (never pings, escaped when shown)
    called_at: datetime
    locale: str  # the production's channel language
    set_name: str = ""
    place: str = ""  # "5号楼 Building 5 · 3F" (building, floor, room)
    due: datetime | None = None  # be there by (None: now)
    called_by: int | None = None  # None: the plan called it
    called_by_name: str = ""
    person: str = ""  # the person called by name ("苏晚 Su Wan (林晓 Lin Xiao)")
    scene: str = ""  # the scene it is for (automatic standbys)
    channel_id: int | None = None  # where it is posted
    role_id: int | None = None  # the head role pinged there
    state: str = OPEN
    auto_key: str | None = None
    called: tuple[Called, ...] = ()
    answers: tuple[Answer, ...] = ()  # every press, in order
    steps: tuple[Step, ...] = ()
    keep: int = 0  # a pre-light call: how many of the department stay on the current set
    first_due: datetime | None = None  # an automatic call whose scene moved: the time it first said (None: never moved)
    people: tuple[str, ...] = ()  # several people called by name (the plan's actor call), listed in each reader's way
    looks: tuple[Look, ...] = ()  # a change call: each actor's new costume / look

    @property
    def moved(self) -> bool:
        return self.first_due is not None and self.due is not None and self.first_due != self.due

    @property
    def automatic(self) -> bool:
        return self.kind in AUTOMATIC

    @property
    def first_answer(self) -> Answer | None:
        return self.answers[0] if self.answers else None

    def latest(self) -> dict[int, Answer]:
        """Each person's latest answer, in the order they first answered."""
        out: dict[int, Answer] = {}
        for a in self.answers:
            out[a.user_id] = a
        return out

    def called_users(self) -> frozenset[int]:
        return frozenset(c.user_id for c in self.called if c.user_id is not None)

    def waiting(self) -> tuple[Called, ...]:
        """Called people who have not answered (whatever the way they were reached)."""
        answered = {a.user_id for a in self.answers}
        return tuple(c for c in self.called if c.user_id not in answered and c.reach not in (CALLER,))


@dataclass(frozen=True, slots=True)
class Member:
    """A crew member as the roster sees them (``bot.domain.crew.CrewMember`` fits)."""

    user_id: int
    display_name: str
    department: str
    language: str
    is_head: bool = False
    title: str = ""


@dataclass(frozen=True, slots=True)
class Roster:
    """Who could be called now: the crew, who is off duty, each person's call on the active day
    (``calls`` None: no shoot day now, so nothing says anyone is off call), the wrap if the day is
    over, and each actor's 跟妆."""

    members: tuple[Member, ...]
    off_duty: frozenset[int] = frozenset()
    calls: dict[int, datetime] | None = None
    wrapped_at: datetime | None = None
    followers: dict[str, int] = field(default_factory=dict)  # actor key (see rules.actor_key) -> 跟妆 user id
