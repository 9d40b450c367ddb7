"""Persistent buttons of the daily report and the rest guard (``DynamicItem``: the custom id carries
what they are about, so they work after a restart).

* On the AD's draft: **Sign off and send** (applied once: a second press, or a press after a lost
  answer, is told who signed it and when) and **Refresh** (a new draft, computed now).
* On the rest guard's warning: **Publish anyway…** opens a modal for the reason; the sheet goes out
  only if nobody published the day's sheet since the warning, and the reason is recorded in the
  publish's own transaction (and shown in the report).

Every click passes the one tenancy check (``admit_component``) for the production the message is
about: its ADs only.
"""

from __future__ import annotations

import discord

from bot.domain.errors import DomainError
from bot.domain.tenancy import Access
from bot.i18n import normalize_locale, split_locales, t
from bot.render.escape import escape
from bot.render.report_text import embeds, signed_footer, superseded_footer
from bot.report.kinds import REFRESH_PREFIX, SIGN_PREFIX, draft_buttons
from bot.report.service import production_of_report
from bot.tenancy import admit_component
from bot.tree import reply_error
from cogs.report.common import member_name, reports_of

NONE = discord.AllowedMentions.none()
OVERRIDE_PREFIX = "setcall:rest:override:"
STYLES = {"success": discord.ButtonStyle.success, "secondary": discord.ButtonStyle.secondary}


def _draft_view(report_id: int, locale: str) -> discord.ui.View:
    """The draft's buttons, disabled (it was signed off or replaced)."""
    view = discord.ui.View(timeout=None)
    for b in draft_buttons(report_id, locale, disabled=True):
        view.add_item(discord.ui.Button(label=b.label, style=STYLES[b.style], custom_id=b.custom_id, disabled=True))
    return view


def _closed(prod, report, footer: str) -> list[discord.Embed]:
    """The draft's figures once it is signed off or replaced, the footer saying which (in the
    language the draft was posted in)."""
    locale = split_locales(prod.channel_locale)[0]
    return [discord.Embed.from_dict(e) for e in embeds(report, locale, footer=footer)]


async def _production(interaction: discord.Interaction, report_id: int):
    prod = await production_of_report(reports_of(interaction.client).db, report_id)
    if prod is None:
        raise DomainError("report.error.missing")
    await admit_component(interaction, Access.AD, prod)
    return prod


class SignButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:report:sign:(?P<report>[0-9]{1,18})"):
    def __init__(self, report_id: int, label: str = "…") -> None:
        super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.success, custom_id=f"{SIGN_PREFIX}{report_id}"))
        self.report_id = report_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["report"]), item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            await self._sign(interaction)
        except Exception as exc:
            await reply_error(interaction, exc)

    async def _sign(self, interaction: discord.Interaction) -> None:
        prod = await _production(interaction, self.report_id)
        service = reports_of(interaction.client)
        locale = normalize_locale(interaction.locale)
        name = await member_name(service.db, prod, interaction.user)
        done = await service.sign_off(prod, self.report_id, by=interaction.user.id, by_name=name, request=interaction.id)
        stored = done.report
        if done.outcome == "missing" or stored is None:
            raise DomainError("report.error.missing")
        if done.outcome != "signed":
            when = stored.signed_at.astimezone(prod.tz).strftime("%H:%M") if stored.signed_at else "—"
            key = "report.error.signed" if done.outcome == "already" else "report.error.superseded"
            await interaction.response.send_message(t(key, locale, by=escape(stored.signed_by_name or "—"), time=when), ephemeral=True,
                                                    allowed_mentions=NONE)
            return
        posted = split_locales(prod.channel_locale)[0]
        footer = signed_footer(stored.signed_by_name, stored.signed_at or service.clock.now(), prod.tz, posted)
        await interaction.response.edit_message(embeds=_closed(prod, stored.report, footer), view=_draft_view(self.report_id, posted))
        lines = [t("report.sign.done", locale, day=stored.report.day_number, date=stored.report.date.isoformat())]
        lines.append(t("report.sign.channel", locale, channel=f"<#{done.channel_id}>") if done.channel_id else t("report.sign.no_channel", locale))
        lines.append(t("report.sign.dms", locale, count=len(done.recipients)) if done.recipients else t("report.sign.no_dms", locale))
        await interaction.followup.send("\n".join(lines), ephemeral=True, allowed_mentions=NONE)


class RefreshButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:report:refresh:(?P<report>[0-9]{1,18})"):
    def __init__(self, report_id: int, label: str = "…") -> None:
        super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.secondary, custom_id=f"{REFRESH_PREFIX}{report_id}"))
        self.report_id = report_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["report"]), item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        try:
            prod = await _production(interaction, self.report_id)
            locale = normalize_locale(interaction.locale)
            await interaction.response.defer()  # the new draft is computed first (a few reads), then this one is closed
            old = await reports_of(interaction.client).load(self.report_id)
            stored = await reports_of(interaction.client).redraft(prod, self.report_id)
            if old is not None:
                posted = split_locales(prod.channel_locale)[0]
                await interaction.edit_original_response(embeds=_closed(prod, old, superseded_footer(stored.revision, posted)),
                                                         view=_draft_view(self.report_id, posted))
            await interaction.followup.send(t("report.refresh.done", locale, revision=stored.revision), ephemeral=True, allowed_mentions=NONE)
        except Exception as exc:
            await reply_error(interaction, exc)


class OverrideButton(discord.ui.DynamicItem[discord.ui.Button], template=r"setcall:rest:override:(?P<day>[0-9]{1,18}):(?P<version>[0-9]{1,6})"):
    def __init__(self, day_id: int, version: int, label: str = "…") -> None:
        super().__init__(discord.ui.Button(label=label, style=discord.ButtonStyle.danger, custom_id=f"{OVERRIDE_PREFIX}{day_id}:{version}"))
        self.day_id, self.version = day_id, version

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["day"]), int(match["version"]), item.label or "…")

    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        from cogs.report.guard import day_and_production

        try:
            prod, day = await day_and_production(interaction.client, self.day_id)
            await admit_component(interaction, Access.AD, prod)
            await interaction.response.send_modal(ReasonModal(self.day_id, self.version, normalize_locale(interaction.locale)))
        except Exception as exc:
            await reply_error(interaction, exc)


class ReasonModal(discord.ui.Modal):
    """Why the sheet goes out although it breaks the rest rules (recorded, shown in the report)."""

    def __init__(self, day_id: int, version: int, locale: str) -> None:
        super().__init__(title=t("rest.override.modal_title", locale)[:45], custom_id=f"setcall:rest:reason:{day_id}:{version}", timeout=900)
        self.day_id, self.version = day_id, version
        self.reason = discord.ui.TextInput(label=t("rest.override.reason_label", locale)[:45], custom_id="reason", required=True,
                                           min_length=3, max_length=200, style=discord.TextStyle.paragraph,
                                           placeholder=t("rest.override.reason_hint", locale)[:100])
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        from cogs.report.guard import publish_anyway

        await publish_anyway(interaction, self.day_id, self.version, str(self.reason.value))

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        await reply_error(interaction, error)


DYNAMIC_ITEMS = (SignButton, RefreshButton, OverrideButton)
