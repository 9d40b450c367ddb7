"""Run every benchmark in bench/cases_*.py and print a table of ratios against their baselines."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import bench


@dataclass
class Case:
    name: str
    subject: Callable[[], Awaitable[None]]
    baseline: Callable[[], Awaitable[None]] | None
    baseline_name: str
    repeat: int = 200
    baseline_seconds: float | None = None  # measured beforehand when the baseline cannot run alongside


async def measure(fn: Callable[[], Awaitable[None]], repeat: int) -> float:
    for _ in range(max(3, repeat // 20)):  # warm up
        await fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        await fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


async def main() -> int:
    print(f"{'benchmark':44} {'median':>10} {'baseline':>10} {'ratio':>7}  baseline")
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if not info.name.startswith("cases_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        async with module.cases() as cases:
            for case in cases:
                base = case.baseline_seconds if case.baseline is None else await measure(case.baseline, case.repeat)
                subj = await measure(case.subject, case.repeat)
                print(f"{case.name:44} {subj * 1e6:8.0f}µs {base * 1e6:8.0f}µs {subj / base:6.1f}x  {case.baseline_name}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
