"""``python -m bot run | demo | check-config PATH | plan import FILE --production CODE``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.settings import SettingsError, load_settings


def _check_config(args: argparse.Namespace) -> int:
    try:
        load_settings(args.path)
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem)
        return 1
    print("ok")
    return 0


def _run(args: argparse.Namespace) -> int:
    from bot.runner import run, setup_logging

    try:
        settings = load_settings(args.config)
        token = settings.token()
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    setup_logging(settings.log_level, token)
    try:
        asyncio.run(run(settings, token))
    except KeyboardInterrupt:
        pass
    return 0


def _demo(args: argparse.Namespace) -> int:
    from bot.demo.runner import main as demo_main

    return demo_main(out_dir=Path(args.out), quiet=args.quiet)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="SetCall: runs the working day on a film set.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run against real Discord (token from DISCORD_TOKEN or bot.token_file)")
    p.add_argument("--config", default="config.toml", help="settings file (default: config.toml)")
    p.set_defaults(func=_run)
    p = sub.add_parser("demo", help="rehearse a shoot day against the built-in Discord sandbox (no token needed)")
    p.add_argument("--out", default="demo-output", help="folder for the transcript and attachments")
    p.add_argument("--quiet", action="store_true", help="do not print the transcript")
    p.set_defaults(func=_demo)
    p = sub.add_parser("check-config", help="validate a settings file and print what is wrong, or ok")
    p.add_argument("path")
    p.set_defaults(func=_check_config)
    try:
        from bot import cli_plan
    except ImportError:
        pass
    else:
        cli_plan.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
