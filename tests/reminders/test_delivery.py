"""Scenarios of posting: on time, exactly once, through crashes, outages and platform errors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import PermanentPlatformError, PlatformError
from bot.profiles import AudienceProfile
from bot.reminders.messages import reason_text
from bot.storage import SqlStore
from tests.reminders.world import (
    ACME,
    GLOBEX,
    BotProcess,
    FakeChatPlatform,
    FakeClock,
    InMemoryProfiles,
    ProcessKilled,
    StartProcess,
    admin,
    eventually,
)

MONDAY_9_UTC = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
WEEK = timedelta(weeks=1)


async def test_a_reminder_created_just_before_its_time_is_posted_on_time(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    clock.set(MONDAY_9_UTC - timedelta(seconds=30))
    scheduler = asyncio.create_task(bot.reminders.run())
    try:
        await eventually(lambda: clock.sleepers == 1)  # nothing to do: asleep for a while
        await bot.type("reminders add monday 09:00 UTC #C-NEWS", asker=admin())
        # Woken by the change, it now sleeps 30 seconds, not its idle five minutes.
        await eventually(lambda: clock.sleepers == 1)
        clock.advance(seconds=30)
        await eventually(lambda: len(slack.delivered) == 1)
        assert slack.delivered[0].posted_at == MONDAY_9_UTC
        assert slack.delivered[0].channel_id == "C-NEWS"
        await bot.reminders.stop()
        await asyncio.wait_for(scheduler, timeout=3)
    finally:
        scheduler.cancel()
    assert len(slack.delivered) == 1


async def test_posts_every_week_at_nine_berlin_time_across_the_dst_change(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    clock.set(datetime(2024, 3, 20, tzinfo=UTC))
    await bot.type("reminders add monday 09:00 Europe/Berlin", asker=admin())
    await bot.live_until(datetime(2024, 4, 10, tzinfo=UTC))
    assert [d.posted_at.strftime("%m-%d %H:%M UTC") for d in slack.delivered] == [
        "03-25 08:00 UTC",
        "04-01 07:00 UTC",
        "04-08 07:00 UTC",
    ]


async def test_posts_at_nine_new_york_time_when_the_clocks_fall_back(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    clock.set(datetime(2024, 10, 25, tzinfo=UTC))
    await bot.type("reminders add monday 09:00 America/New_York", asker=admin())
    await bot.live_until(datetime(2024, 11, 12, tzinfo=UTC))
    assert [d.posted_at.strftime("%m-%d %H:%M UTC") for d in slack.delivered] == [
        "10-28 13:00 UTC",
        "11-04 14:00 UTC",
        "11-11 14:00 UTC",
    ]


async def test_a_restart_between_claim_and_send_loses_nothing_and_doubles_nothing(
    start_process: StartProcess, clock: FakeClock
) -> None:
    platform = FakeChatPlatform(clock=clock, honours_idempotency_keys=False)
    platform.fail_next(ProcessKilled())  # dies after claiming, before the post leaves
    first_run = await start_process(poster=platform)
    await first_run.type("reminders add monday 09:00 UTC", asker=admin())
    with pytest.raises(ProcessKilled):
        await first_run.live_until(MONDAY_9_UTC + timedelta(minutes=1))
    assert platform.delivered == []

    restarted = await start_process(poster=platform)
    # The dead process's claim still holds for the claim timeout (90 seconds)…
    await restarted.live_until(MONDAY_9_UTC + timedelta(minutes=1))
    assert platform.delivered == []
    # …then the occurrence is tried again, with the same idempotency key, and posted once.
    await restarted.live_until(MONDAY_9_UTC + timedelta(minutes=10))
    assert len(platform.delivered) == 1
    assert platform.keys_tried[0] == platform.keys_tried[1]
    await restarted.live_until(MONDAY_9_UTC + WEEK + timedelta(minutes=10))
    assert len(platform.delivered) == 2
    assert [state for _, state, _ in await restarted.occurrences()] == ["sent", "sent"]


async def test_a_crash_after_the_platform_accepted_the_post_is_not_posted_again(
    start_process: StartProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    slack.fail_next("crash-after-post")
    first_run = await start_process()
    await first_run.type("reminders add monday 09:00 UTC", asker=admin())
    with pytest.raises(ProcessKilled):
        await first_run.live_until(MONDAY_9_UTC + timedelta(minutes=1))
    restarted = await start_process()
    await restarted.live_until(MONDAY_9_UTC + timedelta(minutes=30))
    # The retry carried the same key, so the platform recognised it: one message in channel.
    assert len(slack.delivered) == 1
    assert await restarted.occurrences() == [("2024-03-04T09:00:00+00:00", "sent", None)]


async def test_a_crash_after_posting_is_found_in_the_channel_not_posted_again(
    start_process: StartProcess, clock: FakeClock
) -> None:
    # Slack keeps no idempotency key, but a post carries its key in metadata and can be found.
    platform = FakeChatPlatform(clock=clock, honours_idempotency_keys=False, keeps_history=True)
    platform.fail_next("crash-after-post")
    first_run = await start_process(poster=platform)
    await first_run.type("reminders add monday 09:00 UTC", asker=admin())
    with pytest.raises(ProcessKilled):
        await first_run.live_until(MONDAY_9_UTC + timedelta(minutes=1))
    restarted = await start_process(poster=platform)
    await restarted.live_until(MONDAY_9_UTC + timedelta(minutes=30))
    assert len(platform.delivered) == 1
    assert await restarted.occurrences() == [("2024-03-04T09:00:00+00:00", "sent", None)]


async def test_a_crash_after_posting_without_history_repeats_only_that_post(
    start_process: StartProcess, clock: FakeClock
) -> None:
    # The worst case the README states: no key, no history -> the post in flight is repeated.
    platform = FakeChatPlatform(clock=clock, honours_idempotency_keys=False)
    platform.fail_next("crash-after-post")
    first_run = await start_process(poster=platform)
    await first_run.type("reminders add monday 09:00 UTC", asker=admin())
    with pytest.raises(ProcessKilled):
        await first_run.live_until(MONDAY_9_UTC + timedelta(minutes=1))
    restarted = await start_process(poster=platform)
    await restarted.live_until(MONDAY_9_UTC + timedelta(minutes=30))
    assert len(platform.delivered) == 2


async def test_down_for_less_than_the_grace_window_posts_once_when_back(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    clock.set(MONDAY_9_UTC + timedelta(hours=2, minutes=30))  # the bot was off until now
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=3))
    assert [d.posted_at for d in slack.delivered] == [MONDAY_9_UTC + timedelta(hours=2, minutes=30)]


async def test_down_for_longer_than_the_grace_window_skips_and_says_why(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    clock.set(MONDAY_9_UTC + timedelta(hours=4))
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=5))
    assert slack.delivered == []
    # Stored as a code (the row's times say how late), worded when shown.
    assert await bot.occurrences() == [("2024-03-04T09:00:00+00:00", "skipped", "missed_late")]
    assert reason_text("missed_late", "en") == "missed by more than the grace window"
    assert reason_text("missed_late", "ar") == "فات موعده بأكثر من مهلة السماح"
    # It carries on next week as usual.
    assert "next: Monday 2024-03-11 09:00 UTC" in await bot.type("reminders list", asker=admin())
    await bot.live_until(MONDAY_9_UTC + WEEK + timedelta(hours=1))
    assert [d.posted_at for d in slack.delivered] == [MONDAY_9_UTC + WEEK]


async def test_down_for_weeks_posts_only_the_latest_occurrence_if_still_on_time(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    clock.set(MONDAY_9_UTC + 3 * WEEK + timedelta(hours=1))
    await bot.live_until(MONDAY_9_UTC + 3 * WEEK + timedelta(hours=2))
    assert len(slack.delivered) == 1
    states = [(when[:10], state, reason) for when, state, reason in await bot.occurrences()]
    assert states == [("2024-03-04", "skipped", "missed_while_down"), ("2024-03-25", "sent", None)]


async def test_two_schedulers_on_one_database_post_each_occurrence_exactly_once(
    start_process: StartProcess, clock: FakeClock
) -> None:
    # This platform does not deduplicate: a double post by the engine would show here.
    platform = FakeChatPlatform(clock=clock, honours_idempotency_keys=False)
    first = await start_process(poster=platform)
    second = await start_process(poster=platform)
    for number in range(40):
        workspace = admin(ACME if number % 2 else GLOBEX, channel=f"C-{number}")
        await first.type("reminders add monday 09:00 UTC", asker=workspace)
    for week in range(3):
        clock.set(MONDAY_9_UTC + week * WEEK)
        await asyncio.gather(
            first.reminders.scheduler.run_once(), second.reminders.scheduler.run_once()
        )
        await asyncio.gather(
            second.reminders.scheduler.run_once(), first.reminders.scheduler.run_once()
        )
    keys = [d.idempotency_key for d in platform.delivered]
    assert len(keys) == 40 * 3
    assert len(set(keys)) == len(keys)


async def test_a_deleted_channel_pauses_the_reminder_and_the_list_says_why(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC #C-GONE", asker=admin())
    slack.fail_next(PermanentPlatformError("channel_not_found"))
    await bot.live_until(MONDAY_9_UTC + 3 * WEEK)
    assert slack.delivered == []
    assert len(slack.keys_tried) == 1  # no retries against a channel that is gone
    listing = await bot.type("reminders list", asker=admin())
    assert "paused: posting failed (the channel was deleted, or the bot cannot see it)" in listing
    assert "reminders resume 1" in listing
    assert [state for _, state, _ in await bot.occurrences()] == ["paused"]

    await bot.type("reminders resume 1", asker=admin())
    await bot.live_until(MONDAY_9_UTC + 4 * WEEK + timedelta(minutes=1))
    assert [d.posted_at for d in slack.delivered] == [MONDAY_9_UTC + 4 * WEEK]


async def test_rate_limited_then_posted_once_after_the_wait_the_platform_asked_for(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    slack.fail_next(PlatformError("ratelimited", retry_after=42))
    await bot.live_until(MONDAY_9_UTC + timedelta(seconds=41))
    assert slack.delivered == []
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=1))
    assert [d.posted_at for d in slack.delivered] == [MONDAY_9_UTC + timedelta(seconds=42)]
    assert len(slack.keys_tried) == 2
    assert len(set(slack.keys_tried)) == 1


async def test_a_platform_that_keeps_failing_ends_in_a_skip_not_a_loop(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    slack.fail_next(*[PlatformError("service unavailable") for _ in range(50)])
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=4))
    assert slack.delivered == []
    assert len(slack.keys_tried) < 20  # backed off, not hammered
    (_, state, reason), *_ = await bot.occurrences()
    assert (state, reason) == ("skipped", "not_confirmed")


async def test_a_bug_in_a_poster_does_not_stop_other_reminders(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC #C-1", asker=admin())
    await bot.type("reminders add monday 09:00 UTC #C-2", asker=admin())
    slack.fail_next(RuntimeError("poster bug"))
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=1))
    assert sorted(d.channel_id for d in slack.delivered) == ["C-1", "C-2"]


async def test_an_uninstalled_workspace_stops_posting(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC", asker=admin(ACME))
    await bot.type("reminders add monday 09:00 UTC", asker=admin(GLOBEX))
    assert await bot.reminders.stop_workspace(ACME) == 1
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=1))
    assert [d.workspace for d in slack.delivered] == [GLOBEX]
    listing = await bot.type("reminders list", asker=admin(ACME))
    assert "paused: the app was removed from this workspace" in listing


async def test_forget_and_export_cover_reminders(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform
) -> None:
    await bot.type("reminders add monday 09:00 UTC Share a tip", asker=admin(ACME))
    await bot.type("reminders add monday 09:00 UTC", asker=admin(GLOBEX))
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=1))
    store = SqlStore(bot.database, clock)
    exported = await store.export_workspace(ACME)
    assert [r["note"] for r in exported["reminders"]] == ["Share a tip"]  # type: ignore[attr-defined]
    assert len(exported["reminder_occurrences"]) == 1  # type: ignore[arg-type]
    assert await store.forget_workspace(ACME) == 2
    assert "No reminders yet" in await bot.type("reminders list", asker=admin(ACME))
    assert "#2" in await bot.type("reminders list", asker=admin(GLOBEX))


async def test_no_idea_comes_back_within_eight_weeks_and_the_myths_rotate(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform, profiles: InMemoryProfiles
) -> None:
    profiles.saved[ACME] = AudienceProfile(
        value_style="how_tos", platforms=["linkedin"], goal="leads"
    )
    await bot.type("reminders add monday 09:00 UTC", asker=admin())
    await bot.live_until(MONDAY_9_UTC + 9 * WEEK - timedelta(hours=1))
    posts = slack.posts()
    assert len(posts) == 9
    assert len({post.idea for post in posts[:8]}) == 8
    assert [post.myth_id for post in posts] == ["1", "2", "3", "4", "5", "6", "7", "1", "2"]
    assert posts[3].myth_title == "You need lots of followers"
    assert any("LinkedIn" in post.idea for post in posts)


async def test_an_arabic_team_gets_its_reminder_in_arabic(
    bot: BotProcess, clock: FakeClock, slack: FakeChatPlatform, profiles: InMemoryProfiles
) -> None:
    profiles.saved[ACME] = AudienceProfile(language="ar", platforms=["instagram"])
    await bot.type("reminders add الاثنين 9:00 UTC لا تنسوا الصور", asker=admin())
    await bot.live_until(MONDAY_9_UTC + timedelta(hours=1))
    (post,) = slack.posts()
    assert post.language == "ar"
    assert post.title == "تذكير الأسبوع: قدّم قيمة"
    assert post.myth_title == "وسائل التواصل الاجتماعي غيّرت كل شيء"
    assert post.note == "لا تنسوا الصور"
