"""What Slack's delivery does to the bot: signatures, retries, rate limits, failed calls."""

from __future__ import annotations

import json
import time

import pytest

from bot.app import Core
from bot.metrics import Metrics
from bot.profiles import WorkspaceKey
from tests.slack.conftest import Served
from tests.slack.driver import SlackPerson, sign
from tests.slack.fake_slack import FakeSlack


def _mention_body(event_id: str = "EvSIGNED") -> str:
    return json.dumps(
        {
            "team_id": "T_A",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id,
            "event": {
                "type": "app_mention",
                "user": "U_ALICE",
                "channel": "C_GENERAL",
                "text": "<@UBOT> do I need followers?",
                "ts": "1.1",
            },
        }
    )


async def test_unsigned_wrongly_signed_and_stale_requests_are_refused(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    body = _mention_body()
    unsigned = await alice.deliver(body, content_type="application/json", headers={})
    wrong = await alice.deliver(
        body, content_type="application/json", headers=sign(body, secret="not-the-secret")
    )
    stale = await alice.deliver(
        body, content_type="application/json", headers=sign(body, timestamp=int(time.time()) - 600)
    )
    tampered = await alice.deliver(
        body.replace("followers", "FOLLOWERS"), content_type="application/json", headers=sign(body)
    )

    assert [unsigned.status, wrong.status, stale.status, tampered.status] == [401, 401, 401, 401]
    await fake.settle()
    assert fake.posts == []
    assert "chat.postMessage" not in fake.calls


async def test_url_verification_is_echoed(alice: SlackPerson) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"})

    delivery = await alice.deliver(body, content_type="application/json")

    assert delivery.status == 200
    assert delivery.json() == {"challenge": "abc123"}


async def test_the_same_event_delivered_three_times_is_answered_once(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    for _ in range(3):
        delivery = await alice.mention("do I need lots of followers?", event_id="EvRETRIED")
        assert delivery.status == 200

    await fake.wait_for_posts(1)
    await fake.settle()
    assert len(fake.posts) == 1


async def test_a_rate_limited_post_is_retried_after_retry_after_and_posted_once(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    fake.rate_limit("chat.postMessage", times=1, retry_after=1)

    await alice.mention("do I need lots of followers?")

    await fake.wait_for_posts(1, within=5)
    await fake.settle()
    assert len(fake.posts) == 1
    assert fake.calls.count("chat.postMessage") == 2


async def test_a_failing_post_is_logged_and_the_asker_told(
    alice: SlackPerson, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    alice.channel = "C_GONE"  # chat.postMessage answers channel_not_found

    await alice.mention("do I need lots of followers?")

    [apology] = await fake.wait_for_posts(1)
    assert apology.ephemeral_to == "U_ALICE"
    assert any("channel_not_found" in str(getattr(r, "error", "")) for r in caplog.records)
    assert not any("xoxb-" in r.getMessage() for r in caplog.records)


async def test_a_refused_post_is_counted_by_its_slack_error_code(
    bot: Served, alice: SlackPerson, fake: FakeSlack
) -> None:
    metrics = Metrics()
    bot.runtime.set_metrics(metrics)  # as the runner does before start-up
    alice.channel = "C_GONE"  # chat.postMessage answers channel_not_found, once

    await alice.mention("do I need lots of followers?")

    [apology] = await fake.wait_for_posts(1)
    assert apology.ephemeral_to == "U_ALICE"
    text = metrics.render().decode()
    assert 'advisor_platform_errors_total{kind="channel_not_found",platform="slack"} 1.0' in text


# -- while the adapter is stopping ----------------------------------------------------------


async def test_while_stopping_events_get_503_so_slack_retries_them(
    alice: SlackPerson, bot: Served, fake: FakeSlack
) -> None:
    await bot.runtime.stop()

    delivery = await alice.mention("do I need lots of followers?")

    assert delivery.status == 503
    await fake.settle()
    assert fake.posts == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ask do I need lots of followers?", "I'm restarting, try again in a moment."),
        ("هل أحتاج إلى الكثير من المتابعين؟", "أُعيد التشغيل الآن، حاول مرة أخرى بعد لحظات."),
    ],
)
async def test_while_stopping_a_slash_command_is_acked_with_a_restarting_notice(
    alice: SlackPerson, bot: Served, fake: FakeSlack, typed: str, expected: str
) -> None:
    # Slack never retries a command: a 503 would show the user "dispatch_failed".
    await bot.runtime.stop()

    delivery = await alice.command(typed)

    assert delivery.status == 200
    assert delivery.json() == {"response_type": "ephemeral", "text": expected}


async def test_while_stopping_a_click_is_acked_and_the_clicker_told(
    alice: SlackPerson, bot: Served, fake: FakeSlack, core: Core
) -> None:
    await alice.mention("do I need lots of followers?")
    [answer] = await fake.wait_for_posts(1)
    await bot.runtime.stop()

    delivery = await alice.click(answer, "advisor_vote_up")

    assert delivery.status == 200
    _, notice = await fake.wait_for_posts(2)
    assert notice.via == "response_url:ephemeral"
    assert "restarting" in notice.text
    assert await core.store.feedback_counts(WorkspaceKey("slack", "T_A")) == {}


async def test_while_stopping_a_forged_command_gets_no_answer(
    alice: SlackPerson, bot: Served
) -> None:
    await bot.runtime.stop()

    body = "command=%2Fadvisor&text=help&response_url=http%3A%2F%2Fexample.invalid%2F"
    delivery = await alice.deliver(
        body, content_type="application/x-www-form-urlencoded", headers={}
    )

    assert delivery.status == 401
