"""Markdown, masked links, mentions and @everyone in every piece of user text, through every renderer
that produces Discord markdown: each shows as typed, none renders or pings. The PDF and the ICS get
the text as it was (they are not markdown)."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from typing import Any

import discord
import pytest

from bot.cues import kinds
from bot.domain import cues as C
from bot.domain.callsheet import Change, Delivery
from bot.domain.cues import Cue, Target
from bot.domain.errors import DomainError
from bot.domain.stripboard import Problem
from bot.i18n import LOCALES
from bot.render.callsheet_embeds import announcement, personal, status
from bot.render.escape import escape, markdown_safe
from bot.render.plan_embeds import import_done, import_problems
from bot.sandbox.message import shown_text
from tests.plan_fixtures import SHANGHAI, sample_bytes
from tests.render.test_callsheet_embeds import sheet_of

HOSTILE = "**B** __U__ ||S|| ~~X~~ `C` [OK](https://evil.example) @everyone @here <@123456789012345678> <@&123456789012345678>"
#: What would render or ping if it reached Discord as is.
RAW = ("**B**", "__U__", "||S||", "~~X~~", "`C`", "[OK](https://evil.example)", "@everyone", "@here", "<@123456789012345678>",
       "<@&123456789012345678>")
KEEP = {"timezone", "production_code", "department", "kind", "int_ext", "day_night", "hhmm", "key", "number"}


def hostile(value: Any, name: str = "") -> Any:
    """Every free-text string of a dataclass tree with HOSTILE appended (codes left alone)."""
    if name in KEEP:
        return value
    if isinstance(value, str):
        return f"{value} {HOSTILE}" if value else HOSTILE
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: hostile(getattr(value, f.name), f.name) for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(hostile(v, name) for v in value)
    return value


def markdown_fields(messages: list[dict]) -> list[str]:
    """Every string Discord renders as markdown: content, embed titles, descriptions, field names and values."""
    out = []
    for m in messages:
        out.append(m.get("content") or "")
        for e in m.get("embeds", []):
            out += [e.get("title", ""), e.get("description", "")]
            out += [x for f in e.get("fields", []) for x in (f["name"], f["value"])]
    return [x for x in out if x]


def assert_literal(texts: list[str], *, expect_shown: bool = True) -> None:
    joined = "\n".join(texts)
    for token in RAW:
        assert token not in joined, f"{token!r} would render: {joined[:300]!r}"
    assert not re.search(r"(?<!\\)\[[^\]]*\]\(https?://", joined), "a masked link"
    if expect_shown:
        assert "[OK](https://evil.example)" in shown_text(joined) and "@everyone" in shown_text(joined)


def test_the_helper():
    assert shown_text(escape(HOSTILE)) == HOSTILE
    for token in RAW:
        assert token not in escape(HOSTILE)
    for line in ("# Heading", "-# subtext", "> quote", "1. list", "- item"):
        assert escape(line) != line and shown_text(escape(line)) == line
    assert escape("see https://map.example/a_b_c") == "see https://map.example/a_b_c"  # a bare link stays a link
    assert escape("林晓 Lin Xiao") == "林晓 Lin Xiao"


@pytest.fixture(scope="module")
def sheet():
    return hostile(sheet_of(sample_bytes(), name="总裁的契约新娘"))


@pytest.mark.parametrize("locale", LOCALES)
def test_call_sheet_announcement_dm_and_status(sheet, locale):
    assert_literal(markdown_fields(announcement(sheet, locale, changes_summary=["3 people"])))
    person = next(p for p in sheet.people if p.scenes and p.kind == "cast")
    changes = [Change("callsheet.change.where", {"old": HOSTILE, "new": HOSTILE})]
    dm = personal(sheet, person, locale, changes=changes)
    assert_literal(markdown_fields(dm))
    assert all(token not in dm[0]["embeds"][0]["title"] for token in RAW)  # the DM's title (a name and the production)
    removed = personal(sheet, person, locale, changes=changes, removed=True)
    assert_literal(markdown_fields(removed))
    deliveries = [Delivery(i, 1, p.user_id, p.department, p.call, "confirmed" if i % 2 else "unreachable", True)
                  for i, p in enumerate(sheet.people)]
    assert_literal(markdown_fields(status(sheet, deliveries, locale)))


def test_the_pdf_and_ics_keep_the_text_as_typed(sheet):
    from bot.render import ics

    person = next(p for p in sheet.people if p.scenes)
    calendar = ics.person_calendar(sheet, person, "en-US", now=datetime(2026, 11, 22, tzinfo=SHANGHAI)).decode()
    assert "[OK](https://evil.example)" in calendar.replace("\r\n ", "").replace("\\", "")
    assert markdown_safe(sheet).timezone == sheet.timezone and markdown_safe(sheet).scene(sheet.scenes[0].number) is not None


@pytest.mark.parametrize("locale", LOCALES)
def test_import_reports(locale):
    problems = [Problem(HOSTILE, 3, HOSTILE, "stripboard.problem.not_a_number", {"value": HOSTILE}),
                Problem("scenes", 4, "set", "stripboard.problem.unknown_set", {"value": HOSTILE})]
    assert_literal(markdown_fields(import_problems(problems, locale, HOSTILE + ".csv")))
    from bot.domain.stripboard import parse_stripboard

    plan = parse_stripboard(sample_bytes(), "x.csv", production_id=1, tz=SHANGHAI)
    plan = dataclasses.replace(plan, warnings=(Problem("scenes", 2, "cast", "stripboard.warning.actor_not_crew", {"actor": HOSTILE}),))
    assert_literal(markdown_fields(import_done([], plan, locale, HOSTILE + ".csv")))


def cue(kind: str, payload: dict[str, Any]) -> Cue:
    return Cue(1, 1, 1, C.LIVE_SCOPE, "k", kind, datetime(2026, 11, 23, 6, tzinfo=SHANGHAI), Target(channel_id=5), "zh-CN", payload, "pending")


@pytest.mark.parametrize("kind", [C.CALL, C.UNCONFIRMED, C.CALL_CHANGED, C.NEXT_SET, C.PRELIGHT, C.COMPANY_MOVE, C.WRAP])
def test_cues(kind):
    at = "2026-11-23T06:00:00+08:00"
    payload = {"where": HOSTILE, "scenes": [HOSTILE], "set": HOSTILE, "building": HOSTILE, "road": HOSTILE, "scene": HOSTILE,
               "need": HOSTILE, "from_set": HOSTILE, "unshot": [HOSTILE], "skipped": [HOSTILE], "call": at, "old": at, "new": at,
               "about": at, "at": at, "delta": 20, "date": "2026-11-23", "day_number": 1, "total_days": 6, "department": "lighting",
               "day": "2026-11-23"}
    assert_literal([kinds.render(cue(kind, payload), SHANGHAI).content])


def test_shoot_replies_and_status():
    from bot.cues.liveday import Outcome
    from bot.domain import progress as P
    from cogs.shoot.render import action_text, status_embed
    from tests.plan_fixtures import sample_plan

    day = hostile(sample_plan().days[0])
    day = dataclasses.replace(day, id=1, scenes=tuple(dataclasses.replace(s, number=s.number) for s in day.scenes))
    now = day.general_call
    progress = P.start(day, [], P.Progress(day_id=1), now, by=1)
    progress = P.skip(day, progress, day.scenes[3].number)
    proj = P.project(day, [], progress, now)
    from bot.domain.crew import Production

    prod = Production(1, 1, "CEO1", HOSTILE, "Asia/Shanghai", "zh-CN", 1, now, {})
    out = Outcome(prod, day, progress, progress, proj)
    for locale in LOCALES:
        texts = [action_text(k, out, locale, scene=HOSTILE, minutes=5) for k in ("started", "next", "back", "delay", "skip")]
        embed = status_embed(out, locale).to_dict()
        texts += [embed.get("title", ""), embed.get("description", "")] + [x for f in embed.get("fields", []) for x in (f["name"], f["value"])]
        assert_literal(texts, expect_shown=False)
        assert "[OK](https://evil.example)" in shown_text("\n".join(texts))


def test_production_crew_and_refusals():
    from bot.domain.crew import CrewMember, Production
    from cogs.crew import crew_pages
    from cogs.production import production_embed

    now = datetime(2026, 11, 22, tzinfo=SHANGHAI)
    prod = Production(1, 1, "CEO1", HOSTILE, "Asia/Shanghai", "zh-CN", 1, now, {})
    members = [CrewMember(i, 1, 10**17 + i, HOSTILE, "lighting", HOSTILE, False, "zh-CN", "", now) for i in range(3)]
    for locale in LOCALES:
        embeds = [production_embed(prod, locale)] + crew_pages(prod, members, locale)
        texts = []
        for e in (x.to_dict() for x in embeds):
            texts += [e.get("title", ""), e.get("description", "")] + [y for f in e.get("fields", []) for y in (f["name"], f["value"])]
        assert_literal(texts, expect_shown=False)

    class FakeInteraction:
        locale = discord.Locale.american_english

    from bot.tree import error_text

    text = error_text(FakeInteraction(), DomainError("plan.error.bad_day", day=HOSTILE))  # type: ignore[arg-type]
    assert_literal([text])


@pytest.mark.parametrize("locale", LOCALES)
def test_standby_post_board_dm_ladder_and_fallback(locale):
    """Every standby renderer (post, board, DM, ladder steps, channel fallback) in every language:
    what was typed, the person's and the set's names and the answerers' names show as typed."""
    from bot.domain import standby as S
    from bot.render import standby as R

    at = datetime(2026, 11, 23, 8, 10, tzinfo=SHANGHAI)
    h = HOSTILE
    called = (S.Called(7, "spark " + h, "lighting", "zh-CN"), S.Called(8, "actor " + h, "cast", "en-US", S.SUBJECT),
              S.Called(None, "extra " + h, "cast", "", S.SUBJECT, S.NO_DISCORD), S.Called(10, "off " + h, "lighting", "th", reach=S.OFF_DUTY))
    for kind in S.KINDS:
        sb = S.Standby(1, 1, 1, kind, "lighting", "what " + h, at, locale, "set " + h, "place " + h, at, 9, "AD " + h, "person " + h,
                       "2-7 " + h, 5, 6, S.OPEN, None, called, (S.Answer(7, "spark " + h, "lighting", S.NEED_MORE, at, 60),),
                       (S.Step(S.CHANNEL, at),))
        texts = [R.post_content(sb, locale, SHANGHAI), R.dm_text(sb, called[0], locale, SHANGHAI),
                 R.dm_text(sb, called[1], locale, SHANGHAI), R.fallback_text(sb, [7], locale, SHANGHAI)]
        texts += [R.escalation_text(sb, step, 3, locale, SHANGHAI) for step in S.STEPS]
        texts += markdown_fields([{"embeds": [R.board(sb, locale, SHANGHAI)]}])
        assert_literal(texts)
