"""`python -m bot discord sync [--guild ID]` and `python -m bot discord invite`.

Commands are uploaded on purpose, not on every start: a bulk upload replaces them all, Discord
allows 200 command creations a day per guild, and global changes take up to an hour to show.
`--guild` uploads to one server, where changes show at once (for testing).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import sys
from collections.abc import Sequence
from urllib.parse import urlencode

import aiohttp
import discord

from adapters.discord.client import AdvisorTree, add_commands, intents_for
from adapters.discord.endpoints import point_at
from adapters.discord.settings import DiscordSettings
from bot.errors import ConfigurationError

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"
SCOPES = ("bot", "applications.commands")


def invite_permissions(*, answer_mentions: bool) -> discord.Permissions:
    """The least the bot needs: slash commands need none; reminders post embeds in channels."""
    permissions = discord.Permissions(view_channel=True, send_messages=True, embed_links=True)
    if answer_mentions:
        # Replying to a message references it, which needs its history.
        permissions.read_message_history = True
    return permissions


def invite_url(application_id: int, permissions: discord.Permissions) -> str:
    query = urlencode(
        {"client_id": application_id, "scope": " ".join(SCOPES), "permissions": permissions.value}
    )
    return f"{AUTHORIZE_URL}?{query}"


def application_id_from_token(token: str) -> int | None:
    """A bot token's first segment is its user id in base64, which is the application id."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None


async def fetch_application_id(token: str) -> int:
    client = discord.Client(intents=intents_for(answer_mentions=False))
    async with client:
        await client.login(token)
        return client.application_id or (await client.application_info()).id


async def sync_commands(token: str, guild_id: int | None) -> list[str]:
    client = discord.Client(intents=intents_for(answer_mentions=False))
    tree = AdvisorTree(client)
    add_commands(tree)
    async with client:
        await client.login(token)
        if guild_id is None:
            synced = await tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            synced = await tree.sync(guild=guild)
    return [command.name for command in synced]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot discord")
    sub = parser.add_subparsers(dest="action", required=True)
    sync = sub.add_parser("sync", help="upload the slash commands to Discord")
    sync.add_argument("--guild", type=int, help="one server's id: changes show at once")
    sub.add_parser("invite", help="print the URL that adds the bot to a server")
    return parser


def main(argv: Sequence[str]) -> int:
    args = _parser().parse_args(list(argv))
    settings = DiscordSettings()
    if settings.discord_token is None:
        raise ConfigurationError(
            "DISCORD_TOKEN is not set. Set it to the bot token from the developer portal's "
            "Bot page (see docs/discord.md)."
        )
    token = settings.discord_token.get_secret_value()
    point_at(settings)
    try:
        if args.action == "invite":
            app_id = application_id_from_token(token) or asyncio.run(fetch_application_id(token))
            permissions = invite_permissions(answer_mentions=settings.discord_answer_mentions)
            print(invite_url(app_id, permissions))
            return 0
        names = asyncio.run(sync_commands(token, args.guild))
    except discord.LoginFailure:
        print(
            "DISCORD_TOKEN was rejected by Discord (401 Unauthorized): copy it again from the "
            "developer portal's Bot page (see docs/discord.md).",
            file=sys.stderr,
        )
        return 2
    except discord.HTTPException as exc:
        print(f"Discord refused the request: {exc}", file=sys.stderr)
        return 1
    except (aiohttp.ClientError, OSError, TimeoutError) as exc:
        # One line, not aiohttp's traceback: the network, a proxy, or a mistyped address.
        reason = str(exc) or type(exc).__name__
        print(
            f"Could not reach Discord at {settings.discord_api_url} ({reason}); check the "
            "network connection, or DISCORD_API_URL.",
            file=sys.stderr,
        )
        return 1
    where = f"guild {args.guild}" if args.guild else "all servers (may take up to an hour)"
    print(f"Synced {len(names)} commands to {where}: {', '.join(sorted(names))}")
    return 0
