"""A person in a Slack workspace, as Slack would deliver what they do to the bot: signed HTTP
requests to /slack/events, or envelopes over the fake's Socket Mode connection.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp

from tests.slack.fake_slack import BOT_USER, FakeSlack, Post

SIGNING_SECRET = "test-signing-secret"
_ids = itertools.count(1)


def sign(
    body: str, *, secret: str = SIGNING_SECRET, timestamp: int | None = None
) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


@dataclass
class Delivery:
    status: int
    body: str

    def json(self) -> dict[str, Any]:
        return dict(json.loads(self.body)) if self.body else {}


class SlackPerson:
    """`await alice.mention("do I need lots of followers?")`, then read `fake.posts`."""

    def __init__(
        self,
        *,
        fake: FakeSlack,
        http: aiohttp.ClientSession | None,
        events_url: str | None,
        team: str,
        user: str = "U_ALICE",
        channel: str = "C_GENERAL",
        socket: bool = False,
    ) -> None:
        self.fake = fake
        self.http = http
        self.events_url = events_url
        self.team = team
        self.user = user
        self.channel = channel
        self.socket = socket

    # -- what a person does ------------------------------------------------------------

    async def mention(
        self, text: str, *, event_id: str | None = None, thread_ts: str | None = None
    ) -> Delivery:
        event: dict[str, Any] = {
            "type": "app_mention",
            "user": self.user,
            "text": f"<@{BOT_USER}> {text}",
            "ts": _ts(),
            "channel": self.channel,
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        return await self.event(event, event_id=event_id)

    async def dm(self, text: str, *, event_id: str | None = None) -> Delivery:
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": f"D_{self.user}",
            "user": self.user,
            "text": text,
            "ts": _ts(),
        }
        return await self.event(event, event_id=event_id)

    async def open_assistant(
        self, *, thread_ts: str = "1700000100.000100", event_id: str | None = None
    ) -> Delivery:
        """Opens the app's assistant side panel: Slack starts a thread in the bot's DM."""
        event = {
            "type": "assistant_thread_started",
            "assistant_thread": {
                "user_id": self.user,
                "context": {"channel_id": self.channel, "team_id": self.team},
                "channel_id": f"D_{self.user}",
                "thread_ts": thread_ts,
            },
            "event_ts": _ts(),
        }
        return await self.event(event, event_id=event_id)

    async def dm_in_thread(self, text: str, *, thread_ts: str = "1700000100.000100") -> Delivery:
        """A message in a thread of the bot's DM: the assistant panel's, or any DM thread."""
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": f"D_{self.user}",
            "user": self.user,
            "text": text,
            "ts": _ts(),
            "thread_ts": thread_ts,
            "parent_user_id": BOT_USER,
        }
        return await self.event(event)

    async def open_home(self) -> Delivery:
        event = {
            "type": "app_home_opened",
            "user": self.user,
            "channel": f"D_{self.user}",
            "tab": "home",
        }
        return await self.event(event)

    async def command(self, text: str) -> Delivery:
        form = {
            "token": "legacy",
            "team_id": self.team,
            "team_domain": self.team.lower(),
            "channel_id": self.channel,
            "channel_name": "general",
            "user_id": self.user,
            "user_name": self.user.lower(),
            "command": "/advisor",
            "text": text,
            "api_app_id": "A1",
            "response_url": self.fake.response_url(self.team, self.channel, self.user),
            "trigger_id": f"trigger-{next(_ids)}",
        }
        if self.socket:
            return await self._envelope("slash_commands", form)
        return await self.deliver(urlencode(form), content_type="application/x-www-form-urlencoded")

    async def click(self, post: Post, action_id: str) -> Delivery:
        button = post.button(action_id)
        payload = {
            "type": "block_actions",
            "team": {"id": self.team, "domain": self.team.lower()},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A1",
            "trigger_id": f"trigger-{next(_ids)}",
            "container": {
                "type": "message" if post.ts else "view",
                "message_ts": post.ts,
                "channel_id": post.channel,
                "thread_ts": post.thread_ts,
                "is_ephemeral": post.ephemeral,
            },
            "channel": {"id": post.channel},
            "message": {"ts": post.ts, "thread_ts": post.thread_ts, "blocks": post.blocks},
            "response_url": self.fake.response_url(self.team, post.channel, self.user),
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "advisor_answer",
                    "value": button.get("value", ""),
                    "action_ts": _ts(),
                }
            ],
        }
        return await self.interact(payload)

    async def click_in_view(self, view: dict[str, Any], action_id: str) -> Delivery:
        element = next(
            e
            for block in view["blocks"]
            for e in block.get("elements", [])
            if e.get("action_id") == action_id
        )
        payload = {
            "type": "block_actions",
            "team": {"id": self.team},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A1",
            "trigger_id": f"trigger-{next(_ids)}",
            "container": {"type": "view", "view_id": "V1"},
            "view": {"id": "V1", "type": "home", "team_id": self.team},
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b",
                    "value": element.get("value", ""),
                }
            ],
        }
        return await self.interact(payload)

    async def submit_profile(self, view: dict[str, Any], values: dict[str, Any]) -> Delivery:
        """Submits the profile modal `view` with `values` as block_id -> element state."""
        state = {block_id: {"value": value} for block_id, value in values.items()}
        payload = {
            "type": "view_submission",
            "team": {"id": self.team},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A1",
            "trigger_id": f"trigger-{next(_ids)}",
            "view": {
                "id": "V2",
                "type": "modal",
                "team_id": self.team,
                "callback_id": view["callback_id"],
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view["blocks"],
                "state": {"values": state},
            },
        }
        return await self.interact(payload)

    async def message_shortcut(
        self,
        callback_id: str,
        text: str,
        *,
        ts: str | None = None,
        thread_ts: str | None = None,
        author: str = "U_BOB",
        attachments: list[dict[str, Any]] | None = None,
    ) -> Delivery:
        """ "…" on someone's message in this person's channel, then a message shortcut."""
        message: dict[str, Any] = {"type": "message", "user": author, "text": text}
        if attachments is not None:
            message["attachments"] = attachments
        message["ts"] = ts or _ts()
        if thread_ts:
            message["thread_ts"] = thread_ts
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "team": {"id": self.team, "domain": self.team.lower()},
            "user": {"id": self.user, "team_id": self.team},
            "channel": {"id": self.channel, "name": "general"},
            "message": message,
            "message_ts": message["ts"],
            "action_ts": _ts(),
            "api_app_id": "A1",
            "trigger_id": f"trigger-{next(_ids)}",
            "response_url": self.fake.response_url(self.team, self.channel, self.user),
        }
        return await self.interact(payload)

    async def submit_view(self, view: dict[str, Any], values: dict[str, Any]) -> Delivery:
        """Submits modal `view` with `values` as block_id -> {action_id: element state}."""
        payload = {
            "type": "view_submission",
            "team": {"id": self.team},
            "user": {"id": self.user, "team_id": self.team},
            "api_app_id": "A1",
            "trigger_id": f"trigger-{next(_ids)}",
            "view": {
                "id": "V3",
                "type": "modal",
                "team_id": self.team,
                "callback_id": view["callback_id"],
                "private_metadata": view.get("private_metadata", ""),
                "blocks": view["blocks"],
                "state": {"values": values},
            },
        }
        return await self.interact(payload)

    # -- how Slack delivers it ---------------------------------------------------------

    async def event(self, event: dict[str, Any], *, event_id: str | None = None) -> Delivery:
        body = {
            "token": "legacy",
            "team_id": self.team,
            "api_app_id": "A1",
            "event": {"event_ts": event.get("ts", _ts()), **event},
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_ids):08d}",
            "event_time": int(time.time()),
            "authorizations": [{"team_id": self.team, "user_id": BOT_USER, "is_bot": True}],
        }
        if self.socket:
            return await self._envelope("events_api", body)
        return await self.deliver(json.dumps(body), content_type="application/json")

    async def interact(self, payload: dict[str, Any]) -> Delivery:
        if self.socket:
            return await self._envelope("interactive", payload)
        form = urlencode({"payload": json.dumps(payload)})
        return await self.deliver(form, content_type="application/x-www-form-urlencoded")

    async def deliver(
        self, body: str, *, content_type: str, headers: dict[str, str] | None = None
    ) -> Delivery:
        assert self.http is not None
        assert self.events_url is not None
        sent = {"Content-Type": content_type, **(sign(body) if headers is None else headers)}
        async with self.http.post(self.events_url, data=body.encode(), headers=sent) as response:
            return Delivery(response.status, await response.text())

    async def _envelope(self, kind: str, payload: dict[str, Any]) -> Delivery:
        envelope = await self.fake.send_envelope(kind, payload)
        await asyncio.wait_for(envelope.acked.wait(), 5)
        ack = envelope.ack or {}
        return Delivery(200, json.dumps(ack.get("payload") or {}))


def _ts() -> str:
    return f"{time.time():.6f}"
