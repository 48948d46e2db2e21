"""The advisor in Slack's assistant side panel (Agents & AI Apps)."""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.slack.assistant import PROMPTS
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from tests.slack.conftest import TEAM_A, ServeFactory
from tests.slack.driver import SIGNING_SECRET, SlackPerson
from tests.slack.fake_slack import FakeSlack

THREAD = "1700000100.000100"


async def _assistant_calls(fake: FakeSlack, count: int) -> list[dict[str, Any]]:
    await fake.settle(0.05)
    for _ in range(100):
        if len(fake.assistant_calls) >= count:
            break
        await fake.settle(0.05)
    return fake.assistant_calls


async def test_a_new_assistant_thread_gets_a_greeting_and_four_claims_as_prompts(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.open_assistant(thread_ts=THREAD)

    [prompts] = await _assistant_calls(fake, 1)
    assert prompts["method"] == "setSuggestedPrompts"
    assert prompts["channel_id"] == "D_U_ALICE"
    assert prompts["title"] == "Try asking"
    english = {claim["en"] for claim in PROMPTS.values()}
    assert len(prompts["prompts"]) == 4  # Slack shows at most four
    assert {p["message"] for p in prompts["prompts"]} <= english
    [greeting] = await fake.wait_for_posts(1)
    assert greeting.channel == "D_U_ALICE"
    assert greeting.thread_ts == THREAD
    assert "You need lots of followers" in greeting.everything


async def test_the_prompts_and_greeting_follow_the_workspaces_language(
    admin: SlackPerson, fake: FakeSlack
) -> None:
    await admin.command("profile set language=ar")
    await fake.wait_for_posts(1)

    await admin.open_assistant(thread_ts=THREAD)

    [prompts] = await _assistant_calls(fake, 1)
    arabic = {claim["ar"] for claim in PROMPTS.values()}
    assert prompts["title"] == "جرّب أن تسأل"
    assert {p["message"] for p in prompts["prompts"]} <= arabic
    posts = await fake.wait_for_posts(2)
    assert "يجب أن يكون لديك عدد كبير من المتابعين" in posts[1].everything


async def test_each_new_thread_suggests_the_next_claims_so_all_seven_come_round(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    for n in range(7):
        await alice.open_assistant(thread_ts=f"{1700000100 + n}.000100")

    calls = await _assistant_calls(fake, 7)
    suggested = {p["message"] for call in calls for p in call["prompts"]}
    assert suggested == {claim["en"] for claim in PROMPTS.values()}


async def test_a_retried_thread_start_greets_once(alice: SlackPerson, fake: FakeSlack) -> None:
    await alice.open_assistant(thread_ts=THREAD, event_id="Ev_START")
    await alice.open_assistant(thread_ts=THREAD, event_id="Ev_START")
    await alice.open_assistant(thread_ts=THREAD)  # a new event id, the same thread

    await fake.wait_for_posts(1)
    await fake.settle()
    assert len(fake.posts) == 1
    assert len(fake.assistant_calls) == 1


async def test_a_question_shows_thinking_sets_a_title_and_is_answered_in_the_thread(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await alice.dm_in_thread("<!channel> do we need lots of followers?", thread_ts=THREAD)

    [answer] = await fake.wait_for_posts(1)
    assert answer.channel == "D_U_ALICE"
    assert answer.thread_ts == THREAD
    assert "You need lots of followers" in answer.everything
    calls = await _assistant_calls(fake, 2)
    status, title = calls
    assert (status["method"], status["status"], status["thread_ts"]) == (
        "setStatus",
        "is thinking…",
        THREAD,
    )
    assert title["method"] == "setTitle"
    assert title["title"] == "do we need lots of followers?"  # no ping sequence in the title
    # "Thinking" is shown while composing: before the answer is posted.
    assert fake.calls.index("assistant.threads.setStatus") < fake.calls.index("chat.postMessage")


async def test_an_arabic_question_thinks_in_arabic(alice: SlackPerson, fake: FakeSlack) -> None:
    await alice.dm_in_thread("هل لازم نكون على فيسبوك؟", thread_ts=THREAD)

    [answer] = await fake.wait_for_posts(1)
    assert "يجب أن تكون على فيسبوك" in answer.everything
    [status, _title] = await _assistant_calls(fake, 2)
    assert status["status"] == "يفكّر…"


async def test_without_the_assistant_feature_dm_threads_are_answered_as_before(
    serve: ServeFactory, fake: FakeSlack, http: aiohttp.ClientSession
) -> None:
    # The bot's token lacks assistant:write: the app has no Agents & AI Apps feature.
    fake.bot_scopes = "app_mentions:read,chat:write,commands,im:history,users:read"
    served = await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_signing_secret=SIGNING_SECRET)
    alice = SlackPerson(fake=fake, http=http, events_url=served.events_url, team=TEAM_A)

    await alice.dm_in_thread("do we need lots of followers?", thread_ts=THREAD)

    [answer] = await fake.wait_for_posts(1)
    assert answer.thread_ts == THREAD
    assert "You need lots of followers" in answer.everything
    await fake.settle()
    assert fake.assistant_calls == []


async def test_when_the_status_call_fails_the_question_is_still_answered(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    fake.fail_with_plain_text("assistant.threads.setStatus")

    await alice.dm_in_thread("do we need lots of followers?", thread_ts=THREAD)

    [answer] = await fake.wait_for_posts(1)
    assert "You need lots of followers" in answer.everything


def test_every_suggested_prompt_is_answered_by_its_claim(
    matcher: Matcher, knowledge: KnowledgeBase
) -> None:
    assert set(PROMPTS) == {e.id for e in knowledge.ordered() if e.kind == "claim"}
    for entry_id, questions in PROMPTS.items():
        for language, question in questions.items():
            match = matcher.match(question)
            assert (match.intent, match.entry_id) == ("entry", entry_id), (language, question)


async def test_the_side_panel_works_over_socket_mode_too(
    serve: ServeFactory, fake: FakeSlack
) -> None:
    await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_app_token="xapp-1-test")
    await fake.wait_for_connections(1)
    dave = SlackPerson(fake=fake, http=None, events_url=None, team=TEAM_A, socket=True)

    await dave.open_assistant(thread_ts=THREAD)
    await dave.dm_in_thread("can we sell on social media?", thread_ts=THREAD)

    # Two envelopes, handled side by side: the order of their calls is not fixed.
    posts = await fake.wait_for_posts(2)
    assert all(post.thread_ts == THREAD for post in posts)
    [answer] = [post for post in posts if post.has_button("advisor_vote_up")]
    assert "You can't sell on social media" in answer.everything
    methods = sorted(c["method"] for c in await _assistant_calls(fake, 3))
    assert methods == ["setStatus", "setSuggestedPrompts", "setTitle"]
