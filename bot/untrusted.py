"""Untrusted files are parsed in a child process: off the event loop, with a time and a memory bound.

The parsers bound what they read before they read it (``bot.domain.stripboard``); this is the
second wall. The child comes from a fork server started once (clean: it never inherits the bot's
threads, sockets or database connection) with the parsers preloaded, so a parse costs a fork, not
an interpreter start. A child that runs past ``timeout`` is killed; one that needs more than
``memory_mb`` gets a MemoryError. Either way the bot's own process is untouched and keeps answering
everyone else.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import pickle
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

log = logging.getLogger(__name__)

PRELOAD = ["bot.domain.stripboard", "openpyxl", "charset_normalizer"]
_context: Any = None


class TooSlow(Exception):
    """The child ran past its time bound and was killed."""


class TooBig(Exception):
    """The child ran out of its memory bound."""


class ChildFailed(Exception):
    """The child died or sent back something unreadable (a crash, not the file's fault alone)."""


def _ctx() -> Any:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        _context = ctx
    return _context


def warm_up() -> None:
    """Start the fork server now (it imports the parsers once), so the first upload is not slower."""
    from multiprocessing import forkserver

    _ctx()
    try:
        forkserver.ensure_running()
    except Exception:  # the first parse starts it instead
        log.warning("could not start the parser process server early", exc_info=True)


def _child(conn: Connection, func: Callable[..., Any], args: tuple, kwargs: dict, memory_mb: int) -> None:
    try:
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform: the time bound still holds
        pass
    try:
        outcome: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except MemoryError:
        outcome = ("memory", None)
    except Exception as exc:  # the caller decides which exceptions are the file's fault
        outcome = ("raised", exc)
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("memory", None))
    except Exception as exc:  # unpicklable result or exception
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


def _run_blocking(func: Callable[..., Any], args: tuple, kwargs: dict, timeout: float, memory_mb: int) -> Any:
    ctx = _ctx()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, func, args, kwargs, memory_mb), daemon=True, name="setcall-parse")
    proc.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise TooSlow()
        try:
            kind, value = receive.recv()
        except (EOFError, OSError, pickle.UnpicklingError) as exc:
            raise ChildFailed(f"the parser process died (exit code {proc.exitcode})") from exc
    finally:
        receive.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
    if kind == "ok":
        return value
    if kind == "raised":
        raise value
    if kind == "memory":
        raise TooBig()
    raise ChildFailed(str(value))


async def run_isolated(func: Callable[..., Any], *args: Any, timeout: float = 20.0, memory_mb: int = 1024, **kwargs: Any) -> Any:
    """``func(*args, **kwargs)`` in a child process; its result, or its exception re-raised here.
    ``func``, the arguments, the result and any exception must pickle."""
    return await asyncio.to_thread(_run_blocking, func, args, kwargs, timeout, memory_mb)


# ------------------------------------------------------------------------------------ stripboards

PARSE_SECONDS = 20.0
PARSE_MEMORY_MB = 1024


async def read_stripboard(data: bytes, filename: str, **kwargs: Any):
    """``bot.domain.stripboard.parse_stripboard`` in a child process; a file that runs past the
    time or memory bound is refused like any other bad file (StripboardError)."""
    from bot.domain.stripboard import Problem, StripboardError, parse_stripboard

    try:
        return await run_isolated(parse_stripboard, data, filename, timeout=PARSE_SECONDS, memory_mb=PARSE_MEMORY_MB, **kwargs)
    except TooSlow:
        log.warning("stripboard %r took over %.0f s: refused", filename, PARSE_SECONDS)
        raise StripboardError([Problem("file", None, None, "stripboard.problem.too_slow", {"seconds": int(PARSE_SECONDS)})]) from None
    except TooBig:
        log.warning("stripboard %r needed over %d MB: refused", filename, PARSE_MEMORY_MB)
        raise StripboardError([Problem("file", None, None, "stripboard.problem.too_complex", {})]) from None
