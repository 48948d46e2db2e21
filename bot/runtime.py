"""The contract between the core and each chat-platform adapter (docs/adapters.md).

A platform package registers an `Adapter` under the `value_advisor.adapters` entry point
(pyproject.toml); `bot.discovery` finds it. The core names no adapter: settings, `run`,
`doctor` and the CLI learn everything about a platform from its `Adapter`.

`run` asks every enabled adapter for an `AdapterRuntime`, collects their HTTP routes (plain
values, bot/http.py) onto one server with /healthz, /readyz and /metrics (the `WebHost` found
through the `value_advisor.web` entry point), starts them, registers their reminder
posters, waits for SIGTERM/SIGINT, then stops them in reverse order. With no platform
configured it hands the terminal to the adapter that offers one (`interactive`).

`Adapter` carries defaults for the optional parts: an adapter subclasses it and overrides what
it offers. Importing the registered object must stay cheap (no platform library): the CLI and
settings load it on every start, the platform's library is imported only by the methods that
need it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from pydantic_settings import BaseSettings

    from bot.app import Core
    from bot.doctor import Check
    from bot.http import Route
    from bot.metrics import AdapterMetrics
    from bot.reminders.ports import ReminderPoster
    from bot.settings import Settings


class AdapterRuntime(Protocol):
    """One running platform connection, as the runner drives it."""

    name: str

    def http_routes(self) -> Sequence[Route]:
        """Routes to serve on the shared HTTP server; empty when the adapter needs none."""
        ...

    def set_metrics(self, metrics: AdapterMetrics) -> None:
        """Called before start: count failed platform calls, show the work queue."""
        ...

    async def start(self) -> None:
        """Connects (websocket, gateway); returns once running in the background."""
        ...

    def reminder_poster(self) -> ReminderPoster | None:
        """Called after start (a poster may need the live client); None: no reminders here."""
        ...

    async def stop(self) -> None:
        """Stops intake, lets in-flight work finish, closes connections."""
        ...

    def is_ready(self) -> bool:
        """Connected and able to answer (for /readyz)."""
        ...


@dataclass(frozen=True)
class AdapterCommand:
    """`python -m bot WORD …`: everything after the word is the adapter's (--help included)."""

    help: str
    main: Callable[[Sequence[str]], int]


class Adapter(Protocol):
    """What a platform registers under the `value_advisor.adapters` entry point."""

    # Its label in logs, metrics, stored workspaces and `run`'s choice ("slack").
    name: ClassVar[str]
    # For people: doctor's report, settings messages ("Slack").
    title: ClassVar[str]
    # Its settings area, loaded with the core's so one start-up reports every problem at once;
    # None when it reads no setting.
    settings_model: ClassVar[type[BaseSettings] | None] = None
    # VARIABLE -> how to fix it, appended to a settings error ("Set it to …").
    setting_hints: ClassVar[Mapping[str, str]] = {}
    # The placeholders .env.example shows: doctor fails when one was copied as it is.
    example_values: ClassVar[Mapping[str, str]] = {}
    # Offers a conversation in the terminal: what `run` starts when no platform is configured.
    interactive: ClassVar[bool] = False

    def enabled(self, settings: Settings) -> bool:
        """Its credentials are set: `run` starts it."""
        return False

    def create_runtime(self, settings: Settings, core: Core) -> AdapterRuntime:
        raise NotImplementedError(f"{self.title} has no runtime")

    async def converse(self, core: Core, *, workspace_id: str) -> int:
        """The terminal conversation (for `interactive` adapters); its exit code."""
        raise NotImplementedError(f"{self.title} offers no terminal conversation")

    def secrets(self, settings: Settings) -> list[str]:
        """Values the log filter redacts verbatim: every SecretStr of its settings area."""
        from pydantic import SecretStr

        area = settings.adapters.get(self.name)
        if area is None:
            return []
        values = [value for value in vars(area).values() if isinstance(value, SecretStr)]
        return [value.get_secret_value() for value in values if value.get_secret_value()]

    def describe(self, settings: Settings) -> str:
        """Doctor's words for what `run` would start ("Slack (Socket Mode)")."""
        return self.title

    def needs_http(self, settings: Settings) -> bool:
        """Doctor: `run` would serve routes for it (so listen on HTTP_PORT)."""
        return False

    async def check_online(self, settings: Settings) -> Check | None:
        """`doctor --online`: the credentials, tried against the platform; None: nothing to try."""
        return None

    def channel_reference(self, channel_id: str) -> str:
        """How a reply names a channel (reminder lists): a link where the platform shows one
        without notifying anyone."""
        return f"#{channel_id}"

    def user_reference(self, user_id: str) -> str:
        """How a reply names a person (who paused a reminder), never a ping."""
        return user_id

    def cli_commands(self) -> Mapping[str, AdapterCommand]:
        """Operator commands it adds to `python -m bot`."""
        return {}

    def env_section(self) -> str:
        """Its part of .env.example (bot/env_example.py): every variable of `settings_model`
        with a comment and its default. By default the `settings.env` file beside the module
        that defines `settings_model`; '' when it reads no setting."""
        if self.settings_model is None:
            return ""
        module = sys.modules[self.settings_model.__module__]
        if module.__file__ is None:
            return ""
        beside = Path(module.__file__).with_name("settings.env")
        return beside.read_text(encoding="utf-8") if beside.is_file() else ""
