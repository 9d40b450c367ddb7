"""A standby as JSON (an outbox row carries the standby as it was when the row was queued, so that
its renderer needs no database) and back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.domain.standby.model import Answer, Called, Look, Standby, Step


def _iso(dt: datetime | None) -> str | None:
    return None if dt is None else dt.isoformat()


def _dt(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text)


def to_payload(sb: Standby) -> dict[str, Any]:
    return {
        "id": sb.id, "production_id": sb.production_id, "day_id": sb.day_id, "kind": sb.kind, "department": sb.department,
        "what": sb.what, "called_at": _iso(sb.called_at), "locale": sb.locale, "set_name": sb.set_name, "place": sb.place,
        "due": _iso(sb.due), "called_by": sb.called_by, "called_by_name": sb.called_by_name, "person": sb.person, "scene": sb.scene,
        "channel_id": sb.channel_id, "role_id": sb.role_id, "state": sb.state, "auto_key": sb.auto_key, "keep": sb.keep,
        "first_due": _iso(sb.first_due), "people": list(sb.people), "looks": [[x.name, x.wardrobe, x.makeup] for x in sb.looks],
        "called": [[c.user_id, c.name, c.department, c.language, c.role, c.reach] for c in sb.called],
        "answers": [[a.user_id, a.name, a.department, a.answer, _iso(a.at), a.seconds] for a in sb.answers],
        "steps": [[s.step, _iso(s.at)] for s in sb.steps],
    }


def from_payload(p: dict[str, Any]) -> Standby:
    return Standby(
        id=int(p["id"]), production_id=int(p["production_id"]), day_id=p.get("day_id"), kind=p["kind"], department=p["department"],
        what=p.get("what", ""), called_at=datetime.fromisoformat(p["called_at"]), locale=p.get("locale", "zh-CN"),
        set_name=p.get("set_name", ""), place=p.get("place", ""), due=_dt(p.get("due")), called_by=p.get("called_by"),
        called_by_name=p.get("called_by_name", ""), person=p.get("person", ""), scene=p.get("scene", ""), channel_id=p.get("channel_id"),
        role_id=p.get("role_id"), state=p.get("state", "open"), auto_key=p.get("auto_key"), keep=int(p.get("keep") or 0),
        first_due=_dt(p.get("first_due")), people=tuple(p.get("people") or ()), looks=tuple(Look(*x) for x in p.get("looks") or ()),
        called=tuple(Called(*c) for c in p.get("called") or []),
        answers=tuple(Answer(a[0], a[1], a[2], a[3], datetime.fromisoformat(a[4]), a[5]) for a in p.get("answers") or []),
        steps=tuple(Step(s[0], datetime.fromisoformat(s[1])) for s in p.get("steps") or []),
    )
