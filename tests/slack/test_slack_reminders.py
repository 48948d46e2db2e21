"""The Slack reminder poster, against the fake Web API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import PermanentPlatformError, PlatformError
from bot.profiles import WorkspaceKey
from bot.reminders.ports import ReminderPost
from tests.slack.conftest import TEAM_A, Served
from tests.slack.fake_slack import FakeSlack

POST = ReminderPost(
    language="en",
    title="This week: provide value",
    idea="A five-step how-to that solves one small, common problem",
    question="What did a customer thank us for last month?",
    myth_id="4",
    myth_title="You need lots of followers",
    note="<!channel> remember the launch",
)


async def test_a_reminder_is_posted_as_block_kit(bot: Served, fake: FakeSlack) -> None:
    poster = bot.runtime.reminder_poster()

    ts = await poster.post_reminder(
        WorkspaceKey("slack", TEAM_A), "C_TEAM", POST, idempotency_key="r1:2026-01-05"
    )

    [post] = fake.posts
    assert ts == post.ts
    assert post.channel == "C_TEAM"
    assert post.blocks[0]["type"] == "header"
    assert "five-step" in post.everything
    assert "<!channel>" not in post.everything  # the admin's note cannot ping
    # The same headings and rule line as every other platform (the core's labels).
    assert "before you ask them for anything" in post.everything
    assert "Idea for this week" in post.everything
    assert "Question for the team" in post.everything
    assert "Myth to avoid: 4. You need lots of followers" in post.everything


async def test_a_gone_channel_is_a_permanent_error(bot: Served) -> None:
    poster = bot.runtime.reminder_poster()

    with pytest.raises(PermanentPlatformError, match="channel_not_found") as raised:
        await poster.post_reminder(
            WorkspaceKey("slack", TEAM_A), "C_GONE", POST, idempotency_key="k"
        )
    assert raised.value.reason == "channel_not_found"  # the code the core explains to the team


async def test_a_rate_limit_is_transient_with_retry_after(bot: Served, fake: FakeSlack) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=7)
    poster = bot.runtime.reminder_poster()

    with pytest.raises(PlatformError) as raised:
        await poster.post_reminder(
            WorkspaceKey("slack", TEAM_A), "C_TEAM", POST, idempotency_key="k"
        )

    assert not isinstance(raised.value, PermanentPlatformError)
    assert raised.value.retry_after == 7


async def test_a_retry_after_a_crash_finds_the_earlier_post_by_its_key(
    bot: Served, fake: FakeSlack
) -> None:
    poster = bot.runtime.reminder_poster()
    workspace = WorkspaceKey("slack", TEAM_A)
    since = datetime.now(UTC) - timedelta(minutes=1)
    ts = await poster.post_reminder(workspace, "C_TEAM", POST, idempotency_key="r1:2026-01-05")

    # The process died before recording the post; the retry looks before posting again.
    found = await poster.find_posted(
        workspace, "C_TEAM", idempotency_key="r1:2026-01-05", since=since
    )
    other = await poster.find_posted(
        workspace, "C_TEAM", idempotency_key="r1:2026-01-12", since=since
    )

    assert found == ts
    assert other is None
    assert len(fake.posts) == 1


async def test_without_the_history_scope_the_lookup_finds_nothing_and_does_not_fail(
    bot: Served, fake: FakeSlack
) -> None:
    poster = bot.runtime.reminder_poster()
    workspace = WorkspaceKey("slack", TEAM_A)
    since = datetime.now(UTC) - timedelta(minutes=1)
    await poster.post_reminder(workspace, "C_PRIVATE", POST, idempotency_key="r2:2026-01-05")
    fake.unreadable_channels.add("C_PRIVATE")

    found = await poster.find_posted(
        workspace, "C_PRIVATE", idempotency_key="r2:2026-01-05", since=since
    )

    assert found is None  # so the reminder is posted again: the documented worst case
