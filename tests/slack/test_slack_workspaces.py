"""Many workspaces through OAuth: installs, isolation of profiles and feedback, uninstall.

Run on both backends: the installation store lives in the same database as the core's data,
SQLite or PostgreSQL.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from typing import Any

import aiohttp
import pytest

from bot.app import Core
from bot.profiles import WorkspaceKey
from bot.storage import DatabaseTarget
from tests.slack.conftest import ADMIN, TEAM_A, TEAM_B, Served, ServeFactory
from tests.slack.driver import SIGNING_SECRET, SlackPerson
from tests.slack.fake_slack import FakeSlack


class RecordingReminders:
    def __init__(self) -> None:
        self.stopped: list[WorkspaceKey] = []

    async def stop_workspace(self, workspace: WorkspaceKey) -> None:
        self.stopped.append(workspace)


@pytest.fixture
def database_target(any_backend: DatabaseTarget) -> DatabaseTarget:
    return any_backend


@pytest.fixture
async def distributed(serve: ServeFactory) -> Served:
    return await serve(
        slack_client_id="111.222",
        slack_client_secret="client-secret",
        slack_signing_secret=SIGNING_SECRET,
    )


async def install(http: aiohttp.ClientSession, served: Served, team: str) -> None:
    """Walks the OAuth flow as a browser would: install page, then Slack's redirect back."""
    async with http.get(f"{served.url}/slack/install") as page:
        assert page.status == 200
        html = await page.text()
        cookie = SimpleCookie()
        for header in page.headers.getall("Set-Cookie"):
            cookie.load(header)
    state = re.search(r"state=([\w-]+)", html)
    assert state is not None
    cookies = "; ".join(f"{k}={v.value}" for k, v in cookie.items())
    async with http.get(
        f"{served.url}/slack/oauth_redirect",
        params={"code": f"code-{team}", "state": state.group(1)},
        headers={"Cookie": cookies},
    ) as done:
        assert done.status == 200, await done.text()


def person(
    fake: FakeSlack, http: aiohttp.ClientSession, served: Served, team: str, **kw: Any
) -> SlackPerson:
    return SlackPerson(fake=fake, http=http, events_url=served.events_url, team=team, **kw)


async def test_an_installed_workspace_is_answered_with_its_own_token(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served
) -> None:
    await install(http, distributed, TEAM_A)

    await person(fake, http, distributed, TEAM_A).mention("do I need lots of followers?")

    [answer] = await fake.wait_for_posts(1)
    assert answer.team == TEAM_A


async def test_a_workspace_that_never_installed_gets_nothing(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served
) -> None:
    await person(fake, http, distributed, "T_STRANGER").mention("do I need lots of followers?")

    await fake.settle()
    assert fake.posts == []


async def test_two_workspaces_never_see_each_others_profile_or_feedback(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served, core: Core
) -> None:
    await install(http, distributed, TEAM_A)
    await install(http, distributed, TEAM_B)
    admin_a = person(fake, http, distributed, TEAM_A, user=ADMIN)
    bob_b = person(fake, http, distributed, TEAM_B, user="U_BOB")

    await admin_a.command("profile set goal=leads followers=800 platforms=instagram")
    await fake.wait_for_posts(1)
    await admin_a.mention("do I need lots of followers?")
    await bob_b.mention("do I need lots of followers?")
    _, *answers = await fake.wait_for_posts(3)
    # The two workspaces' answers may finish in either order: each is found by its team.
    assert sorted(answer.team for answer in answers) == sorted([TEAM_A, TEAM_B])
    answer_a = next(answer for answer in answers if answer.team == TEAM_A)
    answer_b = next(answer for answer in answers if answer.team == TEAM_B)
    await admin_a.click(answer_a, "advisor_vote_up")
    await fake.wait_for_posts(4)

    assert "More · for your team" in answer_a.everything
    assert "for your team" not in answer_b.everything
    assert await core.advisor.profile(WorkspaceKey("slack", TEAM_B)) is None
    assert await core.store.feedback_counts(WorkspaceKey("slack", TEAM_B)) == {}
    assert await core.store.feedback_counts(WorkspaceKey("slack", TEAM_A)) != {}


async def test_uninstalling_removes_the_tokens_and_stops_the_reminders(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served, core: Core
) -> None:
    reminders = RecordingReminders()
    core.reminders = reminders  # type: ignore[assignment]
    await install(http, distributed, TEAM_B)
    bob = person(fake, http, distributed, TEAM_B, user="U_BOB")

    delivery = await bob.event({"type": "app_uninstalled"})
    assert delivery.status == 200
    await fake.settle()
    await bob.mention("do I need lots of followers?")

    await fake.settle()
    assert fake.posts == []
    assert reminders.stopped == [WorkspaceKey("slack", TEAM_B)]
    installations = distributed.runtime.installations
    assert installations is not None
    assert await installations.bot_token(TEAM_B) is None


async def test_revoked_bot_tokens_are_forgotten(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served, core: Core
) -> None:
    reminders = RecordingReminders()
    core.reminders = reminders  # type: ignore[assignment]
    await install(http, distributed, TEAM_A)
    installations = distributed.runtime.installations
    assert installations is not None
    assert await installations.bot_token(TEAM_A) == f"xoxb-oauth-{TEAM_A}"

    await person(fake, http, distributed, TEAM_A).event(
        {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    )

    await fake.settle()
    assert await installations.bot_token(TEAM_A) is None
    assert reminders.stopped == [WorkspaceKey("slack", TEAM_A)]
