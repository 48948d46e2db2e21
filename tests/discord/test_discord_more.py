"""A chat-sized answer on Discord: "More" and related entries are buttons under it."""

from __future__ import annotations

import pytest

from adapters.discord.embeds import render
from bot.answers import compose_answer
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.more import WORD_BUDGET, word_count
from bot.profiles import AudienceProfile
from bot.text import Language
from tests.discord.conversation import ADMIN, DiscordConversation


async def test_an_answer_is_short_and_more_shows_the_rest_to_the_clicker(
    discord: DiscordConversation,
) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")

    assert word_count(answer.text) <= WORD_BUDGET
    assert "Why" not in answer.text
    [more_button] = [b for b in answer.buttons if b["custom_id"] == "advisor:more:4:en"]
    assert more_button["label"] == "More"

    more = await discord.click(answer, "advisor:more:4:en")

    assert more.ephemeral
    names = [field["name"] for field in more.embed["fields"]]
    assert "Why" in names
    assert "What the claim gets right" in names
    assert "Pick the 50 to 100 followers who matter most to your business" in more.text
    assert more.text.count("Social Media Examiner") == 1
    assert "/profile set" in more.embed["footer"]["text"]  # the hint in its slash form


async def test_more_in_arabic_stays_arabic(discord: DiscordConversation) -> None:
    answer = await discord.slash("ask", question="هل أحتاج إلى الكثير من المتابعين؟")

    more = await discord.click(answer, "advisor:more:4:ar")

    assert "لماذا" in [field["name"] for field in more.embed["fields"]]
    assert "المصدر: المقال" in more.embed["footer"]["text"]


async def test_more_tells_a_profiled_team_what_it_means_for_them(
    discord: DiscordConversation,
) -> None:
    await discord.slash("profile set", user=ADMIN, admin=True, followers=800, engagement_rate=2.5)
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    assert "More · for your team" in [b.get("label") for b in answer.buttons]

    more = await discord.click(answer, "advisor:more:4:en")

    assert "You have 800 followers" in more.text


async def test_related_entries_are_buttons_that_open_that_answer(
    discord: DiscordConversation,
) -> None:
    answer = await discord.slash("ask", question="Do I need lots of followers?")
    labels = {b["custom_id"]: b.get("label") for b in answer.buttons}
    assert labels["advisor:myth:value:en"] == "The one rule worth following: provide value"
    assert "advisor:myth:6:en" in labels
    assert "Related" not in answer.text  # buttons, not a line of text

    rule = await discord.click(answer, "advisor:myth:value:en")

    assert rule.embed["title"] == "The one rule worth following: provide value"
    assert "advisor:more:value:en" in rule.custom_ids


async def test_more_still_works_after_a_restart(discord: DiscordConversation) -> None:
    answer = await discord.slash("ask", question="can we sell on social media?")

    await discord.restart()
    more = await discord.click(answer, "advisor:more:2:en")

    assert "Dell" in more.text


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_answer_as_discord_shows_it_fits_the_budget(
    knowledge_and_matcher: tuple[KnowledgeBase, Matcher], language: Language
) -> None:
    knowledge, _ = knowledge_and_matcher
    profile = AudienceProfile(platforms=["instagram"], goal="sales", followers=36, blogs=False)
    for entry in knowledge.ordered():
        for shaped_by in (None, profile):
            embed = render(compose_answer(entry, knowledge, language, shaped_by))
            parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
            parts += [f"{field.name} {field.value}" for field in embed.fields]
            assert word_count("\n".join(parts)) <= WORD_BUDGET, entry.id
