"""Running the bot: start-up, deferral, sharding, mentions, rate limits, sync and invite."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from adapters.discord import client as discord_client
from adapters.discord.cli import (
    application_id_from_token,
    fetch_application_id,
    main,
    sync_commands,
)
from adapters.discord.embeds import EmbedDraft
from adapters.discord.runtime import DiscordRuntime
from adapters.discord.settings import DiscordSettings
from bot.app import Core, open_core
from bot.errors import ConfigurationError
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.metrics import Metrics
from bot.replies import Answer, Notice
from tests.discord.conversation import ADMIN, GUILD_A, GUILD_B, MEMBER, DiscordConversation
from tests.discord.fake_discord import (
    APPLICATION_ID,
    BOT_USER,
    TIMESTAMP,
    TOKEN,
    FakeDiscord,
    PlannedFailure,
    channel_id_for,
)

PRIVILEGED_INTENTS = {
    "GUILD_MEMBERS": 1 << 1,
    "GUILD_PRESENCES": 1 << 8,
    "MESSAGE_CONTENT": 1 << 15,
}


async def test_no_privileged_intent_is_requested(discord: DiscordConversation) -> None:
    [identify] = discord.fake.identified

    requested = {name for name, bit in PRIVILEGED_INTENTS.items() if identify["intents"] & bit}
    assert requested == set()
    assert identify["intents"] & 1  # GUILDS


async def test_a_rate_limited_answer_is_retried(discord: DiscordConversation) -> None:
    discord.fake.rate_limit_next("callback", retry_after=0.05)

    reply = await discord.slash("ask", question="Do I need lots of followers?")

    assert reply.embed["title"] == "You need lots of followers"
    callbacks = [r for r in discord.fake.requests if r.path.endswith("/callback")]
    assert len(callbacks) == 2


async def test_a_refused_reply_is_counted_by_its_status_and_apologised_for(
    discord: DiscordConversation,
) -> None:
    metrics = Metrics()
    assert discord.runtime is not None
    discord.runtime.set_metrics(metrics)  # as the runner does before start-up
    # The interaction callback fails once, as when the interaction has expired.
    discord.fake.fail_next(
        "callback", PlannedFailure(404, {"message": "Unknown interaction", "code": 10062})
    )

    reply = await discord.slash("ask", question="Do I need lots of followers?")

    assert reply.ephemeral
    assert "something went wrong" in reply.text
    text = metrics.render().decode()
    assert 'advisor_platform_errors_total{kind="404",platform="discord"} 1.0' in text


async def test_slow_work_is_deferred_then_sent_as_a_followup(
    fake_discord: FakeDiscord, core: Core
) -> None:
    discord = DiscordConversation(fake=fake_discord, core=core, defer_after=0)
    await discord.connect()
    try:
        reply = await discord.slash("ask", question="Do I need lots of followers?")
    finally:
        await discord.close()

    assert reply.deferred
    assert not reply.ephemeral
    assert reply.embed["title"] == "You need lots of followers"
    assert "advisor:vote:up:4" in reply.custom_ids


async def test_a_slow_refusal_still_reaches_only_the_asker(
    fake_discord: FakeDiscord, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick_myth = core.advisor.myth

    async def slow_myth(*args: Any, **kwargs: Any) -> Answer | Notice:
        await asyncio.sleep(0.05)  # a busy database
        return await quick_myth(*args, **kwargs)

    monkeypatch.setattr(core.advisor, "myth", slow_myth)
    discord = DiscordConversation(fake=fake_discord, core=core, defer_after=0.01)
    await discord.connect()
    try:
        reply = await discord.slash("myth", number="99")
    finally:
        await discord.close()

    assert reply.deferred
    assert reply.placeholder_deleted
    assert reply.ephemeral
    assert "There is no myth '99'" in reply.text


async def test_automatic_sharding_asks_discord_for_the_shard_count(
    fake_discord: FakeDiscord, core: Core
) -> None:
    discord = DiscordConversation(fake=fake_discord, core=core, shard_count=0)
    await discord.connect()
    try:
        reply = await discord.slash("ask", question="Do I need lots of followers?")
    finally:
        await discord.close()

    assert any(r.path.endswith("/gateway/bot") for r in fake_discord.requests)
    assert reply.embed["title"] == "You need lots of followers"


async def test_shards_spread_over_two_processes_log_in_one_at_a_time(
    fake_discord: FakeDiscord,
    knowledge_and_matcher: tuple[KnowledgeBase, Matcher],
    postgres_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Discord allows one IDENTIFY per 5 s per bucket; shortened so the test stays quick.
    monkeypatch.setattr(discord_client, "IDENTIFY_INTERVAL", 1.0)
    knowledge, matcher = knowledge_and_matcher
    async with (
        open_core(postgres_url, knowledge=knowledge, matcher=matcher) as first_process,
        open_core(postgres_url, knowledge=knowledge, matcher=matcher) as second_process,
    ):
        first = DiscordConversation(
            fake=fake_discord, core=first_process, shard_count=2, shard_ids=[0]
        )
        second = DiscordConversation(
            fake=fake_discord, core=second_process, shard_count=2, shard_ids=[1]
        )
        try:
            await asyncio.gather(first.connect(), second.connect())
            reply = await second.slash("ask", question="Do I need lots of followers?")
        finally:
            await first.close()
            await second.close()

    assert sorted(tuple(payload["shard"]) for payload in fake_discord.identified) == [
        (0, 2),
        (1, 2),
    ]
    earlier, later = sorted(fake_discord.identified_at)
    assert later - earlier >= 0.95
    assert reply.embed["title"] == "You need lots of followers"


async def test_mentions_are_answered_only_when_enabled_and_ping_nobody(
    fake_discord: FakeDiscord, core: Core
) -> None:
    discord = DiscordConversation(fake=fake_discord, core=core, answer_mentions=True)
    await discord.connect()
    try:
        await fake_discord.dispatch("MESSAGE_CREATE", _mention("do I need lots of followers?"))
        post = await fake_discord.next_channel_post()
    finally:
        await discord.close()

    assert post["embeds"][0]["title"] == "You need lots of followers"
    assert post["allowed_mentions"]["parse"] == []
    assert post["allowed_mentions"].get("replied_user") is not True


async def test_a_rejected_token_is_a_configuration_error(
    fake_discord: FakeDiscord, core: Core
) -> None:
    settings = DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        discord_token=SecretStr("wrong.token.value"),
        discord_api_url=fake_discord.api_url,
        discord_gateway_url=fake_discord.gateway_url,
    )
    runtime = DiscordRuntime(settings=settings, core=core, ready_timeout=5)

    with pytest.raises(ConfigurationError, match="DISCORD_TOKEN"):
        await runtime.start()
    assert not runtime.is_ready()


async def test_sync_uploads_the_commands_globally_or_to_one_guild(
    fake_discord: FakeDiscord, discord_endpoints: None
) -> None:
    names = await sync_commands(TOKEN, None)
    in_guild = await sync_commands(TOKEN, GUILD_A)

    expected = sorted(
        [
            "ask",
            "help",
            "insights",
            "knowledge",
            "myth",
            "myths",
            "profile",
            "reminders",
            "Check against the myths",
        ]
    )
    assert sorted(names) == expected
    assert sorted(in_guild) == expected
    assert sorted(c["name"] for c in fake_discord.commands["global"]) == expected
    synced = {c["name"]: c for c in fake_discord.commands[str(GUILD_A)]}
    manage_server = 1 << 5
    for admin_only in ("reminders", "profile", "insights"):
        assert int(synced[admin_only]["default_member_permissions"]) == manage_server
    assert synced["ask"].get("default_member_permissions") is None
    # The message command (Apps → on a message) is type 3, for everyone.
    assert synced["Check against the myths"]["type"] == 3
    assert synced["Check against the myths"].get("default_member_permissions") is None


async def test_commands_still_sync_in_english_when_discord_refuses_arabic(
    fake_discord: FakeDiscord, discord_endpoints: None, caplog: pytest.LogCaptureFixture
) -> None:
    fake_discord.refused_locales = {"ar"}

    await sync_commands(TOKEN, None)

    synced = {c["name"]: c for c in fake_discord.commands["global"]}
    assert "ask" in synced
    assert "description_localizations" not in synced["ask"]
    assert "Discord refused the Arabic command descriptions; synced in English" in caplog.text


async def test_synced_commands_describe_themselves_in_arabic_too(
    fake_discord: FakeDiscord, discord_endpoints: None
) -> None:
    await sync_commands(TOKEN, None)

    synced = {c["name"]: c for c in fake_discord.commands["global"]}
    undescribed: list[str] = []
    arabic: dict[str, str] = {}

    def visit(item: dict[str, Any], path: str) -> None:
        if item.get("description"):
            text = (item.get("description_localizations") or {}).get("ar")
            if text is None or not 1 <= len(text) <= 100:  # Discord's limits on a description
                undescribed.append(path)
            else:
                arabic[path] = text
        for choice in item.get("choices") or []:
            # Language names are written in themselves ("English", "العربية") in every locale.
            if choice["value"] not in ("en", "ar"):
                name = (choice.get("name_localizations") or {}).get("ar")
                if name is None:
                    undescribed.append(f"{path}:{choice['name']}")
                else:
                    arabic[f"{path}:{choice['value']}"] = name
        for option in item.get("options") or []:
            visit(option, f"{path} {option['name']}")

    for name, command in synced.items():
        visit(command, name)

    assert undescribed == []
    # Spot checks that the Arabic is the catalog's, per command, option and choice.
    assert arabic["ask"] == "اسأل مستشار وسائل التواصل الاجتماعي سؤالًا"
    assert arabic["reminders add weekday:monday"] == "الاثنين"
    assert arabic["insights consent:on"] == "تشغيل"
    # Names are a contract: no localized names for commands or options.
    assert all("ar" not in (c.get("name_localizations") or {}) for c in synced.values())
    assert synced["Check against the myths"].get("description_localizations") in (None, {})


def test_invite_prints_the_url_with_minimal_permissions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # away from a developer's .env
    monkeypatch.setenv("DISCORD_TOKEN", TOKEN)
    monkeypatch.delenv("DISCORD_ANSWER_MENTIONS", raising=False)

    assert main(["invite"]) == 0

    url = capsys.readouterr().out.strip()
    assert url.startswith("https://discord.com/oauth2/authorize?")
    assert f"client_id={APPLICATION_ID}" in url
    assert "scope=bot+applications.commands" in url
    # View Channels, Send Messages, Embed Links; nothing administrative.
    assert f"permissions={(1 << 10) | (1 << 11) | (1 << 14)}" in url


async def test_the_application_id_is_fetched_when_the_token_does_not_say(
    fake_discord: FakeDiscord, discord_endpoints: None
) -> None:
    assert await fetch_application_id(TOKEN) == APPLICATION_ID


def test_the_application_id_is_read_from_the_token() -> None:
    assert application_id_from_token(TOKEN) == APPLICATION_ID
    assert application_id_from_token("not-base64!.x.y") is None


def test_long_text_is_cut_to_discords_embed_limits() -> None:
    draft = EmbedDraft(title="t" * 300, colour=0, description="d " * 3000, footer="f " * 1500)
    for _ in range(30):
        draft.add("n" * 300, "v " * 800)

    embed = draft.build().to_dict()

    fields = embed["fields"]
    assert fields, "the description must leave room for fields"
    assert len(embed["title"]) <= 256
    assert len(embed["description"]) <= 4096
    assert len(fields) <= 25
    assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in fields)
    total = len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"])
    total += sum(len(f["name"]) + len(f["value"]) for f in fields)
    assert total <= 6000


def _mention(text: str) -> dict[str, object]:
    author = {"id": str(MEMBER), "username": "member", "discriminator": "0", "avatar": None}
    return {
        "id": "950000000000000001",
        "channel_id": channel_id_for(GUILD_A),
        "guild_id": str(GUILD_A),
        "author": author,
        "member": {"roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False},
        "content": f"<@{BOT_USER['id']}> {text} @everyone",
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


async def test_stopping_lets_a_running_answer_finish(
    fake_discord: FakeDiscord, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick_ask = core.advisor.ask
    thinking = asyncio.Event()

    async def slow_ask(*args: Any, **kwargs: Any) -> Any:
        thinking.set()
        await asyncio.sleep(0.2)
        return await quick_ask(*args, **kwargs)

    monkeypatch.setattr(core.advisor, "ask", slow_ask)
    discord = DiscordConversation(fake=fake_discord, core=core)
    await discord.connect()
    asked = asyncio.create_task(discord.slash("ask", question="Do I need lots of followers?"))
    await thinking.wait()

    await discord.close()

    reply = await asked
    assert reply.embed["title"] == "You need lots of followers"


def _slow_profile(core: Core, monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    quick_profile = core.advisor.profile

    async def slow_profile(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(seconds)  # a busy database
        return await quick_profile(*args, **kwargs)

    monkeypatch.setattr(core.advisor, "profile", slow_profile)


async def test_the_defer_deadline_counts_from_the_interactions_creation(
    discord: DiscordConversation, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A second on the way, then two slow profile reads (the language, then the answer's).
    _slow_profile(core, monkeypatch, 0.3)

    reply = await discord.slash("myth", number="4", age=1.0)

    # Waiting the full deferral time after the profile read would have replied at ~1.6 s.
    assert reply.deferred
    assert reply.embed["title"] == "You need lots of followers"


async def test_an_interaction_delivered_late_is_deferred_at_once(
    discord: DiscordConversation, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_profile(core, monkeypatch, 0.6)

    # 2 s on the way plus 1.2 s of work: a direct reply would arrive after Discord's 3 s.
    reply = await discord.slash("myth", number="4", age=2.0)

    assert reply.deferred
    assert reply.embed["title"] == "You need lots of followers"
    refused = [r for r in discord.fake.requests if r.path.endswith("/callback")]
    assert len(refused) == 1


async def test_a_reply_refused_after_thinking_is_apologised_for_privately(
    fake_discord: FakeDiscord, core: Core
) -> None:
    metrics = Metrics()
    discord = DiscordConversation(fake=fake_discord, core=core, defer_after=0)
    await discord.connect()
    try:
        assert discord.runtime is not None
        discord.runtime.set_metrics(metrics)
        fake_discord.fail_next(
            "followup", PlannedFailure(400, {"message": "Invalid Form Body", "code": 50035})
        )
        reply = await discord.slash("ask", question="Do I need lots of followers?")
    finally:
        await discord.close()

    # Not "thinking…" forever: the public placeholder goes, the apology reaches the asker alone.
    assert reply.deferred
    assert reply.placeholder_deleted
    assert reply.ephemeral
    assert "something went wrong" in reply.text
    text = metrics.render().decode()
    assert 'advisor_platform_errors_total{kind="400",platform="discord"} 1.0' in text


async def test_a_click_whose_reply_is_refused_is_apologised_for(
    discord: DiscordConversation,
) -> None:
    metrics = Metrics()
    assert discord.runtime is not None
    discord.runtime.set_metrics(metrics)
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    discord.fake.fail_next(
        "followup", PlannedFailure(403, {"message": "Missing Permissions", "code": 50013})
    )

    # Late enough to be deferred at once; then Discord refuses the followup.
    reply = await discord.click(answer, "advisor:vote:up:4", age=1.6)

    assert reply.deferred
    assert reply.ephemeral
    assert "something went wrong" in reply.text
    text = metrics.render().decode()
    assert 'advisor_platform_errors_total{kind="403",platform="discord"} 1.0' in text


async def test_the_restart_notice_is_in_the_servers_language(
    discord: DiscordConversation,
) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, language="ar")
    assert discord.runtime is not None
    discord.runtime.client.accepting = False  # as while stopping

    reply = await discord.slash("myths")
    english = await discord.slash("myths", guild=GUILD_B)

    assert reply.ephemeral
    assert "أُعيد التشغيل" in reply.text
    assert "I'm restarting" in english.text
