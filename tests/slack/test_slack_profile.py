"""App Home and the profile form."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.admins import AdminDirectory
from bot.app import Core
from bot.profiles import WorkspaceKey
from tests.slack.conftest import TEAM_A, Served
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


def _option(value: str) -> dict[str, Any]:
    return {"selected_option": {"value": value, "text": {"type": "plain_text", "text": value}}}


async def _open_form(
    person: SlackPerson, fake: FakeSlack, typed: str = "profile"
) -> dict[str, Any]:
    count = len(fake.views) + 1
    delivery = await person.command(typed)
    assert delivery.status == 200
    view = (await fake.wait_for_views(count))[-1]
    assert view["method"] == "views.open"
    return view


async def test_app_home_shows_the_profile_the_myths_and_an_edit_button(
    admin: SlackPerson, fake: FakeSlack
) -> None:
    await admin.open_home()

    [home] = await fake.wait_for_views(1)
    assert home["method"] == "views.publish"
    assert home["user"] == "U_ADMIN"
    assert home["type"] == "home"
    text = str(home["blocks"])
    assert "advisor_edit_profile" in text
    assert "/advisor profile set platforms=instagram,linkedin goal=leads" in text
    myth_sections = [
        b for b in home["blocks"] if b["type"] == "section" and "*" in b["text"]["text"]
    ]
    assert len(myth_sections) >= 8


async def test_an_admin_saves_the_profile_from_the_form(
    admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    form = await _open_form(admin, fake)
    assert form["callback_id"] == "advisor_profile"

    delivery = await admin.submit_profile(
        form,
        {
            "platforms": {"selected_options": [{"value": "instagram"}, {"value": "linkedin"}]},
            "platforms_more": {"selected_options": [{"value": "threads"}]},
            "goal": _option("leads"),
            "followers": {"value": "1200"},
            "engagement_rate": {"value": "2.5"},
            "blogs": _option("yes"),
            "value_style": _option("how_tos"),
            "language": _option("en"),
            "timezone": {"value": "Asia/Riyadh"},
            "audience": {"value": "dentists in Jeddah"},
        },
    )

    assert delivery.status == 200
    assert delivery.body == ""  # closes the modal
    profile = await core.advisor.profile(WorkspaceKey("slack", "T_A"))
    assert profile is not None
    assert profile.platforms == ["instagram", "linkedin", "threads"]
    assert profile.followers == 1200
    assert profile.timezone == "Asia/Riyadh"
    home = (await fake.wait_for_views(2))[-1]
    assert home["method"] == "views.publish"
    assert "dentists in Jeddah" in str(home["blocks"])


async def test_a_bad_value_comes_back_as_an_inline_error(
    admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    form = await _open_form(admin, fake)

    bad_zone = await admin.submit_profile(form, {"timezone": {"value": "Mars/Olympus"}})
    bad_number = await admin.submit_profile(form, {"followers": {"value": "lots"}})
    forged_goal = await admin.submit_profile(form, {"goal": _option("world_domination")})

    assert bad_zone.json()["response_action"] == "errors"
    assert list(bad_zone.json()["errors"]) == ["timezone"]
    assert list(bad_number.json()["errors"]) == ["followers"]
    assert list(forged_goal.json()["errors"]) == ["goal"]
    assert await core.advisor.profile(WorkspaceKey("slack", "T_A")) is None


async def test_app_home_offers_no_edit_button_to_someone_who_may_not_edit(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.open_home()

    [home] = await fake.wait_for_views(1)
    assert home["user"] == "U_ALICE"
    assert "advisor_edit_profile" not in str(home["blocks"])
    assert "Your audience profile" in str(home["blocks"])


async def test_bare_profile_shows_a_non_admin_the_profile_privately(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack
) -> None:
    await admin.command("profile set goal=leads")
    await fake.wait_for_posts(1)

    delivery = await alice.command("profile")

    assert delivery.status == 200
    shown = (await fake.wait_for_posts(2))[-1]
    assert shown.via == "response_url:ephemeral"
    assert "Your audience profile" in shown.everything
    assert [v for v in fake.views if v["method"] == "views.open"] == []


async def test_only_admins_may_edit_the_profile(
    alice: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    view = await _open_form(alice, fake, "profile edit")
    assert "submit" not in view  # a read-only notice instead of the form

    # A forged submission is refused too.
    form = {"callback_id": "advisor_profile", "private_metadata": "{}", "blocks": []}
    refused = await alice.submit_profile(form, {"goal": _option("leads")})

    assert refused.json()["response_action"] == "errors"
    assert await core.advisor.profile(WorkspaceKey("slack", "T_A")) is None


async def test_the_edit_button_on_app_home_opens_the_form(
    admin: SlackPerson, fake: FakeSlack
) -> None:
    await admin.open_home()
    [home] = await fake.wait_for_views(1)

    await admin.click_in_view(home, "advisor_edit_profile")

    form = (await fake.wait_for_views(2))[-1]
    assert form["method"] == "views.open"
    assert form["callback_id"] == "advisor_profile"


async def test_profile_set_by_command_needs_an_admin(
    alice: SlackPerson, admin: SlackPerson, fake: FakeSlack, core: Core
) -> None:
    await alice.command("profile set goal=sales")
    await admin.command("profile set goal=leads followers=5k")

    refused, saved = await fake.wait_for_posts(2)
    assert refused.via == "response_url:ephemeral"
    profile = await core.advisor.profile(WorkspaceKey("slack", "T_A"))
    assert profile is not None
    assert profile.goal == "leads"
    assert profile.followers == 5000
    assert saved.via == "response_url:ephemeral"


async def test_answers_say_when_the_profile_shaped_them(
    admin: SlackPerson, fake: FakeSlack
) -> None:
    await admin.mention("do I need lots of followers?")
    [before] = await fake.wait_for_posts(1)
    await admin.command("profile set goal=leads followers=800 platforms=instagram")
    await fake.wait_for_posts(2)

    await admin.mention("do I need lots of followers?")

    after = (await fake.wait_for_posts(3))[-1]
    assert before.button("advisor_more")["text"]["text"] == "More"
    assert after.button("advisor_more")["text"]["text"] == "More · for your team"
    await admin.click(after, "advisor_more")
    more = (await fake.wait_for_posts(4))[-1]
    assert "You have 800 followers" in more.everything
    assert "Tailored to your team" in more.everything


@pytest.mark.parametrize(
    "typed",
    [
        "profile\nset goal=leads",  # Shift-Enter after the command word
        "\u200bprofile set goal=leads",  # a zero-width space pasted in front
        "\u200fprofile\tset goal=leads",  # a right-to-left mark, then a tab
    ],
)
async def test_an_admin_is_recognised_however_the_command_is_spaced(
    admin: SlackPerson, fake: FakeSlack, core: Core, typed: str
) -> None:
    await admin.dm(typed)

    [reply] = await fake.wait_for_posts(1)
    assert "Only workspace admins" not in reply.everything
    profile = await core.advisor.profile(WorkspaceKey("slack", "T_A"))
    assert profile is not None
    assert profile.goal == "leads"


async def test_an_admin_of_another_team_is_no_admin_here(
    fake: FakeSlack, http: aiohttp.ClientSession, bot: Served, core: Core
) -> None:
    # A guest from a shared channel whose own workspace made them an admin.
    fake.admins.add("U_GUEST")
    fake.home_teams["U_GUEST"] = "T_ELSEWHERE"
    guest = SlackPerson(
        fake=fake, http=http, events_url=bot.events_url, team=TEAM_A, user="U_GUEST"
    )

    await guest.command("profile set goal=sales")

    [refused] = await fake.wait_for_posts(1)
    assert refused.via == "response_url:ephemeral"
    assert await core.advisor.profile(WorkspaceKey("slack", TEAM_A)) is None


async def test_a_demoted_admin_loses_the_right_within_a_minute(fake: FakeSlack) -> None:
    # What is remembered expires well inside a minute; the next check asks Slack again.
    assert AdminDirectory().ttl_seconds < 60
    directory = AdminDirectory(ttl_seconds=0.05)
    client = AsyncWebClient(token=f"xoxb-{TEAM_A}", base_url=fake.api_url)
    assert await directory.is_admin(client, team_id=TEAM_A, user_id="U_ADMIN")

    fake.admins.discard("U_ADMIN")
    assert await directory.is_admin(client, team_id=TEAM_A, user_id="U_ADMIN")  # remembered
    await asyncio.sleep(0.1)

    assert not await directory.is_admin(client, team_id=TEAM_A, user_id="U_ADMIN")
