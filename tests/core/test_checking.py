from __future__ import annotations

from bot.checking import check_message, describe, sentences
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher


def test_english_and_arabic_sentences_are_split() -> None:
    assert sentences("Launch is Friday! We need 10k followers first.\nThoughts?") == [
        "Launch is Friday!",
        "We need 10k followers first.",
        "Thoughts?",
    ]
    assert sentences("الإطلاق يوم الجمعة. هل نحتاج متابعين كثر؟ رأيكم") == [
        "الإطلاق يوم الجمعة.",
        "هل نحتاج متابعين كثر؟",
        "رأيكم",
    ]


def test_a_claim_inside_a_long_message_is_found_without_quoting_it(
    matcher: Matcher, knowledge: KnowledgeBase
) -> None:
    message = (
        "<!channel> @everyone big week, team. The launch deck is nearly done. "
        "Honestly we need lots of followers before launch or nobody will see it. "
        "See you at standup."
    )
    result = check_message(message, matcher=matcher, knowledge=knowledge)
    assert result.entry_ids == ("4",)
    assert knowledge.entries["4"].en.verdict in result.text
    assert "<!channel>" not in result.text
    assert "@everyone" not in result.text


def test_at_most_two_claims_are_reported(matcher: Matcher, knowledge: KnowledgeBase) -> None:
    message = (
        "We need lots of followers. We can't sell anything on twitter. "
        "Nobody comments on our blog so we should stop it. We must be on Facebook."
    )
    result = check_message(message, matcher=matcher, knowledge=knowledge)
    assert len(result.entry_ids) == 2
    assert result.text.count("•") == 2


def test_a_message_with_no_claim_gets_an_answer_in_its_language(
    matcher: Matcher, knowledge: KnowledgeBase
) -> None:
    english = check_message("Lunch is at noon on Friday.", matcher=matcher, knowledge=knowledge)
    assert english.entry_ids == ()
    assert "nothing here contradicts the article" in english.text
    arabic = check_message(
        "الغداء يوم الجمعة الساعة الثانية عشرة.", matcher=matcher, knowledge=knowledge
    )
    assert arabic.entry_ids == ()
    assert "لا شيء فيها يخالف المقال" in arabic.text


def test_a_check_shown_again_later_drops_ids_that_are_not_claims(knowledge: KnowledgeBase) -> None:
    # A form or button carries the ids of the claims found; a stale or forged one names an
    # entry that is gone or is the rule, and is left out rather than shown.
    again = describe(["4", "value", "gone", "6"], "ar", knowledge=knowledge)
    assert again.entry_ids == ("4",)
    assert knowledge.entries["4"].ar.verdict in again.text
    assert describe(["value"], "en", knowledge=knowledge).text == (
        "I checked this message: nothing here contradicts the article."
    )
