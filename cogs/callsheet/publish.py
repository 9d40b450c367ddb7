"""The AD's answer to /callsheet publish: what went out, what is still going, and exactly what
could not be delivered (the messages themselves are rows of the outbox: ``bot.cues.callsheet``);
then the AD's own list: what to fix (the makeup check, an on-set time or extras call that cannot
work) and the people to phone (everyone on the sheet who is not on Discord, the 群头)."""

from __future__ import annotations

from bot.cues.callsheet import Published, problem_lines
from bot.domain.callsheet import CallSheet, makeup_check
from bot.domain.callsheet.report import Summary
from bot.i18n import t
from bot.render.callsheet_embeds import pack_lines
from bot.render.callsheet_personal import ad_warnings, phone_list
from db.repositories.callsheet import CallsheetRepo
from db.repositories.crew import CrewRepo


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


async def ad_lists(bot, prod, day_id: int, published: Published, locale: str) -> list[str]:
    """The AD's list after a publish, as messages of at most 2000 characters: warnings, then the
    people to phone (all of them on version 1; on a revision, those it changes, with what changed)."""
    sheet: CallSheet = published.sheet
    async with bot.db.read() as tx:
        crew = await CrewRepo.list(tx, prod.id)
        before = await CallsheetRepo.version_number(tx, day_id, sheet.version - 1) if sheet.version > 1 else None
    artists = sum(1 for m in crew if m.department == "makeup")
    call = next((d.call for d in sheet.department_calls if d.department == "makeup"), None)
    lines = ad_warnings(sheet, makeup_check(sheet.cast, artists, call), artists, locale)
    if not published.resent and (phone := phone_list(sheet, locale, before.sheet if before else None,
                                                     bot.settings.cues.notify_threshold_minutes)):
        lines += [t("callsheet.publish.phone_title", locale)] + phone
    return pack_lines(lines, 2000) if lines else []


async def tell_ad(bot, interaction, prod, day_id: int, published: Published, locale: str, *, head: str = "") -> None:
    """After a publish: what went out (after ``head``), then the AD's lists, privately."""
    summary = await bot.callsheets.wait(published.version_id, bot.settings.outbox.publish_wait_seconds)
    text = publish_reply(summary, published, locale, ad_channel=prod.channel("ad") or prod.channel("production"))
    await interaction.followup.send(f"{head}\n{text}"[:2000] if head else text, ephemeral=True)
    for chunk in await ad_lists(bot, prod, day_id, published, locale):  # what to fix, then the one list to phone
        await interaction.followup.send(chunk, ephemeral=True)

