"""A full work queue: Discord users are told, in their language, to try again; nothing piles up."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.app import Core
from bot.metrics import Metrics
from bot.workqueue import WorkQueue
from tests.discord.conversation import ADMIN, GUILD_A, GUILD_B, MEMBER, DiscordConversation
from tests.discord.fake_discord import BOT_USER, TIMESTAMP, FakeDiscord, channel_id_for


@pytest.fixture
async def small(fake_discord: FakeDiscord, core: Core) -> AsyncIterator[DiscordConversation]:
    """A bot that works on one interaction at a time and keeps none waiting."""
    work = WorkQueue("discord", in_flight=1, waiting=0)
    conversation = DiscordConversation(fake=fake_discord, core=core, work=work)
    await conversation.connect()
    yield conversation
    await conversation.close()


def _callbacks(fake: FakeDiscord) -> int:
    return sum(1 for r in fake.requests if r.path.endswith("/callback"))


async def _until_callback_after(fake: FakeDiscord, seen: int) -> None:
    for _ in range(250):
        if _callbacks(fake) > seen:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the first answer never reached Discord")


async def test_while_one_answer_is_in_flight_the_next_asker_hears_busy(
    small: DiscordConversation, fake_discord: FakeDiscord
) -> None:
    await small.slash("profile set", guild=GUILD_B, user=ADMIN, admin=True, language="ar")
    metrics = Metrics()
    assert small.runtime is not None
    small.runtime.set_metrics(metrics)
    slow_discord = fake_discord.hold_callbacks()
    before = _callbacks(fake_discord)

    first = asyncio.create_task(small.slash("ask", question="Do I need lots of followers?"))
    await _until_callback_after(fake_discord, before)  # the first answer is on its way
    english = asyncio.create_task(small.slash("ask", question="Should we be on TikTok?"))
    arabic = asyncio.create_task(
        small.slash("ask", guild=GUILD_B, question="هل أحتاج إلى الكثير من المتابعين؟")
    )
    await asyncio.sleep(0.3)
    slow_discord.set()

    answered, busy, busy_ar = await asyncio.gather(first, english, arabic)
    assert "busy" not in answered.text
    assert busy.ephemeral
    assert "busy" in busy.text
    assert busy_ar.ephemeral
    assert "الكثير من الأسئلة" in busy_ar.text
    page = metrics.render().decode()
    assert 'advisor_work_rejected_total{platform="discord"} 2.0' in page

    again = await small.slash("ask", question="Should we be on TikTok?")  # room again
    assert "busy" not in again.text


def _mention(text: str) -> dict[str, object]:
    author = {"id": str(MEMBER), "username": "member", "discriminator": "0", "avatar": None}
    return {
        "id": "950000000000000077",
        "channel_id": channel_id_for(GUILD_A),
        "guild_id": str(GUILD_A),
        "author": author,
        "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False},
        "content": f"<@{BOT_USER['id']}> {text}",
        "mentions": [BOT_USER],
        "mention_roles": [],
        "mention_everyone": False,
        "type": 0,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "tts": False,
        "embeds": [],
        "attachments": [],
        "components": [],
        "pinned": False,
        "flags": 0,
    }


async def test_a_mention_while_the_queue_is_full_gets_busy_in_its_language(
    fake_discord: FakeDiscord, core: Core
) -> None:
    work = WorkQueue("discord", in_flight=1, waiting=0)
    bot = DiscordConversation(fake=fake_discord, core=core, answer_mentions=True, work=work)
    await bot.connect()
    try:
        slow_discord = fake_discord.hold_callbacks()
        before = _callbacks(fake_discord)
        first = asyncio.create_task(bot.slash("ask", question="Do I need lots of followers?"))
        await _until_callback_after(fake_discord, before)

        await fake_discord.dispatch("MESSAGE_CREATE", _mention("هل أحتاج إلى الكثير من المتابعين؟"))
        post = await fake_discord.next_channel_post()
        slow_discord.set()
        await first
    finally:
        await bot.close()

    assert "الكثير من الأسئلة" in post["embeds"][0]["description"]
