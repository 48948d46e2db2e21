"""Several bot processes on one PostgreSQL database, as a team running replicas would.

Each bot is `python -m bot run` in its own process; Slack is the fake on 127.0.0.1. What must
hold: an event is answered once whichever replicas its retries land on, a flood of due
reminders is posted once each and shared among the schedulers, and replicas starting
together on an empty database all start.
"""

from __future__ import annotations

import asyncio
import collections
import json
import time
from pathlib import Path

import aiohttp
import pytest

from bot.storage import DatabaseTarget
from tests.slack.driver import SIGNING_SECRET, sign
from tests.slack.fake_slack import BOT_USER, FakeSlack

from .live_bot import LiveBot
from .support import PYTHON, ROOT, bot_env

pytestmark = pytest.mark.slow

TEAM = "T_REPLICAS"


def _mention(number: int) -> str:
    return json.dumps(
        {
            "team_id": TEAM,
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": f"EvREPLICA{number:05d}",
            "event_time": int(time.time()),
            "event": {
                "type": "app_mention",
                "user": "U_MARKETER",
                "channel": f"C_{number:03d}",
                "text": f"<@{BOT_USER}> do we really need lots of followers?",
                "ts": f"{1_700_000_000 + number}.000100",
            },
        }
    )


async def _deliver(http: aiohttp.ClientSession, bot: LiveBot, body: str, retry: int) -> int:
    headers = {"Content-Type": "application/json", **sign(body)}
    if retry:
        # Slack's own retry headers: the bot must not treat a retry as a new event.
        headers |= {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
    async with http.post(bot.url + "/slack/events", data=body.encode(), headers=headers) as reply:
        await reply.read()
        return reply.status


async def _ready(bot: LiveBot, *, within: float = 90.0) -> None:
    deadline = time.monotonic() + within
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if bot.process.returncode is not None:
                raise AssertionError("the bot exited:\n" + "\n".join(bot.stderr))
            try:
                async with http.get(bot.url + "/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError("never ready:\n" + "\n".join(bot.stderr))


async def test_three_replicas_answer_each_event_once_wherever_its_retries_land(
    tmp_path: Path, postgres_url: str
) -> None:
    slack = FakeSlack()
    await slack.start()
    bots = [
        await LiveBot.start(
            tmp_path,
            DATABASE_URL=postgres_url,
            SLACK_BOT_TOKEN=f"xoxb-{TEAM}",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=slack.api_url,
            LOG_LEVEL="WARNING",
        )
        for _ in range(3)
    ]
    try:
        await asyncio.gather(*(_ready(bot) for bot in bots))
        events = 30
        async with aiohttp.ClientSession() as http:
            # The first delivery on one replica and Slack's two retries on the other two, all
            # arriving together: the worst case for "answered exactly once".
            statuses = await asyncio.gather(
                *(
                    _deliver(http, bots[(number + retry) % 3], _mention(number), retry)
                    for number in range(events)
                    for retry in range(3)
                )
            )
        assert set(statuses) == {200}
        try:
            await slack.wait_for_posts(events, within=60)
        except TimeoutError:
            logs = "\n".join(line for bot in bots for line in bot.stderr)
            raise AssertionError(
                f"{len(slack.posts)} of {events} answered; logs:\n{logs}"
            ) from None
        await asyncio.sleep(1.5)  # a doubled answer would arrive by now

        answered = collections.Counter(post.channel for post in slack.posts)
        assert len(answered) == events
        assert set(answered.values()) == {1}
    finally:
        for bot in bots:
            await bot.kill()
        await slack.close()


async def test_replicas_starting_together_on_an_empty_database_all_start(
    tmp_path: Path, postgres_url: str
) -> None:
    # Slack in OAuth mode, so the installation store's tables are created at start too.
    bots = [
        await LiveBot.start(
            tmp_path,
            DATABASE_URL=postgres_url,
            SLACK_CLIENT_ID="111.222",
            SLACK_CLIENT_SECRET="oauth-client-secret",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            LOG_LEVEL="WARNING",
        )
        for _ in range(4)
    ]
    try:
        await asyncio.gather(*(_ready(bot) for bot in bots))
        database = await DatabaseTarget.of(postgres_url).open(migrate=False)
        async with database:
            assert await database.schema_version() == DatabaseTarget.of(postgres_url).latest_version
            tables = await database.fetch_all(
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'slack_%' ORDER BY 1"
            )
        assert [row[0] for row in tables] == [
            "slack_bots",
            "slack_installations",
            "slack_oauth_states",
        ]
    finally:
        for bot in bots:
            await bot.kill()


async def test_four_schedulers_post_two_thousand_due_reminders_once_each_and_share_them(
    tmp_path: Path, postgres_url: str
) -> None:
    target = DatabaseTarget.of(postgres_url)
    database = await target.open()
    async with database:
        # 100 workspaces with 20 weekly reminders each, all due a minute ago.
        for workspace in range(100):
            async with database.transaction() as tx:
                for number in range(20):
                    await tx.execute(
                        "INSERT INTO reminders (platform, workspace_id, channel_id, weekday, "
                        "local_time, timezone, created_by, created_at, status, next_run_utc) "
                        "VALUES ('slack', ?, ?, 0, '09:00', 'UTC', 'U_ADMIN', now(), 'active', "
                        "now() - interval '1 minute')",
                        (f"T{workspace:03d}", f"C{number:02d}"),
                    )
        await database.execute("CREATE TABLE test_posts (occurrence_key text, posted_by text)")
        schedulers = [
            await asyncio.create_subprocess_exec(
                PYTHON,
                "-m",
                "tests.ops.scheduler_process",
                postgres_url,
                f"scheduler-{number}",
                cwd=ROOT,
                env=bot_env(),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for number in range(4)
        ]
        # All four connected before any starts: otherwise the first would take everything.
        for process in schedulers:
            assert process.stdout is not None
            assert await asyncio.wait_for(process.stdout.readline(), 60) == b"ready\n"
        outputs = await asyncio.wait_for(
            asyncio.gather(*(process.communicate(b"go\n") for process in schedulers)), 120
        )
        for process, (_, stderr) in zip(schedulers, outputs, strict=True):
            assert process.returncode == 0, stderr.decode()

        posts = await database.fetch_all("SELECT occurrence_key, posted_by FROM test_posts")
    per_key = collections.Counter(row[0] for row in posts)
    per_scheduler = collections.Counter(row[1] for row in posts)
    assert len(per_key) == 2000
    assert set(per_key.values()) == {1}
    # Shared out: SKIP LOCKED lets every scheduler take batches nobody else holds.
    assert len(per_scheduler) == 4
    assert min(per_scheduler.values()) >= 100, per_scheduler
