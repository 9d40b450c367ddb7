"""The gateway: HELLO/heartbeats, IDENTIFY -> READY + GUILD_CREATEs, dispatches, RESUME with replay.

Sessions outlive sockets: a dropped socket (or op 7) leaves the session resumable and its events
buffered; a client that closes with 1000/1001 ends its session. (discord.py 2.7.1's ``Client.close()``
usually puts 4000 on the wire, because its reader task answers the local close first; such sessions stay
resumable, as they would on Discord.) Each new IDENTIFY gets a fresh READY,
so a restarted bot (new client, same sandbox) logs in again.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from .sandbox import Sandbox

log = logging.getLogger(__name__)

GUILD_MEMBERS = 1 << 1
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
GUILD_PRESENCES = 1 << 8
PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT
BUFFER_MAX = 5000


@dataclass(eq=False)
class Session:
    id: str
    intents: int
    shard: list[int] | None
    seq: int = 0
    buffer: list[tuple[int, str]] = field(default_factory=list)
    conn: Connection | None = None
    alive: bool = True
    ready_seq: int = 0
    ready_flushed: bool = False

    def push(self, event: str, data: Any) -> int:
        self.seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": self.seq, "d": data})
        self.buffer.append((self.seq, frame))
        if len(self.buffer) > BUFFER_MAX:
            del self.buffer[: len(self.buffer) - BUFFER_MAX]
        if self.conn is not None:
            self.conn.wake.set()
        return self.seq


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    transport: asyncio.BaseTransport | None
    session: Session | None = None
    sent_seq: int = 0
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    sender: asyncio.Task[None] | None = None
    dropped: bool = False


class Gateway:
    def __init__(self, sb: Sandbox) -> None:
        self.sb = sb
        self.sessions: list[Session] = []
        self.connections: set[Connection] = set()
        self.identify_count = 0
        self.resume_count = 0

    # --- websocket handling -------------------------------------------------------------------
    async def handle(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoclose=True)
        await ws.prepare(request)
        conn = Connection(ws, request.transport)
        self.connections.add(conn)
        try:
            await self._send_op(conn, 10, {"heartbeat_interval": self.sb.heartbeat_interval_ms})
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._on_frame(conn, json.loads(msg.data))
                elif msg.type == WSMsgType.ERROR:
                    break
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            self._closed(conn, ws.close_code)
        return ws

    def _closed(self, conn: Connection, code: int | None) -> None:
        self.connections.discard(conn)
        if conn.sender is not None:
            conn.sender.cancel()
        session = conn.session
        if session is not None and session.conn is conn:
            session.conn = None
            if code in (1000, 1001) and not conn.dropped:
                session.alive = False  # a clean close ends the session, as on Discord
        log.debug("gateway connection closed with %s", code)

    async def _send_op(self, conn: Connection, op: int, data: Any) -> None:
        try:
            await conn.ws.send_str(json.dumps({"op": op, "d": data, "s": None, "t": None}))
        except (ConnectionResetError, RuntimeError):
            pass

    async def _on_frame(self, conn: Connection, frame: dict[str, Any]) -> None:
        op, data = frame.get("op"), frame.get("d")
        if op == 1:
            await self._send_op(conn, 11, None)
        elif op == 2:
            await self._identify(conn, data or {})
        elif op == 6:
            await self._resume(conn, data or {})
        elif op == 8:
            self._request_members(conn, data or {})
        # op 3 presence, op 4 voice state: accepted and ignored

    async def _identify(self, conn: Connection, data: dict[str, Any]) -> None:
        if data.get("token") not in (self.sb.token, f"Bot {self.sb.token}"):
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        if conn.session is not None:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        asked = int(data.get("intents") or 0)
        if asked & PRIVILEGED & ~self.sb.privileged_intents:  # not enabled for the application
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        self.identify_count += 1
        session = Session(secrets.token_hex(16), int(data.get("intents") or 0), data.get("shard"))
        self.sessions.append(session)
        conn.session = session
        session.conn = conn
        session.push("READY", self.sb._ready_payload(session))
        for guild in self.sb.guilds.values():
            session.push("GUILD_CREATE", self.sb._guild_payload_for(guild, session))
        session.ready_seq = session.seq
        self._start_sender(conn, 0)

    async def _resume(self, conn: Connection, data: dict[str, Any]) -> None:
        session = next((s for s in self.sessions if s.id == data.get("session_id") and s.alive), None)
        seq = data.get("seq") or 0
        first = session.buffer[0][0] if session and session.buffer else 1
        if session is None or data.get("token") != self.sb.token or seq + 1 < first:
            await self._send_op(conn, 9, False)
            return
        self.resume_count += 1
        old = session.conn
        if old is not None and old is not conn:
            old.session = None
            await old.ws.close(code=4000)
        conn.session = session
        session.conn = conn
        session.push("RESUMED", {"_trace": ["sandbox"]})
        self._start_sender(conn, seq)

    def _request_members(self, conn: Connection, data: dict[str, Any]) -> None:
        session = conn.session
        if session is None:
            return
        guild = self.sb.guilds.get(int(data.get("guild_id") or 0))
        if guild is None:
            return
        members = list(guild.members.values())
        query = data.get("query")
        if query:
            members = [m for m in members if m.user.username.lower().startswith(query.lower())
                       or m.name.lower().startswith(query.lower())]
        user_ids = {int(u) for u in data.get("user_ids") or []}
        if user_ids:
            members = [m for m in members if m.id in user_ids]
        limit = data.get("limit") or 0
        if limit:
            members = members[:limit]
        payload: dict[str, Any] = {
            "guild_id": str(guild.id), "members": [m.payload() for m in members],
            "chunk_index": 0, "chunk_count": 1, "not_found": [],
        }
        if data.get("nonce"):
            payload["nonce"] = data["nonce"]
        session.push("GUILD_MEMBERS_CHUNK", payload)

    def _start_sender(self, conn: Connection, seq: int) -> None:
        conn.sent_seq = seq
        conn.wake.set()
        conn.sender = asyncio.create_task(self._sender(conn), name="sandbox-gateway-sender")

    async def _sender(self, conn: Connection) -> None:
        session = conn.session
        assert session is not None
        try:
            while conn.session is session and not conn.ws.closed:
                conn.wake.clear()
                while True:
                    if not session.buffer:
                        break
                    idx = max(0, conn.sent_seq + 1 - session.buffer[0][0])
                    if idx >= len(session.buffer):
                        break
                    seq, frame = session.buffer[idx]
                    await conn.ws.send_str(frame)
                    conn.sent_seq = seq
                if conn.sent_seq >= session.ready_seq:
                    session.ready_flushed = True
                await conn.wake.wait()
        except (ConnectionResetError, RuntimeError):
            pass

    # --- dispatching --------------------------------------------------------------------------
    def live_sessions(self) -> list[Session]:
        return [s for s in self.sessions if s.alive]

    def dispatch(self, event: str, data: Any, *, intent: int = 0,
                 transform: Callable[[Session, Any], Any] | None = None) -> None:
        for session in self.live_sessions():
            if intent and not session.intents & intent:
                continue
            session.push(event, transform(session, data) if transform else data)

    def interaction_target(self) -> Session | None:
        """Interactions go to one session: the newest connected one."""
        connected = [s for s in self.live_sessions() if s.conn is not None]
        return connected[-1] if connected else None

    def ready(self) -> bool:
        return any(s.alive and s.conn is not None and s.ready_flushed for s in self.sessions)

    # --- fault injection ----------------------------------------------------------------------
    async def reconnect(self) -> int:
        """Send op 7 (reconnect) on every open connection; returns how many."""
        conns = [c for c in self.connections if c.session is not None]
        for conn in conns:
            await self._send_op(conn, 7, None)
        return len(conns)

    async def drop(self) -> int:
        """Cut every open connection without a close frame; sessions stay resumable."""
        conns = list(self.connections)
        for conn in conns:
            conn.dropped = True
            if conn.transport is not None:
                conn.transport.abort()  # type: ignore[attr-defined]
        return len(conns)

    async def invalidate(self, resumable: bool = False) -> None:
        """Send op 9 on every connection (``resumable`` = d: true)."""
        for conn in list(self.connections):
            if not resumable and conn.session is not None:
                conn.session.alive = False
            await self._send_op(conn, 9, resumable)

    async def close(self) -> None:
        for conn in list(self.connections):
            conn.dropped = True
            await conn.ws.close(code=4000, message=b"sandbox stopping")
        for session in self.sessions:
            session.alive = False
