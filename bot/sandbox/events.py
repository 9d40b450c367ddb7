"""The chronological log of everything visible in the sandbox (``Sandbox.events``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .util import utcnow

if TYPE_CHECKING:
    from .interactions import PendingInteraction
    from .message import MessageVersion, SandboxMessage
    from .state import SandboxChannel, SandboxUser

# Kinds of events:
#   post        the bot posted in a channel (also non-ephemeral interaction responses and followups)
#   dm          the bot posted in a DM
#   ephemeral   an ephemeral response or followup (only its member sees it)
#   thinking    a deferred response's "is thinking..." placeholder
#   edit        a message was edited (a placeholder being filled is logged as post/dm/ephemeral)
#   delete      a message was deleted
#   modal       the bot showed a modal
#   autocomplete  the bot answered an autocomplete with choices
#   user        a member acted: ran a command, clicked, selected, submitted a modal
#   user_post   a member posted a plain message
#   error       an error response returned to the bot (4xx with a Discord error code)
#   sync        application commands were synced
KINDS = ("post", "dm", "ephemeral", "thinking", "edit", "delete", "modal", "autocomplete", "user", "user_post",
         "error", "sync")


@dataclass
class SandboxEvent:
    index: int
    kind: str
    channel: SandboxChannel | None = None
    user: SandboxUser | None = None
    message: SandboxMessage | None = None
    version: MessageVersion | None = None  # the message as it was at this moment
    detail: str = ""
    interaction: PendingInteraction | None = None
    data: Any = None
    at: datetime = field(default_factory=utcnow)

    def __repr__(self) -> str:
        where = f" #{self.channel.name}" if self.channel is not None and self.channel.name else ""
        text = self.version.text[:60] if self.version is not None else self.detail[:60]
        return f"<{self.index} {self.kind}{where}: {text!r}>"
