"""A fake Discord on 127.0.0.1: the gateway websocket and the REST routes discord.py uses.

The real discord.py client connects to it (see `adapters.discord.endpoints.point_at`). Tests
send interactions through the gateway and read what the bot answered: interaction callbacks,
followup webhooks and channel posts. Only what the adapter uses is modelled, the way Discord
does it (JSON with `Content-Type: application/json` exactly, 429s with `Via` and
`retry_after`, `with_response=1` callbacks returning `{"interaction", "resource"}`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APPLICATION_ID = 700000000000000001
BOT_USER = {
    "id": str(APPLICATION_ID),
    "username": "advisor",
    "discriminator": "0",
    "global_name": "Advisor",
    "avatar": None,
    "bot": True,
    "flags": 0,
}
TIMESTAMP = "2026-11-26T12:00:00.000000+00:00"
DISCORD_EPOCH_MS = 1420070400000
# Discord refuses the first response to an interaction older than this (10062).
RESPONSE_LIMIT = 3.0
# The bot's managed role: what an invite with the minimal permissions grants.
BOT_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16)  # view, send, embed, history
JSON_HEADERS = {"Content-Type": "application/json"}


def _locales_in(item: Any) -> set[str]:
    """Every locale named in a command payload's *_localizations, at any depth."""
    if isinstance(item, list):
        return set().union(*(_locales_in(part) for part in item))
    if not isinstance(item, dict):
        return set()
    found = {
        locale
        for key, value in item.items()
        if key.endswith("_localizations") and isinstance(value, dict)
        for locale in value
    }
    return found.union(*(_locales_in(value) for value in item.values()))


def _json(data: Any, *, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py decodes a body only when Content-Type is exactly application/json.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={**JSON_HEADERS, **(headers or {})}
    )


@dataclass
class Received:
    """One request the bot made to the fake."""

    method: str
    path: str
    query: dict[str, str]
    body: Any


@dataclass
class PlannedFailure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class FakeDiscord:
    def __init__(self, *, guild_ids: list[int] | None = None) -> None:
        self.guild_ids = guild_ids or []
        # Locales this Discord refuses in command localizations (400, code 50035).
        self.refused_locales: set[str] = set()
        self.requests: list[Received] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.channel_posts: list[dict[str, Any]] = []
        # IDENTIFY payloads, one per gateway session (intents, shard).
        self.identified: list[dict[str, Any]] = []
        # When each IDENTIFY arrived (time.monotonic()), in the same order.
        self.identified_at: list[float] = []
        self._increment = itertools.count()
        self._sockets: list[tuple[web.WebSocketResponse, itertools.count[int]]] = []
        self._identified = asyncio.Event()
        self._failures: dict[str, list[PlannedFailure]] = defaultdict(list)
        # Interaction id -> callbacks and followups, in order; the waiter wakes on each.
        self.responses: dict[str, list[Received]] = defaultdict(list)
        self._response_arrived = asyncio.Condition()
        self._posted = asyncio.Event()
        self._taken_posts = 0
        # Per interaction: its token, channel, type, and the message its reply created.
        self._tokens: dict[str, str] = {}
        self._channels: dict[str, str] = {}
        self._interaction_types: dict[str, int] = {}
        self._messages: dict[str, dict[str, Any]] = {}
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        api = "/api/v10"
        app.router.add_get(f"{api}/users/@me", self._me)
        app.router.add_get(f"{api}/oauth2/applications/@me", self._application)
        app.router.add_get(f"{api}/gateway/bot", self._gateway_bot)
        app.router.add_put(f"{api}/applications/{{app}}/commands", self._put_commands)
        app.router.add_put(
            f"{api}/applications/{{app}}/guilds/{{guild}}/commands", self._put_commands
        )
        app.router.add_post(f"{api}/interactions/{{id}}/{{token}}/callback", self._callback)
        app.router.add_post(f"{api}/webhooks/{{app}}/{{token}}", self._followup)
        app.router.add_patch(f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._edit)
        app.router.add_delete(
            f"{api}/webhooks/{{app}}/{{token}}/messages/{{message}}", self._delete
        )
        app.router.add_post(f"{api}/channels/{{channel}}/messages", self._channel_post)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def stop(self) -> None:
        for socket, _ in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def next_id(self, *, age: float = 0.0) -> str:
        """A snowflake made `age` seconds ago, as Discord's: its time is the creation time."""
        made = int((time.time() - age) * 1000) - DISCORD_EPOCH_MS
        return str((made << 22) | (next(self._increment) & 0x3FFFFF))

    def fail_next(self, route: str, failure: PlannedFailure, *, times: int = 1) -> None:
        """`route` is "callback", "followup" or "channel_post"."""
        self._failures[route].extend([failure] * times)

    def hold_callbacks(self) -> asyncio.Event:
        """Interaction callbacks wait until the returned event is set (a slow Discord)."""
        self._callbacks_held = asyncio.Event()
        return self._callbacks_held

    def rate_limit_next(self, route: str, *, retry_after: float = 0.05) -> None:
        # Discord's real 429s come through its proxy (Via) with a JSON retry_after.
        self.fail_next(
            route,
            PlannedFailure(
                429,
                {
                    "message": "You are being rate limited.",
                    "retry_after": retry_after,
                    "global": False,
                },
                {"Via": "1.1 google", "Retry-After": str(retry_after), "X-RateLimit-Scope": "user"},
            ),
        )

    # -- gateway -----------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        sequence = itertools.count(1)
        await socket.send_str(
            json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}, "s": None, "t": None})
        )
        async for message in socket:
            if message.type is not WSMsgType.TEXT:
                continue
            frame = json.loads(message.data)
            op = frame["op"]
            if op == 1:
                await socket.send_str(json.dumps({"op": 11, "d": None}))
            elif op == 2:
                await self._identify(socket, sequence, frame["d"])
            elif op == 6:
                self._sockets.append((socket, sequence))
                await self._send(socket, sequence, "RESUMED", {})
        self._sockets = [(s, q) for s, q in self._sockets if s is not socket]
        return socket

    async def _identify(
        self, socket: web.WebSocketResponse, sequence: itertools.count[int], data: dict[str, Any]
    ) -> None:
        self.identified.append(data)
        self.identified_at.append(time.monotonic())
        shard = data.get("shard", [0, 1])
        ready = {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(gid), "unavailable": True} for gid in self.guild_ids],
            "session_id": f"session-{self.next_id()}",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APPLICATION_ID), "flags": 0},
            "shard": shard,
            "private_channels": [],
            "relationships": [],
        }
        await self._send(socket, sequence, "READY", ready)
        for gid in self.guild_ids:
            await self._send(socket, sequence, "GUILD_CREATE", guild_payload(gid))
        self._sockets.append((socket, sequence))
        self._identified.set()

    async def _send(
        self, socket: web.WebSocketResponse, sequence: itertools.count[int], event: str, data: Any
    ) -> None:
        await socket.send_str(json.dumps({"op": 0, "t": event, "s": next(sequence), "d": data}))

    async def wait_identified(self) -> None:
        await asyncio.wait_for(self._identified.wait(), 10)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._sockets, "no client is connected to the fake gateway"
        socket, sequence = self._sockets[-1]
        await self._send(socket, sequence, event, data)

    # -- REST --------------------------------------------------------------------------------

    async def _record(self, request: web.Request) -> Received:
        body = await request.json() if request.can_read_body else None
        received = Received(request.method, request.path, dict(request.query), body)
        self.requests.append(received)
        return received

    def _planned(self, route: str) -> web.Response | None:
        if not self._failures[route]:
            return None
        failure = self._failures[route].pop(0)
        return _json(failure.body, status=failure.status, headers=failure.headers)

    async def _me(self, request: web.Request) -> web.Response:
        await self._record(request)
        if request.headers.get("Authorization") != "Bot " + TOKEN:
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        return _json(BOT_USER)

    async def _application(self, request: web.Request) -> web.Response:
        await self._record(request)
        return _json(
            {
                "id": str(APPLICATION_ID),
                "name": "Advisor",
                "description": "",
                "icon": None,
                "bot_public": True,
                "bot_require_code_grant": False,
                "owner": {**BOT_USER, "id": "1", "bot": False, "username": "owner"},
                "verify_key": "0" * 64,
                "flags": 0,
            }
        )

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        await self._record(request)
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json({"url": self.gateway_url, "shards": 1, "session_start_limit": limit})

    async def _put_commands(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        if self.refused_locales & _locales_in(received.body):
            body = {"code": 50035, "message": "Invalid Form Body", "errors": {}}
            return _json(body, status=400)
        scope = request.match_info.get("guild", "global")
        # Discord answers every command with a description; a message command's is "".
        created = [
            {
                "description": "",
                **command,
                "id": self.next_id(),
                "application_id": str(APPLICATION_ID),
                "version": "1",
            }
            for command in received.body
        ]
        self.commands[scope] = created
        return _json(created)

    async def _callback(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        held = getattr(self, "_callbacks_held", None)
        if held is not None:
            await held.wait()
        planned = self._planned("callback")
        if planned is not None:
            return planned
        interaction_id = request.match_info["id"]
        if created_seconds_ago(interaction_id) > RESPONSE_LIMIT:
            return _json({"message": "Unknown interaction", "code": 10062}, status=404)
        await self._remember(interaction_id, received)
        kind = received.body["type"]
        data = received.body.get("data") or {}
        flags = data.get("flags", 0) or 0
        interaction = {
            "id": interaction_id,
            "type": self._interaction_types.get(interaction_id, 2),
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool(flags & 64),
        }
        if kind in (4, 5, 7):
            message = self._message(data, channel_id=self._channels.get(interaction_id, "0"))
            self._messages[interaction_id] = message
            interaction["response_message_id"] = message["id"]
            return _json(
                {"interaction": interaction, "resource": {"type": kind, "message": message}}
            )
        return _json({"interaction": interaction, "resource": {"type": kind}})

    async def _followup(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        planned = self._planned("followup")
        if planned is not None:
            return planned
        interaction_id = self._tokens.get(request.match_info["token"], "")
        await self._remember(interaction_id, received)
        return _json(
            self._message(received.body or {}, channel_id=self._channels.get(interaction_id, "0"))
        )

    async def _edit(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        interaction_id = self._tokens.get(request.match_info["token"], "")
        await self._remember(interaction_id, received)
        return _json(
            self._message(received.body or {}, channel_id=self._channels.get(interaction_id, "0"))
        )

    async def _delete(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        await self._remember(self._tokens.get(request.match_info["token"], ""), received)
        return web.Response(status=204)

    async def _channel_post(self, request: web.Request) -> web.Response:
        received = await self._record(request)
        planned = self._planned("channel_post")
        if planned is not None:
            return planned
        message = self._message(received.body or {}, channel_id=request.match_info["channel"])
        self._posted.set()
        self.channel_posts.append(
            {**received.body, "id": message["id"], "channel_id": message["channel_id"]}
        )
        return _json(message)

    def _message(self, data: dict[str, Any], *, channel_id: str) -> dict[str, Any]:
        return {
            "id": self.next_id(),
            "channel_id": channel_id,
            "type": 0,
            "content": data.get("content") or "",
            "author": BOT_USER,
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "flags": data.get("flags") or 0,
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "pinned": False,
        }

    # -- interactions ------------------------------------------------------------------------

    async def _remember(self, interaction_id: str, received: Received) -> None:
        async with self._response_arrived:
            self.responses[interaction_id].append(received)
            self._response_arrived.notify_all()

    async def interact(self, payload: dict[str, Any], *, wait: float = 5.0) -> list[Received]:
        """Sends INTERACTION_CREATE; returns the callback, and the followup when deferred."""
        interaction_id = payload["id"]
        self._tokens[payload["token"]] = interaction_id
        self._channels[interaction_id] = payload["channel_id"]
        self._interaction_types[interaction_id] = payload["type"]
        await self.dispatch("INTERACTION_CREATE", payload)

        def complete() -> bool:
            got = self.responses[interaction_id]
            if not got:
                return False
            if (got[0].body or {}).get("type") != 5:
                return True
            # Deferred: done when the followup (or an edit of the placeholder) arrives.
            return any(r.method in {"POST", "PATCH"} for r in got[1:])

        async with self._response_arrived:
            await asyncio.wait_for(self._response_arrived.wait_for(complete), wait)
        return list(self.responses[interaction_id])

    async def next_channel_post(self, *, wait: float = 5.0) -> dict[str, Any]:
        """The first channel post not yet taken by this method."""
        taken = self._taken_posts
        while len(self.channel_posts) <= taken:
            self._posted.clear()
            await asyncio.wait_for(self._posted.wait(), wait)
        self._taken_posts = taken + 1
        return self.channel_posts[taken]

    def message_of(self, interaction_id: str) -> dict[str, Any] | None:
        return self._messages.get(interaction_id)


TOKEN = "NzAwMDAwMDAwMDAwMDAwMDAx.fake.token"


def guild_payload(guild_id: int) -> dict[str, Any]:
    gid = str(guild_id)
    return {
        "id": gid,
        "name": f"Guild {gid[-4:]}",
        "icon": None,
        "owner_id": "1",
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "features": [],
        "roles": [
            {
                "id": gid,
                "name": "@everyone",
                "permissions": "0",
                "position": 0,
                "color": 0,
                "hoist": False,
                "managed": False,
                "mentionable": False,
                "flags": 0,
            },
            {
                "id": bot_role_id_for(guild_id),
                "name": "Advisor",
                "permissions": str(BOT_PERMISSIONS),
                "position": 1,
                "color": 0,
                "hoist": False,
                "managed": True,
                "mentionable": False,
                "flags": 0,
                "tags": {"bot_id": str(APPLICATION_ID)},
            },
        ],
        "emojis": [],
        "stickers": [],
        "channels": [
            {
                "id": channel_id_for(guild_id),
                "type": 0,
                "name": "general",
                "position": 0,
                "guild_id": gid,
                "permission_overwrites": [],
                "nsfw": False,
            },
            {
                "id": read_only_channel_id_for(guild_id),
                "type": 0,
                "name": "announcements",
                "position": 1,
                "guild_id": gid,
                "permission_overwrites": [
                    # type 0: a role; deny Send Messages and Embed Links to the bot's role.
                    {
                        "id": bot_role_id_for(guild_id),
                        "type": 0,
                        "allow": "0",
                        "deny": str((1 << 11) | (1 << 14)),
                    }
                ],
                "nsfw": False,
            },
        ],
        # Without the members intent Discord still sends the bot's own member.
        "members": [
            {
                "user": BOT_USER,
                "roles": [bot_role_id_for(guild_id)],
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "pending": False,
            }
        ],
        "threads": [],
        "presences": [],
        "voice_states": [],
        "member_count": 2,
        "large": False,
        "unavailable": False,
        "joined_at": TIMESTAMP,
    }


def channel_id_for(guild_id: int) -> str:
    return str(guild_id + 1)


def read_only_channel_id_for(guild_id: int) -> str:
    """#announcements, where the bot may read but neither post nor embed links."""
    return str(guild_id + 2)


def bot_role_id_for(guild_id: int) -> str:
    return str(guild_id + 3)


def created_seconds_ago(snowflake: str) -> float:
    return time.time() - ((int(snowflake) >> 22) + DISCORD_EPOCH_MS) / 1000
