"""Conversations with the bot over HTTP mode, one workspace."""

from __future__ import annotations

from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


async def test_a_mention_is_answered_in_a_thread_under_the_question(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    delivery = await alice.mention("do I need lots of followers?")

    assert delivery.status == 200
    [answer] = await fake.wait_for_posts(1)
    assert answer.channel == "C_GENERAL"
    assert answer.thread_ts is not None
    assert answer.blocks[0]["type"] == "header"
    assert answer.has_button("advisor_vote_up")
    assert answer.has_button("advisor_vote_down")
