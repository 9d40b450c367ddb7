"""The sandbox's OpenAPI check of a request body (every message the bot sends in a test or the demo
passes through it), against decoding the same body from JSON, which the sandbox does anyway."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bench.__main__ import Case
from bot.sandbox.spec import load_spec

MESSAGES = "/channels/{channel_id}/messages"
TYPICAL = {"content": "x", "embeds": [{"title": "t", "fields": [{"name": "n", "value": "v"}]}], "tts": False,
           "components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": c, "label": c} for c in "ab"]}]}
FULL = {"content": "x", "embeds": [{"title": "t", "fields": [{"name": "n", "value": "v"}] * 25}],
        "components": [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": f"b{i}", "label": "b"}
                                                  for i in range(5)]}] * 5}


@asynccontextmanager
async def cases() -> AsyncIterator[list[Case]]:
    spec = load_spec(None)
    if spec is None:  # the spec lives outside the repository; without it there is nothing to measure
        yield []
        return
    out = []
    for name, body in (("typical message", TYPICAL), ("25 fields, 25 buttons", FULL)):
        raw = json.dumps(body)

        async def validate(body=body) -> None:
            assert spec.validate("POST", MESSAGES, body) == []

        async def decode(raw=raw) -> None:
            json.loads(raw)

        out.append(Case(f"sandbox: spec check, {name}", validate, decode, "json.loads of the body", repeat=50))
    yield out
