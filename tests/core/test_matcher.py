from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.matcher import Matcher
from bot.text import MAX_QUESTION_CHARS

DEV_SET = Path(__file__).resolve().parents[3] / "shared" / "eval" / "dev-questions.jsonl"
HELDOUT_DIR = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("do I need lots of followers?", "4"),
        ("هل أحتاج إلى الكثير من المتابعين؟", "4"),
        ("can we actually sell stuff on twitter", "2"),
        ("هل لازم أكون على Facebook؟", "7"),
        ("nobody comments on our blog, should we stop?", "5"),
        ("ازاي اقيس العائد من السوشيال ميديا؟", "6"),
        ("what should we post this week?", "value"),
    ],
)
def test_plain_questions_find_their_entry(matcher: Matcher, question: str, expected: str) -> None:
    assert matcher.match(question).entry_id == expected


@pytest.mark.parametrize(
    "question",
    [
        "What's the weather in Dubai tomorrow?",
        "tell me a joke",
        "how do I reset my password",
        "asdkjh qwpoeiru zmxncb",
        "كيف حال الطقس اليوم؟",
        "ما هي عاصمة فرنسا؟",
    ],
)
def test_off_topic_questions_are_declined(matcher: Matcher, question: str) -> None:
    result = matcher.match(question)
    assert result.entry_id is None
    assert result.intent in {"off_topic", "empty"}


@pytest.mark.parametrize("greeting", ["hi", "hello there", "السلام عليكم", "help", "مساعدة"])
def test_greetings_and_help_are_recognised(matcher: Matcher, greeting: str) -> None:
    assert matcher.match(greeting).intent in {"greeting", "help"}


def test_language_and_confidence_are_reported(matcher: Matcher) -> None:
    result = matcher.match("هل كثرة المتابعين مهمة؟")
    assert result.language == "ar"
    assert 0.0 <= result.confidence <= 1.0


def test_empty_and_whitespace_questions_are_empty(matcher: Matcher) -> None:
    for text in ["", "   ", "\n\t", "\u200f\u200e"]:
        result = matcher.match(text)
        assert result.intent == "empty"
        assert result.entry_id is None


def test_huge_questions_are_truncated_not_rejected(matcher: Matcher) -> None:
    result = matcher.match("do I need lots of followers? " * 4000)
    assert result.truncated
    assert result.entry_id == "4"
    assert len("x" * MAX_QUESTION_CHARS) < 100_000


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_no_input_crashes_the_matcher(matcher: Matcher, text: str) -> None:
    result = matcher.match(text)
    assert 0.0 <= result.confidence <= 1.0
    assert result.language in {"en", "ar"}
    assert result.entry_id is None or result.intent == "entry"


def _accuracy(matcher: Matcher, path: Path) -> dict[str, float]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    tally: dict[str, list[int]] = {}
    for row in rows:
        key = f"{row['lang']}-{row['cat']}"
        right, total = tally.setdefault(key, [0, 0])
        tally[key] = [right + (matcher.match(row["q"]).entry_id == row["id"]), total + 1]
    return {key: right / total for key, (right, total) in sorted(tally.items())}


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared evaluation set not beside the repo")
def test_accuracy_on_the_development_set(matcher: Matcher) -> None:
    scores = _accuracy(matcher, DEV_SET)
    print("\ndev-questions accuracy:", {k: f"{v:.0%}" for k, v in scores.items()})
    assert scores["en-oos"] == 1.0
    assert scores["ar-oos"] == 1.0
    assert scores["en-in"] >= 0.75
    assert scores["ar-in"] >= 0.75


@pytest.mark.parametrize("name", ["heldout3.jsonl", "heldout4.jsonl"])
def test_accuracy_on_our_held_out_questions(matcher: Matcher, name: str) -> None:
    # Written without sight of the training data. Earlier held-out sets were folded into the
    # knowledge base once they had served for choosing the model.
    scores = _accuracy(matcher, HELDOUT_DIR / name)
    print(f"\n{name} accuracy:", {k: f"{v:.1%}" for k, v in scores.items()})
    # A little under today's figures (95-100 %): a drop below them means the matcher regressed.
    for key, floor in {"en-in": 0.93, "ar-in": 0.92, "en-oos": 0.95, "ar-oos": 0.95}.items():
        assert scores[key] >= floor, key


def test_arabizi_dialects_and_near_domain_on_the_second_round_set(matcher: Matcher) -> None:
    # heldout6 was written before the second matcher round of issue 11 (tests/data/README.md).
    path = HELDOUT_DIR / "heldout6.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    tally: dict[str, list[int]] = {}
    for row in rows:
        style = row["style"] if row["style"] in {"arabizi", "near_domain"} else row["cat"]
        right, total = tally.setdefault(style, [0, 0])
        tally[style] = [right + (matcher.match(row["q"]).entry_id == row["id"]), total + 1]
    scores = {style: right / total for style, (right, total) in tally.items()}
    print("\nheldout6 accuracy:", {k: f"{v:.1%}" for k, v in sorted(scores.items())})
    # A little under today's figures (Arabizi 41/42, other in-scope 29/30, near-domain 22/23).
    for style, floor in {"arabizi": 0.93, "in": 0.93, "near_domain": 0.9}.items():
        assert scores[style] >= floor, style


@pytest.mark.parametrize(
    "question",
    [
        "what's the best hour to post on instagram?",
        "how much should we budget for linkedin ads each month",
        "which ring light should I buy?",
        "كم مرة ننشر على تيك توك في الأسبوع؟",
        "وش أفضل تطبيق لجدولة المنشورات؟",
    ],
)
def test_marketing_questions_no_entry_answers_are_declined_as_near_domain(
    matcher: Matcher, question: str
) -> None:
    result = matcher.match(question)
    assert result.entry_id is None
    assert result.intent == "off_topic"
    assert result.near_domain


def test_general_off_topic_is_not_called_near_domain(matcher: Matcher) -> None:
    result = matcher.match("What's the capital of Peru?")
    assert result.entry_id is None
    assert not result.near_domain
    assert result.may_help is None


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("how many times a week should our cafe post on facebook?", "value"),
        ("how do I set up a shop with checkout on instagram", "2"),
        ("what's a healthy cost per click for tiktok ads", "6"),
    ],
)
def test_a_related_entry_is_offered_when_one_may_help(
    matcher: Matcher, question: str, entry_id: str
) -> None:
    result = matcher.match(question)
    assert result.entry_id is None
    assert result.near_domain
    assert result.may_help == entry_id
