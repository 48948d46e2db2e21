"""The message shortcut "Check against the myths": someone's message checked where it was said."""

from __future__ import annotations

from typing import Any

import aiohttp

from adapters.slack.blocks import DID_YOU_MEAN, MORE
from bot.knowledge import KnowledgeBase
from tests.slack.conftest import TEAM_A, Served, ServeFactory
from tests.slack.driver import SlackPerson
from tests.slack.fake_slack import FakeSlack, Post

SHORTCUT = "advisor_check_message"
LOUD_CLAIM = (
    "<!channel> <!here> @everyone big week! The launch deck is nearly done. "
    "Honestly we need lots of followers before launch or nobody will see it."
)
PINGS = ("<!channel>", "<!here>", "<!everyone>", "@everyone", "@channel", "@here", "<@")


def _where(choice: str) -> dict[str, Any]:
    return {"where": {"choice": {"type": "radio_buttons", "selected_option": {"value": choice}}}}


async def _form(person: SlackPerson, fake: FakeSlack, text: str, **message: Any) -> dict[str, Any]:
    count = len(fake.views) + 1
    delivery = await person.message_shortcut(SHORTCUT, text, **message)
    assert delivery.status == 200
    form = (await fake.wait_for_views(count))[-1]
    assert form["method"] == "views.open"
    return form


def _no_ping(post: Post) -> None:
    for ping in PINGS:
        assert ping not in post.everything


async def test_a_claim_answered_in_the_messages_thread_without_pinging_anyone(
    alice: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    form = await _form(alice, fake, LOUD_CLAIM, ts="1700000000.000200")
    verdict = knowledge.entries["4"].en.verdict
    assert form["title"]["text"] == "Check against the myths"
    assert verdict in str(form["blocks"])  # what would be sent, shown before choosing

    delivery = await alice.submit_view(form, _where("thread"))

    assert delivery.status == 200
    assert delivery.body == ""  # the form closes
    [post] = await fake.wait_for_posts(1)
    assert post.via == "chat.postMessage"
    assert post.channel == "C_GENERAL"
    assert post.thread_ts == "1700000000.000200"
    assert verdict in post.everything
    assert "I checked this message against the myths" in post.text
    _no_ping(post)


async def test_only_me_answers_the_asker_alone(
    alice: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    form = await _form(alice, fake, LOUD_CLAIM)

    await alice.submit_view(form, _where("only_me"))

    [post] = await fake.wait_for_posts(1)
    assert post.via == "response_url:ephemeral"
    assert knowledge.entries["4"].en.verdict in post.everything
    _no_ping(post)
    await fake.settle()
    assert "chat.postMessage" not in fake.calls


async def test_a_message_without_a_claim_gets_nothing_contradicts_rather_than_silence(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    form = await _form(alice, fake, "<!channel> lunch is at noon on Friday, bring snacks.")

    await alice.submit_view(form, _where("thread"))

    [post] = await fake.wait_for_posts(1)
    assert "nothing here contradicts the article" in post.text
    assert post.thread_ts is not None
    _no_ping(post)


async def test_an_arabic_message_gets_an_arabic_form_and_answer(
    alice: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    form = await _form(alice, fake, "<!channel> يا جماعة هل نحتاج عددًا كبيرًا من المتابعين؟")
    assert form["title"]["text"] == "مقارنة بالخرافات"

    await alice.submit_view(form, _where("only_me"))

    [post] = await fake.wait_for_posts(1)
    assert knowledge.entries["4"].ar.verdict in post.everything
    assert "I checked" not in post.text


async def test_a_reply_inside_a_thread_is_answered_in_that_thread(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    form = await _form(
        alice,
        fake,
        "we need lots of followers first",
        ts="1700000000.000900",
        thread_ts="1700000000.000100",
    )

    await alice.submit_view(form, _where("thread"))

    [post] = await fake.wait_for_posts(1)
    assert post.thread_ts == "1700000000.000100"


async def test_where_the_bot_cannot_post_the_asker_still_gets_the_answer(
    fake: FakeSlack, http: aiohttp.ClientSession, bot: Served, knowledge: KnowledgeBase
) -> None:
    # The fake answers channel_not_found for C_GONE…, as Slack does for a channel the bot
    # cannot see.
    carol = SlackPerson(
        fake=fake, http=http, events_url=bot.events_url, team=TEAM_A, channel="C_GONE_1"
    )
    form = await _form(carol, fake, LOUD_CLAIM)

    await carol.submit_view(form, _where("thread"))

    [post] = await fake.wait_for_posts(1)
    assert post.via == "response_url:ephemeral"
    assert knowledge.entries["4"].en.verdict in post.everything
    assert "/invite" in post.everything


async def test_the_full_answer_is_one_click_away(
    alice: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    form = await _form(alice, fake, LOUD_CLAIM, ts="1700000000.000300")
    await alice.submit_view(form, _where("thread"))
    [check] = await fake.wait_for_posts(1)

    await alice.click(check, DID_YOU_MEAN)

    posts = await fake.wait_for_posts(2)
    full = posts[1]
    assert full.thread_ts == "1700000000.000300"
    assert knowledge.entries["4"].en.title in full.everything
    assert knowledge.entries["4"].en.short_actions[0] in full.everything
    assert full.has_button(MORE)  # and the reasoning one click further


async def test_the_shortcut_works_over_socket_mode_too(
    serve: ServeFactory, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    await serve(slack_bot_token=f"xoxb-{TEAM_A}", slack_app_token="xapp-1-test")
    await fake.wait_for_connections(1)
    dave = SlackPerson(fake=fake, http=None, events_url=None, team=TEAM_A, socket=True)
    form = await _form(dave, fake, LOUD_CLAIM, ts="1700000000.000400")

    await dave.submit_view(form, _where("thread"))

    [post] = await fake.wait_for_posts(1)
    assert post.thread_ts == "1700000000.000400"
    assert knowledge.entries["4"].en.verdict in post.everything
    _no_ping(post)


async def test_an_apps_post_is_checked_by_its_attachments_too(
    alice: SlackPerson, fake: FakeSlack, knowledge: KnowledgeBase
) -> None:
    form = await _form(
        alice,
        fake,
        "",
        attachments=[{"title": "Weekly marketing digest", "text": "You can't measure social ROI."}],
    )

    await alice.submit_view(form, _where("only_me"))

    [post] = await fake.wait_for_posts(1)
    assert knowledge.entries["6"].en.verdict in post.everything
