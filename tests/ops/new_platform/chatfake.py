"""ChatFake: a whole chat-platform adapter that lives outside this project's packages.

tests/ops/test_new_platform.py installs it as a distribution of its own (a folder on sys.path
with an `entry_points.txt`), exactly as a third-party package would be, and talks to the bot
through it. Nothing in bot/ names it: that is the point.

The "platform" is plain HTTP: POST /chatfake/messages {"team", "user", "text"} answers
{"text"}; reminder posts are kept and shown on GET /chatfake/posts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import ClassVar

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings

from bot.advisor import Asker
from bot.app import Core
from bot.doctor import Check
from bot.http import HttpRequest, HttpResponse, Route, get, post
from bot.metrics import AdapterMetrics
from bot.profiles import WorkspaceKey
from bot.reminders.ports import ReminderPost
from bot.render_text import render_full, render_plain
from bot.replies import Answer
from bot.runtime import Adapter, AdapterCommand, AdapterRuntime
from bot.settings import SETTINGS_CONFIG, Settings, blank_to_none

log = logging.getLogger(__name__)
RUNNING: list[ChatFakeRuntime] = []  # for the in-process test: the runtime the runner made


# Its part of .env.example (`python -m bot env-example`), kept with the adapter.
ENV_SECTION = """\
# ---------------------------------------------------------------------------------------------
# ChatFake (leave CHATFAKE_TOKEN blank to not start ChatFake)
# ---------------------------------------------------------------------------------------------

# The bot's token from ChatFake's developer page. Starts with cf-.
CHATFAKE_TOKEN=
"""


class ChatFakeSettings(BaseSettings):
    model_config = SETTINGS_CONFIG

    chatfake_token: SecretStr | None = None

    @field_validator("chatfake_token", mode="before")
    @classmethod
    def _blank(cls, value: object) -> object:
        return blank_to_none(value)

    @field_validator("chatfake_token")
    @classmethod
    def _prefix(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("cf-"):
            raise ValueError("must be a ChatFake token starting with 'cf-'")
        return value


class ChatFakeRuntime:
    name = "chatfake"

    def __init__(self, core: Core, token: str) -> None:
        self.core = core
        self.token = token
        self.accepting = False
        self.posts: list[dict[str, str]] = []
        self.metrics: AdapterMetrics | None = None

    def http_routes(self) -> Sequence[Route]:
        return [post("/chatfake/messages", self._message), get("/chatfake/posts", self._posted)]

    def set_metrics(self, metrics: AdapterMetrics) -> None:
        self.metrics = metrics

    async def start(self) -> None:
        # A careless log line: the runner's redaction must still hide the adapter's secret.
        log.warning("chatfake: the platform greeted %s", self.token)
        self.accepting = True

    def reminder_poster(self) -> ChatFakeRuntime:
        return self

    async def stop(self) -> None:
        self.accepting = False

    def is_ready(self) -> bool:
        return self.accepting

    async def _message(self, request: HttpRequest) -> HttpResponse:
        data = json.loads(request.body)
        asker = Asker(
            WorkspaceKey(self.name, data["team"]),
            user_id=data["user"],
            channel_id=data.get("channel"),
            is_admin=bool(data.get("admin")),
        )
        reply = await self.core.commands.handle(asker, data["text"])
        # No length limit on this platform: an answer is shown whole, the rest as plain text.
        text = render_full(reply) if isinstance(reply, Answer) else render_plain(reply)
        return HttpResponse.json({"text": text})

    async def _posted(self, _: HttpRequest) -> HttpResponse:
        return HttpResponse.json(self.posts)

    # ReminderPoster
    async def post_reminder(
        self, workspace: WorkspaceKey, channel_id: str, post: ReminderPost, *, idempotency_key: str
    ) -> str:
        self.posts.append(
            {"team": workspace.workspace_id, "channel": channel_id, "myth": post.myth_id}
        )
        return f"m{len(self.posts)}"

    async def find_posted(
        self, workspace: WorkspaceKey, channel_id: str, *, idempotency_key: str, since: datetime
    ) -> str | None:
        return None


class ChatFakeAdapter(Adapter):
    name = "chatfake"
    title = "ChatFake"
    settings_model = ChatFakeSettings
    setting_hints: ClassVar = {"CHATFAKE_TOKEN": "the token from ChatFake's developer page"}
    example_values: ClassVar = {"CHATFAKE_TOKEN": "cf-paste-yours-here"}

    def enabled(self, settings: Settings) -> bool:
        return settings.area(self.name, ChatFakeSettings).chatfake_token is not None

    def create_runtime(self, settings: Settings, core: Core) -> AdapterRuntime:
        token = settings.area(self.name, ChatFakeSettings).chatfake_token
        assert token is not None
        RUNNING.append(ChatFakeRuntime(core, token.get_secret_value()))
        return RUNNING[-1]

    def describe(self, settings: Settings) -> str:
        return "ChatFake (HTTP)"

    def env_section(self) -> str:
        # One module, no package folder for a settings.env file: the text itself.
        return ENV_SECTION

    def needs_http(self, settings: Settings) -> bool:
        return self.enabled(settings)

    def channel_reference(self, channel_id: str) -> str:
        return f"[[channel {channel_id}]]"  # this platform's own link syntax

    async def check_online(self, settings: Settings) -> Check | None:
        return Check("chatfake token", "ok", "accepted by ChatFake")

    def cli_commands(self) -> Mapping[str, AdapterCommand]:
        return {"chatfake": AdapterCommand("ChatFake operator commands: hello", _operator)}


def _operator(argv: Sequence[str]) -> int:
    print(f"chatfake operator: {' '.join(argv) or 'nothing asked'}")
    return 0
