"""Application command sync: validation by Discord's rules and the stored definitions."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from .errors import FieldError, Path

if TYPE_CHECKING:
    from .sandbox import Sandbox

LOCALES = frozenset({
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
    "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
})
MAX_PER_TYPE = {1: 100, 2: 15, 3: 15, 4: 1}
SUBCOMMAND, GROUP = 1, 2
OPTION_TYPES = set(range(1, 12))


def valid_chat_name(name: str) -> bool:
    """^[-_'\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$ and lowercase where a lowercase variant exists."""
    if not 1 <= len(name) <= 32:
        return False
    for ch in name:
        if not (ch in "-_'" or ch.isalnum() or "\u0900" <= ch <= "\u097f" or "\u0e00" <= ch <= "\u0e7f"):
            return False
        if ch.lower() != ch:
            return False
    return True


class CommandValidator:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def err(self, path: Path, code: str, message: str) -> None:
        self.errors.append(FieldError(path, code, message))

    def name(self, path: Path, value: Any, chat: bool) -> None:
        if not isinstance(value, str) or not value:
            self.err(path, "BASE_TYPE_REQUIRED", "This field is required")
        elif chat and not valid_chat_name(value):
            self.err(path, "APPLICATION_COMMAND_INVALID_NAME", f"Command name is invalid: {value!r}")
        elif not chat and not 1 <= len(value) <= 32:
            self.err(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")

    def description(self, path: Path, value: Any, chat: bool) -> None:
        if chat:
            if not isinstance(value, str) or not 1 <= len(value) <= 100:
                self.err(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
        elif value:
            self.err(path, "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Context menu commands cannot have a description")

    def localizations(self, path: Path, value: Any, *, names: bool, chat: bool) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.err(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            return
        for locale, text in value.items():
            p = path + (locale,)
            if locale not in LOCALES:
                self.err(p, "BASE_TYPE_CHOICES", f"Value must be one of {sorted(LOCALES)}.")
            elif names:
                self.name(p, text, chat)
            else:
                self.description(p, text, True)

    def unique_localized(self, path: Path, value: Any, seen: dict[str, set[str]], code: str, message: str) -> None:
        """A localized name must be unique among its siblings in that locale, as the default names
        are (a client in that language finds commands and options by it)."""
        if not isinstance(value, dict):
            return
        for locale, text in value.items():
            if not isinstance(text, str):
                continue
            taken = seen.setdefault(locale, set())
            if text in taken:
                self.err(path + (locale,), code, f"{message}: {text!r} ({locale})")
            taken.add(text)

    def command(self, path: Path, cmd: Any) -> None:
        if not isinstance(cmd, dict):
            self.err(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType")
            return
        ctype = cmd.get("type", 1)
        chat = ctype == 1
        self.name(path + ("name",), cmd.get("name"), chat)
        self.description(path + ("description",), cmd.get("description"), chat)
        self.localizations(path + ("name_localizations",), cmd.get("name_localizations"), names=True, chat=chat)
        self.localizations(path + ("description_localizations",), cmd.get("description_localizations"),
                           names=False, chat=chat)
        options = cmd.get("options") or []
        if options and not chat:
            self.err(path + ("options",), "APPLICATION_COMMAND_OPTIONS_INVALID", "Context menu commands cannot have options")
        self.options(path + ("options",), options, depth=0)
        if chat and command_size(cmd) > 4000:
            self.err(path, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (4000)")

    def options(self, path: Path, options: Any, depth: int) -> None:
        if not isinstance(options, list):
            return
        if len(options) > 25:
            self.err(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        names: set[str] = set()
        localized: dict[str, set[str]] = {}
        seen_optional = False
        kinds = {o.get("type") for o in options if isinstance(o, dict)}
        if kinds & {SUBCOMMAND, GROUP} and kinds - {SUBCOMMAND, GROUP}:
            self.err(path, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                     "Sub-commands and sub-command groups cannot be mixed with other options")
        for i, opt in enumerate(options):
            p = path + (i,)
            otype = opt.get("type")
            if otype not in OPTION_TYPES:
                self.err(p + ("type",), "BASE_TYPE_CHOICES", "Value must be one of (1, ..., 11).")
                continue
            self.name(p + ("name",), opt.get("name"), True)
            self.description(p + ("description",), opt.get("description"), True)
            self.localizations(p + ("name_localizations",), opt.get("name_localizations"), names=True, chat=True)
            self.localizations(p + ("description_localizations",), opt.get("description_localizations"),
                               names=False, chat=True)
            if opt.get("name") in names:
                self.err(p + ("name",), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name already exists")
            names.add(opt.get("name"))
            self.unique_localized(p + ("name_localizations",), opt.get("name_localizations"), localized,
                                  "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name already exists")
            if otype in (SUBCOMMAND, GROUP):
                if otype == GROUP and depth > 0 or otype == SUBCOMMAND and depth > 1:
                    self.err(p + ("type",), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-command nesting too deep")
                sub = opt.get("options") or []
                if otype == GROUP and any(o.get("type") != SUBCOMMAND for o in sub):
                    self.err(p + ("options",), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                             "A sub-command group may only contain sub-commands")
                self.options(p + ("options",), sub, depth + 1)
                continue
            if opt.get("required"):
                if seen_optional:
                    self.err(p + ("required",), "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                             "Required options must be placed before non-required options")
            else:
                seen_optional = True
            choices = opt.get("choices")
            if choices:
                if opt.get("autocomplete"):
                    self.err(p + ("autocomplete",), "APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES",
                             "Autocomplete cannot be set with choices")
                if len(choices) > 25:
                    self.err(p + ("choices",), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
                for j, ch in enumerate(choices):
                    cp = p + ("choices", j)
                    if not isinstance(ch.get("name"), str) or not 1 <= len(ch["name"]) <= 100:
                        self.err(cp + ("name",), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
                    if isinstance(ch.get("value"), str) and len(ch["value"]) > 100:
                        self.err(cp + ("value",), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
                    self.localizations(cp + ("name_localizations",), ch.get("name_localizations"), names=False,
                                       chat=True)
            for key in ("min_length", "max_length"):
                value = opt.get(key)
                if value is not None and not (0 if key == "min_length" else 1) <= value <= 6000:
                    self.err(p + (key,), "NUMBER_TYPE_MAX", "Must be between 0 and 6000.")


def command_size(cmd: dict[str, Any]) -> int:
    total = len(cmd.get("name") or "") + len(cmd.get("description") or "")
    for opt in cmd.get("options") or []:
        total += command_size(opt)
        for ch in opt.get("choices") or []:
            total += len(str(ch.get("name") or "")) + len(str(ch.get("value") or ""))
    return total


def validate_commands(body: Any) -> list[FieldError]:
    v = CommandValidator()
    if not isinstance(body, list):
        return [FieldError((), "LIST_TYPE_CONVERT", "Only iterables may be used in a ListType")]
    counts: dict[int, int] = {}
    seen: set[tuple[int, str]] = set()
    localized: dict[int, dict[str, set[str]]] = {}
    for i, cmd in enumerate(body):
        v.command((i,), cmd)
        if isinstance(cmd, dict):
            v.unique_localized((i, "name_localizations"), cmd.get("name_localizations"),
                               localized.setdefault(cmd.get("type", 1), {}),
                               "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
            key = (cmd.get("type", 1), cmd.get("name"))
            if key in seen:
                v.err((i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", f"Application command names must be unique: {key[1]}")
            seen.add(key)  # type: ignore[arg-type]
            counts[key[0]] = counts.get(key[0], 0) + 1
    for ctype, count in counts.items():
        if count > MAX_PER_TYPE.get(ctype, 100):
            v.err((), "APPLICATION_COMMANDS_TOO_MANY", f"Maximum number of type {ctype} application commands reached ({MAX_PER_TYPE.get(ctype)})")
    return v.errors


class CommandStore:
    """Synced commands per scope (``None`` = global), as Discord returns them (with ids and versions)."""

    def __init__(self, sb: Sandbox) -> None:
        self._sb = sb
        self.scopes: dict[int | None, list[dict[str, Any]]] = {}
        self.sync_counts: dict[int | None, int] = {}

    def replace(self, guild_id: int | None, body: list[dict[str, Any]]) -> list[dict[str, Any]]:
        old = {(c.get("type", 1), c["name"]): c for c in self.scopes.get(guild_id, [])}
        stored = []
        for cmd in body:
            ctype = cmd.get("type", 1)
            previous = old.get((ctype, cmd["name"]))
            data = copy.deepcopy(cmd)
            data["id"] = previous["id"] if previous else str(self._sb._new_id())
            data["application_id"] = str(self._sb.application_id)
            data["version"] = str(self._sb._new_id())
            data["type"] = ctype
            data.setdefault("description", "")
            dmp = data.get("default_member_permissions")
            data["default_member_permissions"] = None if dmp is None else str(dmp)
            data.setdefault("nsfw", False)
            if guild_id is not None:
                data["guild_id"] = str(guild_id)
            else:
                data.setdefault("dm_permission", True)
                data.setdefault("contexts", [0, 1, 2])
                data.setdefault("integration_types", [0])
            stored.append(data)
        self.scopes[guild_id] = stored
        self.sync_counts[guild_id] = self.sync_counts.get(guild_id, 0) + 1
        return copy.deepcopy(stored)

    def get(self, guild_id: int | None) -> list[dict[str, Any]]:
        return copy.deepcopy(self.scopes.get(guild_id, []))

    def find(self, name: str, guild_id: int | None, locale: str | None = None) -> dict[str, Any] | None:
        """A top-level chat-input command by name, or by the name a client in ``locale`` shows: the
        guild's first, then global (as the Discord client)."""
        scopes = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for cmd in self.scopes.get(scope, []):
                shown = (cmd.get("name_localizations") or {}).get(locale or "")
                if name in (cmd["name"], shown) and cmd.get("type", 1) == 1:
                    return cmd
        return None

    def as_seen(self, guild_id: int | None, locale: str) -> list[str]:
        """Every command path ("/通告单 发布") as a client in ``locale`` lists it."""
        def name(defn: dict[str, Any]) -> str:
            return (defn.get("name_localizations") or {}).get(locale, defn["name"])

        def paths(prefix: str, defn: dict[str, Any]) -> list[str]:
            subs = [o for o in defn.get("options") or [] if o.get("type") in (SUBCOMMAND, GROUP)]
            here = f"{prefix} {name(defn)}".strip()
            return [p for o in subs for p in paths(here, o)] if subs else [here]

        scopes = [guild_id, None] if guild_id is not None else [None]
        return sorted("/" + p for scope in scopes for cmd in self.scopes.get(scope, [])
                      if cmd.get("type", 1) == 1 for p in paths("", cmd))
