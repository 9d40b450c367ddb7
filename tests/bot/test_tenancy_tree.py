"""Walk the whole command tree: every command declares its tenancy level, every command about a
production takes the shared ``production`` option, and every autocomplete belongs to a command the
tree's gate (``SetCallTree.interaction_check`` -> ``bot.tenancy.admit``) checks before it runs.
A new command that forgets its level fails here (and is refused at run time: fail closed)."""

import inspect

from discord import app_commands

from bot.domain.tenancy import Access
from bot.tenancy import access_of, admit, production_autocomplete
from bot.tree import SetCallTree
from tests.bot.test_extensions import bot, walk  # noqa: F401  (the fixture)


def leaves(bot):  # noqa: F811
    return [c for c in walk(bot.tree.get_commands()) if isinstance(c, (app_commands.Command, app_commands.ContextMenu))]


async def test_every_command_declares_its_tenancy(bot):  # noqa: F811
    missing = [c.qualified_name for c in leaves(bot) if access_of(c) is None]
    assert not missing, f"commands without a tenancy level (@ad_only(), @crew_only(), ...): {missing}"


async def test_every_command_about_a_production_takes_the_shared_option(bot):  # noqa: F811
    for cmd in leaves(bot):
        access = access_of(cmd)
        params = cmd._params  # name -> CommandParameter (its .autocomplete is the callback itself)
        if access.needs_production:
            assert "production" in params, f"/{cmd.qualified_name} needs the production option"
            assert params["production"].autocomplete is production_autocomplete, cmd.qualified_name
            assert not params["production"].required, cmd.qualified_name
        else:
            assert "production" not in params, f"/{cmd.qualified_name} is {access.value} but takes a production"


async def test_every_autocomplete_is_behind_the_tree_gate(bot):  # noqa: F811
    """Autocompletes run only through the tree, whose interaction_check is the tenancy gate; each
    belongs to a command with a declared level, so it gets that command's check."""
    assert isinstance(bot.tree, SetCallTree)
    assert "admit" in inspect.getsource(SetCallTree.interaction_check)
    found = 0
    for cmd in leaves(bot):
        for param in getattr(cmd, "_params", {}).values():
            if param.autocomplete is not None:
                found += 1
                assert access_of(cmd) is not None, f"/{cmd.qualified_name} {param.name}"
    assert found >= 10
    assert admit is not None


async def test_ad_commands_are_ad_only(bot):  # noqa: F811
    """Anything that changes a production's plan, crew, channels or live day is for its ADs."""
    levels = {c.qualified_name: access_of(c) for c in leaves(bot)}
    for name in ("plan import", "plan add", "plan drop", "callsheet publish", "crew remove", "crew invite",
                 "production channel", "production roles", "production code", "shoot next", "shoot wrap"):
        assert levels[name] is Access.AD, name
    assert levels["crew join"] is Access.JOIN
    assert levels["plan show"] is Access.CREW and levels["crew list"] is Access.CREW
    assert levels["callsheet status"] is Access.PRODUCER
    # heads of department (组长) set who in their department is on duty and pair actors with 跟妆
    assert levels["duty pair"] is Access.HEAD
    assert levels["duty on"] is Access.CREW and levels["duty off"] is Access.CREW and levels["duty list"] is Access.CREW


#: AD commands that only show something (no ad_action needed).
AD_READS = {"production code"}


async def test_every_ad_command_is_applied_once(bot):  # noqa: F811
    """Every AD command that changes something acknowledges first and records itself (bot.actions)."""
    from bot.actions import is_ad_action

    for cmd in leaves(bot):
        if access_of(cmd) is Access.AD and cmd.qualified_name not in AD_READS:
            assert is_ad_action(cmd.callback), f"/{cmd.qualified_name} needs @ad_action()"
