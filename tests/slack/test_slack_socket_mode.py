"""Socket Mode: envelopes over the fake's websocket are acked and answered; reconnects."""

from __future__ import annotations

import asyncio

import pytest

from tests.slack.conftest import TEAM_A, Served, ServeFactory
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack


@pytest.fixture
async def socket_bot(serve: ServeFactory, fake: FakeSlack) -> Served:
    served = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_app_token="xapp-1-test")
    await fake.wait_for_connections(1)
    return served


@pytest.fixture
def carol(fake: FakeSlack, socket_bot: Served) -> SlackPerson:
    return SlackPerson(fake=fake, http=None, events_url=None, team=TEAM_A, socket=True)


async def test_socket_mode_serves_no_http_events_route(socket_bot: Served) -> None:
    assert socket_bot.events_url is None
    assert socket_bot.runtime.is_ready()


async def test_a_mention_envelope_is_acked_and_answered(
    carol: SlackPerson, fake: FakeSlack
) -> None:
    await carol.mention("do I need lots of followers?")

    [answer] = await fake.wait_for_posts(1)
    assert answer.thread_ts is not None
    assert answer.has_button("advisor_vote_up")


async def test_a_slash_command_envelope_is_answered(carol: SlackPerson, fake: FakeSlack) -> None:
    await carol.command("ask can we sell on social media?")

    [answer] = await fake.wait_for_posts(1)
    assert answer.via == "response_url:in_channel"


async def test_a_retried_envelope_is_answered_once(carol: SlackPerson, fake: FakeSlack) -> None:
    for _ in range(3):
        await carol.mention("do I need lots of followers?", event_id="EvSOCKET")

    await fake.wait_for_posts(1)
    await fake.settle()
    assert len(fake.posts) == 1


async def test_after_a_disconnect_the_client_reconnects_and_keeps_answering(
    carol: SlackPerson, fake: FakeSlack, socket_bot: Served
) -> None:
    await fake.disconnect()

    await fake.wait_for_connections(2)
    assert fake.calls.count("apps.connections.open") >= 2
    for _ in range(50):
        if socket_bot.runtime.is_ready():
            break
        await asyncio.sleep(0.05)
    await carol.mention("should we be on TikTok?")
    [answer] = await fake.wait_for_posts(1)
    assert answer.blocks[0]["type"] == "header"


async def test_stop_closes_the_connection(fake: FakeSlack, socket_bot: Served) -> None:
    await socket_bot.runtime.stop()

    assert not socket_bot.runtime.is_ready()


async def test_stop_disconnects_first_then_lets_acked_work_finish(
    carol: SlackPerson, fake: FakeSlack, socket_bot: Served
) -> None:
    fake.rate_limit("chat.postMessage", retry_after=2)  # keeps the answer in flight a while
    await carol.mention("do I need lots of followers?")

    stopping = asyncio.create_task(socket_bot.runtime.stop())
    await fake.wait_for_no_sockets(within=1.5)

    assert fake.posts == []  # disconnected while the answer was still being worked on
    await stopping
    [answer] = fake.posts  # and the drain let it finish
    assert answer.has_button("advisor_vote_up")
    assert fake.socket_connections == 1  # no reconnect during the drain
    assert not socket_bot.runtime.is_ready()


async def test_work_still_running_at_the_deadline_is_cancelled_and_logged(
    serve: ServeFactory, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    bot = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_app_token="xapp-1-test", grace=0.5)
    await fake.wait_for_connections(1)
    dave = SlackPerson(fake=fake, http=None, events_url=None, team=TEAM_A, socket=True)
    fake.rate_limit("chat.postMessage", retry_after=5)  # outlasts the grace period
    await dave.mention("do I need lots of followers?")
    await asyncio.sleep(0.1)

    started = asyncio.get_running_loop().time()
    await bot.runtime.stop()

    assert asyncio.get_running_loop().time() - started < 2.0  # grace, then a short unwind
    cancelled = [r for r in caplog.records if "cancelled" in r.getMessage()]
    assert cancelled
    assert getattr(cancelled[0], "cancelled", 0) >= 1
    await fake.settle(0.5)
    assert fake.posts == []
