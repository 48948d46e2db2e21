"""The discord.py client: intents, mention policy, command tree and persistent buttons."""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from typing import Any, Protocol

import discord
from discord import app_commands

from adapters.discord.commands import advisor_commands
from adapters.discord.context import Services, workspace_of
from adapters.discord.context_menu import CHECK_ITEMS, check_menu
from adapters.discord.embeds import render
from adapters.discord.localize import with_arabic
from adapters.discord.phrases import say
from adapters.discord.reminder_commands import reminder_commands
from adapters.discord.respond import accepting, apologise, refusal
from adapters.discord.views import DYNAMIC_ITEMS, answer_view
from bot.advisor import Asker
from bot.replies import Reply
from bot.request import Request
from bot.text import detect_language

log = logging.getLogger(__name__)


class _WithoutVoiceNotice(logging.Filter):
    """discord.py warns at every start that voice support is not installed; the bot has no
    voice features, so the line only alarms whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


logging.getLogger("discord.client").addFilter(_WithoutVoiceNotice())

_MENTION = re.compile(r"<@!?\d+>")
MAX_RATE_LIMIT_WAIT = 30.0


def intents_for(*, answer_mentions: bool) -> discord.Intents:
    """Slash commands need no intent beyond guilds; nothing privileged is ever requested.

    Discord delivers the text of messages that mention the bot without MESSAGE_CONTENT, so
    answering @mentions only adds the (unprivileged) message intents.
    """
    intents = discord.Intents.none()
    intents.guilds = True
    if answer_mentions:
        intents.guild_messages = True
        intents.dm_messages = True
    return intents


# discord.py runs each command, button click and event in a task named like these.
_HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-dynamic-item-", "discord.py: on_message")


class AdvisorTree(app_commands.CommandTree[Any]):
    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await accepting(interaction)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError, /
    ) -> None:
        """Failures our handlers did not catch: an option that does not resolve, a bug, a
        reply Discord refused after "thinking…" was shown."""
        await apologise(interaction, error)

    async def sync(
        self, *, guild: discord.abc.Snowflake | None = None
    ) -> list[app_commands.AppCommand]:
        """discord.py's own upload, with Arabic added to each command's payload in between
        (its Translator cannot: its `Locale` has no Arabic, see adapters/discord/localize)."""
        if self.client.application_id is None:
            raise app_commands.MissingApplicationID
        commands = self._get_all_commands(guild=guild)
        plain = [command.to_dict(self) for command in commands]
        try:
            # with_arabic edits in place: the plain payload is kept for a retry.
            data = await self._upload(guild, [with_arabic(copy.deepcopy(item)) for item in plain])
        except discord.HTTPException as error:
            if not _invalid_form(error):
                raise
            # Discord's published locale table does not list Arabic (its API spec does): if
            # it refuses the Arabic wording, the commands must still arrive, in English.
            log.warning("Discord refused the Arabic command descriptions; synced in English")
            try:
                data = await self._upload(guild, plain)
            except discord.HTTPException as again:
                if _invalid_form(again):
                    raise app_commands.CommandSyncFailure(again, commands) from None
                raise
        return [app_commands.AppCommand(data=item, state=self._state) for item in data]

    async def _upload(
        self, guild: discord.abc.Snowflake | None, payload: list[dict[str, Any]]
    ) -> Any:
        app = self.client.application_id
        assert app is not None  # checked by sync
        if guild is None:
            return await self._http.bulk_upsert_global_commands(app, payload=payload)
        return await self._http.bulk_upsert_guild_commands(app, guild.id, payload=payload)


def _invalid_form(error: discord.HTTPException) -> bool:
    return error.status == 400 and error.code == 50035  # Discord's "invalid form body"


# Where each command may be used, declared in code rather than left to portal settings: the
# bot is installed to servers only (no user installs). Questions also work in a DM with the
# bot (answered without a team profile); the profile and reminders belong to a server.
_INSTALLS = app_commands.AppInstallationType(guild=True, user=False)
_IN_SERVERS_AND_DMS = app_commands.AppCommandContext(
    guild=True, dm_channel=True, private_channel=False
)
_IN_SERVERS = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
_SERVER_ONLY_COMMANDS = frozenset({"profile", "reminders"})


def add_commands(tree: app_commands.CommandTree[Any]) -> None:
    for command in [*advisor_commands(), *reminder_commands(), check_menu()]:
        command.allowed_installs = _INSTALLS
        command.allowed_contexts = (
            _IN_SERVERS if command.name in _SERVER_ONLY_COMMANDS else _IN_SERVERS_AND_DMS
        )
        tree.add_command(command)


# Discord's login pace: one IDENTIFY per 5 seconds per max_concurrency bucket.
IDENTIFY_INTERVAL = 5.0


class Turns(Protocol):
    """Turn-taking shared by every process of the bot (the database does it)."""

    async def take_turn(self, key: str, seconds: float) -> None: ...


class AdvisorClient(discord.Client):
    def __init__(
        self, *, services: Services, answer_mentions: bool = False, **options: Any
    ) -> None:
        # Nothing a user types or the bot quotes may ping anyone: no @everyone, roles or users.
        super().__init__(
            intents=intents_for(answer_mentions=answer_mentions),
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.services = services
        self.answer_mentions = answer_mentions
        # False once stopping: new requests get a short "try again", running ones finish.
        self.accepting = True
        self.tree = AdvisorTree(self)

    async def setup_hook(self) -> None:
        # Registering commands locally is cheap; uploading them to Discord is `discord sync`.
        add_commands(self.tree)
        self.add_dynamic_items(*DYNAMIC_ITEMS, *CHECK_ITEMS)

    async def drain(self, grace: float) -> None:
        """Stops taking requests and waits (at most `grace` seconds) for the running ones."""
        self.accepting = False
        current = asyncio.current_task()
        running = [
            task
            for task in asyncio.all_tasks()
            if task is not current and task.get_name().startswith(_HANDLER_TASKS)
        ]
        if running:
            await asyncio.wait(running, timeout=grace)

    async def on_message(self, message: discord.Message) -> None:
        if not self.accepting or not self.answer_mentions or message.author.bot:
            return
        if self.user is None or self.user not in message.mentions:
            return
        question = _MENTION.sub(" ", message.content).strip()
        work = self.services.work
        if work is not None and not work.enter():  # counted until this handler's task ends
            language = detect_language(question)
            busy = render(refusal(language, say("busy", language)))
            with self.services.api_errors.counting():
                await message.reply(embed=busy, mention_author=False)
            return
        asker = Asker(
            workspace=workspace_of(
                guild_id=message.guild.id if message.guild else None, user_id=message.author.id
            ),
            user_id=str(message.author.id),
            channel_id=str(message.channel.id),
        )
        reply = await self._answer(asker, question)
        view = answer_view(reply)
        with self.services.api_errors.counting():
            if view is None:
                await message.reply(embed=render(reply), mention_author=False)
            else:
                await message.reply(embed=render(reply), view=view, mention_author=False)

    async def _answer(self, asker: Asker, question: str) -> Reply:
        advisor = self.services.advisor
        request = Request(
            asker=asker,
            text=question,
            command=lambda who, _language: advisor.ask(who, question),
            language=detect_language(question),
            surface="discord.mention",
        )
        return await self.services.requests.handle(request)


class ShardedAdvisorClient(AdvisorClient, discord.AutoShardedClient):
    """The same bot over several gateway connections (required from 2,500 guilds).

    Shards may be spread over processes (DISCORD_SHARD_IDS): Discord then still takes one
    IDENTIFY per 5 seconds per `max_concurrency` bucket from all of them together, so each
    login waits for its bucket's turn, kept through the shared database.
    """

    def __init__(self, *, turns: Turns | None = None, **options: Any) -> None:
        super().__init__(**options)
        self._turns = turns
        self._max_concurrency: int | None = None

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        if self._turns is None:
            await super().before_identify_hook(shard_id, initial=initial)
            return
        bucket = (shard_id or 0) % await self._buckets()
        await self._turns.take_turn(f"discord-identify:{bucket}", IDENTIFY_INTERVAL)

    async def _buckets(self) -> int:
        if self._max_concurrency is None:
            try:
                _, _, limits = await self.http.get_bot_gateway()
                self._max_concurrency = max(1, int(limits.get("max_concurrency", 1)))
            except (discord.HTTPException, KeyError, TypeError, ValueError):
                self._max_concurrency = 1  # the strictest pace is always allowed
        return self._max_concurrency


def build_client(
    *,
    services: Services,
    answer_mentions: bool,
    shard_count: int | None,
    shard_ids: list[int] | None = None,
    turns: Turns | None = None,
    **options: Any,
) -> AdvisorClient:
    """One connection by default; `shard_count` 0 lets Discord choose, N fixes it, and
    `shard_ids` picks which of the N this process runs."""
    # A longer rate-limit wait raises instead of sleeping: the reminder engine backs off and
    # retries later rather than holding its claim for minutes.
    options.setdefault("max_ratelimit_timeout", MAX_RATE_LIMIT_WAIT)
    if shard_count is None:
        return AdvisorClient(services=services, answer_mentions=answer_mentions, **options)
    if shard_count > 0:
        options["shard_count"] = shard_count
        if shard_ids is not None:
            options["shard_ids"] = shard_ids
    return ShardedAdvisorClient(
        services=services, answer_mentions=answer_mentions, turns=turns, **options
    )
