"""The Discord adapter as the core finds it: the `value_advisor.adapters` entry point `discord`.

Cheap to import (settings only): discord.py is loaded when `run` starts Discord or an operator
command (`python -m bot discord sync|invite`) runs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar

from adapters.discord.settings import DiscordSettings
from bot.runtime import Adapter, AdapterCommand

if TYPE_CHECKING:
    from bot.app import Core
    from bot.doctor import Check
    from bot.runtime import AdapterRuntime
    from bot.settings import Settings

_ONLINE_TIMEOUT_SECONDS = 10


class DiscordAdapter(Adapter):
    name = "discord"
    title = "Discord"
    settings_model = DiscordSettings
    setting_hints: ClassVar = {
        "DISCORD_TOKEN": "the bot token from the Discord developer portal's Bot page",
    }
    example_values: ClassVar = {
        "DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789",
    }

    def enabled(self, settings: Settings) -> bool:
        return settings.area(self.name, DiscordSettings).enabled

    def create_runtime(self, settings: Settings, core: Core) -> AdapterRuntime:
        from adapters.discord.runtime import create_runtime

        return create_runtime(settings, core)

    def channel_reference(self, channel_id: str) -> str:
        return f"<#{channel_id}>"

    def user_reference(self, user_id: str) -> str:
        # Shown as the name; never a ping, since every message goes out with no mentions allowed.
        return f"<@{user_id}>"

    async def check_online(self, settings: Settings) -> Check | None:
        """GET /users/@me with DISCORD_TOKEN: the token is live, and whose bot it is."""
        import aiohttp

        from bot.doctor import Check

        discord = settings.area(self.name, DiscordSettings)
        if discord.discord_token is None:
            return None
        headers = {"Authorization": "Bot " + discord.discord_token.get_secret_value()}
        timeout = aiohttp.ClientTimeout(total=_ONLINE_TIMEOUT_SECONDS)
        try:
            async with (
                aiohttp.ClientSession(timeout=timeout) as session,
                session.get(f"{discord.discord_api_url}/users/@me", headers=headers) as response,
            ):
                status = response.status
                user = await response.json(content_type=None) if status == 200 else {}
        except Exception as exc:
            return Check(
                "discord token", "FAIL", f"Discord ({discord.discord_api_url}) unreachable: {exc}"
            )
        if status == 401:
            return Check(
                "discord token",
                "FAIL",
                "Discord rejected DISCORD_TOKEN; copy the bot token again from the developer "
                "portal's Bot page",
            )
        if status != 200:
            return Check("discord token", "FAIL", f"Discord answered HTTP {status} to /users/@me")
        return Check(
            "discord token", "ok", f"accepted by Discord: {user.get('username')} ({user.get('id')})"
        )

    def cli_commands(self) -> Mapping[str, AdapterCommand]:
        return {"discord": AdapterCommand("Discord operator commands: sync, invite", _operator)}


def _operator(argv: Sequence[str]) -> int:
    from adapters.discord.cli import main

    return main(argv)
