"""A failure inside the core, whichever way a person reached it in Slack: they get a short
apology quoting an incident reference, and the log holds that failure once."""

from __future__ import annotations

import pytest

from adapters.slack.blocks import MORE, VOTE_UP
from bot.app import Core
from tests.incidents import BreakCore, assert_apology_quotes_the_incident, the_incident
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack

QUESTION = "do I need lots of followers?"


async def test_a_mention(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    break_core(core.matcher, "match")

    await alice.mention(QUESTION)

    [apology] = await fake.wait_for_posts(1)
    assert apology.ephemeral_to == "U_ALICE"
    assert apology.channel == "C_GENERAL"
    assert_apology_quotes_the_incident(caplog, apology.everything)


async def test_a_direct_message_in_arabic(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    break_core(core.matcher, "match")

    await alice.dm("هل أحتاج إلى الكثير من المتابعين؟")

    [apology] = await fake.wait_for_posts(1)
    assert apology.channel == "D_U_ALICE"
    assert "حدث خطأ من جهتي" in apology.everything
    assert the_incident(caplog) in apology.everything


async def test_the_slash_command(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    break_core(core.advisor, "myths")

    await alice.command("myths")

    [apology] = await fake.wait_for_posts(1)
    assert apology.via == "response_url:ephemeral"
    assert_apology_quotes_the_incident(caplog, apology.everything)


async def test_the_message_shortcut(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    break_core(core.matcher, "match")

    await alice.message_shortcut("advisor_check_message", "we need lots of followers")

    [apology] = await fake.wait_for_posts(1)
    assert apology.via == "response_url:ephemeral"
    assert not fake.views  # no form for a check that failed
    assert_apology_quotes_the_incident(caplog, apology.everything)


async def test_the_assistant_panel(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    break_core(core.advisor, "introduction")

    await alice.open_assistant()

    [apology] = await fake.wait_for_posts(1)
    assert apology.channel == "D_U_ALICE"
    assert_apology_quotes_the_incident(caplog, apology.everything)


@pytest.mark.parametrize(("button", "call"), [(MORE, "myth"), (VOTE_UP, "record_feedback")])
async def test_a_button_under_an_answer(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: BreakCore,
    caplog: pytest.LogCaptureFixture,
    button: str,
    call: str,
) -> None:
    await alice.mention(QUESTION)
    [answer] = await fake.wait_for_posts(1)
    break_core(core.advisor, call)

    await alice.click(answer, button)

    [_, apology] = await fake.wait_for_posts(2)
    assert apology.via == "response_url:ephemeral"
    assert_apology_quotes_the_incident(caplog, apology.everything)
