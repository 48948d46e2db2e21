"""Weekly reminders on Discord: the slash commands, and the poster that sends them."""

from __future__ import annotations

import pytest

from bot.errors import PermanentPlatformError, PlatformError
from bot.profiles import WorkspaceKey
from bot.reminders.ports import ReminderPost
from tests.discord.conversation import ADMIN, GUILD_A, GUILD_B, MEMBER, Channel, DiscordConversation
from tests.discord.fake_discord import PlannedFailure, channel_id_for, read_only_channel_id_for

GENERAL_A = Channel(channel_id_for(GUILD_A), GUILD_A)
GENERAL_B = Channel(channel_id_for(GUILD_B), GUILD_B)
ANNOUNCEMENTS_A = Channel(read_only_channel_id_for(GUILD_A), GUILD_A)
WORKSPACE_A = WorkspaceKey("discord", str(GUILD_A))
POST = ReminderPost(
    language="en",
    title="Weekly reminder: provide value",
    idea="Share three links your audience will thank you for.",
    question="What did a customer ask us this week?",
    myth_id="4",
    myth_title="You need lots of followers",
    note="@everyone remember the launch",
)


async def test_an_admin_schedules_lists_and_pauses_a_reminder(
    discord: DiscordConversation,
) -> None:
    added = await discord.slash(
        "reminders add",
        user=ADMIN,
        admin=True,
        channel=GENERAL_A,
        weekday="monday",
        time="09:30",
        timezone="Europe/Berlin",
    )
    assert added.ephemeral
    assert added.embed["title"] == "Reminder #1 added."
    assert "Europe/Berlin" in added.text

    listed = await discord.slash("reminders list", user=ADMIN, admin=True)
    assert f"<#{GENERAL_A.id}>" in listed.text

    choices = await discord.autocomplete(
        "reminders pause", focused="reminder", user=ADMIN, admin=True, reminder=""
    )
    assert [c["value"] for c in choices] == [1]

    paused = await discord.slash("reminders pause", user=ADMIN, admin=True, reminder=1)
    assert paused.embed["title"] == "Reminder #1 paused."
    [reminder] = await discord.core.reminders.service.list_reminders(WORKSPACE_A)
    assert reminder.status == "paused"

    missing = await discord.slash("reminders pause", user=ADMIN, admin=True, reminder=9)
    assert "There is no reminder #9" in missing.text
    assert "See them with: /reminders list" in missing.text  # Discord's command, not typed text


async def test_a_member_cannot_schedule_a_reminder(discord: DiscordConversation) -> None:
    reply = await discord.slash(
        "reminders add", user=MEMBER, channel=GENERAL_A, weekday="monday", time="09:00"
    )

    assert reply.ephemeral
    assert "Manage Server" in reply.text
    assert await discord.core.reminders.service.list_reminders(WORKSPACE_A) == []


async def test_a_channel_of_another_server_is_refused(discord: DiscordConversation) -> None:
    reply = await discord.slash(
        "reminders add", user=ADMIN, admin=True, channel=GENERAL_B, weekday="monday", time="9am"
    )

    assert reply.ephemeral
    assert await discord.core.reminders.service.list_reminders(WORKSPACE_A) == []


async def test_a_bad_time_is_explained(discord: DiscordConversation) -> None:
    reply = await discord.slash(
        "reminders add", user=ADMIN, admin=True, channel=GENERAL_A, weekday="monday", time="25:99"
    )

    assert reply.ephemeral
    assert reply.embed["color"] == 0xD9534F
    assert await discord.core.reminders.service.list_reminders(WORKSPACE_A) == []


async def test_timezone_autocomplete_offers_iana_names(discord: DiscordConversation) -> None:
    choices = await discord.autocomplete(
        "reminders add", focused="timezone", user=ADMIN, admin=True, timezone="berl"
    )

    assert choices[0]["value"] == "Europe/Berlin"
    assert len(choices) <= 25


async def test_a_reminder_is_posted_as_an_embed_that_pings_nobody(
    discord: DiscordConversation,
) -> None:
    poster = discord.poster()

    message_id = await poster.post_reminder(
        WORKSPACE_A, GENERAL_A.id, POST, idempotency_key="reminder-1-20261130T0830Z"
    )

    [post] = discord.fake.channel_posts
    assert post["id"] == message_id
    assert post["channel_id"] == GENERAL_A.id
    assert post["embeds"][0]["title"] == POST.title
    assert post["allowed_mentions"]["parse"] == []
    assert len(post["nonce"]) <= 25
    assert post["enforce_nonce"] is True


async def test_a_rate_limited_post_is_retried(discord: DiscordConversation) -> None:
    discord.fake.rate_limit_next("channel_post", retry_after=0.05)
    poster = discord.poster()

    await poster.post_reminder(WORKSPACE_A, GENERAL_A.id, POST, idempotency_key="k")

    attempts = [r for r in discord.fake.requests if r.path.endswith(f"/{GENERAL_A.id}/messages")]
    assert len(attempts) == 2
    assert len(discord.fake.channel_posts) == 1


@pytest.mark.parametrize(
    ("status", "code", "error", "reason"),
    [
        (404, 10003, PermanentPlatformError, "channel_not_found"),  # Unknown Channel
        (403, 50001, PermanentPlatformError, "missing_permission"),  # Missing Access
        (400, 50035, PlatformError, None),  # Invalid Form Body
    ],
)
async def test_posting_failures_are_mapped(
    discord: DiscordConversation,
    status: int,
    code: int,
    error: type[Exception],
    reason: str | None,
) -> None:
    discord.fake.fail_next("channel_post", PlannedFailure(status, {"message": "no", "code": code}))
    poster = discord.poster()

    with pytest.raises(error) as raised:
        await poster.post_reminder(WORKSPACE_A, GENERAL_A.id, POST, idempotency_key="k")

    permanent = isinstance(raised.value, PermanentPlatformError)
    assert permanent == (error is PermanentPlatformError)
    assert getattr(raised.value, "reason", None) == reason


async def test_a_long_rate_limit_is_left_to_the_reminder_engine(
    discord: DiscordConversation,
) -> None:
    discord.fake.rate_limit_next("channel_post", retry_after=120)

    with pytest.raises(PlatformError) as raised:
        await discord.poster().post_reminder(WORKSPACE_A, GENERAL_A.id, POST, idempotency_key="k")

    assert not isinstance(raised.value, PermanentPlatformError)
    assert raised.value.retry_after == 120


async def test_a_channel_the_bot_cannot_post_in_is_refused(discord: DiscordConversation) -> None:
    reply = await discord.slash(
        "reminders add",
        user=ADMIN,
        admin=True,
        channel=ANNOUNCEMENTS_A,
        weekday="monday",
        time="9am",
    )

    assert reply.ephemeral
    assert "Send Messages, Embed Links" in reply.text
    assert "View Channel" not in reply.text
    assert "Nothing was saved" in reply.text
    assert await discord.core.reminders.service.list_reminders(WORKSPACE_A) == []


async def test_the_missing_permission_is_named_in_arabic(discord: DiscordConversation) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, language="ar")

    reply = await discord.slash(
        "reminders add",
        user=ADMIN,
        admin=True,
        channel=ANNOUNCEMENTS_A,
        weekday="monday",
        time="9am",
    )

    assert "«إرسال الرسائل» و«تضمين الروابط»" in reply.text
    assert "لم يُحفظ شيء" in reply.text
    assert await discord.core.reminders.service.list_reminders(WORKSPACE_A) == []
