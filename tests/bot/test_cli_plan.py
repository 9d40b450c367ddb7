"""``python -m bot plan import|template``."""

import io

from bot.__main__ import build_parser
from bot.cli_plan import run_import
from bot.domain.crew import validate_production
from bot.settings import parse_settings
from db.database import Database
from db.repositories.plan import PlanRepo
from db.repositories.productions import ProductionRepo
from tests.plan_fixtures import JOINED, sample_bytes

G = 112233445566778899


def settings_for(tmp_path):
    return parse_settings({"bot": {"database": str(tmp_path / "cli.db"), "language": "en-US"}, "guilds": [{"id": G}]})


async def test_cli_import_all_or_nothing(tmp_path):
    settings = settings_for(tmp_path)
    out = io.StringIO()
    assert await run_import(settings, sample_bytes(), "d.csv", "CEO1", out=out) == 1
    assert "No production CEO1" in out.getvalue()
    async with Database(settings.database) as db:
        async with db.transaction() as tx:
            prod = await ProductionRepo.create(tx, validate_production(G, "Bride", "CEO1", "Asia/Shanghai", "zh-CN", 1), JOINED, {})
    bad = sample_bytes().replace(b"INT,DAY,", b"INSIDE,DAY,", 1)
    out = io.StringIO()
    assert await run_import(settings, bad, "d.csv", "ceo1", out=out) == 1
    assert "column 'int_ext': 'INSIDE' must be one of" in out.getvalue()
    out = io.StringIO()
    assert await run_import(settings, sample_bytes(), "d.csv", "CEO1", check=True, out=out) == 0
    assert "Valid: 1 day(s), 25 scenes" in out.getvalue()
    out = io.StringIO()
    assert await run_import(settings, sample_bytes(), "d.csv", "CEO1", out=out, language="zh-CN") == 0
    assert "第 1/6 天 · 2026-11-23：25 场" in out.getvalue()
    async with Database(settings.database) as db:
        async with db.read() as tx:
            assert len(await PlanRepo.days(tx, prod.id)) == 1


def test_cli_parser_knows_plan_commands(tmp_path):
    args = build_parser().parse_args(["plan", "import", "x.csv", "--production", "CEO1", "--check"])
    assert args.production == "CEO1" and args.check
    args = build_parser().parse_args(["plan", "template", str(tmp_path)])
    assert args.func(args) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"setcall-stripboard-{loc}.{ext}" for loc in ("en-US", "zh-CN") for ext in ("csv", "xlsx"))
