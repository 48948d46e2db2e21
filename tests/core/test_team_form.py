"""An entry typed in chat (the Slack and Discord modals share this): checked field by field,
admins only, and matched in that workspace from the next question on."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.errors import InvalidInput, NotPermitted
from bot.profiles import WorkspaceKey
from bot.team_form import TeamForm
from tests.core.test_conversation import Chat

ACME = WorkspaceKey("console", "acme")
POSTING = TeamForm(
    title="When we post",
    answer="We post on weekday mornings, between 8 and 10. Our customers read before work.",
    examples="When is the best time to post?\nwhat time should we tweet\n"
    "best time to post on linkedin for us\nwhich day should we publish",
    languages=["en", "ar"],
)


async def test_an_admin_adds_an_entry_that_answers_in_that_workspace_only(core: Core) -> None:
    notice = await core.team.add_form(ACME, POSTING, by="U1", is_admin=True, language="en")
    await core.team.knowledge_for(ACME)  # the retraining the add started

    assert "Added the entry when-we-post: When we post" in notice.title
    assert "weekday mornings" in await Chat(core, "acme").say("best time to tweet?")
    assert "weekday mornings" not in await Chat(core, "globex").say("best time to tweet?")
    assert "when-we-post — When we post" in await Chat(core, "acme").say("knowledge")


async def test_a_second_entry_with_the_same_title_gets_its_own_id(core: Core) -> None:
    await core.team.add_form(ACME, POSTING, by="U1", is_admin=True, language="en")
    again = await core.team.add_form(ACME, POSTING, by="U1", is_admin=True, language="en")
    assert "when-we-post-2" in again.title


async def test_a_member_is_refused_politely(core: Core) -> None:
    with pytest.raises(NotPermitted, match="admin"):
        await core.team.add_form(ACME, POSTING, by="U2", is_admin=False, language="en")
    assert await core.team.entries(ACME) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 81}, "title"),
        ({"answer": ""}, "answer"),
        ({"answer": "word " * 130}, "answer"),
        ({"examples": "one question\nanother one"}, "examples"),
        ({"examples": "same\nsame\nsame"}, "examples"),
        ({"languages": []}, "languages"),
    ],
)
async def test_each_mistake_names_its_field_and_nothing_is_saved(
    core: Core, change: dict[str, object], field: str
) -> None:
    form = TeamForm(**{**POSTING.__dict__, **change})
    with pytest.raises(InvalidInput) as raised:
        await core.team.add_form(ACME, form, by="U1", is_admin=True, language="en")
    assert raised.value.field == field
    assert await core.team.entries(ACME) == []


async def test_typed_mentions_never_reach_the_stored_entry(core: Core) -> None:
    form = TeamForm(
        title="<!channel> When we post",
        answer="Ask @here first. Then post <@U123> in the morning.",
        examples=POSTING.examples,
        languages=["en"],
    )
    await core.team.add_form(ACME, form, by="U1", is_admin=True, language="en")
    [entry] = await core.team.entries(ACME)
    stored = entry.model_dump_json()
    assert "<" not in stored
    assert "@here" not in stored


async def test_arabic_errors_for_an_arabic_admin(core: Core) -> None:
    form = TeamForm(title="متى ننشر", answer="ننشر صباحًا.", examples="سؤال", languages=["ar"])
    with pytest.raises(InvalidInput, match="الأسئلة الأمثلة"):
        await core.team.add_form(ACME, form, by="U1", is_admin=True, language="ar")
