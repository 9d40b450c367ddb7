"""The outbox's rules without Discord: reading Discord's answers, back-off, recognising a message, plain text."""

import pytest

from bot.domain import outbox as O


@pytest.mark.parametrize(
    "status, code, verdict, why",
    [
        (403, 50007, "failed", "dm_closed"),
        (403, 40003, "throttled", "rate_limited"),
        (429, 0, "throttled", "rate_limited"),
        (403, 50013, "failed", "missing_permissions"),
        (403, 50001, "failed", "missing_access"),
        (404, 10003, "failed", "unknown_channel"),
        (413, 40005, "failed", "too_large"),
        (400, 50035, "failed", "invalid"),
        (500, 0, "retry", "server_error"),
        (503, 0, "retry", "server_error"),
    ],
)
def test_discords_answers_are_read_exactly(status, code, verdict, why):
    assert O.classify(status, code) == verdict
    assert O.reason(status, code) == why


def test_only_50007_is_dms_closed():
    assert [c for c in (50007, 40003, 50013, 50001, 10013) if O.reason(403, c) == "dm_closed"] == [50007]


def test_throttle_backoff_grows_and_caps():
    assert [O.throttle_backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert O.throttle_backoff(50) == 30.0


def test_fingerprint_matches_what_discord_returns_and_not_other_messages():
    embeds = [{"title": "Call sheet", "description": "Day 1", "fields": [{"name": "Cast", "value": "Lin Xiao"}], "footer": {"text": "v1"}}]
    returned = [{"type": "rich", "title": "Call sheet", "description": "Day 1", "color": 1, "fields": [{"name": "Cast", "value": "Lin Xiao", "inline": True}],
                 "footer": {"text": "v1"}}]
    assert O.fingerprint("hello ", embeds) == O.fingerprint("hello", returned)
    assert O.fingerprint("hello", embeds) != O.fingerprint("hello", [{**embeds[0], "description": "Day 2"}])
    assert O.fingerprint("a") != O.fingerprint("b")


def test_embeds_read_as_plain_text_and_are_cut_honestly():
    text = O.embeds_as_text("📋 Call sheet", [{"title": "Day 1", "description": "Call 06:00", "fields": [{"name": "Cast", "value": "Lin"}],
                                               "footer": {"text": "v1"}}])
    assert text == "📋 Call sheet\n\n**Day 1**\nCall 06:00\nCast: Lin\n-# v1"
    long = O.embeds_as_text("", [{"description": "x" * 5000}], more="(the full call sheet is in the PDF)")
    assert len(long) <= 2000 and long.endswith("… (the full call sheet is in the PDF)")


def test_the_invite_integer_is_the_five_permissions():
    assert O.INVITE_PERMISSIONS == 117760 == (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)
