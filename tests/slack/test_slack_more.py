"""A chat-sized answer on Slack: "More" and related entries are buttons under it."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from adapters.slack.blocks import MORE, RELATED, render
from bot.answers import compose_answer
from bot.knowledge import KnowledgeBase
from bot.more import WORD_BUDGET, word_count
from bot.profiles import AudienceProfile
from bot.text import Language
from tests.slack.conftest import TEAM_A, Served
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack, Post


@pytest.fixture
def bob(fake: FakeSlack, http: aiohttp.ClientSession, bot: Served) -> SlackPerson:
    return SlackPerson(fake=fake, http=http, events_url=bot.events_url, team=TEAM_A, user="U_BOB")


def _shown_text(post: Post) -> str:
    return _blocks_text(post.blocks)


def _blocks_text(blocks: list[dict[str, Any]]) -> str:
    """What a reader sees in a message: headers, sections and context, not button labels."""
    parts = []
    for block in blocks:
        if block["type"] in {"header", "section"}:
            parts.append(block["text"]["text"])
        if block["type"] == "context":
            parts += [element["text"] for element in block["elements"]]
    return "\n".join(parts)


async def test_an_answer_is_short_and_more_posts_the_rest_in_its_thread(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.mention("do I need lots of followers?")
    [answer] = await fake.wait_for_posts(1)

    assert word_count(_shown_text(answer)) <= WORD_BUDGET
    assert "diminishing returns" in answer.everything
    assert "Why" not in _shown_text(answer)
    assert answer.button(MORE)["text"]["text"] == "More"

    await alice.click(answer, MORE)

    _, more = await fake.wait_for_posts(2)
    assert more.thread_ts == answer.thread_ts
    assert more.channel == answer.channel
    shown = _shown_text(more)
    assert "*Why*" in shown
    assert "Pick the 50 to 100 followers who matter most to your business" in shown
    assert "*What the claim gets right*" in shown
    assert shown.count("Social Media Examiner") == 1
    assert not more.has_button(MORE)


async def test_a_second_click_on_more_does_not_post_the_rest_again(
    alice: SlackPerson, bob: SlackPerson, fake: FakeSlack
) -> None:
    await alice.mention("do I need lots of followers?")
    [answer] = await fake.wait_for_posts(1)

    await alice.click(answer, MORE)
    _, in_thread = await fake.wait_for_posts(2)
    await bob.click(answer, MORE)

    *_, for_bob = await fake.wait_for_posts(3)
    assert not in_thread.ephemeral
    assert for_bob.ephemeral
    assert "*Why*" in _shown_text(for_bob)
    assert [p for p in fake.posts if not p.ephemeral and "*Why*" in _shown_text(p)] == [in_thread]


async def test_more_in_arabic_stays_arabic(alice: SlackPerson, fake: FakeSlack) -> None:
    await alice.dm("هل أحتاج إلى الكثير من المتابعين؟")
    [answer] = await fake.wait_for_posts(1)
    assert answer.button(MORE)["text"]["text"] == "المزيد"

    await alice.click(answer, MORE)

    _, more = await fake.wait_for_posts(2)
    assert more.channel == answer.channel
    assert "*لماذا*" in _shown_text(more)
    assert "المصدر: المقال" in _shown_text(more)


async def test_related_entries_are_buttons_that_answer_in_the_thread(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.mention("do I need lots of followers?")
    [answer] = await fake.wait_for_posts(1)
    related = answer.button(f"{RELATED}value")
    assert related["text"]["text"] == "The one rule worth following: provide value"
    assert answer.has_button(f"{RELATED}6")
    assert "Related: The one rule" not in answer.everything  # buttons, not a line of text

    await alice.click(answer, f"{RELATED}value")

    _, rule = await fake.wait_for_posts(2)
    assert rule.thread_ts == answer.thread_ts
    assert rule.blocks[0]["text"]["text"] == "The one rule worth following: provide value"
    assert rule.has_button(MORE)


async def test_more_under_a_slash_command_answer_reaches_the_asker(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.command("can we sell on social media?")
    [answer] = await fake.wait_for_posts(1)

    await alice.click(answer, MORE)

    _, more = await fake.wait_for_posts(2)
    assert "Dell" in _shown_text(more)
    assert "*Why*" in _shown_text(more)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_answer_as_slack_shows_it_fits_the_budget(
    knowledge: KnowledgeBase, language: Language
) -> None:
    profile = AudienceProfile(platforms=["instagram"], goal="sales", followers=36, blogs=False)
    for entry in knowledge.ordered():
        for shaped_by in (None, profile):
            message = render(compose_answer(entry, knowledge, language, shaped_by))
            assert word_count(_blocks_text(message.blocks)) <= WORD_BUDGET, entry.id
