"""Slack's Web API failing the ways real outages do: the person still hears back."""

from __future__ import annotations

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.api_errors import as_platform_error, error_code
from bot.errors import PermanentPlatformError, PlatformError
from bot.profiles import WorkspaceKey
from bot.reminders.ports import ReminderPost
from tests.slack.conftest import TEAM_A, Served
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


async def test_a_proxy_503_in_plain_text_still_gets_the_asker_an_apology(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    fake.fail_with_plain_text("chat.postMessage")

    await alice.mention("do I need lots of followers?")

    [apology] = await fake.wait_for_posts(1)
    assert apology.ephemeral
    assert "something went wrong on my side" in apology.everything


async def test_a_reminder_post_meeting_a_proxy_503_is_retried_later(
    bot: Served, fake: FakeSlack
) -> None:
    fake.fail_with_plain_text("chat.postMessage")
    post = ReminderPost(
        language="en", title="t", idea="i", question="q", myth_id="4", myth_title="m"
    )
    poster = bot.runtime.reminder_poster()

    with pytest.raises(PlatformError, match="http_503") as raised:
        await poster.post_reminder(WorkspaceKey("slack", TEAM_A), "C1", post, idempotency_key="k")

    assert not isinstance(raised.value, PermanentPlatformError)


async def test_every_failure_shape_gets_a_code(fake: FakeSlack) -> None:
    client = AsyncWebClient(token=f"xoxb-{TEAM_A}", base_url=fake.api_url)
    fake.fail_with_plain_text("chat.postMessage")
    with pytest.raises(SlackApiError) as plain:
        await client.chat_postMessage(channel="C1", text="hi")
    with pytest.raises(SlackApiError) as gone:
        await client.chat_postMessage(channel="C_GONE", text="hi")

    assert error_code(plain.value) == "http_503"
    assert error_code(gone.value) == "channel_not_found"
    refused = as_platform_error(gone.value, "the post")
    assert isinstance(refused, PermanentPlatformError)
    assert refused.reason == "channel_not_found"
    assert error_code(TimeoutError()) == "timeout"
    assert error_code(aiohttp.ClientConnectionError()) == "connection"
    assert error_code(ValueError()) is None
