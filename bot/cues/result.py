"""What the Discord adapter made of one outbox row (Discord-free, shared by the engine and the kinds)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DeliveryResult:
    """``outcome``: "sent" | "retry" | "throttled" | "failed" | "dropped" (engine-side also "skipped").

    ``status``/``code``: Discord's HTTP status and JSON error code of a failure (403/50007 closed DMs,
    403/50013 missing permissions, 403/40003 opening DMs too fast...); ``missing``: the permissions the
    bot found missing in the channel; ``after``: seconds (wall clock) Discord asked us to wait;
    ``plain``: the message went out as plain text because the bot may not embed links there."""

    outcome: str
    message_id: int | None = None
    error: str = ""
    channel_id: int | None = None
    status: int | None = None
    code: int | None = None
    missing: tuple[str, ...] = ()
    after: float | None = None
    plain: bool = False

    @classmethod
    def sent(cls, message_id: int | None = None, *, channel_id: int | None = None, plain: bool = False) -> DeliveryResult:
        return cls("sent", message_id, channel_id=channel_id, plain=plain)

    @classmethod
    def retry(cls, error: str, *, status: int | None = None, code: int | None = None) -> DeliveryResult:
        """A transient failure (5xx, timeout): try again after a back-off, a few times."""
        return cls("retry", error=error, status=status, code=code)

    @classmethod
    def throttled(cls, error: str, *, after: float | None = None, status: int | None = None, code: int | None = None) -> DeliveryResult:
        """Discord said "slower" (429 beyond the client's retries, 40003): wait, then try again; not a failed attempt."""
        return cls("throttled", error=error, after=after, status=status, code=code)

    @classmethod
    def failed(cls, error: str, *, status: int | None = None, code: int | None = None, missing: tuple[str, ...] = (),
               channel_id: int | None = None) -> DeliveryResult:
        """A permanent failure (closed DMs, missing permissions, unknown channel): give up and tell the AD."""
        return cls("failed", error=error, status=status, code=code, missing=missing, channel_id=channel_id)

    @classmethod
    def dropped(cls, reason: str) -> DeliveryResult:
        """Not worth sending any more (e.g. the person confirmed meanwhile)."""
        return cls("dropped", error=reason)

    @property
    def final(self) -> bool:
        return self.outcome in ("sent", "failed", "dropped", "skipped")


@dataclass(frozen=True, slots=True)
class Found:
    """What a look into Discord found for a row interrupted mid-send: the message (id, channel), nothing
    (``message_id`` None, ``checked`` True) or ``checked`` False when the history could not be read."""

    message_id: int | None = None
    channel_id: int | None = None
    checked: bool = True
