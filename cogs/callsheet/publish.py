"""The AD's answer to /callsheet publish: what went out, what is still going, and exactly what
could not be delivered (the messages themselves are rows of the outbox: ``bot.cues.callsheet``)."""

from __future__ import annotations

from bot.cues.callsheet import Published, problem_lines
from bot.domain.callsheet.report import Summary
from bot.i18n import t


def publish_reply(summary: Summary, published: Published, locale: str, *, ad_channel: int | None) -> str:
    channel = f"<#{summary.channel_id}>" if summary.channel_id else "—"
    if published.resent:
        lines = [t("callsheet.publish.resent", locale, version=summary.version, date=summary.date, count=published.resent)]
    else:
        lines = [t("callsheet.publish.done", locale, version=summary.version, date=summary.date, channel=channel)]
    if summary.posts_total:
        pdf = t(f"callsheet.publish.pdf_{summary.pdf}", locale)
        lines.append(t("callsheet.publish.posts", locale, sent=summary.posts_sent, total=summary.posts_total, channel=channel, pdf=pdf))
    lines.append(t("callsheet.publish.counts", locale, notified=len(summary.delivered), unchanged=summary.unchanged,
                   unreachable=len(summary.unreachable), removed=len(summary.removed)))
    lines += problem_lines(summary, locale)
    if not summary.finished:
        left = len(summary.going) + summary.posts_going + (1 if summary.pdf == "going" else 0)
        lines.append(t("callsheet.publish.going", locale, count=left, channel=f"<#{ad_channel}>" if ad_channel else "—"))
    return "\n".join(lines)[:2000]
