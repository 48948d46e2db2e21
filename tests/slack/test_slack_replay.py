"""Recorded payload shapes (tests/data/payloads/slack/, written from Slack's public formats)
replayed through the real bolt app in HTTP mode; each test says what the fake Slack received."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack.conversation import workspace_id_of
from tests.slack.driver import Delivery, SlackPerson
from tests.slack.fake_slack import FakeSlack

PAYLOADS = Path(__file__).parents[1] / "data" / "payloads" / "slack"


def payload(name: str) -> dict[str, Any]:
    return dict(json.loads((PAYLOADS / name).read_text(encoding="utf-8")))


async def replay(person: SlackPerson, name: str) -> Delivery:
    return await person.deliver(json.dumps(payload(name)), content_type="application/json")


async def test_a_plain_mention_is_answered_once_in_its_thread(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    delivery = await replay(alice, "app_mention.json")

    assert delivery.status == 200
    [answer] = await fake.wait_for_posts(1)
    assert answer.channel == "C_GENERAL"
    assert answer.thread_ts == "1767603600.000100"
    assert "You need lots of followers" in answer.everything


async def test_editing_an_answered_mention_does_not_get_a_second_answer(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await replay(alice, "app_mention.json")
    await fake.wait_for_posts(1)

    delivery = await replay(alice, "app_mention_edited.json")  # new event id, same message

    assert delivery.status == 200
    await fake.settle()
    assert len(fake.posts) == 1


async def test_a_retry_of_the_same_event_is_answered_once(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    for _ in range(3):
        await replay(alice, "app_mention_in_thread.json")

    [answer] = await fake.wait_for_posts(1)
    await fake.settle()
    assert len(fake.posts) == 1
    assert answer.thread_ts == "1767600000.000001"


async def test_dm_questions_with_a_file_or_sent_to_the_channel_too_are_answered(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await replay(alice, "message_im.json")
    await replay(alice, "message_im_file_share.json")
    await replay(alice, "message_im_thread_broadcast.json")

    answers = await fake.wait_for_posts(3)
    assert {answer.channel for answer in answers} == {"D_U_ALICE"}
    assert any("Facebook" in answer.everything for answer in answers)


async def test_edits_deletions_other_apps_and_the_bot_itself_get_no_answer(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    for name in (
        "message_im_changed.json",
        "message_im_deleted.json",
        "message_im_bot.json",
        "message_im_own.json",
    ):
        delivery = await replay(alice, name)
        assert delivery.status == 200, name

    await fake.settle()
    assert fake.posts == []


async def test_app_home_opened_publishes_the_home_tab(alice: SlackPerson, fake: FakeSlack) -> None:
    await replay(alice, "app_home_opened.json")

    [home] = await fake.wait_for_views(1)
    assert home["method"] == "views.publish"
    assert home["user"] == "U_ALICE"


async def test_url_verification_echoes_the_challenge(alice: SlackPerson) -> None:
    delivery = await replay(alice, "url_verification.json")

    assert delivery.json() == {"challenge": payload("url_verification.json")["challenge"]}


async def test_uninstall_and_revoked_tokens_are_acknowledged(alice: SlackPerson) -> None:
    assert (await replay(alice, "app_uninstalled.json")).status == 200
    assert (await replay(alice, "tokens_revoked.json")).status == 200


async def test_a_payload_without_a_workspace_is_refused_not_pooled(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    delivery = await replay(alice, "no_workspace.json")

    assert delivery.status == 200  # acknowledged, so Slack does not retry it
    await fake.settle()
    assert fake.posts == []


async def test_with_one_bot_token_only_the_installed_team_is_served(
    alice: SlackPerson, fake: FakeSlack
) -> None:
    await replay(alice, "other_team.json")

    await fake.settle()
    assert fake.posts == []


def _context_of(name: str, *, form: bool = False) -> Any:
    body = payload(name)
    raw = urlencode(body) if form else json.dumps(body)
    content_type = "application/x-www-form-urlencoded" if form else "application/json"
    return AsyncBoltRequest(body=raw, headers={"content-type": [content_type]}).context


def test_an_org_wide_install_is_one_workspace_for_events_and_commands() -> None:
    # Events from an org-wide install may name no team; commands name the team they came from.
    event = _context_of("app_mention_org_wide.json")
    command = _context_of("slash_command_org_wide.json", form=True)

    assert workspace_id_of(event) == workspace_id_of(command) == "E_ORG"
    assert workspace_id_of(_context_of("app_mention.json")) == "T_A"
    assert workspace_id_of(_context_of("no_workspace.json")) is None
