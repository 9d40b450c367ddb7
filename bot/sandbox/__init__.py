"""A local Discord for tests and demos: REST + gateway on one loopback aiohttp server that the unmodified
discord.py client logs into, plus an API to act as guild members and inspect what the bot did.

    async with Sandbox() as sb:
        sb.install()
        guild = sb.create_guild("Hengdian Park", preferred_locale="zh-CN")
        ch = guild.create_channel("announcements")
        li = guild.add_member("Li Wei", locale="zh-CN")
        async with running_client(sb, bot):
            r = await li.run("crew join", {"title": "Gaffer"}, channel=ch)
            assert r.ephemeral and "Gaffer" in r.text
"""

from .actors import CommandNotAvailable
from .errors import DiscordHTTPError, FieldError, SandboxError, SandboxTimeout, SandboxUsageError
from .events import SandboxEvent
from .interactions import InteractionResult
from .message import MessageVersion, SandboxAttachment, SandboxMessage
from .sandbox import Sandbox
from .server import RequestRecord
from .state import SandboxChannel, SandboxGuild, SandboxMember, SandboxRole, SandboxUser
from .testing import running_client
from .transcript import format_transcript

__all__ = [
    "CommandNotAvailable",
    "DiscordHTTPError",
    "FieldError",
    "InteractionResult",
    "MessageVersion",
    "RequestRecord",
    "Sandbox",
    "SandboxAttachment",
    "SandboxChannel",
    "SandboxError",
    "SandboxEvent",
    "SandboxGuild",
    "SandboxMember",
    "SandboxMessage",
    "SandboxRole",
    "SandboxTimeout",
    "SandboxUsageError",
    "SandboxUser",
    "format_transcript",
    "running_client",
]
