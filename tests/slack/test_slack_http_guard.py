"""/slack/events before bolt: forged, malformed, oversized and replayed requests are answered
at once, logged once at WARNING without their body; a full work queue tells Slack to retry.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import aiohttp
import pytest

from bot.app import Core
from bot.http import HttpLimits, rejections
from tests.slack.conftest import ADMIN, TEAM_A, Served, ServeFactory
from tests.slack.driver import SIGNING_SECRET, SlackPerson, sign
from tests.slack.fake_slack import FakeSlack

SECRET_TEXT = "our secret launch plan for the spring campaign"


@pytest.fixture(autouse=True)
def _fresh_rejection_log() -> Iterator[None]:
    rejections.reset()  # each test sees its own first WARNING per reason
    yield
    rejections.reset()


def _signed_bytes(body: bytes, *, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + stamp.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def _mention_body(text: str) -> str:
    return json.dumps(
        {
            "team_id": TEAM_A,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": "EvGUARD1",
            "event_time": int(time.time()),
            "event": {"type": "app_mention", "user": "U_X", "channel": "C1", "text": text},
        }
    )


async def _post(
    http: aiohttp.ClientSession, url: str, body: bytes, headers: dict[str, str]
) -> tuple[int, float]:
    started = time.monotonic()
    async with http.post(url, data=body, headers=headers) as response:
        await response.read()
        return response.status, time.monotonic() - started


async def test_forged_and_malformed_requests_get_4xx_at_once_and_one_warning_each(
    bot: Served, fake: FakeSlack, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    url = bot.events_url
    assert url is not None
    good = _mention_body(SECRET_TEXT).encode()
    json_type = {"Content-Type": "application/json"}
    stale = int(time.time()) - 3600
    cases = {
        "unsigned": (good, json_type, 401),
        "timestamp abc": (
            good,
            {**json_type, "X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=00"},
            401,
        ),
        "wrong signature": (
            good,
            {**json_type, **_signed_bytes(good), "X-Slack-Signature": "v0=" + "0" * 64},
            401,
        ),
        "stale": (good, {**json_type, **_signed_bytes(good, timestamp=stale)}, 401),
        "bad JSON": (b'{"type": "event_callback", ', {**json_type}, 400),
        "invalid UTF-8": (b'{"text": "\xff\xfe"}', {**json_type}, 400),
    }
    for name, (body, headers, expected) in cases.items():
        if expected == 400:  # correctly signed, so only the content is wrong
            headers = {**headers, **_signed_bytes(body)}
        status, seconds = await _post(http, url, body, headers)
        assert status == expected, name
        assert seconds < 1.0, name

    await fake.settle()
    assert fake.posts == []  # nothing was answered
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == len(cases)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not [r for r in caplog.records if r.exc_info]
    logged = "\n".join(r.getMessage() + str(vars(r)) for r in caplog.records)
    assert "secret launch plan" not in logged
    assert "event_callback" not in logged


async def _status_before_the_body(port: int, headers: str) -> bytes:
    """The status line answered to `headers` announcing a 1,000-byte body of which one byte
    is sent; empty when the connection stays open past 2 s without an answer."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(
            (
                "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                f"{headers}Content-Length: 1000\r\n\r\n{{"
            ).encode()
        )
        status = await asyncio.wait_for(reader.readline(), 2)
        await asyncio.wait_for(reader.read(), 2)  # and the connection is closed
        return status
    finally:
        writer.close()
        await writer.wait_closed()


async def test_a_forged_request_is_refused_before_its_body_arrives(bot: Served) -> None:
    """Headers that already fail get 401 at once, though the body they announce never comes:
    reading it would hold a connection and the body budget for a forger (the body timeout is
    10 s here)."""
    assert bot.url is not None
    port = int(bot.url.rsplit(":", 1)[1])
    stale = f"X-Slack-Request-Timestamp: {int(time.time()) - 3600}\r\n"
    stale += f"X-Slack-Signature: v0={'ab' * 32}\r\n"
    for headers in ("", stale):
        status = await _status_before_the_body(port, headers)
        assert status.startswith(b"HTTP/1.1 401"), headers


async def test_slacks_unsigned_certificate_check_is_answered(
    bot: Served, http: aiohttp.ClientSession
) -> None:
    assert bot.events_url is not None
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _ = await _post(http, bot.events_url, b"ssl_check=1&token=legacy", form)
    assert status == 200
    # Anything else unsigned in a form is still refused.
    status, _ = await _post(http, bot.events_url, b"command=%2Fadvisor&text=help", form)
    assert status == 401


async def test_a_flood_of_bad_requests_costs_a_few_log_lines(
    bot: Served, http: aiohttp.ClientSession, caplog: pytest.LogCaptureFixture
) -> None:
    assert bot.events_url is not None
    caplog.set_level(logging.INFO)
    for _ in range(200):
        status, _ = await _post(http, bot.events_url, b"{}", {"Content-Type": "application/json"})
        assert status == 401
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1


async def test_a_body_over_the_route_cap_is_refused_before_it_is_read(
    serve: ServeFactory, http: aiohttp.ClientSession
) -> None:
    served = await serve(
        slack_bot_token=f"xoxb-{TEAM_A}",
        slack_signing_secret=SIGNING_SECRET,
        slack_max_body_bytes=64 * 1024,
    )
    assert served.events_url is not None
    body = _mention_body("x" * 100_000).encode()
    headers = {"Content-Type": "application/json", **_signed_bytes(body)}
    status, _ = await _post(http, served.events_url, body, headers)
    assert status == 413
    # The health of the server is unaffected: a normal mention still gets its ack.
    small = _mention_body("hello").encode()
    status, _ = await _post(
        http, served.events_url, small, {"Content-Type": "application/json", **sign(small.decode())}
    )
    assert status == 200


async def test_message_text_never_reaches_the_log_at_info(
    alice: SlackPerson, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    await alice.mention(f"do I need lots of followers? {SECRET_TEXT}")
    await alice.dm(SECRET_TEXT)
    await fake.wait_for_posts(2)
    at_info = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert at_info  # the questions were logged, as metadata
    for record in at_info:
        assert "secret launch plan" not in record.getMessage() + str(vars(record))


async def test_bolt_itself_never_logs_a_request_body(
    bot: Served, caplog: pytest.LogCaptureFixture
) -> None:
    """Should a forged request ever reach bolt, its signature-failure line has no body."""
    from slack_bolt.request.async_request import AsyncBoltRequest

    caplog.set_level(logging.DEBUG)
    body = _mention_body(SECRET_TEXT)
    forged = {**sign(body), "X-Slack-Signature": "v0=" + "0" * 64}
    request = AsyncBoltRequest(body=body, headers={**forged, "Content-Type": "application/json"})
    response = await bot.runtime.app.async_dispatch(request)

    assert response.status == 401
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")]
    assert any("Invalid request signature" in line for line in lines)
    assert not [line for line in lines if "secret launch plan" in line]


async def test_a_replayed_signed_command_is_ignored(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession, core: Core
) -> None:
    served = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_signing_secret=SIGNING_SECRET)
    assert served.events_url is not None
    admin = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A, user=ADMIN)

    def command(trigger_id: str) -> str:
        return urlencode(
            {
                "team_id": TEAM_A,
                "channel_id": "C_GENERAL",
                "user_id": ADMIN,
                "command": "/advisor",
                "text": "reminders add monday 09:00 UTC",
                "response_url": fake.response_url(TEAM_A, "C_GENERAL", ADMIN),
                "trigger_id": trigger_id,  # Slack's own deliveries never repeat one
            }
        )

    form = command("trigger-replay-1")
    headers = sign(form)  # captured once, sent four times
    statuses = []
    for _ in range(4):
        delivery = await admin.deliver(
            form, content_type="application/x-www-form-urlencoded", headers=headers
        )
        statuses.append(delivery.status)
    await fake.settle(0.5)

    assert statuses == [200, 200, 200, 200]
    row = await core.database.fetch_one("SELECT count(*) FROM reminders")
    assert row is not None
    assert row[0] == 1
    # The same command typed again is a new delivery, with a signature of its own.
    await admin.deliver(
        command("trigger-replay-2"), content_type="application/x-www-form-urlencoded"
    )
    await fake.settle(0.5)
    row = await core.database.fetch_one("SELECT count(*) FROM reminders")
    assert row is not None
    assert row[0] == 2


async def test_a_full_work_queue_tells_slack_to_retry_and_the_retry_is_answered(
    serve: ServeFactory,
    fake: FakeSlack,
    http: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WORK_QUEUE_IN_FLIGHT", "1")
    monkeypatch.setenv("WORK_QUEUE_WAITING", "1")
    served = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_signing_secret=SIGNING_SECRET)
    alice = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A)
    slow_slack = fake.hold("chat.postMessage")

    first = await alice.mention("do I need lots of followers?", event_id="EvQ1")
    second = await alice.mention("can we sell on social media?", event_id="EvQ2")
    await fake.settle(0.3)  # both listeners are now running or waiting
    third = await alice.mention("should we be on TikTok?", event_id="EvQ3")
    command = await alice.command("ask should we be on TikTok?")
    arabic = await alice.command("هل أحتاج إلى الكثير من المتابعين؟")

    assert (first.status, second.status) == (200, 200)
    assert third.status == 503  # non-2xx: Slack delivers it again later
    assert "busy" in command.json()["text"]  # a command is never retried: told at once
    assert "الكثير من الأسئلة" in arabic.json()["text"]

    slow_slack.set()
    await fake.wait_for_posts(2)
    retried = await alice.mention("should we be on TikTok?", event_id="EvQ3")
    assert retried.status == 200
    posts = await fake.wait_for_posts(3)
    assert len({post.thread_ts for post in posts}) == 3


async def test_socket_mode_leaves_events_unacked_while_the_queue_is_full(
    serve: ServeFactory, fake: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WORK_QUEUE_IN_FLIGHT", "1")
    monkeypatch.setenv("WORK_QUEUE_WAITING", "0")
    await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_app_token="xapp-1-test")
    await fake.wait_for_connections(1)
    carol = SlackPerson(fake=fake, http=None, events_url=None, team=TEAM_A, socket=True)
    slow_slack = fake.hold("chat.postMessage")

    await carol.mention("do I need lots of followers?", event_id="EvS1")
    await fake.settle(0.3)
    body = {
        "team_id": TEAM_A,
        "type": "event_callback",
        "event_id": "EvS2",
        "event": {"type": "app_mention", "user": "U_C", "channel": "C1", "text": "hi", "ts": "1.2"},
    }
    refused = await fake.send_envelope("events_api", body)
    await asyncio.sleep(0.5)
    assert not refused.acked.is_set()  # Slack will deliver it again

    slow_slack.set()
    await fake.wait_for_posts(1)
    await fake.settle(0.3)
    retry = await fake.send_envelope("events_api", body, retry_attempt=1)
    await asyncio.wait_for(retry.acked.wait(), 5)
    await fake.wait_for_posts(2)


async def test_the_busy_limits_show_in_metrics(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession
) -> None:
    from bot.metrics import Metrics

    served = await serve(
        slack_bot_token=f"xoxb-{TEAM_A}",
        slack_signing_secret=SIGNING_SECRET,
        limits=HttpLimits(),
    )
    metrics = Metrics()
    served.runtime.set_metrics(metrics)
    alice = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A)
    slow_slack = fake.hold("chat.postMessage")
    await alice.mention("do I need lots of followers?")
    await fake.settle(0.3)
    page = metrics.render().decode()
    assert 'advisor_work_queue_depth{platform="slack"} 1.0' in page
    assert 'advisor_work_rejected_total{platform="slack"} 0.0' in page
    slow_slack.set()
    await fake.wait_for_posts(1)
