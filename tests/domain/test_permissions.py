"""The AD hears of a missing permission once per channel and missing set, until it changes."""

from bot.domain.permissions import decode, encode, review

ART, SET, OFFICE, OLD = 1, 2, 3, 4
EMBED, ATTACH, SEND = "embed_links", "attach_files", "send_messages"


def test_a_new_problem_is_warned_and_an_unchanged_one_is_not_again():
    first = review({}, {ART: (EMBED, ATTACH)}, [ART, SET, OFFICE])
    assert first.warn == {ART: (EMBED, ATTACH)} and not first.fixed
    again = review({ART: (EMBED, ATTACH)}, {ART: [EMBED, ATTACH]}, [ART, SET, OFFICE])  # the next start-up, the next day
    assert again.quiet


def test_a_fixed_channel_is_told_once_and_a_changed_one_is_warned_with_what_was_granted():
    fixed = review({ART: (EMBED, ATTACH)}, {}, [ART, SET])
    assert fixed.fixed == {ART: (EMBED, ATTACH)} and not fixed.warn
    partly = review({ART: (EMBED, ATTACH)}, {ART: (ATTACH,)}, [ART, SET])
    assert partly.warn == {ART: (ATTACH,)} and partly.fixed == {ART: (EMBED,)}
    worse = review({ART: (EMBED,)}, {ART: (EMBED, SEND)}, [ART])
    assert worse.warn == {ART: (EMBED, SEND)} and not worse.fixed
    seen = review({ART: None}, {ART: (EMBED,)}, [ART])  # it can see the channel again, still without Embed Links
    assert seen.warn == {ART: (EMBED,)} and seen.fixed == {ART: None}
    hidden = review({ART: (EMBED,)}, {ART: None}, [ART])
    assert hidden.warn == {ART: None} and not hidden.fixed


def test_a_channel_the_production_no_longer_uses_is_forgotten_quietly():
    r = review({OLD: (EMBED,)}, {}, [ART])
    assert r.forget == (OLD,) and not r.warn and not r.fixed


def test_what_is_stored_reads_back():
    for problem in ((EMBED, ATTACH), None, (SEND,)):
        assert decode(encode(problem)) == problem
