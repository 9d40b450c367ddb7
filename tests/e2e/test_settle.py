"""What a member's action and the tests' settle() wait for. An interaction's handler goes on after
its answer reached Discord (it hears back and registers the view or modal it sent, an AD action
marks itself answered, a publish sends the AD's lists): a test that looks or clicks right after the
answer must not find the bot half done. Nor one that looks right after a (re)start, before the
start-up permission check queued what it tells the AD."""

import asyncio
import inspect

from bot.app import INTERACTION_TASKS
from bot.sandbox import permissions as P

CALLBACK = r"^/interactions/\d+/[^/]+/callback$"


def test_discord_py_still_names_the_interaction_tasks_settle_waits_for():
    from discord.app_commands import tree
    from discord.ui import modal, view

    source = "\n".join(inspect.getsource(m) for m in (tree, view, modal))
    for name in INTERACTION_TASKS:
        assert f"'{name}" in source, name  # a discord.py upgrade renamed it: update bot.app.INTERACTION_TASKS


async def test_an_action_and_settle_wait_for_the_handler_still_running_after_its_answer(harness, world, sandbox):
    # Discord took the answer (the member could read it) but its HTTP response to the bot is held back
    hold = sandbox.hold("POST", CALLBACK, when="after")
    acting = asyncio.create_task(world.members["ad"].run("production list", {}, channel=world.channels["ad-office"], timeout=10))
    await asyncio.wait_for(hold.reached.wait(), 10)
    assert harness.bot.interactions_in_flight()  # the handler still waits for Discord's answer
    settling = asyncio.create_task(harness.bot.cues.settle())
    await asyncio.sleep(0.1)
    # neither returns while the handler runs, however fast the machine: the member's action (a test
    # would click the view it sent before the bot registered it) nor settle()
    assert not acting.done() and not settling.done()
    hold.release()
    r = await acting
    assert r.type is not None and not harness.bot.interactions_in_flight()
    await settling


async def test_a_restart_returns_after_the_permission_check_queued_its_warning(harness, world, sandbox, production):
    art = world.channels["art"]
    await harness.stop()
    art.set_permissions(world.guild.everyone_role, deny=P.EMBED_LINKS)  # while the bot is down: only its start-up check sees it
    await harness.start()
    assert harness.bot.checked_at_start.is_set()
    await harness.bot.cues.settle()
    office = world.channels["ad-office"]
    warnings = [m for m in office.messages if m.author_id == sandbox.bot_user_id and not m.interaction_owned and f"<#{art.id}>" in m.content]
    assert len(warnings) == 1, [m.content for m in office.messages]
