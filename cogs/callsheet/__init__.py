"""Call sheets in Discord: publish (announcement + PDF + personal DMs with ICS and a Confirm
button that survives restarts), confirmation status per department, and each person's own sheet."""

from __future__ import annotations

from cogs.callsheet.commands import Callsheet
from cogs.callsheet.publish import publish_reply
from cogs.callsheet.views import ConfirmButton

__all__ = ["Callsheet", "ConfirmButton", "publish_reply", "setup"]


async def setup(bot) -> None:
    bot.add_dynamic_items(ConfirmButton)
    await bot.add_cog(Callsheet(bot))
