"""The studio park the demo and the end-to-end tests play in: one guild, its channels, roles and
people (Chinese crew beside Korean, Japanese, Spanish and English-speaking colleagues), and the
settings that point the bot at them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.sandbox import Sandbox
from bot.settings import Settings, parse_settings

PRODUCTION_CODE = "CEO1"

CHANNELS = ("announcements", "set", "ad-office", "lighting", "makeup", "art", "wardrobe", "canteen", "producers")

# key: (display name, Discord locale, roles)
PEOPLE: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ad": ("周敏 Zhou Min", "zh-CN", ("AD",)),
    "ad2": ("Emma Clarke", "en-US", ("AD",)),
    "producer": ("赵磊 Zhao Lei", "zh-CN", ("Producer",)),
    "gaffer": ("王强 Wang Qiang", "zh-CN", ("Lighting head",)),
    "spark": ("刘洋 Liu Yang", "zh-CN", ()),
    "spark2": ("Somchai Boonmee", "th", ()),
    "dp": ("김민준 Kim Min-jun", "ko", ()),
    "focus": ("张伟 Zhang Wei", "zh-CN", ()),
    "makeup": ("陈静 Chen Jing", "zh-CN", ("Makeup head",)),
    "makeup2": ("佐藤美咲 Sato Misaki", "ja", ()),
    "wardrobe": ("孙丽 Sun Li", "zh-CN", ()),
    "art": ("黄磊 Huang Lei", "zh-CN", ()),
    "sound": ("Carlos Ruiz", "es-ES", ()),
    "lead_f": ("林晓 Lin Xiao", "zh-CN", ()),
    "lead_m": ("顾辰 Gu Chen", "zh-CN", ()),
    "villain": ("Sarah Miller", "en-US", ()),
    "support": ("何美玲 He Meiling", "zh-CN", ()),
    "canteen": ("黄阿姨 Auntie Huang", "zh-CN", ("Canteen",)),
}

ROLES = ("AD", "Producer", "Canteen", "Lighting head", "Makeup head")

_JOIN_CODE = re.compile(r"\*\*([A-Z2-9]{6})\*\*")


async def join_code_in(result: Any, timeout: float = 5.0) -> str:
    """The join code the bot gave the AD privately after ``/production create`` (a followup) or
    ``/production code``."""
    from bot.sandbox.util import wait_until

    def found() -> str | None:
        for message in [result.message, *result.followups]:
            if message is not None and (m := _JOIN_CODE.search(message.text)):
                return m.group(1)
        return None

    await wait_until(lambda: found() is not None, timeout, "the join code")
    return found()  # type: ignore[return-value]


@dataclass
class World:
    sandbox: Sandbox
    guild: Any
    channels: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, Any] = field(default_factory=dict)
    members: dict[str, Any] = field(default_factory=dict)

    def settings(self, database: Path, *, language: str = "zh-CN", extra: dict[str, Any] | None = None) -> Settings:
        return parse_settings(self.settings_data(database, language=language, extra=extra))

    def settings_data(self, database: Path, *, language: str = "zh-CN", extra: dict[str, Any] | None = None) -> dict[str, Any]:
        """The settings as config.toml would hold them (a bot process started by a test reads them)."""
        ch = self.channels
        data: dict[str, Any] = {
            "bot": {"timezone": "Asia/Shanghai", "language": language, "database": str(database), "sync_on_start": True},
            "guilds": [
                {
                    "id": self.guild.id,
                    "ad_role_ids": [self.roles["AD"].id],
                    "producer_role_ids": [self.roles["Producer"].id],
                    "canteen_role_ids": [self.roles["Canteen"].id],
                    "canteen_channel_id": ch["canteen"].id,
                    "department_head_roles": {"lighting": self.roles["Lighting head"].id, "makeup": self.roles["Makeup head"].id},
                    "productions": [
                        {
                            "code": PRODUCTION_CODE,
                            "announcements_channel_id": ch["announcements"].id,
                            "production_channel_id": ch["set"].id,
                            "ad_channel_id": ch["ad-office"].id,
                            "department_channels": {d: ch[d].id for d in ("lighting", "makeup", "art", "wardrobe", "canteen")},
                        }
                    ],
                }
            ],
            "safety": {
                "nearest_hospital": "横店人民医院 Hengdian People's Hospital",
                "hospital_address": "万盛南街 99 号 Wansheng South St 99",
                "hospital_phone": "0579-8658 0120",
                "emergency_contacts": ["制片主任 王 138 0000 0001", "Set medic Liu 138 0000 0002"],
            },
        }
        for key, value in (extra or {}).items():
            data.setdefault(key, {}).update(value)
        return data


def build_world(sb: Sandbox, *, people: dict[str, tuple[str, str, tuple[str, ...]]] | None = None) -> World:
    guild = sb.create_guild("横店影视城 Hengdian Studio Park", preferred_locale="zh-CN")
    world = World(sandbox=sb, guild=guild)
    for name in CHANNELS:
        world.channels[name] = guild.create_channel(name)
    for name in ROLES:
        world.roles[name] = guild.create_role(name)
    for key, (display, locale, roles) in (people or PEOPLE).items():
        world.members[key] = guild.add_member(display, roles=[world.roles[r] for r in roles], locale=locale)
    return world
