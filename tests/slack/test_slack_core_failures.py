"""A failure inside the core, whichever way a person reached it in Slack: they get a short
apology quoting an incident reference, and the log holds that failure once."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from adapters.slack.blocks import MORE, VOTE_UP
from bot.app import Core
from tests.incidents import BreakCore, assert_apology_quotes_the_incident
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack, Post

QUESTION = "do I need lots of followers?"


@dataclass(frozen=True)
class Workspace:
    """Alice in a workspace whose core is about to meet a bug."""

    alice: SlackPerson
    fake: FakeSlack
    core: Core
    break_core: BreakCore
    caplog: pytest.LogCaptureFixture

    async def apology(self, *, after: int = 0) -> Post:
        """The post after the `after` earlier ones, checked to be the apology for the one
        incident logged."""
        posts = await self.fake.wait_for_posts(after + 1)
        assert_apology_quotes_the_incident(self.caplog, posts[after].everything)
        return posts[after]


@pytest.fixture
def team(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> Workspace:
    return Workspace(alice, fake, core, break_core, caplog)


async def test_a_mention(team: Workspace) -> None:
    team.break_core(team.core.matcher, "match")

    await team.alice.mention(QUESTION)

    apology = await team.apology()
    assert apology.ephemeral_to == "U_ALICE"
    assert apology.channel == "C_GENERAL"


async def test_a_direct_message_in_arabic(team: Workspace) -> None:
    team.break_core(team.core.matcher, "match")

    await team.alice.dm("هل أحتاج إلى الكثير من المتابعين؟")

    [apology] = await team.fake.wait_for_posts(1)
    assert apology.channel == "D_U_ALICE"
    assert "حدث خطأ من جهتي" in apology.everything
    assert "الرقم المرجعي" in apology.everything


async def test_the_slash_command(team: Workspace) -> None:
    team.break_core(team.core.advisor, "myths")

    await team.alice.command("myths")

    apology = await team.apology()
    assert apology.via == "response_url:ephemeral"


async def test_the_message_shortcut(team: Workspace) -> None:
    team.break_core(team.core.matcher, "match")

    await team.alice.message_shortcut("advisor_check_message", "we need lots of followers")

    apology = await team.apology()
    assert apology.via == "response_url:ephemeral"
    assert not team.fake.views  # no form for a check that failed


async def test_the_assistant_panel(team: Workspace) -> None:
    team.break_core(team.core.advisor, "introduction")

    await team.alice.open_assistant()

    apology = await team.apology()
    assert apology.channel == "D_U_ALICE"


@pytest.mark.parametrize(("button", "call"), [(MORE, "myth"), (VOTE_UP, "record_feedback")])
async def test_a_button_under_an_answer(team: Workspace, button: str, call: str) -> None:
    await team.alice.mention(QUESTION)
    [answer] = await team.fake.wait_for_posts(1)
    team.break_core(team.core.advisor, call)

    await team.alice.click(answer, button)

    apology = await team.apology(after=1)
    assert apology.via == "response_url:ephemeral"
