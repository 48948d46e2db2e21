"""Answers sized for chat: a short first message, and "More" for the rest."""

from __future__ import annotations

import io

import pytest

from adapters.console import run_console
from bot.answers import compose_answer
from bot.app import Core
from bot.knowledge import KnowledgeBase
from bot.more import WORD_BUDGET, word_count
from bot.profiles import AudienceProfile
from bot.render_text import render_full, render_more, render_plain
from bot.text import Language

PROFILES: dict[str, AudienceProfile | None] = {
    "no profile": None,
    "full profile": AudienceProfile(
        platforms=["instagram", "linkedin", "x"],
        goal="leads",
        audience="owners of small cafés in Amman",
        followers=1200,
        engagement_rate=3,
        blogs=True,
        value_style="how_tos",
    ),
    "no blog": AudienceProfile(platforms=["tiktok"], goal="sales", blogs=False, followers=36),
}


@pytest.mark.parametrize("profile_name", list(PROFILES))
@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_first_message_fits_the_word_budget(
    knowledge: KnowledgeBase, language: Language, profile_name: str
) -> None:
    counts = {}
    for entry in knowledge.ordered():
        answer = compose_answer(entry, knowledge, language, PROFILES[profile_name])
        counts[entry.id] = word_count(render_plain(answer))
    over = {entry_id: n for entry_id, n in counts.items() if n > WORD_BUDGET}
    assert over == {}, f"over {WORD_BUDGET} words: {over}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_first_message_says_the_verdict_once_and_more_brings_the_rest(
    knowledge: KnowledgeBase, language: Language
) -> None:
    profile = PROFILES["full profile"]
    for entry in knowledge.ordered():
        text = entry.text(language)
        answer = compose_answer(entry, knowledge, language, profile)
        first, more = render_plain(answer), render_more(answer)
        # The one-line verdict restated what the two sentences say: only they remain.
        assert text.short_answer in first
        assert text.verdict not in first
        assert len(answer.short_actions) == 3
        assert all(step in first for step in answer.short_actions)
        for part in [*text.reasoning, *answer.actions, *answer.personal_notes]:
            assert part in more, (entry.id, part[:40])
            assert part not in first, (entry.id, part[:40])
        if text.concession:
            assert text.concession in more
        assert render_full(answer) == f"{first}\n\n{more}"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_source_is_named_once_per_answer_by_its_title(
    knowledge: KnowledgeBase, language: Language
) -> None:
    title = {
        "en": "7 social media \u2018facts\u2019 you can ignore and still succeed",
        "ar": "7 حقائق عن وسائل التواصل الاجتماعي يمكنك تجاهلها وستظل ناجحًا",
    }[language]
    for entry in knowledge.ordered():
        full = render_full(compose_answer(entry, knowledge, language, None))
        assert full.count(title) == 1, entry.id
        assert full.count("Social Media Examiner") == 1, entry.id
        assert full.rstrip().endswith(".")  # the footer closes the answer


def test_the_article_is_called_the_article_throughout(knowledge: KnowledgeBase) -> None:
    # One name for the source in each language; "the author" is the article's author.
    for entry in knowledge.ordered():
        names: tuple[tuple[Language, tuple[str, ...]], ...] = (
            ("en", ("the piece", "the post by", "the blog post", "the author", "The author")),
            ("ar", ("المقالة", "الكاتب ", "المؤلف", "التدوينة الأصلية")),
        )
        for language, others in names:
            text = entry.text(language)
            for part in [text.short_answer, *text.reasoning, text.concession]:
                for other in others:
                    assert other not in part, (entry.id, language, other)


async def test_more_in_the_console_shows_the_rest_of_the_last_answer(core: Core) -> None:
    said = ["more", "do I need lots of followers?", "more", "هل يجب أن نكون على فيسبوك؟", "المزيد"]
    stdout = io.StringIO()
    await run_console(core.commands, stdin=io.StringIO("\n".join(said) + "\n"), stdout=stdout)
    text = stdout.getvalue()

    assert "There is no answer to expand yet" in text.split("Start with:")[0]
    first, rest = text.split('Type "more" for why, and every step.', 1)
    assert "Why:" not in first
    assert "Pick the 50 to 100 followers who matter most" in rest.split("Start with")[0]
    assert "diminishing returns" in rest
    arabic = rest.split("اكتب «المزيد»", 1)[1]
    assert "لماذا:" in arabic
    assert "المصدر: المقال" in arabic
