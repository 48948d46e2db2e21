"""Conversations through the command router: every reminders mistake and status is worded in
the asker's language, title and body alike, and a mistake stores nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import pytest

from bot.advisor import Advisor
from bot.bidi import strip_isolation
from bot.commands import CommandRouter
from bot.errors import PermanentPlatformError
from bot.i18n import VOCABULARY
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.profiles import AudienceProfile, WorkspaceKey
from bot.reminders.messages import reason_text
from bot.reminders.scheduler import pause_code
from bot.render_text import render_plain
from tests.reminders.world import (
    ACME,
    BotProcess,
    FakeChatPlatform,
    InMemoryProfiles,
    admin,
    member,
)

Chat = Callable[..., Awaitable[str]]

MONDAY_9_UTC = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)  # two hours after the clock's start

ARABIC_TITLE = "لم ينجح ذلك."
ENGLISH_TITLE = "That didn't work."
ARABIC_EXAMPLE = "reminders add الاثنين 09:00 Asia/Riyadh"
ENGLISH_EXAMPLE = "reminders add monday 09:00 Europe/Berlin"


@pytest.fixture
def chat(bot: BotProcess, knowledge: KnowledgeBase, profiles: InMemoryProfiles) -> Chat:
    """Types a message as the platforms do: through the router, which picks the language
    (Arabic text, else the team's profile language) and turns mistakes into notices."""
    # The reminders commands need only the advisor's language choice, not its matcher.
    unused: Any = None
    advisor = Advisor(
        knowledge=knowledge,
        matcher=cast(Matcher, unused),
        profiles=profiles,
        feedback=unused,
        workspace_data=unused,
    )
    router = CommandRouter(advisor, reminders=bot.reminders.commands)

    async def type_(text: str, *, asker: Any = None) -> str:
        # As the reader sees it: bidi isolation marks are invisible.
        return strip_isolation(render_plain(await router.handle(asker or admin(), text)))

    return type_


@pytest.fixture
def arabic_team(profiles: InMemoryProfiles) -> WorkspaceKey:
    profiles.saved[ACME] = AudienceProfile(language="ar")
    return ACME


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        # The review's example: an Arabic command with an hour that does not exist.
        ("تذكير أضف الاثنين 25:00", "«25:00» ليس وقتًا من اليوم. استخدم وقتًا مثل 09:00 أو 5:30م"),
        ("تذكير أضف الاثنين 13م", "«13م» ليس وقتًا من اليوم"),
        ("تذكير أضف الاتنين 09:00", "«الاتنين» ليس يومًا من أيام الأسبوع. اكتب اسم يوم مثل الاثنين"),
        ("تذكير أضف الاثنين 09:00 Asia/Riyad", "«Asia/Riyad» ليست منطقة زمنية أعرفها"),
        # Typed in English, but the team's language is Arabic. "timezone" is also a profile
        # field: the reminders message must not be replaced by the profile one.
        ("reminders add monday 09:00 Mars/Phobos", "«Mars/Phobos» ليست منطقة زمنية أعرفها"),
        ("reminders add funday 09:00", "«funday» ليس يومًا من أيام الأسبوع"),
        ("reminders add monday 25:00", "«25:00» ليس وقتًا من اليوم"),
    ],
    ids=[
        "time-25h",
        "time-13pm",
        "weekday-typo",
        "zone-typo",
        "zone-typed-in-english-profile-ar",
        "weekday-typed-in-english",
        "time-typed-in-english",
    ],
)
async def test_an_arabic_team_gets_arabic_errors_and_nothing_is_stored(
    chat: Chat, bot: BotProcess, arabic_team: WorkspaceKey, typed: str, complaint: str
) -> None:
    reply = await chat(typed)
    title, body = reply.split("\n", 1)
    assert title == ARABIC_TITLE
    assert complaint in body
    assert ARABIC_EXAMPLE in body  # an example that works, in Arabic
    assert "is not" not in body
    assert "Use " not in body
    assert "غير صالحة للحقل" not in body  # not the profile field's message
    assert await bot.reminders.service.list_reminders(arabic_team) == []


async def test_the_arabic_examples_in_the_messages_work(
    chat: Chat, bot: BotProcess, arabic_team: WorkspaceKey
) -> None:
    assert "أُضيف التذكير #1." in await chat(ARABIC_EXAMPLE)
    assert "أُضيف التذكير #2." in await chat("تذكير أضف الأحد 5:30م Asia/Riyadh")
    assert len(await bot.reminders.service.list_reminders(arabic_team)) == 2


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("reminders add monday 25:00", "'25:00' is not a time of day. Use a time like 09:00"),
        ("reminders add funday 09:00", "'funday' is not a weekday. Use a day name such as monday"),
        ("reminders add monday 09:00 Mars/Phobos", "'Mars/Phobos' is not a time zone I know"),
    ],
)
async def test_an_english_team_still_gets_english(
    chat: Chat, bot: BotProcess, profiles: InMemoryProfiles, typed: str, complaint: str
) -> None:
    profiles.saved[ACME] = AudienceProfile(language="en", timezone="Europe/Berlin")
    reply = await chat(typed)
    title, body = reply.split("\n", 1)
    assert title == ENGLISH_TITLE
    assert complaint in body
    assert ENGLISH_EXAMPLE in body
    assert await bot.reminders.service.list_reminders(ACME) == []


async def test_other_reminder_mistakes_in_arabic(
    chat: Chat, bot: BotProcess, arabic_team: WorkspaceKey
) -> None:
    reply = await chat("تذكير احذف سبعة")
    assert reply.startswith(ARABIC_TITLE)
    assert "«سبعة» ليس رقم تذكير" in reply
    reply = await chat("تذكير أضف الاثنين 09:00 UTC " + "ن" * 301)
    assert "طول الملاحظة 301 حرف؛ اجعلها 300 حرف على الأكثر" in reply
    reply = await chat("reminders pause 1", asker=member())
    assert reply.startswith(ARABIC_TITLE)
    assert "لا يستطيع إضافة التذكيرات" in reply
    assert await bot.reminders.service.list_reminders(arabic_team) == []


async def test_the_typed_api_words_its_errors_in_the_callers_language(bot: BotProcess) -> None:
    service = bot.reminders.service
    with pytest.raises(Exception, match="ليس يومًا من أيام الأسبوع: استخدم رقمًا من 0") as raised:
        await service.create(ACME, channel_id="C1", created_by="U1", weekday=9, time="09:00",
                             language="ar")  # fmt: skip
    assert getattr(raised.value, "field", None) == "weekday"
    assert getattr(raised.value, "value", "absent") is None  # left alone by explain_invalid


async def test_pause_reasons_are_stored_as_codes_and_shown_in_the_readers_language(
    chat: Chat, bot: BotProcess, slack: FakeChatPlatform, arabic_team: WorkspaceKey
) -> None:
    await chat("تذكير أضف الاثنين 09:00 UTC #C-GONE")
    await chat("تذكير أضف الاثنين 10:00 UTC #C-KEPT")
    slack.fail_next(
        PermanentPlatformError(
            "Slack refused the post: channel_not_found", reason="channel_not_found"
        )
    )
    await bot.live_until(MONDAY_9_UTC + timedelta(minutes=5))
    await chat("تذكير أوقف 2")

    gone, kept = await bot.reminders.service.list_reminders(arabic_team)
    assert (gone.pause_kind, gone.pause_detail) == ("platform", "channel_not_found")
    assert (kept.pause_kind, kept.pause_detail) == ("admin", "U-ADMIN")
    occurrence = await bot.occurrences()
    assert [(state, reason) for _, state, reason in occurrence] == [("paused", "channel_not_found")]

    arabic = await chat("تذكير عرض")
    assert (
        "متوقف: تعذّر النشر (حُذفت القناة، أو لا يستطيع البوت رؤيتها). "
        "أصلح المشكلة ثم اكتب: reminders resume 1"
    ) in arabic
    assert "أوقفه U-ADMIN" in arabic
    assert "channel_not_found" not in arabic
    assert "paused" not in arabic

    # The same rows, listed for someone who asks in English.
    english = await bot.type("reminders list", asker=member())
    assert (
        "paused: posting failed (the channel was deleted, or the bot cannot see it). "
        "Fix it, then: reminders resume 1"
    ) in english
    assert "paused by U-ADMIN" in english


async def test_a_reason_stored_before_the_codes_is_shown_as_it_is(
    chat: Chat, bot: BotProcess, arabic_team: WorkspaceKey
) -> None:
    await chat("تذكير أضف الاثنين 09:00 UTC")
    await bot.database.execute(
        "UPDATE reminders SET status = 'paused', pause_kind = 'platform', "
        "pause_detail = 'Slack refused the post: channel_not_found'"
    )
    assert "تعذّر النشر (Slack refused the post: channel_not_found)" in await chat("تذكير عرض")


def test_pause_codes_come_from_the_adapters_reason() -> None:
    for error, code in [
        (
            PermanentPlatformError("Slack refused: x", reason="channel_not_found"),
            "channel_not_found",
        ),
        (PermanentPlatformError("Discord 403", reason="missing_permission"), "missing_permission"),
        (PermanentPlatformError("gone", reason="not_installed"), "not_installed"),
        # No neutral reason: kept in the platform's own words, shown as they are.
        (
            PermanentPlatformError("Slack refused the post: brand_new_error"),
            "Slack refused the post: brand_new_error",
        ),
    ]:
        assert pause_code(error) == code
        assert f"reminders.reason.{code}" in VOCABULARY or error.reason is None
    for code in ["channel_not_found", "reminder_paused", "not_confirmed", "missed_late"]:
        assert reason_text(code, "en") != reason_text(code, "ar")
    assert reason_text("Slack refused the post: x", "ar") == "Slack refused the post: x"
