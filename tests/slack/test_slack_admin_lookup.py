"""Admin rights cost a users.info call: the adapter makes it only for the commands the core
says may need an admin (`bot.commands.may_need_admin`), in either language."""

from __future__ import annotations

from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


async def test_a_question_costs_no_rights_lookup(alice: SlackPerson, fake: FakeSlack) -> None:
    await alice.dm("do I need lots of followers?")
    await fake.wait_for_posts(1)
    await alice.dm("myths")
    await fake.wait_for_posts(2)
    assert "users.info" not in fake.calls


async def test_an_arabic_reminders_command_looks_the_rights_up(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.dm("تذكير list")
    await fake.wait_for_posts(1)
    assert fake.calls.count("users.info") == 1
