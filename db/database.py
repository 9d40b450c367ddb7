"""aiosqlite connection with WAL, foreign keys, a busy timeout, forward-only migrations and
named queries.

One :class:`Database` holds one connection (SQLite serialises writers anyway); every user action
runs in :meth:`Database.transaction`, which is ``BEGIN IMMEDIATE`` ... ``COMMIT`` under an
asyncio lock, so concurrent actions never interleave half-written state.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from types import TracebackType
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
QUERIES_DIR = Path(__file__).with_name("queries")
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_NAME_RE = re.compile(r"^--\s*name:\s*([a-z_][a-z0-9_]*)\s*$", re.M)


def load_queries(folder: Path = QUERIES_DIR) -> dict[str, str]:
    """Read every ``-- name: foo`` block of every ``*.sql`` file in ``folder``."""
    queries: dict[str, str] = {}
    for path in sorted(folder.glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        parts = _NAME_RE.split(text)
        for name, body in zip(parts[1::2], parts[2::2], strict=True):
            if name in queries:
                raise ValueError(f"{path.name}: query {name} defined twice")
            queries[name] = body.strip().rstrip(";")
    return queries


def migrations(folder: Path = MIGRATIONS_DIR) -> list[tuple[int, Path]]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        m = _MIGRATION_RE.match(path.name)
        if not m:
            raise ValueError(f"bad migration file name {path.name} (want NNNN_name.sql)")
        found.append((int(m.group(1)), path))
    numbers = [n for n, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"migrations must be numbered 1..N without gaps, got {numbers}")
    return found


def _split_statements(script: str) -> list[str]:
    statements, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        candidate = "\n".join(buf).strip()
        if candidate.endswith(";") and aiosqlite.core.sqlite3.complete_statement(candidate):
            statements.append(candidate)
            buf = []
    tail = "\n".join(buf).strip()
    if tail and not tail.startswith("--"):
        statements.append(tail)
    return statements


#: Work to write inside the next write transaction of the current task (and only that one): how
#: ``bot.actions`` records an AD action in the same transaction that applies it, whichever
#: repository call that is.
_BEFORE_COMMIT: ContextVar[list[Callable[[Tx], Awaitable[None]]] | None] = ContextVar("setcall_before_commit", default=None)


def in_next_transaction(hook: Callable[[Tx], Awaitable[None]]) -> object:
    """Run ``hook(tx)`` inside the current task's next write transaction, just before it commits.
    Returns a token for :func:`forget_next_transaction`."""
    return _BEFORE_COMMIT.set([hook])


def forget_next_transaction(token: object) -> None:
    _BEFORE_COMMIT.reset(token)  # type: ignore[arg-type]


class Database:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self.queries = load_queries()

    async def __aenter__(self) -> Database:
        await self.open()
        return self

    async def __aexit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    async def open(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode=WAL")
        await self._conn.execute("PRAGMA foreign_keys=ON")
        await self._conn.execute("PRAGMA busy_timeout=5000")
        await self._conn.execute("PRAGMA synchronous=NORMAL")
        await self.migrate()

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def schema_version(self) -> int:
        async with self.conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0])

    async def migrate(self) -> int:
        """Apply every pending migration in ONE transaction; the version lives in user_version."""
        current = await self.schema_version()
        pending = [(n, p) for n, p in migrations() if n > current]
        if not pending:
            return current
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                for number, path in pending:
                    for stmt in _split_statements(path.read_text(encoding="utf-8")):
                        await self.conn.execute(stmt)
                    log.info("applied migration %s", path.name)
                await self.conn.execute(f"PRAGMA user_version={pending[-1][0]}")
                await self.conn.execute("COMMIT")
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
        return pending[-1][0]

    def sql(self, name: str) -> str:
        try:
            return self.queries[name]
        except KeyError:
            raise KeyError(f"no named query {name!r} in db/queries") from None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One user action = one transaction. Nested use is a programming error."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            tx = Tx(self)
            try:
                yield tx
                hooks = _BEFORE_COMMIT.get()
                while hooks:
                    await hooks.pop(0)(tx)
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    @asynccontextmanager
    async def read(self) -> AsyncIterator[Tx]:
        """Consistent reads (a deferred transaction), serialised with writers on this connection."""
        async with self._lock:
            await self.conn.execute("BEGIN")
            try:
                yield Tx(self)
            finally:
                await self.conn.execute("COMMIT")


class Tx:
    """A handle on the running transaction; runs named queries only."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._savepoints = 0

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[Tx]:
        """A nested part of the transaction that is undone alone when it raises (the error propagates)."""
        self._savepoints += 1
        name = f"sp{self._savepoints}"
        await self.db.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            await self.db.conn.execute(f"ROLLBACK TO {name}")
            await self.db.conn.execute(f"RELEASE {name}")
            raise
        else:
            await self.db.conn.execute(f"RELEASE {name}")

    async def execute(self, name: str, params: dict[str, Any] | None = None) -> int:
        """Run a named statement; returns lastrowid for inserts, else rowcount."""
        async with self.db.conn.execute(self.db.sql(name), params or {}) as cur:
            if cur.lastrowid and self.db.sql(name).lstrip().upper().startswith("INSERT"):
                return int(cur.lastrowid)
            return cur.rowcount

    async def executemany(self, name: str, rows: list[dict[str, Any]]) -> None:
        await self.db.conn.executemany(self.db.sql(name), rows)

    async def one(self, name: str, params: dict[str, Any] | None = None) -> aiosqlite.Row | None:
        async with self.db.conn.execute(self.db.sql(name), params or {}) as cur:
            return await cur.fetchone()

    async def all(self, name: str, params: dict[str, Any] | None = None) -> list[aiosqlite.Row]:
        async with self.db.conn.execute(self.db.sql(name), params or {}) as cur:
            return list(await cur.fetchall())

    async def scalar(self, name: str, params: dict[str, Any] | None = None) -> Any:
        row = await self.one(name, params)
        return None if row is None else row[0]
