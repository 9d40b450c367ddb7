"""What the report's commands and buttons share: the service, and the name a sign-off is shown under."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.domain.crew import Production
from bot.domain.errors import DomainError
from db.database import Database
from db.repositories.crew import CrewRepo

if TYPE_CHECKING:
    from bot.report.service import ReportService


def reports_of(client) -> ReportService:
    service = getattr(client, "reports", None)
    if service is None:
        raise DomainError("errors.not_available")
    return service


async def member_name(db: Database, prod: Production, user: discord.abc.User) -> str:
    """The name the crew list has for ``user`` on ``prod``, else their Discord display name."""
    async with db.read() as tx:
        member = await CrewRepo.get(tx, prod.id, user.id)
    return member.display_name if member is not None else user.display_name
