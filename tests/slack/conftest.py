"""The real bolt app, served on 127.0.0.1, talking to the fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.discord.settings import DiscordSettings
from adapters.slack.runtime import SlackRuntime, create_runtime
from adapters.slack.settings import SlackSettings
from bot.app import Core, build_matcher, open_core
from bot.http import HttpLimits, WebHost
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.settings import CoreSettings, HttpSettings, ReminderSettings, Settings
from bot.storage import DatabaseTarget
from tests.serving import start_serving
from tests.slack.driver import SIGNING_SECRET, SlackPerson
from tests.slack.fake_slack import FakeSlack

TEAM_A = "T_A"
TEAM_B = "T_B"
ADMIN = "U_ADMIN"


@pytest.fixture(autouse=True)
def _no_slack_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # bolt reads SLACK_* by itself (client id + secret turn OAuth on): tests decide everything.
    import os

    for name in list(os.environ):
        if name.startswith("SLACK_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def trained() -> tuple[KnowledgeBase, Matcher]:
    # The matcher trains once and caches its model in data/cache (ignored by git).
    return build_matcher(cache_dir=Path("data/cache"))


@pytest.fixture(scope="session")
def knowledge(trained: tuple[KnowledgeBase, Matcher]) -> KnowledgeBase:
    return trained[0]


@pytest.fixture(scope="session")
def matcher(trained: tuple[KnowledgeBase, Matcher]) -> Matcher:
    return trained[1]


@pytest.fixture
def database_target(tmp_path: Path) -> DatabaseTarget:
    """Where the core and the installation store keep their data; a module may override it
    to run on both backends (test_slack_workspaces.py)."""
    return DatabaseTarget.of(tmp_path / "advisor.sqlite3")


@pytest.fixture
async def core(
    database_target: DatabaseTarget, knowledge: KnowledgeBase, matcher: Matcher
) -> AsyncIterator[Core]:
    async with open_core(database_target, knowledge=knowledge, matcher=matcher) as c:
        yield c


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack(admins={ADMIN})
    await slack.start()
    yield slack
    await slack.close()


def make_settings(
    tmp_path: Path,
    fake: FakeSlack,
    *,
    grace: float = 5,
    database: DatabaseTarget | None = None,
    **slack: Any,
) -> Settings:
    url = database.url if database is not None else None
    return Settings(
        core=CoreSettings(
            _env_file=None,  # type: ignore[call-arg]
            database_path=tmp_path / "advisor.sqlite3",
            database_url=SecretStr(url) if url else None,
            shutdown_grace_seconds=grace,
        ),
        http=HttpSettings(_env_file=None),  # type: ignore[call-arg]
        slack=SlackSettings(_env_file=None, slack_api_url=fake.api_url, **slack),  # type: ignore[call-arg]
        discord=DiscordSettings(_env_file=None),  # type: ignore[call-arg]
        reminders=ReminderSettings(_env_file=None),  # type: ignore[call-arg]
    )


class Served:
    """A runtime started and, when it has routes, served on 127.0.0.1."""

    def __init__(self, runtime: SlackRuntime, host: WebHost | None, url: str | None) -> None:
        self.runtime = runtime
        self.host = host
        self.url = url

    @property
    def events_url(self) -> str | None:
        return f"{self.url}/slack/events" if self.url else None


ServeFactory = Callable[..., Awaitable[Served]]


@pytest.fixture
async def serve(
    tmp_path: Path, fake: FakeSlack, core: Core, database_target: DatabaseTarget
) -> AsyncIterator[ServeFactory]:
    started: list[Served] = []

    async def start(*, grace: float = 5, limits: HttpLimits | None = None, **slack: Any) -> Served:
        limits = limits or HttpLimits()
        settings = make_settings(tmp_path, fake, grace=grace, database=database_target, **slack)
        runtime = create_runtime(settings, core)
        await runtime.start()
        routes = runtime.http_routes()
        host: WebHost | None = None
        url = None
        if routes:
            # Served as `run` serves it: by the installed WebHost, within the HTTP limits.
            listening = await start_serving(routes, limits=limits)
            host, url = listening.host, listening.url
        served = Served(runtime, host, url)
        started.append(served)
        return served

    yield start
    for served in reversed(started):
        if served.host is not None:
            await served.host.stop()
        await served.runtime.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def bot(serve: ServeFactory) -> Served:
    """HTTP mode, one workspace (TEAM_A)."""
    return await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_signing_secret=SIGNING_SECRET)


@pytest.fixture
def alice(fake: FakeSlack, http: aiohttp.ClientSession, bot: Served) -> SlackPerson:
    return SlackPerson(fake=fake, http=http, events_url=bot.events_url, team=TEAM_A)


@pytest.fixture
def admin(fake: FakeSlack, http: aiohttp.ClientSession, bot: Served) -> SlackPerson:
    return SlackPerson(fake=fake, http=http, events_url=bot.events_url, team=TEAM_A, user=ADMIN)
