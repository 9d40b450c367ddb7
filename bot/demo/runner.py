"""``python -m bot demo``: start the sandbox and the bot, play every act, print the transcript.

Acts live in ``bot/demo/acts/``: each module has ``ORDER`` (int), ``TITLE`` and
``async def play(demo: Demo) -> None``. They run in order on one shared sandbox, bot and clock,
so later acts build on earlier ones (the crew that joined in act 1 gets the call sheet in act 2).
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import pkgutil
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ScaledClock
from bot.demo.harness import BotHarness
from bot.demo.world import World, build_world
from bot.sandbox import Sandbox
from bot.sandbox.transcript import format_transcript

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The evening before shoot day 1: the call sheet goes out, then the day is played fast.
DEMO_START = datetime(2026, 11, 22, 20, 0, tzinfo=SHANGHAI)


@dataclass
class Demo:
    sb: Sandbox
    world: World
    harness: BotHarness
    clock: ScaledClock
    out_dir: Path
    quiet: bool = False
    lines: list[str] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)  # acts hand things to later acts here
    _mark: int = 0

    @property
    def bot(self):
        return self.harness.bot

    def member(self, key: str):
        return self.world.members[key]

    def channel(self, name: str):
        return self.world.channels[name]

    def emit(self, text: str) -> None:
        self.lines.append(text)
        if not self.quiet:
            print(text, flush=True)

    def narrate(self, text: str) -> None:
        local = self.clock.now().astimezone(SHANGHAI).strftime("%a %d %b %H:%M")
        self.emit(f"\n── [{local}] {text}")

    def show(self) -> None:
        """Print what Discord showed since the last call."""
        text = format_transcript(self.sb, since=self._mark)
        self._mark = len(self.sb.events)
        if text.strip():
            self.emit(text.rstrip())


def discover_acts() -> list[Any]:
    from bot.demo import acts

    modules = [importlib.import_module(f"bot.demo.acts.{m.name}") for m in pkgutil.iter_modules(acts.__path__)]
    return sorted((m for m in modules if hasattr(m, "play")), key=lambda m: m.ORDER)


async def run_demo(out_dir: Path, *, quiet: bool = False) -> int:
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    started = time.monotonic()
    async with Sandbox() as sb:
        sb.install()
        world = build_world(sb)
        settings = world.settings(out_dir / "setcall-demo.db")
        clock = ScaledClock(DEMO_START, speed=1.0)
        harness = BotHarness(sb, settings, clock)
        demo = Demo(sb=sb, world=world, harness=harness, clock=clock, out_dir=out_dir, quiet=quiet)
        demo.emit("SetCall demo: the bot against the built-in Discord sandbox (no token, no network).")
        demo.emit(f"Guild {world.guild.name}: {len(world.channels)} channels, {len(world.members)} people.")
        await harness.start()
        try:
            for act in discover_acts():
                demo.emit(f"\n══════ {act.TITLE} ══════")
                await act.play(demo)
                demo.show()
        finally:
            await harness.stop()
        if sb.violations:
            demo.emit("\nDiscord would have refused:")
            for v in sb.violations:
                demo.emit(f"  ! {v}")
        (out_dir / "transcript.txt").write_text("\n".join(demo.lines) + "\n", encoding="utf-8")
        demo.emit(f"\nTranscript written to {out_dir / 'transcript.txt'} ({time.monotonic() - started:.1f} s).")
        return 1 if sb.violations else 0


def main(out_dir: Path, quiet: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(run_demo(out_dir, quiet=quiet))
    except KeyboardInterrupt:
        return 130
    except Exception:
        logging.exception("the demo failed")
        return 1


if __name__ == "__main__":
    sys.exit(main(Path("demo-output")))
