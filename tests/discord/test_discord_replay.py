"""Recorded INTERACTION_CREATE shapes (tests/data/payloads/discord/, written from Discord's
public documentation) replayed through the real discord.py client; each test says what the
fake Discord received. Ids, the token and the guild are filled in per replay: an interaction
id carries its creation time, and Discord's 3 s deadline counts from it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.profiles import WorkspaceKey
from tests.discord.conversation import EPHEMERAL, GUILD_A, MEMBER, DiscordConversation
from tests.discord.fake_discord import APPLICATION_ID, Received, channel_id_for

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads" / "discord"


async def replay(discord: DiscordConversation, name: str) -> list[Received]:
    interaction_id = discord.fake.next_id()
    text = (PAYLOADS / name).read_text(encoding="utf-8")
    for placeholder, value in {
        "{{ID}}": interaction_id,
        "{{TOKEN}}": f"token-{interaction_id}",
        "{{APP}}": str(APPLICATION_ID),
        "{{GUILD}}": str(GUILD_A),
        "{{CHANNEL}}": channel_id_for(GUILD_A),
        "{{DM_CHANNEL}}": str(MEMBER + 7),
    }.items():
        text = text.replace(placeholder, value)
    return await discord.fake.interact(json.loads(text))


def shown(responses: list[Received]) -> dict[str, Any]:
    """The message the user sees: the callback's, or the followup after "thinking…"."""
    first = responses[0].body or {}
    if first.get("type") == 5:
        return dict([r for r in responses[1:] if r.method in {"POST", "PATCH"}][-1].body)
    return dict(first.get("data") or {})


async def test_ask_in_a_server_is_answered_in_the_channel(discord: DiscordConversation) -> None:
    message = shown(await replay(discord, "ask_in_guild.json"))

    assert message["embeds"][0]["title"] == "You need lots of followers"
    assert not (message.get("flags") or 0) & EPHEMERAL
    assert message["allowed_mentions"]["parse"] == []


async def test_an_arabic_locale_and_question_get_arabic(discord: DiscordConversation) -> None:
    message = shown(await replay(discord, "ask_arabic_locale.json"))

    embeds = json.dumps(message["embeds"], ensure_ascii=False)
    assert "ابدأ بهذه الخطوات" in embeds
    assert "What to do" not in embeds


async def test_ask_in_a_dm_with_the_bot_is_answered(discord: DiscordConversation) -> None:
    message = shown(await replay(discord, "ask_in_dm.json"))

    assert message["embeds"][0]["title"]


async def test_a_user_installed_interaction_gets_an_answer_not_silence(
    discord: DiscordConversation,
) -> None:
    # The commands declare server installs only; one arriving from a user install anyway
    # (stale or forged) is still answered, as in a DM: without a team profile.
    message = shown(await replay(discord, "ask_user_installed.json"))

    assert message["embeds"]


async def test_autocomplete_offers_the_matching_claims(discord: DiscordConversation) -> None:
    [callback] = await replay(discord, "autocomplete_myth.json")

    assert callback.body["type"] == 8
    names = [choice["name"] for choice in callback.body["data"]["choices"]]
    assert any("followers" in name.lower() for name in names)
    assert len(names) <= 25


async def test_a_vote_button_is_thanked_privately(discord: DiscordConversation) -> None:
    message = shown(await replay(discord, "vote_button.json"))

    assert (message.get("flags") or 0) & EPHEMERAL
    counts = await discord.core.store.feedback_counts(WorkspaceKey("discord", str(GUILD_A)))
    assert counts == {"4": {"up": 1, "down": 0}}
