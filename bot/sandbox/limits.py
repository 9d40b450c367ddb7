"""Discord's documented limits on what a bot sends (messages, embeds, components, modals, autocomplete).

Each check returns a list of :class:`FieldError` with the paths Discord would report. The OpenAPI spec
does not express all of these (embed total, legacy row count, content 2000 for bots), so they are always
enforced, spec or no spec.
"""

from __future__ import annotations

from typing import Any

from .errors import FieldError, Path

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TITLE_MAX = 256
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELDS_MAX = 25
EMBED_FIELD_NAME_MAX = 256
EMBED_FIELD_VALUE_MAX = 1024
EMBED_FOOTER_MAX = 2048
EMBED_AUTHOR_MAX = 256
EMBED_TOTAL_MAX = 6000
ACTION_ROWS_MAX = 5
ROW_WIDTH_MAX = 5
SELECT_OPTIONS_MAX = 25
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
PLACEHOLDER_MAX = 150
V2_COMPONENTS_MAX = 40
V2_TEXT_MAX = 4000
FILES_MAX = 10
AUTOCOMPLETE_CHOICES_MAX = 25
MODAL_TITLE_MAX = 45
MODAL_ROWS_MAX = 5
TEXT_INPUT_LABEL_MAX = 45
TEXT_INPUT_VALUE_MAX = 4000
TEXT_INPUT_PLACEHOLDER_MAX = 100

COMPONENTS_V2 = 1 << 15
MESSAGE_FLAGS_ALLOWED = (1 << 2) | (1 << 6) | (1 << 12) | (1 << 13) | COMPONENTS_V2
SELECT_TYPES = {3, 5, 6, 7, 8}


def _max_len(errors: list[FieldError], path: Path, value: Any, limit: int, *, minimum: int = 0) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        errors.append(FieldError(path, "BASE_TYPE_STRING", "Must be a string."))
        return
    if len(value) > limit or len(value) < minimum:
        if minimum:
            errors.append(FieldError(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {minimum} and {limit} in length."))
        else:
            errors.append(FieldError(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."))


def _max_items(errors: list[FieldError], path: Path, value: Any, limit: int) -> None:
    if isinstance(value, list) and len(value) > limit:
        errors.append(FieldError(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."))


def check_embeds(embeds: Any, base: Path = ("embeds",)) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(embeds, list):
        return errors
    _max_items(errors, base, embeds, EMBEDS_MAX)
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        p = base + (i,)
        _max_len(errors, p + ("title",), embed.get("title"), EMBED_TITLE_MAX)
        _max_len(errors, p + ("description",), embed.get("description"), EMBED_DESCRIPTION_MAX)
        fields = embed.get("fields") or []
        _max_items(errors, p + ("fields",), fields, EMBED_FIELDS_MAX)
        for j, f in enumerate(fields if isinstance(fields, list) else []):
            fp = p + ("fields", j)
            for key, limit in (("name", EMBED_FIELD_NAME_MAX), ("value", EMBED_FIELD_VALUE_MAX)):
                value = f.get(key)
                if value is None or value == "":
                    errors.append(FieldError(fp + (key,), "BASE_TYPE_REQUIRED", "This field is required"))
                else:
                    _max_len(errors, fp + (key,), value, limit)
            total += len(str(f.get("name") or "")) + len(str(f.get("value") or ""))
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        _max_len(errors, p + ("footer", "text"), footer.get("text"), EMBED_FOOTER_MAX)
        _max_len(errors, p + ("author", "name"), author.get("name"), EMBED_AUTHOR_MAX)
        for text in (embed.get("title"), embed.get("description"), footer.get("text"), author.get("name")):
            total += len(text) if isinstance(text, str) else 0
    if total > EMBED_TOTAL_MAX:
        errors.append(FieldError(base, "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL_MAX}"))
    return errors


def _check_custom_id(errors: list[FieldError], path: Path, comp: dict[str, Any], seen: set[str]) -> None:
    custom_id = comp.get("custom_id")
    if custom_id is None:
        errors.append(FieldError(path + ("custom_id",), "BASE_TYPE_REQUIRED", "This field is required"))
        return
    _max_len(errors, path + ("custom_id",), custom_id, CUSTOM_ID_MAX, minimum=1)
    if custom_id in seen:
        errors.append(FieldError(path + ("custom_id",), "COMPONENT_CUSTOM_ID_DUPLICATED",
                                 "Component custom id cannot be duplicated"))
    seen.add(custom_id)


def _check_button(errors: list[FieldError], path: Path, comp: dict[str, Any], seen: set[str]) -> None:
    _max_len(errors, path + ("label",), comp.get("label"), BUTTON_LABEL_MAX)
    style = comp.get("style")
    if style == 5:
        if not comp.get("url"):
            errors.append(FieldError(path + ("url",), "BASE_TYPE_REQUIRED", "This field is required"))
        if comp.get("custom_id") is not None:
            errors.append(FieldError(path + ("custom_id",), "BUTTON_COMPONENT_CUSTOM_ID_INVALID",
                                     "A link button cannot have a custom id"))
    elif style == 6:
        if not comp.get("sku_id"):
            errors.append(FieldError(path + ("sku_id",), "BASE_TYPE_REQUIRED", "This field is required"))
    elif style in (1, 2, 3, 4):
        _check_custom_id(errors, path, comp, seen)
    else:
        errors.append(FieldError(path + ("style",), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}."))


def _check_select(errors: list[FieldError], path: Path, comp: dict[str, Any], seen: set[str]) -> None:
    _check_custom_id(errors, path, comp, seen)
    _max_len(errors, path + ("placeholder",), comp.get("placeholder"), PLACEHOLDER_MAX)
    options = comp.get("options")
    if comp.get("type") == 3:
        if not isinstance(options, list) or not options:
            errors.append(FieldError(path + ("options",), "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length."))
            options = []
        _max_items(errors, path + ("options",), options, SELECT_OPTIONS_MAX)
        values: set[str] = set()
        for k, opt in enumerate(options):
            op = path + ("options", k)
            _max_len(errors, op + ("label",), opt.get("label"), 100, minimum=1)
            _max_len(errors, op + ("value",), opt.get("value"), 100, minimum=1)
            _max_len(errors, op + ("description",), opt.get("description"), 100)
            if opt.get("value") in values:
                errors.append(FieldError(op + ("value",), "SELECT_COMPONENT_OPTION_VALUE_DUPLICATED",
                                         "Select component option values cannot be duplicated"))
            values.add(opt.get("value"))
    min_v, max_v = comp.get("min_values"), comp.get("max_values")
    if min_v is not None and not 0 <= min_v <= 25:
        errors.append(FieldError(path + ("min_values",), "NUMBER_TYPE_MAX", "Must be between 0 and 25."))
    if max_v is not None and not 1 <= max_v <= 25:
        errors.append(FieldError(path + ("max_values",), "NUMBER_TYPE_MAX", "Must be between 1 and 25."))
    if comp.get("type") == 3 and isinstance(options, list) and max_v is not None and max_v > len(options) > 0:
        errors.append(FieldError(path + ("max_values",), "SELECT_COMPONENT_MAX_VALUES_EXCEEDS_OPTIONS",
                                 "max_values must be less than or equal to the number of options"))


def _check_interactive(errors: list[FieldError], path: Path, comp: dict[str, Any], seen: set[str]) -> None:
    if comp.get("type") == 2:
        _check_button(errors, path, comp, seen)
    elif comp.get("type") in SELECT_TYPES:
        _check_select(errors, path, comp, seen)


def check_components(components: Any, flags: int = 0, base: Path = ("components",)) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(components, list):
        return errors
    seen: set[str] = set()
    if flags & COMPONENTS_V2:
        count = 0
        text_total = 0

        def walk(comps: list[dict[str, Any]], path: Path) -> None:
            nonlocal count, text_total
            for i, comp in enumerate(comps):
                p = path + (i,)
                count += 1
                if comp.get("type") == 10:
                    text_total += len(comp.get("content") or "")
                _check_interactive(errors, p, comp, seen)
                if comp.get("type") == 1:
                    _check_row(errors, p, comp, seen, nested=True)
                    count += len(comp.get("components") or [])
                else:
                    walk(comp.get("components") or [], p + ("components",))
                if isinstance(comp.get("accessory"), dict):
                    count += 1
                    _check_interactive(errors, p + ("accessory",), comp["accessory"], seen)

        walk(components, base)
        if count > V2_COMPONENTS_MAX:
            errors.append(FieldError(base, "BASE_TYPE_MAX_LENGTH", f"Must be {V2_COMPONENTS_MAX} or fewer in length."))
        if text_total > V2_TEXT_MAX:
            errors.append(FieldError(base, "BASE_TYPE_MAX_LENGTH", "Total text of text displays must be 4000 or fewer."))
        return errors
    _max_items(errors, base, components, ACTION_ROWS_MAX)
    for i, row in enumerate(components):
        p = base + (i,)
        if not isinstance(row, dict) or row.get("type") != 1:
            errors.append(FieldError(p + ("type",), "UNION_TYPE_CHOICES",
                                     "Value of field \"type\" must be one of (1,) without the IS_COMPONENTS_V2 flag."))
            continue
        _check_row(errors, p, row, seen, nested=False)
    return errors


def _check_row(errors: list[FieldError], path: Path, row: dict[str, Any], seen: set[str], *, nested: bool) -> None:
    children = row.get("components") or []
    if not children:
        errors.append(FieldError(path + ("components",), "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length."))
        return
    width = 0
    for j, comp in enumerate(children):
        cp = path + ("components", j)
        ctype = comp.get("type")
        if ctype == 2:
            width += 1
        elif ctype in SELECT_TYPES:
            width += 5
        else:
            errors.append(FieldError(cp + ("type",), "UNION_TYPE_CHOICES", "Invalid component type in an action row."))
            continue
        _check_interactive(errors, cp, comp, seen)
    if len(children) > ROW_WIDTH_MAX:
        errors.append(FieldError(path + ("components",), "BASE_TYPE_MAX_LENGTH", f"Must be {ROW_WIDTH_MAX} or fewer in length."))
    elif width > ROW_WIDTH_MAX:
        errors.append(FieldError(path + ("components",), "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                                 "The specified component exceeds the maximum width"))


def check_allowed_mentions(am: Any, base: Path = ("allowed_mentions",)) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(am, dict):
        return errors
    parse = am.get("parse") or []
    for i, kind in enumerate(parse):
        if kind not in ("users", "roles", "everyone"):
            errors.append(FieldError(base + ("parse", i), "BASE_TYPE_CHOICES",
                                     "Value must be one of ('roles', 'users', 'everyone')."))
    for kind in ("users", "roles"):
        ids = am.get(kind)
        if ids and kind in parse:
            errors.append(FieldError(base + ("parse",), "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
                                     f"parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive."))
        _max_items(errors, base + (kind,), ids, 100)
    return errors


def check_message(body: dict[str, Any], *, base: Path = (), files: int = 0, interaction: bool = False) -> list[FieldError]:
    """Limits of a message body (channel message, DM, interaction response data, followup, edit)."""
    errors: list[FieldError] = []
    content = body.get("content")
    if content is not None:
        _max_len(errors, base + ("content",), content if isinstance(content, str) else str(content), CONTENT_MAX)
    flags = body.get("flags") or 0
    if isinstance(flags, int):
        allowed = MESSAGE_FLAGS_ALLOWED if interaction else MESSAGE_FLAGS_ALLOWED & ~(1 << 6)
        if flags & ~allowed:
            errors.append(FieldError(base + ("flags",), "MESSAGE_FLAGS_INVALID", "Invalid flags"))
        if flags & COMPONENTS_V2 and (body.get("content") or body.get("embeds")):
            errors.append(FieldError(base + ("content",), "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
                                     "The 'content' and 'embeds' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2"))
    errors += check_embeds(body.get("embeds"), base + ("embeds",))
    errors += check_components(body.get("components"), flags if isinstance(flags, int) else 0, base + ("components",))
    errors += check_allowed_mentions(body.get("allowed_mentions"), base + ("allowed_mentions",))
    if files > FILES_MAX:
        errors.append(FieldError(base + ("files",), "BASE_TYPE_MAX_LENGTH", f"Must be {FILES_MAX} or fewer in length."))
    nonce = body.get("nonce")
    if isinstance(nonce, str) and len(nonce) > 25:
        errors.append(FieldError(base + ("nonce",), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    return errors


def check_autocomplete(data: Any, base: Path = ("data",)) -> list[FieldError]:
    errors: list[FieldError] = []
    choices = (data or {}).get("choices") if isinstance(data, dict) else None
    if not isinstance(choices, list):
        return [FieldError(base + ("choices",), "BASE_TYPE_REQUIRED", "This field is required")]
    _max_items(errors, base + ("choices",), choices, AUTOCOMPLETE_CHOICES_MAX)
    for i, choice in enumerate(choices):
        p = base + ("choices", i)
        _max_len(errors, p + ("name",), choice.get("name"), 100, minimum=1)
        value = choice.get("value")
        if isinstance(value, str):
            _max_len(errors, p + ("value",), value, 100)
    return errors


def _check_text_input(errors: list[FieldError], path: Path, comp: dict[str, Any], seen: set[str], *,
                      needs_label: bool) -> None:
    _check_custom_id(errors, path, comp, seen)
    label = comp.get("label")
    if needs_label and not label:
        errors.append(FieldError(path + ("label",), "BASE_TYPE_REQUIRED", "This field is required"))
    _max_len(errors, path + ("label",), label, TEXT_INPUT_LABEL_MAX)
    if comp.get("style") not in (1, 2):
        errors.append(FieldError(path + ("style",), "BASE_TYPE_CHOICES", "Value must be one of {1, 2}."))
    _max_len(errors, path + ("placeholder",), comp.get("placeholder"), TEXT_INPUT_PLACEHOLDER_MAX)
    _max_len(errors, path + ("value",), comp.get("value"), TEXT_INPUT_VALUE_MAX)
    for key, low in (("min_length", 0), ("max_length", 1)):
        value = comp.get(key)
        if value is not None and not low <= value <= TEXT_INPUT_VALUE_MAX:
            errors.append(FieldError(path + (key,), "NUMBER_TYPE_MAX", f"Must be between {low} and 4000."))


def check_modal(data: Any, base: Path = ("data",)) -> list[FieldError]:
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        return [FieldError(base, "BASE_TYPE_REQUIRED", "This field is required")]
    seen: set[str] = set()
    custom_id = data.get("custom_id")
    _max_len(errors, base + ("custom_id",), custom_id, CUSTOM_ID_MAX, minimum=1)
    _max_len(errors, base + ("title",), data.get("title"), MODAL_TITLE_MAX, minimum=1)
    rows = data.get("components") or []
    if not rows:
        errors.append(FieldError(base + ("components",), "BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length."))
    _max_items(errors, base + ("components",), rows, MODAL_ROWS_MAX)
    for i, row in enumerate(rows):
        p = base + ("components", i)
        rtype = row.get("type")
        if rtype == 1:
            children = row.get("components") or []
            if len(children) != 1 or children[0].get("type") != 4:
                errors.append(FieldError(p + ("components",), "BASE_TYPE_BAD_LENGTH",
                                         "An action row in a modal must hold exactly one text input."))
                continue
            _check_text_input(errors, p + ("components", 0), children[0], seen, needs_label=True)
        elif rtype == 18:
            _max_len(errors, p + ("label",), row.get("label"), TEXT_INPUT_LABEL_MAX, minimum=1)
            _max_len(errors, p + ("description",), row.get("description"), 100)
            inner = row.get("component") or {}
            if inner.get("type") == 4:
                _check_text_input(errors, p + ("component",), inner, seen, needs_label=False)
            elif inner.get("type") in SELECT_TYPES:
                _check_select(errors, p + ("component",), inner, seen)
            else:
                _check_custom_id(errors, p + ("component",), inner, seen)
        elif rtype == 10:
            _max_len(errors, p + ("content",), row.get("content"), V2_TEXT_MAX, minimum=1)
        else:
            errors.append(FieldError(p + ("type",), "UNION_TYPE_CHOICES", "Value must be one of (1, 10, 18)."))
    return errors
