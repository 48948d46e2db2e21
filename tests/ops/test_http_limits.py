"""The bot's HTTP server under hostile traffic, measured from outside the process: memory,
idle and slow connections, and more sockets than the process may open.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.slack.fake_slack import FakeSlack

from .live_bot import LiveBot

SIGNING_SECRET = "live-signing-secret"
BODY_BYTES = 1_000_000
CHUNK = b"x" * 65_536


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.start()
    yield slack
    await slack.close()


async def _slack_bot(
    tmp_path: Path, fake: FakeSlack, *, open_files: int | None = None, **env: str
) -> LiveBot:
    bot = await LiveBot.start(
        tmp_path,
        open_files,
        SLACK_BOT_TOKEN="xoxb-T_LIVE",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        LOG_FORMAT="json",
        **env,
    )
    await bot.wait_healthy()
    return bot


async def _held_upload(
    port: int, signed_looking: bool, held: list[asyncio.StreamWriter], stop: asyncio.Event
) -> None:
    """An unsigned ~1 MB POST to /slack/events, written as fast as the bot reads it, then the
    socket kept open."""
    try:
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    held.append(writer)
    headers = [
        "POST /slack/events HTTP/1.1",
        "Host: bot",
        "Content-Type: application/json",
        f"Content-Length: {BODY_BYTES}",
    ]
    if signed_looking:  # well-formed, current, wrong: the body must be read to tell
        headers += [
            f"X-Slack-Request-Timestamp: {int(time.time())}",
            "X-Slack-Signature: v0=" + "ab" * 32,
        ]
    try:
        writer.write(("\r\n".join(headers) + "\r\n\r\n").encode())
        sent = 0
        while sent < BODY_BYTES and not stop.is_set():
            writer.write(CHUNK)
            await asyncio.wait_for(writer.drain(), 5)
            sent += len(CHUNK)
    except (OSError, TimeoutError):
        pass
    await stop.wait()


async def test_500_unsigned_megabyte_uploads_cost_little_memory_and_healthz_still_answers(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    bot = await _slack_bot(tmp_path, fake_slack)
    try:
        await asyncio.sleep(1.0)
        before = bot.rss_mb()
        held: list[asyncio.StreamWriter] = []
        stop = asyncio.Event()
        uploads = [
            asyncio.create_task(_held_upload(bot.port, n % 2 == 1, held, stop)) for n in range(500)
        ]
        await asyncio.sleep(3.0)  # everything that will be sent has been
        during = bot.rss_mb()
        healthz = await bot.healthz_seconds()
        stop.set()
        await asyncio.gather(*uploads)
        await _close_all(held)
        print(f"RSS {before:.0f} MB -> {during:.0f} MB with 500 uploads; /healthz {healthz:.3f} s")
        assert during - before < 100
        assert healthz < 1.0
        # Refusals are logged, but not once per request and never with a traceback.
        warnings = [line for line in bot.stderr if '"WARNING"' in line]
        assert 0 < len(warnings) < 20
        assert not [line for line in bot.stderr if '"ERROR"' in line or "Traceback" in line]
    finally:
        await bot.kill()


async def _close_all(writers: list[asyncio.StreamWriter]) -> None:
    for writer in writers:
        writer.close()
    await asyncio.gather(*(w.wait_closed() for w in writers), return_exceptions=True)


async def _closed_within(reader: asyncio.StreamReader, seconds: float) -> bool:
    try:
        async with asyncio.timeout(seconds):
            while await reader.read(4096):
                pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


async def test_idle_and_slow_header_connections_are_closed(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    bot = await _slack_bot(
        tmp_path,
        fake_slack,
        HTTP_IDLE_TIMEOUT_SECONDS="3",
        HTTP_HEADER_TIMEOUT_SECONDS="1",
        HTTP_BODY_TIMEOUT_SECONDS="1",
    )
    held: list[asyncio.StreamWriter] = []
    try:
        # Connected, then silent.
        idle_reader, idle = await asyncio.open_connection("127.0.0.1", bot.port)
        held.append(idle)
        started = time.monotonic()
        assert await _closed_within(idle_reader, 6)
        idle_seconds = time.monotonic() - started

        # Slowloris: a header line every 0.2 s, never the blank line that ends them.
        slow_reader, slow = await asyncio.open_connection("127.0.0.1", bot.port)
        held.append(slow)
        slow.write(b"GET /healthz HTTP/1.1\r\nHost: bot\r\n")
        started = time.monotonic()

        async def trickle() -> None:
            with contextlib.suppress(OSError):
                for n in range(100):
                    await asyncio.sleep(0.2)
                    slow.write(f"X-Slow-{n}: y\r\n".encode())

        dripping = asyncio.create_task(trickle())
        assert await _closed_within(slow_reader, 5)
        slow_seconds = time.monotonic() - started
        dripping.cancel()
        print(f"idle closed after {idle_seconds:.2f} s, slow headers after {slow_seconds:.2f} s")
        # A body that stops coming: 408 once the body timeout has passed.
        body_reader, body = await asyncio.open_connection("127.0.0.1", bot.port)
        held.append(body)
        stamp = int(time.time())
        body.write(
            (
                "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                f"Content-Length: 1000\r\nX-Slack-Request-Timestamp: {stamp}\r\n"
                f"X-Slack-Signature: v0={'cd' * 32}\r\n\r\n" + "{" * 10
            ).encode()
        )
        started = time.monotonic()
        status_line = await asyncio.wait_for(body_reader.readline(), 5)
        body_seconds = time.monotonic() - started
        print(f"stalled body answered {status_line!r} after {body_seconds:.2f} s")
        assert status_line.startswith(b"HTTP/1.1 408")
        assert await _closed_within(body_reader, 2)

        assert 2.5 < idle_seconds < 5
        assert slow_seconds < 2.5  # the header timeout, however the lines keep coming
        assert body_seconds < 2.5
        assert await bot.healthz_seconds() < 1.0
    finally:
        await _close_all(held)
        await bot.kill()


async def test_more_idle_sockets_than_open_files_cannot_lock_out_healthz(
    tmp_path: Path, fake_slack: FakeSlack
) -> None:
    bot = await _slack_bot(tmp_path, fake_slack, open_files=256)
    held: list[asyncio.StreamWriter] = []
    try:
        for _ in range(400):
            with contextlib.suppress(OSError):
                _, writer = await asyncio.open_connection("127.0.0.1", bot.port)
                held.append(writer)
        await asyncio.sleep(0.5)
        seconds = await bot.healthz_seconds()
        print(f"/healthz {seconds:.3f} s with {len(held)} idle sockets and 256 files allowed")
        assert seconds < 1.0
        assert not [line for line in bot.stderr if '"ERROR"' in line]
    finally:
        await _close_all(held)
        await bot.kill()
