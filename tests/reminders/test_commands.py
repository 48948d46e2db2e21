"""Conversations with `reminders …`: what admins and members see."""

from __future__ import annotations

import asyncio

import pytest

from bot.errors import InvalidInput
from bot.profiles import AudienceProfile
from tests.reminders.world import (
    ACME,
    GLOBEX,
    BotProcess,
    InMemoryProfiles,
    StartProcess,
    admin,
    member,
)


async def test_an_admin_adds_a_reminder_and_everyone_sees_when_it_runs(bot: BotProcess) -> None:
    reply = await bot.type(
        "reminders add monday 09:00 Europe/Berlin #C-NEWS Share one tip", asker=admin()
    )
    assert "Reminder #1 added." in reply
    assert "every Monday at 09:00 (Europe/Berlin) in <#C-NEWS> · active" in reply
    # The clock says Monday 4 March 2024, 07:00 UTC (08:00 in Berlin): today, in an hour.
    assert "next: Monday 2024-03-04 09:00 CET local · Monday 2024-03-04 08:00 UTC" in reply
    assert "note: Share one tip" in reply

    listing = await bot.type("reminders list", asker=member())
    assert "#1 · every Monday at 09:00 (Europe/Berlin) in <#C-NEWS> · active" in listing


async def test_channel_defaults_to_where_the_command_was_typed(bot: BotProcess) -> None:
    reply = await bot.type("reminders add friday 5:30pm UTC", asker=admin(channel="C-HERE"))
    assert "every Friday at 17:30 (UTC) in <#C-HERE>" in reply


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("reminders add الاثنين 9:00 Asia/Riyadh", "كل يوم الاثنين الساعة 09:00 (Asia/Riyadh)"),
        ("reminders add الخميس 9am Asia/Riyadh", "كل يوم الخميس الساعة 09:00"),
        ("reminders add الأحد ٥:٣٠م Asia/Riyadh", "كل يوم الأحد الساعة 17:30"),
        ("reminders add tue 9 am Europe/Berlin", "every Tuesday at 09:00"),
        ("reminders add Wednesday 17:30 America/New_York", "every Wednesday at 17:30"),
    ],
)
async def test_weekdays_and_times_in_english_and_arabic(
    bot: BotProcess, typed: str, shown: str
) -> None:
    assert shown in await bot.type(typed, asker=admin())


async def test_the_zone_defaults_to_the_profile_then_utc(
    bot: BotProcess, profiles: InMemoryProfiles
) -> None:
    assert "(UTC)" in await bot.type("reminders add monday 09:00", asker=admin())
    profiles.saved[ACME] = AudienceProfile(timezone="America/New_York")
    assert "(America/New_York)" in await bot.type("reminders add monday 09:00", asker=admin())


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("reminders add funday 09:00", "'funday' is not a weekday"),
        (
            "reminders add monday 25:00",
            "'25:00' is not a time of day. Use a time like 09:00, 5:30pm or 17:30",
        ),
        ("reminders add monday 13pm", "'13pm' is not a time of day"),
        ("reminders add monday 9", "'9' is not a time of day"),
        ("reminders add monday 09:00 Mars/Olympus", "'Mars/Olympus' is not a time zone I know"),
        ("reminders add monday", "Use: reminders add <day> <time>"),
        ("reminders dance", "Use: reminders add <day> <time>"),
    ],
)
async def test_a_mistake_gets_a_clear_message_with_an_example_and_stores_nothing(
    bot: BotProcess, typed: str, complaint: str
) -> None:
    with pytest.raises(InvalidInput) as problem:
        await bot.type(typed, asker=admin())
    assert complaint in problem.value.message
    assert "reminders add monday 09:00 Europe/Berlin" in problem.value.message
    assert await bot.reminders.service.list_reminders(ACME) == []


async def test_the_typed_api_names_the_wrong_field(bot: BotProcess) -> None:
    service = bot.reminders.service
    for field, arguments in [
        ("weekday", {"weekday": 9, "time": "09:00"}),
        ("time", {"weekday": "monday", "time": "noonish"}),
        ("timezone", {"weekday": "monday", "time": "09:00", "timezone": "Nowhere/Land"}),
    ]:
        with pytest.raises(InvalidInput) as problem:
            await service.create(ACME, channel_id="C1", created_by="U1", **arguments)  # type: ignore[arg-type]
        assert problem.value.field == field


async def test_members_may_list_but_only_admins_may_change(bot: BotProcess) -> None:
    await bot.type("reminders add monday 09:00", asker=admin())
    for attempt in [
        "reminders add tuesday 09:00",
        "reminders pause 1",
        "reminders resume 1",
        "reminders remove 1",
    ]:
        with pytest.raises(Exception, match="Only workspace admins"):
            await bot.type(attempt, asker=member())
    assert "#1 · every Monday" in await bot.type("reminders list", asker=member())


async def test_pause_resume_and_remove(bot: BotProcess) -> None:
    await bot.type("reminders add monday 09:00 Europe/Berlin", asker=admin())
    paused = await bot.type("reminders pause 1", asker=admin())
    assert "Reminder #1 paused." in paused
    # Slack would notify a mentioned user, so the id is shown plainly there.
    assert "paused by U-ADMIN" in paused
    assert "next:" not in paused
    resumed = await bot.type("reminders resume #1", asker=admin())
    assert "Reminder #1 resumed." in resumed
    assert "active" in resumed
    assert "Reminder #1 removed." in await bot.type("reminders remove 1", asker=admin())
    assert "No reminders yet" in await bot.type("reminders list", asker=admin())


async def test_a_workspace_cannot_see_or_touch_another_workspaces_reminders(
    bot: BotProcess,
) -> None:
    await bot.type("reminders add monday 09:00 #C-SECRET Acme's plan", asker=admin(ACME))
    assert "No reminders yet" in await bot.type("reminders list", asker=admin(GLOBEX))
    for attempt in ["reminders remove 1", "reminders pause 1", "reminders resume 1"]:
        with pytest.raises(InvalidInput, match="There is no reminder #1 in this workspace"):
            await bot.type(attempt, asker=admin(GLOBEX))
    assert "Acme's plan" in await bot.type("reminders list", asker=admin(ACME))
    assert "· active" in await bot.type("reminders list", asker=admin(ACME))


async def test_a_workspace_has_a_cap(start_process: StartProcess) -> None:
    bot = await start_process(max_per_workspace=2)
    await bot.type("reminders add monday 09:00", asker=admin())
    await bot.type("reminders add tuesday 09:00", asker=admin())
    with pytest.raises(InvalidInput, match="already has 2 reminders, the most allowed"):
        await bot.type("reminders add wednesday 09:00", asker=admin())
    # Another workspace has its own allowance.
    assert "added" in await bot.type("reminders add monday 09:00", asker=admin(GLOBEX))


async def test_the_cap_holds_when_admins_add_through_several_processes_at_once(
    start_process: StartProcess,
) -> None:
    replicas = [await start_process(max_per_workspace=3) for _ in range(3)]
    days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]

    async def add(index: int, day: str) -> str:
        try:
            return await replicas[index % 3].type(f"reminders add {day} 09:00", asker=admin())
        except InvalidInput as refused:
            return str(refused)

    replies = await asyncio.gather(*(add(i, day) for i, day in enumerate(days)))

    assert sum("added" in reply for reply in replies) == 3
    assert sum("the most allowed" in reply for reply in replies) == 3
    assert (await replicas[0].type("reminders list", asker=admin())).count("every ") == 3


async def test_arabic_replies_for_arabic_commands(bot: BotProcess) -> None:
    await bot.type("reminders add الاثنين 9:00 Asia/Riyadh", asker=admin())
    listing = await bot.type("reminders عرض", asker=member())
    assert "التذكيرات الأسبوعية" in listing
    assert "الموعد القادم: الاثنين 2024-03-11 09:00 +03 بالتوقيت المحلي" in listing
    with pytest.raises(InvalidInput, match="لا يوجد تذكير #7"):
        await bot.type("reminders حذف 7", asker=admin())


async def test_the_console_uses_its_own_channel(bot: BotProcess) -> None:
    from bot.advisor import Asker
    from bot.profiles import WorkspaceKey

    console = Asker(WorkspaceKey("console", "local"), is_admin=True)
    assert "in #console" in await bot.type("reminders add monday 09:00", asker=console)
