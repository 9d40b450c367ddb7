"""Replies of the plan commands as embed dicts within Discord's limits: the import report (every
problem with sheet, row and column, or what was imported) and a day's strip."""

from __future__ import annotations

from bot.domain.plan import Scene, ShootDay
from bot.domain.stripboard import ParsedPlan, Problem, problem_text
from bot.i18n import t
from bot.render.callsheet_embeds import Message, check_message, clip, group_messages, pack_lines
from bot.render.escape import escape, markdown_safe

COLOR_BAD = 0xE74C3C
COLOR_OK = 0x2ECC71


def import_problems(problems: list[Problem], locale: str, filename: str) -> list[Message]:
    """The refusal: every problem, one per line, in as many embeds as needed (at most 2 messages;
    past that a last line says how many more there are)."""
    lines = [f"• {problem_text(markdown_safe(p), locale)}" for p in problems]  # cell values show as typed
    chunks = pack_lines(lines, 3800)
    shown = chunks[:8]
    embeds = []
    for i, chunk in enumerate(shown):
        title = t("plan.import.refused_title", locale, file=escape(clip(filename, 80)), count=len(problems))
        if i:
            title = t("callsheet.continued", locale, title=title)
        embeds.append({"title": clip(title, 256), "description": chunk, "color": COLOR_BAD})
    hidden = sum(c.count("\n") + 1 for c in chunks[8:])
    if hidden:
        embeds[-1]["footer"] = {"text": t("plan.import.more_problems", locale, count=hidden)}
    messages = group_messages(embeds, t("stripboard.error.invalid", locale, count=len(problems)))
    assert all(not check_message(m) for m in messages)
    return messages


def import_done(stored: list[ShootDay], plan: ParsedPlan, locale: str, filename: str) -> list[Message]:
    lines = []
    for day in stored:
        key = "plan.import.day_new" if day.revision == 1 else "plan.import.day_revised"
        lines.append(t(key, locale, n=day.day_number, m=day.total_days, date=day.date.isoformat(), scenes=len(day.scenes),
                       call=day.general_call.strftime("%H:%M"), revision=day.revision))
    lines.append(t("plan.import.sets_walks", locale, sets=len(plan.sets), walks=len(plan.walks)))
    if plan.warnings:
        lines.append("")
        lines.append(t("plan.import.warnings", locale, count=len(plan.warnings)))
        lines += [f"• {problem_text(markdown_safe(w), locale)}" for w in plan.warnings[:20]]
    lines.append("")
    lines.append(t("plan.import.next", locale))
    embed = {"title": clip(t("plan.import.done_title", locale, file=escape(clip(filename, 80))), 256),
             "description": pack_lines(lines, 4000)[0], "color": COLOR_OK}
    return group_messages([embed])


def pool_messages(pool: list[tuple[int, Scene, str]], locale: str) -> list[Message]:
    """The unscheduled pool (顺延待排): scenes skipped on a day and not placed yet; /plan move places one."""
    if not pool:
        return []
    lines = []
    for _, scene, reason in pool:
        line = t("plan.pool.line", locale, scene=scene.number, set=scene.set_name, minutes=scene.est_minutes,
                 date=scene.carried_from.strftime("%m-%d") if scene.carried_from else "—")
        if reason:
            line += " — " + clip(reason, 200)
        lines.append(line)
    embeds = [{"title": clip(t("plan.pool.title", locale, count=len(pool)), 256), "description": chunk, "color": COLOR_OK,
               "footer": {"text": t("plan.pool.footer", locale)}} for chunk in pack_lines(lines, 3800)[:9]]
    return group_messages(embeds)
