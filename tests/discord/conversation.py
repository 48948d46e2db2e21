"""A conversation with the real discord.py client, connected to the fake Discord.

`discord.slash("ask", question="…")` sends an interaction through the fake gateway and returns
what the bot answered, as the fake received it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr

from adapters.discord.context import DEFER_AFTER
from adapters.discord.reminders import DiscordReminderPoster
from adapters.discord.runtime import DiscordRuntime
from adapters.discord.settings import DiscordSettings
from bot.app import Core
from bot.profiles import WorkspaceKey
from bot.workqueue import WorkQueue
from tests.discord.fake_discord import (
    APPLICATION_ID,
    TOKEN,
    FakeDiscord,
    Received,
    channel_id_for,
)

GUILD_A = 100000000000000001
GUILD_B = 200000000000000002
MEMBER = 300000000000000003
ADMIN = 400000000000000004
# View Channel, Send Messages, Read History; the admin adds Manage Server (1 << 5).
MEMBER_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 16)
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | (1 << 5)
EPHEMERAL = 64


@dataclass
class DiscordReply:
    """What the bot answered to one interaction, as the fake received it."""

    interaction_id: str
    responses: list[Received]

    @property
    def kind(self) -> int:
        return int(self.responses[0].body["type"])

    @property
    def deferred(self) -> bool:
        return self.kind == 5

    @property
    def message(self) -> dict[str, Any]:
        """The message the user sees: the callback's, or the followup's after a deferral."""
        if self.deferred:
            sent = [r for r in self.responses[1:] if r.method in {"POST", "PATCH"}]
            return dict(sent[-1].body)
        return dict(self.responses[0].body.get("data") or {})

    @property
    def placeholder_deleted(self) -> bool:
        return any(r.method == "DELETE" for r in self.responses)

    @property
    def embed(self) -> dict[str, Any]:
        embeds = self.message.get("embeds") or []
        assert len(embeds) == 1, f"expected one embed, got {embeds!r}"
        return dict(embeds[0])

    @property
    def text(self) -> str:
        """Everything the embed says, for `in` checks."""
        embed = self.embed
        parts = [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append((embed.get("footer") or {}).get("text", ""))
        return "\n".join(parts)

    @property
    def ephemeral(self) -> bool:
        return bool((self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def custom_ids(self) -> list[str]:
        rows = self.message.get("components") or []
        return [item["custom_id"] for row in rows for item in row["components"]]

    @property
    def buttons(self) -> list[dict[str, Any]]:
        rows = self.message.get("components") or []
        return [item for row in rows for item in row["components"]]

    @property
    def choices(self) -> list[dict[str, Any]]:
        assert self.kind == 8, "not an autocomplete result"
        return list(self.responses[0].body["data"]["choices"])

    @property
    def allowed_mentions(self) -> dict[str, Any]:
        return dict(self.message["allowed_mentions"])


@dataclass(frozen=True)
class Channel:
    """A channel option, as Discord sends it: its id, and the channel under `resolved`."""

    id: str
    guild: int


def _option(name: str, value: object) -> dict[str, Any]:
    if isinstance(value, Channel):
        return {"name": name, "type": 7, "value": value.id}
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 10
    if isinstance(value, str):
        kind = 3
    return {"name": name, "type": kind, "value": value}


def _options(command: str, values: dict[str, object]) -> tuple[str, list[dict[str, Any]]]:
    """`profile set` with values -> ("profile", [subcommand "set" with its options])."""
    name, *path = command.split()
    options = [_option(key, value) for key, value in values.items()]
    for sub in reversed(path):
        options = [{"name": sub, "type": 1, "options": options}]
    return name, options


def _resolved(values: dict[str, object]) -> dict[str, Any]:
    channels = {
        value.id: {"id": value.id, "type": 0, "name": "general", "permissions": "0"}
        for value in values.values()
        if isinstance(value, Channel)
    }
    return {"channels": channels} if channels else {}


class DiscordConversation:
    def __init__(
        self,
        *,
        fake: FakeDiscord,
        core: Core,
        defer_after: float = DEFER_AFTER,
        shard_count: int | None = None,
        shard_ids: list[int] | None = None,
        answer_mentions: bool = False,
        work: WorkQueue | None = None,
    ) -> None:
        self.fake = fake
        self.work = work
        self.core = core
        self.defer_after = defer_after
        self.shard_count = shard_count
        self.shard_ids = shard_ids
        self.answer_mentions = answer_mentions
        self.runtime: DiscordRuntime | None = None

    def settings(self) -> DiscordSettings:
        return DiscordSettings(
            _env_file=None,  # type: ignore[call-arg]
            discord_token=SecretStr(TOKEN),
            discord_api_url=self.fake.api_url,
            discord_gateway_url=self.fake.gateway_url,
            discord_shard_count=self.shard_count,
            discord_shard_ids=(
                ",".join(str(number) for number in self.shard_ids) if self.shard_ids else None
            ),
            discord_answer_mentions=self.answer_mentions,
        )

    async def connect(self) -> None:
        self.runtime = DiscordRuntime(
            settings=self.settings(),
            core=self.core,
            ready_timeout=10,
            defer_after=self.defer_after,
            # The fake sends every GUILD_CREATE at once; no need to wait for stragglers.
            client_options={"guild_ready_timeout": 0.01},
            work=self.work,
        )
        await self.runtime.start()

    async def close(self) -> None:
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None

    def poster(self) -> DiscordReminderPoster:
        assert self.runtime is not None, "not connected"
        return self.runtime.reminder_poster()

    async def restart(self) -> None:
        """A new process: a new client, the same database and the same Discord."""
        await self.close()
        await self.connect()

    # -- the user's side ---------------------------------------------------------------------

    async def slash(
        self,
        command: str,
        *,
        guild: int | None = GUILD_A,
        user: int = MEMBER,
        admin: bool = False,
        locale: str = "en-US",
        age: float = 0.0,
        **values: object,
    ) -> DiscordReply:
        """`age`: seconds the interaction spent on its way (Discord's 3 s count from creation)."""
        name, options = _options(command, values)
        data = {"id": "1", "name": name, "type": 1, "options": options}
        if resolved := _resolved(values):
            data["resolved"] = resolved
        return await self._send(
            2, data, guild=guild, user=user, admin=admin, locale=locale, age=age
        )

    async def message_command(
        self,
        name: str,
        content: str,
        *,
        guild: int | None = GUILD_A,
        user: int = MEMBER,
        author: int = ADMIN,
        age: float = 0.0,
    ) -> DiscordReply:
        """Apps → `name` on a message `author` wrote (a message command, type 3)."""
        message_id = self.fake.next_id()
        channel = channel_id_for(guild) if guild is not None else str(user + 7)
        message = {
            "id": message_id,
            "channel_id": channel,
            "type": 0,
            "content": content,
            "author": {
                "id": str(author),
                "username": f"user{str(author)[-4:]}",
                "discriminator": "0",
                "global_name": None,
                "avatar": None,
            },
            "embeds": [],
            "components": [],
            "attachments": [],
            "mentions": [],
            "mention_roles": [],
            "mention_everyone": "@everyone" in content,
            "pinned": False,
            "tts": False,
            "flags": 0,
            "timestamp": "2026-11-26T12:00:00.000000+00:00",
            "edited_timestamp": None,
        }
        data = {
            "id": "1",
            "name": name,
            "type": 3,
            "target_id": message_id,
            "resolved": {"messages": {message_id: message}},
        }
        return await self._send(
            2, data, guild=guild, user=user, admin=False, locale="en-US", age=age
        )

    async def autocomplete(
        self,
        command: str,
        *,
        focused: str,
        guild: int | None = GUILD_A,
        user: int = MEMBER,
        admin: bool = False,
        **values: object,
    ) -> list[dict[str, Any]]:
        name, options = _options(command, values)
        innermost = options
        while innermost and innermost[0]["type"] == 1:
            innermost = innermost[0]["options"]
        for option in innermost:
            if option["name"] == focused:
                option["focused"] = True
        data = {"id": "1", "name": name, "type": 1, "options": options}
        reply = await self._send(4, data, guild=guild, user=user, admin=admin, locale="en-US")
        return reply.choices

    async def click(
        self,
        reply: DiscordReply,
        custom_id: str,
        *,
        guild: int | None = GUILD_A,
        user: int = MEMBER,
        age: float = 0.0,
    ) -> DiscordReply:
        message = self.fake.message_of(reply.interaction_id)
        assert message is not None, "that reply created no message to click on"
        assert custom_id in reply.custom_ids, f"no button {custom_id!r} in {reply.custom_ids}"
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._send(
            3, data, guild=guild, user=user, admin=False, locale="en-US", message=message, age=age
        )

    async def submit_modal(
        self,
        reply: DiscordReply,
        values: list[str],
        *,
        guild: int | None = GUILD_A,
        user: int = MEMBER,
        admin: bool = False,
    ) -> DiscordReply:
        """Fills the modal that `reply` opened, its inputs in order, and submits it."""
        modal = reply.responses[0].body
        assert modal["type"] == 9, f"that reply opened no modal: {modal!r}"
        rows = modal["data"]["components"]
        components = [
            {
                "type": 1,
                "components": [
                    {"type": 4, "custom_id": row["components"][0]["custom_id"], "value": value}
                ],
            }
            for row, value in zip(rows, values, strict=True)
        ]
        data = {"custom_id": modal["data"]["custom_id"], "components": components}
        return await self._send(5, data, guild=guild, user=user, admin=admin, locale="en-US")

    async def _send(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        guild: int | None,
        user: int,
        admin: bool,
        locale: str,
        message: dict[str, Any] | None = None,
        age: float = 0.0,
    ) -> DiscordReply:
        interaction_id = self.fake.next_id(age=age)
        payload = interaction_payload(
            interaction_id=interaction_id,
            kind=kind,
            data=data,
            guild=guild,
            user=user,
            admin=admin,
            locale=locale,
        )
        if message is not None:
            payload["message"] = message
        responses = await self.fake.interact(payload)
        return DiscordReply(interaction_id, responses)

    # -- what the bot stored -----------------------------------------------------------------

    async def profile_of(self, guild: int) -> Any:
        return await self.core.advisor.profile(WorkspaceKey("discord", str(guild)))


def interaction_payload(
    *,
    interaction_id: str,
    kind: int,
    data: dict[str, Any],
    guild: int | None,
    user: int,
    admin: bool,
    locale: str,
) -> dict[str, Any]:
    person = {
        "id": str(user),
        "username": f"user{str(user)[-4:]}",
        "discriminator": "0",
        "global_name": None,
        "avatar": None,
    }
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": str(APPLICATION_ID),
        "type": kind,
        "data": data,
        "token": f"token-{interaction_id}",
        "version": 1,
        "locale": locale,
        "attachment_size_limit": 8 * 1024 * 1024,
        "app_permissions": str(MEMBER_PERMISSIONS | (1 << 14)),
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(guild or 0)},
    }
    if guild is None:
        payload.update(
            context=1,
            user=person,
            channel_id=str(user + 7),
            channel={"id": str(user + 7), "type": 1, "recipients": [person]},
        )
        return payload
    channel = channel_id_for(guild)
    payload.update(
        context=0,
        guild_id=str(guild),
        guild_locale="en-US",
        channel_id=channel,
        channel={"id": channel, "type": 0, "name": "general", "guild_id": str(guild)},
        member={
            "user": person,
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "permissions": str(ADMIN_PERMISSIONS if admin else MEMBER_PERMISSIONS),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        },
    )
    return payload
