"""Fixtures for the sandbox's own tests: a sandbox, a small world, and a sample discord.py bot that
exercises every interaction kind (typed options, groups, autocomplete, buttons, selects, modals,
deferrals, followups, DMs, files)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import discord
import pytest
from discord import app_commands, ui
from discord.ext import commands

from bot.sandbox import Sandbox, SandboxChannel, SandboxGuild, SandboxMember, SandboxRole, running_client


#: The sample bot asks for the members and message content intents: enabled for its application.
SAMPLE_INTENTS = (1 << 1) | (1 << 15)


@pytest.fixture
async def sb():
    async with Sandbox(privileged_intents=SAMPLE_INTENTS) as sandbox:
        sandbox.install()
        yield sandbox
        assert not sandbox.internal_errors, sandbox.internal_errors
        assert not sandbox.unsupported, sandbox.unsupported


@dataclass
class World:
    guild: SandboxGuild
    general: SandboxChannel
    announcements: SandboxChannel
    crew_role: SandboxRole
    li: SandboxMember
    sarah: SandboxMember
    boss: SandboxMember


@pytest.fixture
def world(sb: Sandbox) -> World:
    guild = sb.create_guild("Hengdian Park", preferred_locale="zh-CN")
    general = guild.create_channel("general")
    announcements = guild.create_channel("announcements")
    crew_role = guild.create_role("Crew", permissions=0)
    li = guild.add_member("Li Wei", roles=[crew_role], locale="zh-CN")
    sarah = guild.add_member("Sarah Miller", locale="en-US")
    boss = guild.add_member("Studio Manager", manage_guild=True)
    return World(guild, general, announcements, crew_role, li, sarah, boss)


# --- the sample bot -------------------------------------------------------------------------------


class FeedbackModal(ui.Modal, title="Feedback"):
    name = ui.TextInput(label="Name", custom_id="name", max_length=40)
    notes = ui.TextInput(label="Notes", custom_id="notes", style=discord.TextStyle.long, required=False)
    mood = ui.Label(text="Mood", component=ui.Select(custom_id="mood", options=[
        discord.SelectOption(label="Good", value="good"), discord.SelectOption(label="Bad", value="bad")]))

    def __init__(self) -> None:
        super().__init__(custom_id="feedback")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        mood = self.mood.component.values[0]  # type: ignore[union-attr]
        await interaction.response.send_message(f"thanks {self.name.value} ({mood}) notes={self.notes.value!r}",
                                                ephemeral=True)


class Panel(ui.View):
    """A persistent view (timeout None, fixed custom_ids): works across bot restarts."""

    def __init__(self, bot: SampleBot) -> None:
        super().__init__(timeout=None)
        self.bot = bot

    @ui.button(label="Confirm", custom_id="panel:confirm", style=discord.ButtonStyle.success)
    async def confirm(self, interaction: discord.Interaction, button: ui.Button) -> None:
        self.bot.seen.append(("confirm", interaction.user.id, interaction.guild_id))
        await interaction.response.send_message(f"confirmed by {interaction.user.display_name}", ephemeral=True)

    @ui.button(label="Rename", custom_id="panel:rename")
    async def rename(self, interaction: discord.Interaction, button: ui.Button) -> None:
        await interaction.response.edit_message(content="renamed panel")

    @ui.button(label="Later", custom_id="panel:later")
    async def later(self, interaction: discord.Interaction, button: ui.Button) -> None:
        await interaction.response.defer()
        await asyncio.sleep(0.02)
        await interaction.edit_original_response(content="updated later")

    @ui.button(label="Form", custom_id="panel:form")
    async def form(self, interaction: discord.Interaction, button: ui.Button) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @ui.select(custom_id="panel:pick", placeholder="Pick scenes", max_values=2, options=[
        discord.SelectOption(label="Scene 1", value="s1"), discord.SelectOption(label="Scene 2", value="s2"),
        discord.SelectOption(label="Scene 3", value="s3")])
    async def pick(self, interaction: discord.Interaction, select: ui.Select) -> None:
        await interaction.response.send_message(f"picked {','.join(select.values)}", ephemeral=True)


class ZhTranslator(app_commands.Translator):
    NAMES = {"crew": "剧组成员", "join": "加入", "title": "职务", "Join the crew": "加入剧组"}

    async def translate(self, string: app_commands.locale_str, locale: discord.Locale,
                        context: app_commands.TranslationContext) -> str | None:
        return self.NAMES.get(string.message) if locale is discord.Locale.chinese else None


class PeoplePicker(ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=60)

    @ui.select(cls=ui.UserSelect, custom_id="people:users", max_values=2)
    async def users(self, interaction: discord.Interaction, select: ui.UserSelect) -> None:
        names = ",".join(f"{u.display_name}:{type(u).__name__}" for u in select.values)
        await interaction.response.send_message(f"users {names}", ephemeral=True)

    @ui.select(cls=ui.RoleSelect, custom_id="people:roles")
    async def roles(self, interaction: discord.Interaction, select: ui.RoleSelect) -> None:
        await interaction.response.send_message(f"role {select.values[0].name}", ephemeral=True)


class Layout(ui.LayoutView):
    container = ui.Container(ui.TextDisplay("## Call sheet"), ui.TextDisplay("Crew call 06:00"),
                             ui.ActionRow(ui.Button(label="Ack", custom_id="layout:ack")))


class SampleBot(commands.Bot):
    def __init__(self, guild_id: int, *, sync: bool = True, intents: discord.Intents | None = None,
                 translate: bool = False) -> None:
        if intents is None:
            intents = discord.Intents.default()
            intents.members = True
            intents.message_content = True
        super().__init__(command_prefix="!", intents=intents, help_command=None)
        self.guild_id = guild_id
        self.sync_on_start = sync
        self.translate = translate
        self.seen: list[Any] = []
        self.errors: list[BaseException] = []
        self.lifecycle: list[str] = []
        self.messages: list[discord.Message] = []
        add_commands(self, discord.Object(guild_id))

    async def setup_hook(self) -> None:
        self.add_view(Panel(self))
        if self.translate:
            await self.tree.set_translator(ZhTranslator())
        if self.sync_on_start:
            await self.tree.sync(guild=discord.Object(self.guild_id))

    async def on_ready(self) -> None:
        self.lifecycle.append("ready")

    async def on_resumed(self) -> None:
        self.lifecycle.append("resumed")

    async def on_message(self, message: discord.Message) -> None:
        self.messages.append(message)


def add_commands(bot: SampleBot, guild: discord.Object) -> None:
    tree = bot.tree

    @tree.command(name="echo", description="Echo typed options", guild=guild)
    async def echo(interaction: discord.Interaction, text: str, count: int = 1, loud: bool = False,
                   ratio: float = 1.0, who: discord.Member | None = None,
                   where: discord.TextChannel | None = None, role: discord.Role | None = None) -> None:
        parts = [f"text={text}", f"count={count}", f"loud={loud}", f"ratio={ratio}"]
        if who is not None:
            parts.append(f"who={who.display_name}:{type(who).__name__}")
        if where is not None:
            parts.append(f"where={where.name}")
        if role is not None:
            parts.append(f"role={role.name}")
        perms = interaction.permissions
        parts.append(f"manage_guild={perms.manage_guild} locale={interaction.locale.value} "
                     f"guild_locale={interaction.guild_locale.value if interaction.guild_locale else None}")
        await interaction.response.send_message(" ".join(parts))

    crew = app_commands.Group(name="crew", description="Crew", guild_ids=[guild.id])

    @crew.command(name="join", description="Join the crew")
    @app_commands.choices(department=[app_commands.Choice(name="Lighting", value="lighting"),
                                      app_commands.Choice(name="Camera", value="camera")])
    async def join(interaction: discord.Interaction, title: str, department: app_commands.Choice[str]) -> None:
        embed = discord.Embed(title="Welcome", description=f"{title} joins {department.value}")
        embed.add_field(name="Title", value=title).set_footer(text="SetCall")
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @crew.command(name="list", description="List the crew (deferred, then a followup)")
    async def crew_list(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await asyncio.sleep(0.02)
        await interaction.followup.send("crew: Li Wei, Sarah Miller")
        await interaction.followup.send("second followup", ephemeral=True)

    tree.add_command(crew)

    plan = app_commands.Group(name="plan", description="Plan", guild_ids=[guild.id])

    async def scene_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        scenes = [f"Scene {i}" for i in range(1, 41)]
        limit = 26 if current == "many" else 25
        if current == "many":
            return [app_commands.Choice(name=s, value=s) for s in scenes[:limit]]
        return [app_commands.Choice(name=s, value=s) for s in scenes if current in s][:limit]

    @plan.command(name="move", description="Move a scene")
    @app_commands.autocomplete(scene=scene_choices)
    async def move(interaction: discord.Interaction, scene: str) -> None:
        await interaction.response.send_message(f"moved {scene}")

    @plan.command(name="import", description="Import a plan file")
    async def plan_import(interaction: discord.Interaction, file: discord.Attachment) -> None:
        data = await file.read()
        lines = data.decode().splitlines()
        out = discord.File(__import__("io").BytesIO(b"ok\n" + data), filename="imported.csv")
        await interaction.response.send_message(f"{file.filename}: {len(lines)} lines ({file.content_type})",
                                                file=out)

    tree.add_command(plan)

    @tree.command(name="panel", description="Post the panel", guild=guild)
    async def panel(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Panel", view=Panel(bot))

    @tree.command(name="people", description="Pick people", guild=guild)
    async def people(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pick", view=PeoplePicker())

    @tree.command(name="layout", description="Components v2", guild=guild)
    async def layout(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(view=Layout())

    @tree.command(name="form", description="Show a modal", guild=guild)
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(FeedbackModal())

    @tree.command(name="deferred", description="Think, then edit the original", guild=guild)
    async def deferred(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.02)
        await interaction.edit_original_response(content="done thinking", embed=discord.Embed(title="Result"))

    @tree.command(name="dm-me", description="DM the caller", guild=guild)
    async def dm_me(interaction: discord.Interaction) -> None:
        try:
            await interaction.user.send("hello in DM", view=Panel(bot))
        except discord.Forbidden as exc:
            bot.errors.append(exc)
            await interaction.response.send_message(f"forbidden {exc.code}", ephemeral=True)
        else:
            await interaction.response.send_message("sent you a DM", ephemeral=True)

    @tree.command(name="slow", description="Acknowledge too late", guild=guild)
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(3.2)
        try:
            await interaction.response.send_message("too late")
        except discord.HTTPException as exc:
            bot.errors.append(exc)

    @tree.command(name="twice", description="Acknowledge twice", guild=guild)
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("first")
        try:  # a fresh InteractionResponse bypasses discord.py's own "already responded" guard
            await discord.InteractionResponse(interaction).send_message("second")
        except discord.HTTPException as exc:
            bot.errors.append(exc)

    @tree.command(name="reply", description="Respond with an over-limit body", guild=guild)
    async def reply(interaction: discord.Interaction, kind: str) -> None:
        try:
            if kind == "content":
                await interaction.response.send_message("x" * 2001)
            elif kind == "modal-label":
                modal = ui.Modal(title="T", custom_id="m")
                modal.add_item(ui.TextInput(label="L" * 46, custom_id="t"))
                await interaction.response.send_modal(modal)
            elif kind == "followup":
                await interaction.response.defer()
                await interaction.followup.send(embed=discord.Embed(description="d" * 4097))
            elif kind == "edit":
                await interaction.response.send_message("fine")
                await interaction.edit_original_response(content="y" * 2001)
        except discord.HTTPException as exc:
            bot.errors.append(exc)
            if not interaction.response.is_done():
                await interaction.response.send_message(f"error {exc.code}", ephemeral=True)

    @tree.command(name="bad-ac", description="Autocomplete with too many choices", guild=guild)
    @app_commands.autocomplete(scene=scene_choices)
    async def bad_ac(interaction: discord.Interaction, scene: str) -> None:
        await interaction.response.send_message(scene)

    # errors raised inside autocomplete callbacks are swallowed by discord.py; keep them visible
    @tree.error
    async def on_tree_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        bot.errors.append(error)


@pytest.fixture
def sample_bot_cls() -> type[SampleBot]:
    return SampleBot


@pytest.fixture
def make_bot(world: World):
    def factory(**kwargs: Any) -> SampleBot:
        return SampleBot(world.guild.id, **kwargs)

    return factory


@pytest.fixture
async def bot(sb: Sandbox, world: World, make_bot):
    client = make_bot()
    async with running_client(sb, client):
        yield client
