"""``python -m bot plan import FILE --production CODE [--config config.toml] [--guild ID] [--language zh-CN]``
and ``python -m bot plan template OUT_DIR``.

Imports a stripboard straight into the database (the same parser and all-or-nothing rule as
``/plan import``): every problem is printed with its sheet, row and column and the exit code is
1; on success the days imported are printed. Run it while the bot is stopped or running: SQLite's
WAL and the busy timeout take care of the concurrency.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.domain.stripboard import StripboardError, parse_stripboard, problem_text
from bot.i18n import t


def add_parser(subparsers) -> None:
    plan = subparsers.add_parser("plan", help="the shoot plan: import a stripboard, write the template")
    sub = plan.add_subparsers(dest="plan_command", required=True)
    p = sub.add_parser("import", help="import a stripboard (.csv or .xlsx) into a production")
    p.add_argument("file", type=Path)
    p.add_argument("--production", required=True, help="production code, e.g. CEO1")
    p.add_argument("--config", default="config.toml", help="settings file (default: config.toml)")
    p.add_argument("--guild", type=int, default=None, help="guild id, when several guilds have this production code")
    p.add_argument("--language", default=None, help="language of the messages (default: the settings' bot.language)")
    p.add_argument("--check", action="store_true", help="validate only, import nothing")
    p.set_defaults(func=_import)
    p = sub.add_parser("template", help="write the stripboard template (.csv and .xlsx, English and Chinese)")
    p.add_argument("out", type=Path, nargs="?", default=Path("."))
    p.set_defaults(func=_template)


def _template(args: argparse.Namespace) -> int:
    from bot.domain.template import HEADER_LOCALES, template_csv, template_xlsx

    args.out.mkdir(parents=True, exist_ok=True)
    for loc in HEADER_LOCALES:
        (args.out / f"setcall-stripboard-{loc}.csv").write_bytes(template_csv(loc))
        (args.out / f"setcall-stripboard-{loc}.xlsx").write_bytes(template_xlsx(loc))
        print(args.out / f"setcall-stripboard-{loc}.xlsx")
    return 0


def _import(args: argparse.Namespace) -> int:
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"{args.file}: {exc.strerror}", file=sys.stderr)
        return 1
    return asyncio.run(run_import(settings, data, args.file.name, args.production, guild=args.guild,
                                  language=args.language or settings.language, check=args.check))


async def run_import(settings, data: bytes, filename: str, code: str, *, guild: int | None = None, language: str = "en-US",
                     check: bool = False, out=None) -> int:
    """The CLI's work, callable from tests: returns the exit code, prints to ``out`` (stdout)."""
    from db.database import Database
    from db.repositories.cast import CastRepo
    from db.repositories.crew import CrewRepo
    from db.repositories.plan import PlanRepo
    from db.repositories.productions import ProductionRepo

    out = out or sys.stdout
    async with Database(settings.database) as db:
        async with db.read() as tx:
            found = []
            for gid in ([guild] if guild else list(settings.guilds)):
                if (prod := await ProductionRepo.by_code(tx, gid, code)) is not None:
                    found.append(prod)
        if len(found) != 1:
            key = "plan.cli.no_production" if not found else "plan.cli.ambiguous"
            print(t(key, language, code=code.upper()), file=out)
            return 1
        prod = found[0]
        async with db.read() as tx:
            crew = await CrewRepo.list(tx, prod.id)
            known = [s.name for s in await PlanRepo.sets(tx, prod.id)]
            known_walks = [(w.from_set, w.to_set) for w in await PlanRepo.walks(tx, prod.id)]
            links = await CastRepo.links(tx, prod.id)
        try:
            plan = parse_stripboard(data, filename, production_id=prod.id, tz=prod.tz, crew=crew, known_sets=known, known_walks=known_walks, links=links)
        except StripboardError as err:
            print(t(err.key, language, **err.params), file=out)
            for problem in err.problems:
                print(f"  {problem_text(problem, language)}", file=out)
            return 1
        for warning in plan.warnings:
            print(f"  {problem_text(warning, language)}", file=out)
        if check:
            print(t("plan.cli.valid", language, days=len(plan.days), scenes=plan.scene_count), file=out)
            return 0
        async with db.transaction() as tx:
            stored = await PlanRepo.import_plan(tx, prod.id, plan, datetime.now(UTC))
    for day in stored:
        key = "plan.import.day_new" if day.revision == 1 else "plan.import.day_revised"
        print(t(key, language, n=day.day_number, m=day.total_days, date=day.date.isoformat(), scenes=len(day.scenes),
                call=day.general_call.astimezone(prod.tz).strftime("%H:%M"), revision=day.revision), file=out)
    return 0
