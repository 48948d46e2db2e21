"""A failure inside the core, whichever way a person reached it in Slack: they get a short
apology quoting an incident reference, and the log holds that failure once."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.slack.blocks import MORE, VOTE_UP
from bot.app import Core
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack, Post

QUESTION = "do I need lots of followers?"
SORRY = "something went wrong on my side"


@pytest.fixture
def break_core(core: Core, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Makes one core call fail as a bug would."""

    def breaking(target: object, name: str) -> None:
        def broken(*args: object, **kwargs: object) -> object:
            raise RuntimeError("a bug in the core")

        monkeypatch.setattr(target, name, broken)

    return breaking


def _one_incident(caplog: pytest.LogCaptureFixture, apology: Post) -> None:
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert f"Reference: {record.__dict__['incident']}" in apology.everything
    assert SORRY in apology.everything


async def test_a_mention(
    alice: SlackPerson, fake: FakeSlack, core: Core, break_core: Any, caplog: Any
) -> None:
    break_core(core.matcher, "match")

    await alice.mention(QUESTION)

    [apology] = await fake.wait_for_posts(1)
    assert apology.ephemeral_to == "U_ALICE"
    assert apology.channel == "C_GENERAL"
    _one_incident(caplog, apology)


async def test_a_direct_message_in_arabic(
    alice: SlackPerson, fake: FakeSlack, core: Core, break_core: Any, caplog: Any
) -> None:
    break_core(core.matcher, "match")

    await alice.dm("هل أحتاج إلى الكثير من المتابعين؟")

    [apology] = await fake.wait_for_posts(1)
    assert apology.channel == "D_U_ALICE"
    assert "حدث خطأ من جهتي" in apology.everything
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.__dict__["incident"] in apology.everything


async def test_the_slash_command(
    alice: SlackPerson, fake: FakeSlack, core: Core, break_core: Any, caplog: Any
) -> None:
    break_core(core.advisor, "myths")

    await alice.command("myths")

    [apology] = await fake.wait_for_posts(1)
    assert apology.via == "response_url:ephemeral"
    _one_incident(caplog, apology)


async def test_the_message_shortcut(
    alice: SlackPerson, fake: FakeSlack, core: Core, break_core: Any, caplog: Any
) -> None:
    break_core(core.matcher, "match")

    await alice.message_shortcut("advisor_check_message", "we need lots of followers")

    [apology] = await fake.wait_for_posts(1)
    assert apology.via == "response_url:ephemeral"
    assert not fake.views  # no form for a check that failed
    _one_incident(caplog, apology)


async def test_the_assistant_panel(
    alice: SlackPerson, fake: FakeSlack, core: Core, break_core: Any, caplog: Any
) -> None:
    break_core(core.advisor, "introduction")

    await alice.open_assistant()

    [apology] = await fake.wait_for_posts(1)
    assert apology.channel == "D_U_ALICE"
    _one_incident(caplog, apology)


@pytest.mark.parametrize(("button", "call"), [(MORE, "myth"), (VOTE_UP, "record_feedback")])
async def test_a_button_under_an_answer(
    alice: SlackPerson,
    fake: FakeSlack,
    core: Core,
    break_core: Any,
    caplog: Any,
    button: str,
    call: str,
) -> None:
    await alice.mention(QUESTION)
    [answer] = await fake.wait_for_posts(1)
    break_core(core.advisor, call)

    await alice.click(answer, button)

    [_, apology] = await fake.wait_for_posts(2)
    assert apology.via == "response_url:ephemeral"
    _one_incident(caplog, apology)
