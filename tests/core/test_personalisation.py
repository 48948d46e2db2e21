"""Personalisation never contradicts the profile it was given."""

from __future__ import annotations

import re

import pytest

from bot.answers import compose_answer
from bot.app import Core
from bot.bidi import strip_isolation
from bot.knowledge import KnowledgeBase
from bot.profiles import AudienceProfile
from bot.render_text import render_full
from bot.replies import Answer
from bot.text import Language

from .test_conversation import Chat

_BLOG = re.compile(r"blog|مدون|تدوين|تدوّن", re.IGNORECASE)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_team_without_a_blog_gets_no_blog_actions(
    knowledge: KnowledgeBase, language: Language
) -> None:
    profile = AudienceProfile(blogs=False, goal="leads")
    for entry in knowledge.entries.values():
        answer = compose_answer(entry, knowledge, language, profile)
        assert len(answer.actions) >= 3, entry.id
        blog_actions = [a for a in answer.actions if _BLOG.search(a)]
        # Only answer 5 may talk of a blog, and then only of one the team might start.
        if entry.id == "5":
            assert all("start" in a or "تبدأ" in a for a in blog_actions), blog_actions
        else:
            assert blog_actions == [], (entry.id, blog_actions)


async def test_blog_answer_without_a_blog_suggests_testing_one(core: Core) -> None:
    chat = Chat(core)
    await chat.say("profile set blogs=no goal=leads")
    reply = await chat.say_in_full("myth 5")
    assert "You don't blog today" in reply
    assert "Look up which of your blog posts" not in reply
    assert "List the five questions customers ask you most often" in reply
    with_blog = Chat(core, "team-b")
    await with_blog.say("profile set blogs=yes")
    assert "Look up which of your blog posts" in await with_blog.say_in_full("myth 5")


async def test_where_the_audience_is_comes_from_audience_not_the_teams_platforms(
    core: Core,
) -> None:
    chat = Chat(core)
    await chat.say("profile set platforms=instagram goal=sales")
    reply = await chat.say_in_full("must we be on facebook?")
    assert "Your audience is on Instagram" not in reply
    assert "I don't know where your audience is" in reply
    assert "profile set audience=" in reply
    selling = await chat.say_in_full("myth 2")
    assert "your audience is on" not in selling
    await chat.say("profile set audience=young parents in Amman")
    described = await chat.say_in_full("must we be on facebook?")
    assert "Check that the audience you described is really there" in described


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_sales_goal_does_not_assume_a_web_shop(
    knowledge: KnowledgeBase, language: Language
) -> None:
    profile = AudienceProfile(goal="sales", blogs=True, platforms=["instagram"])
    for entry in knowledge.entries.values():
        answer = compose_answer(entry, knowledge, language, profile)
        for note in answer.personal_notes:
            assert "shop" not in note, (entry.id, note)
            assert "متجر" not in note, (entry.id, note)


def test_arabic_goal_after_a_preposition_is_not_left_in_the_nominative(
    knowledge: KnowledgeBase,
) -> None:
    profile = AudienceProfile(goal="leads", blogs=False)
    answer = compose_answer(knowledge.entries["5"], knowledge, "ar", profile)
    notes = " ".join(answer.personal_notes)
    assert "لهدف العملاء المحتملون" not in notes
    assert "وهذا يخدم هدفك: العملاء المحتملون" in notes


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_answer_uses_a_full_profile(knowledge: KnowledgeBase, language: Language) -> None:
    profile = AudienceProfile(
        platforms=["linkedin"],
        goal="leads",
        followers=300,
        engagement_rate=4,
        blogs=True,
        value_style="how_tos",
    )
    for entry in knowledge.entries.values():
        answer = compose_answer(entry, knowledge, language, profile)
        assert answer.personal_notes, entry.id
        assert answer.profile_hint is None, entry.id


async def test_answers_one_and_three_speak_to_the_team(core: Core) -> None:
    chat = Chat(core)

    async def in_full(question: str) -> str:
        """The answer with what "More" adds, where the notes for the team are."""
        answer = await core.commands.handle(chat.asker, question)
        assert isinstance(answer, Answer)
        return strip_isolation(render_full(answer))

    assert "Tip: set your audience profile" in await in_full("myth 1")
    await chat.say("profile set goal=leads platforms=linkedin,instagram value_style=humour")
    process = await in_full("myth 1")
    assert "Your goal is leads: social serves the first step, finding leads" in process
    assert "Next to each platform you use (LinkedIn and Instagram)" in process
    personal = await in_full("myth 3")
    assert "Your audience values humour." in personal
    assert "On LinkedIn and Instagram, post once a week about an interest" in personal
    arabic = await in_full("خرافة 1")
    assert "هدفك العملاء المحتملون: تخدم المنصات الخطوة الأولى" in arabic
    assert "(لينكد إن وإنستغرام)" in arabic
    await chat.say("profile set platforms=linkedin,instagram,tiktok followers=2 engagement_rate=3")
    listed = await in_full("خرافة 7")
    assert "أنت نشِط على لينكد إن وإنستغرام وتيك توك" in listed
    assert "لديك متابعان، ويتفاعل نحو 3٪ منهما" in await in_full("خرافة 4")
