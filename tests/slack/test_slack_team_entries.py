"""Team entries from Slack: an admin fills the form (from `/advisor knowledge add` or App Home),
the workspace's questions find the entry, another workspace's do not; members are refused."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.app import Core
from bot.profiles import WorkspaceKey
from bot.storage import DatabaseTarget
from tests.slack.conftest import ADMIN, TEAM_A, TEAM_B, Served, ServeFactory
from tests.slack.driver import SIGNING_SECRET, SlackPerson
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_slack_workspaces import install, person

EXAMPLES = (
    "When is the best time to post?\nwhat time should we tweet\n"
    "best time to post on linkedin for us\nwhich day should we publish"
)


def filled(
    *,
    title: str = "When we post",
    answer: str = "We post on weekday mornings, between 8 and 10. Our customers read before work.",
    examples: str = EXAMPLES,
    languages: tuple[str, ...] = ("en",),
) -> dict[str, Any]:
    """The form's state as Slack sends it on submit: block id -> {action id: value}."""
    return {
        "title": {"value": {"type": "plain_text_input", "value": title}},
        "answer": {"value": {"type": "plain_text_input", "value": answer}},
        "examples": {"value": {"type": "plain_text_input", "value": examples}},
        "languages": {
            "value": {"type": "checkboxes", "selected_options": [{"value": v} for v in languages]}
        },
    }


async def open_form(who: SlackPerson, fake: FakeSlack, typed: str) -> dict[str, Any]:
    count = len(fake.views) + 1
    delivery = await who.command(typed)
    assert delivery.status == 200
    view = (await fake.wait_for_views(count))[-1]
    assert view["method"] == "views.open"
    return view


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


async def test_an_admins_entry_answers_in_that_workspace_only(
    fake: FakeSlack, http: aiohttp.ClientSession, distributed: Served, core: Core
) -> None:
    await install(http, distributed, TEAM_A)
    await install(http, distributed, TEAM_B)
    admin = person(fake, http, distributed, TEAM_A, user=ADMIN)
    form = await open_form(admin, fake, "knowledge add")
    assert form["callback_id"] == "advisor_team_entry"

    saved = await admin.submit_view(form, filled())

    assert saved.json()["response_action"] == "update"
    assert "Added the entry when-we-post: When we post" in str(saved.json()["view"])
    await core.team.knowledge_for(WorkspaceKey("slack", TEAM_A))  # the retraining, done
    await person(fake, http, distributed, TEAM_A).mention("best time to tweet?")
    [ours] = await fake.wait_for_posts(1)
    await person(fake, http, distributed, TEAM_B).mention("best time to tweet?")
    theirs = (await fake.wait_for_posts(2))[-1]
    assert ours.team == TEAM_A
    assert "weekday mornings" in ours.everything
    assert theirs.team == TEAM_B
    assert "weekday mornings" not in theirs.everything


async def test_a_mistake_is_shown_under_its_field_and_nothing_is_saved(
    admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    form = await open_form(admin, fake, "knowledge add")

    few = await admin.submit_view(form, filled(examples="best time to tweet?\nwhen do we post"))
    untitled = await admin.submit_view(form, filled(title="  "))
    no_language = await admin.submit_view(form, filled(languages=()))

    assert few.json()["response_action"] == "errors"
    assert list(few.json()["errors"]) == ["examples"]
    assert "3 to 20 example questions, one per line" in few.json()["errors"]["examples"]
    assert list(untitled.json()["errors"]) == ["title"]
    assert list(no_language.json()["errors"]) == ["languages"]
    assert await core.team.entries(WorkspaceKey("slack", TEAM_A)) == []


async def test_app_home_offers_admins_the_form(admin: SlackPerson, fake: FakeSlack) -> None:
    await admin.open_home()
    [home] = await fake.wait_for_views(1)

    await admin.click_in_view(home, "advisor_add_team_entry")

    form = (await fake.wait_for_views(2))[-1]
    assert form["method"] == "views.open"
    assert form["callback_id"] == "advisor_team_entry"
    assert [block["block_id"] for block in form["blocks"][1:]] == [
        "title",
        "answer",
        "examples",
        "languages",
    ]


async def test_a_member_is_refused_politely(
    alice: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    await alice.open_home()
    [home] = await fake.wait_for_views(1)
    refusal = await open_form(alice, fake, "knowledge add")
    # A forged submission (the form never offered to them) is refused too.
    forged = await alice.submit_view({"callback_id": "advisor_team_entry", "blocks": []}, filled())

    assert "advisor_add_team_entry" not in str(home["blocks"])
    assert "submit" not in refusal
    assert "Only workspace admins" in str(refusal["blocks"])
    assert forged.json()["response_action"] == "errors"
    assert "Only workspace admins" in forged.json()["errors"]["title"]
    assert await core.team.entries(WorkspaceKey("slack", TEAM_A)) == []
