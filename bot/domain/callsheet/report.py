"""What became of one published version's messages, read from its outbox rows (pure).

The rows of version ``V`` have keys ``cs:V:post:<i>`` (the announcement, in order), ``cs:V:pdf``,
``cs:V:dm:<user>:<i>`` (each person's DM, in parts), ``cs:V:fb:<user>`` (a mention in the
department channel when the DM was refused) and ``cs:V:report`` (the AD's report). From their
states :func:`summarize` says, truthfully: how many announcement messages are posted, whether the
PDF is, who got their DM, who could not be reached and exactly why (50007 DMs closed, or what else
Discord refused), whether the fallback mention was posted, and what is still going out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.domain.cues import Cue
from bot.domain.outbox import reason

OPEN = ("pending", "sending")


def prefix(version_id: int) -> str:
    return f"cs:{version_id}:"


@dataclass(frozen=True)
class Failure:
    """Why a message did not go out, as Discord said it."""

    reason: str
    status: int | None = None
    code: int | None = None
    missing: tuple[str, ...] = ()
    error: str = ""
    attempts: int = 1
    channel_id: int | None = None

    @staticmethod
    def of(cue: Cue) -> Failure:
        return Failure(reason(cue.error_status, cue.error_code, cue.error), cue.error_status, cue.error_code, tuple(cue.error_missing),
                       cue.error[:200], cue.attempts, cue.target.channel_id)

    def as_item(self) -> dict[str, Any]:
        """The shape :mod:`bot.cues.problems` renders."""
        return {"reason": self.reason, "status": self.status, "code": self.code, "missing": list(self.missing), "error": self.error,
                "attempts": self.attempts}


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str = ""
    department: str = ""
    state: str = "going"  # "delivered" | "unreachable" | "going"
    removed: bool = False  # told they are no longer called
    failure: Failure | None = None
    fallback: str = ""  # "" | "posted" | "failed" | "none" | "going"
    fallback_channel: int | None = None
    fallback_failure: Failure | None = None


@dataclass(frozen=True)
class Summary:
    version_id: int
    version: int = 0
    date: str = ""
    channel_id: int | None = None  # the announcements channel
    posts_total: int = 0
    posts_sent: int = 0
    post_failures: tuple[tuple[int, Failure], ...] = ()  # (1-based position, why)
    pdf: str = "none"  # "sent" | "failed" | "going" | "none"
    pdf_failure: Failure | None = None
    people: tuple[Person, ...] = ()
    unchanged: int = 0

    @property
    def delivered(self) -> list[Person]:
        return [p for p in self.people if p.state == "delivered" and not p.removed]

    @property
    def unreachable(self) -> list[Person]:
        return [p for p in self.people if p.state == "unreachable"]

    @property
    def going(self) -> list[Person]:
        return [p for p in self.people if p.state == "going"]

    @property
    def removed(self) -> list[Person]:
        return [p for p in self.people if p.removed and p.state == "delivered"]

    @property
    def posts_going(self) -> int:
        return self.posts_total - self.posts_sent - len(self.post_failures)

    @property
    def problems(self) -> bool:
        """Anything the AD must be told about."""
        return bool(self.unreachable or self.post_failures or self.pdf == "failed")

    @property
    def finished(self) -> bool:
        return not self.going and self.posts_going == 0 and self.pdf != "going"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Summary:
        def failure(d: dict[str, Any] | None) -> Failure | None:
            return None if not d else Failure(**{**d, "missing": tuple(d.get("missing") or ())})

        people = tuple(
            Person(**{**p, "failure": failure(p.get("failure")), "fallback_failure": failure(p.get("fallback_failure"))})
            for p in data.get("people") or []
        )
        posts = tuple((int(pos), failure(f)) for pos, f in data.get("post_failures") or [])
        return Summary(**{**data, "people": people, "post_failures": posts, "pdf_failure": failure(data.get("pdf_failure"))})  # type: ignore[arg-type]


def summarize(version_id: int, rows: Iterable[Cue], *, version: int = 0, date: str = "", unchanged: int = 0) -> Summary:
    """The state of version ``version_id`` from its outbox rows."""
    posts: dict[int, Cue] = {}
    pdf: Cue | None = None
    dms: dict[int, list[Cue]] = {}
    fallbacks: dict[int, Cue] = {}
    for cue in rows:
        parts = cue.key.split(":")
        if len(parts) < 3 or parts[0] != "cs" or parts[1] != str(version_id):
            continue
        what = parts[2]
        if what == "post":
            posts[int(parts[3])] = cue
        elif what == "pdf":
            pdf = cue
        elif what == "dm":
            dms.setdefault(int(parts[3]), []).append(cue)
        elif what == "fb":
            fallbacks[int(parts[3])] = cue
    channel = next((c.target.channel_id for c in [*posts.values(), *([pdf] if pdf else [])]), None)
    post_failures = tuple((i + 1, Failure.of(c)) for i, c in sorted(posts.items()) if c.status in ("failed", "skipped"))
    people: list[Person] = []
    for uid, parts_ in sorted(dms.items()):
        parts_.sort(key=lambda c: c.seq)
        first = parts_[0]
        payload = first.payload
        base = {"user_id": uid, "name": str(payload.get("name") or ""), "department": str(payload.get("department") or ""),
                "removed": bool(payload.get("removed"))}
        failed = next((c for c in parts_ if c.status == "failed"), None)
        if failed is None and all(c.status == "sent" for c in parts_):
            people.append(Person(**base, state="delivered"))
            continue
        if failed is None:
            people.append(Person(**base, state="going"))
            continue
        fb = fallbacks.get(uid)
        if fb is None:
            people.append(Person(**base, state="unreachable", failure=Failure.of(failed), fallback="none"))
        elif fb.status in OPEN:
            people.append(Person(**base, state="going", failure=Failure.of(failed), fallback="going", fallback_channel=fb.target.channel_id))
        elif fb.status == "sent":
            people.append(Person(**base, state="unreachable", failure=Failure.of(failed), fallback="posted", fallback_channel=fb.target.channel_id))
        else:
            people.append(Person(**base, state="unreachable", failure=Failure.of(failed), fallback="failed", fallback_channel=fb.target.channel_id,
                                 fallback_failure=Failure.of(fb)))
    pdf_state = "none" if pdf is None else {"sent": "sent", "failed": "failed", "skipped": "failed"}.get(pdf.status, "going")
    return Summary(
        version_id=version_id,
        version=version,
        date=date,
        channel_id=channel,
        posts_total=len(posts),
        posts_sent=sum(1 for c in posts.values() if c.status == "sent"),
        post_failures=post_failures,
        pdf=pdf_state,
        pdf_failure=Failure.of(pdf) if pdf is not None and pdf_state == "failed" else None,
        people=tuple(people),
        unchanged=unchanged,
    )
