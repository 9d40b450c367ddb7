"""A readable transcript of what happened in the sandbox (for test failures and the demo)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .events import SandboxEvent

if TYPE_CHECKING:
    from .message import MessageVersion
    from .sandbox import Sandbox

INDENT = "    "


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def format_embed(embed: dict[str, Any]) -> list[str]:
    """Embed lines behind a bar; multi-line texts keep their line breaks (continuations indented)."""
    lines: list[str] = []

    def add(text: str, prefix: str = "") -> None:
        parts = str(text).splitlines() or [""]
        lines.append(prefix + parts[0])
        lines.extend(("  " if prefix else "") + part for part in parts[1:])

    author = (embed.get("author") or {}).get("name")
    if author:
        add(author)
    if embed.get("title"):
        add(f"**{embed['title']}**")
    if embed.get("description"):
        lines.extend(str(embed["description"]).splitlines())
    for field in embed.get("fields") or []:
        add(str(field.get("value", "")), f"{field.get('name', '')}: ")
    footer = (embed.get("footer") or {}).get("text")
    if footer:
        add(footer, "— ")
    return [f"{INDENT}┃ {line}".rstrip() for line in lines]


def format_components(components: list[dict[str, Any]], depth: int = 1) -> list[str]:
    lines: list[str] = []
    pad = INDENT * depth
    for comp in components:
        ctype = comp.get("type")
        if ctype == 1:
            buttons = [c for c in comp.get("components", []) if c.get("type") == 2]
            if buttons:
                lines.append(pad + " ".join(_button(b) for b in buttons))
            others = [c for c in comp.get("components", []) if c.get("type") != 2]
            lines.extend(format_components(others, depth))
        elif ctype == 2:
            lines.append(pad + _button(comp))
        elif ctype in (3, 5, 6, 7, 8):
            options = " | ".join(o.get("label", "") for o in comp.get("options", []))
            label = comp.get("placeholder") or comp.get("custom_id")
            lines.append(pad + f"▾ {label}" + (f" ({options})" if options else ""))
        elif ctype == 10:
            lines.extend(pad + line for line in str(comp.get("content", "")).splitlines())
        elif ctype in (9, 17):
            lines.extend(format_components(comp.get("components", []), depth))
            if isinstance(comp.get("accessory"), dict):
                lines.extend(format_components([comp["accessory"]], depth))
        elif ctype == 14:
            lines.append(pad + "────────")
    return lines


def _button(button: dict[str, Any]) -> str:
    label = button.get("label") or (button.get("emoji") or {}).get("name") or button.get("custom_id") or "?"
    if button.get("style") == 5:
        return f"[{label} ↗]"
    return f"[{label}]" + (" (disabled)" if button.get("disabled") else "")


def format_message_body(version: MessageVersion) -> list[str]:
    lines: list[str] = []
    for embed in version.embeds:
        lines.extend(format_embed(embed))
    lines.extend(format_components(version.components))
    for att in version.attachments:
        lines.append(f"{INDENT}📎 {att.filename} ({_size(att.size)})")
    return lines


def _where(sb: Sandbox, event: SandboxEvent) -> str:
    ch = event.channel
    if event.kind == "ephemeral" or (event.version is not None and event.version.flags & 64):
        return f"[ephemeral → {event.user.name if event.user else '?'}]"
    if ch is None:
        return "[sandbox]"
    if ch.is_dm:
        recipient = sb.users.get(ch.recipient_id or 0)
        return f"[DM → {recipient.name if recipient else '?'}]"
    return f"[#{ch.name}]"


def format_event(sb: Sandbox, event: SandboxEvent) -> list[str]:
    kind = event.kind
    if kind == "user":
        ch = event.channel
        where = f"#{ch.name}" if ch is not None and not ch.is_dm else "DM"
        return [f"> {event.user.name if event.user else '?'} in {where}: {event.detail}"]
    if kind == "user_post":
        assert event.version is not None
        return [f"{_where(sb, event)} {event.user.name if event.user else '?'}: {event.version.content}"]
    if kind == "modal":
        data = event.data or {}
        inputs = []
        for top in data.get("components", []):
            inner = top.get("components", [None])[0] if top.get("type") == 1 else top.get("component")
            label = top.get("label") or (inner or {}).get("label") or (inner or {}).get("custom_id")
            inputs.append(f"{label} ({(inner or {}).get('custom_id')})")
        return [f"[modal → {event.user.name if event.user else '?'}] {data.get('title', '')}: " + "; ".join(inputs)]
    if kind == "autocomplete":
        return [f"[autocomplete → {event.user.name if event.user else '?'}] {event.detail}"]
    if kind == "error":
        return [f"[error → bot] {event.detail}"]
    if kind == "sync":
        return [f"[sync] {event.detail}"]
    if kind == "delete":
        return [f"{_where(sb, event)} (message {event.message.id if event.message else '?'} deleted)"]
    version = event.version
    if version is None:
        return [f"[{kind}] {event.detail}"]
    author = sb.users[event.message.author_id].name if event.message else "?"
    if kind == "thinking":
        return [f"{_where(sb, event)} {author} is thinking…"]
    suffix = " (edited)" if kind == "edit" else ""
    head = f"{_where(sb, event)} {author}{suffix}:"
    content_lines = version.content.splitlines() or [""]
    lines = [f"{head} {content_lines[0]}".rstrip()]
    lines.extend(INDENT + line for line in content_lines[1:])
    lines.extend(format_message_body(version))
    return lines


def format_transcript(sb: Sandbox, since: int = 0) -> str:
    """Render ``sb.events[since:]``: posts, DMs, ephemeral replies, edits, modals, errors, user actions."""
    lines: list[str] = []
    for event in sb.events[since:]:
        lines.extend(format_event(sb, event))
    return "\n".join(lines)
