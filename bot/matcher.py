"""Matches a question to a knowledge entry, or declines it.

A linear model (bot/model.py) gives every label a probability: the entries, plus three labels
that are not advice — off-topic, greeting and help — trained on explicit examples. A question is
declined when a non-advice label wins clearly or when the best entry's probability is below
the language's threshold. Threshold and margin were chosen with `python -m bench.eval_matcher`
on our own held-out questions (tests/data/), never on the training examples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from bot.arabizi import looks_arabizi, to_arabic
from bot.features import FeatureExtractor
from bot.knowledge import KnowledgeBase
from bot.model import GREETING, HELP, OFF_TOPIC, LinearModel, load_or_train
from bot.text import MAX_QUESTION_CHARS, Language, detect_language, prepare, tokens

Intent = Literal["entry", "greeting", "help", "off_topic", "empty"]

_SPECIAL: Final[dict[str, Intent]] = {
    OFF_TOPIC: "off_topic",
    GREETING: "greeting",
    HELP: "help",
}


@dataclass(frozen=True)
class Match:
    """What the matcher decided about one question."""

    intent: Intent
    entry_id: str | None
    confidence: float
    language: Language
    runner_up: str | None = None
    truncated: bool = False
    scores: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def alternatives(self) -> list[str]:
        return [self.runner_up] if self.runner_up else []


@dataclass(frozen=True)
class MatcherTuning:
    # Below this probability the best entry is not trusted and the question is declined.
    threshold: dict[str, float]
    # A second entry at least this share of the winner's probability is offered as
    # "did you mean".
    close_ratio: float = 0.5
    # Off-topic, greeting or help must beat the best entry by this much: a question that is
    # nearly as likely to be advice is answered, not turned away.
    decline_margin: float = 0.15


DEFAULT_TUNING: Final = MatcherTuning(threshold={"en": 0.25, "ar": 0.25})


class Matcher:
    """Built once per process; `match` is pure and takes well under a millisecond."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        *,
        cache_dir: Path | None = None,
        tuning: MatcherTuning = DEFAULT_TUNING,
        extractor: FeatureExtractor | None = None,
        model: LinearModel | None = None,
    ) -> None:
        self._extractor = extractor or FeatureExtractor()
        self._model = model or load_or_train(knowledge, self._extractor, cache_dir)
        self._tuning = tuning

    def scores(self, question: str) -> dict[str, float]:
        """Probability per label; labels starting with '~' are not entries."""
        question = question[:MAX_QUESTION_CHARS]
        if looks_arabizi(question):
            question = to_arabic(question)  # read as the Arabic it is
        counts = self._extractor.counts(question)
        if not counts or not self._model.knows_any(counts):
            return {}
        probabilities = self._model.probabilities(counts)
        return dict(zip(self._model.labels, probabilities, strict=True))

    def match(self, question: str) -> Match:
        truncated = len(question) > MAX_QUESTION_CHARS
        text = question[:MAX_QUESTION_CHARS]
        language = detect_language(text)
        scores = self.scores(text)
        if not scores:
            intent: Intent = "empty" if not tokens(prepare(text)) else "off_topic"
            return Match(intent, None, 0.0, language, truncated=truncated)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        entries = [(lab, p) for lab, p in ranked if lab not in _SPECIAL]
        best_entry = entries[0][1] if entries else 0.0
        label, probability = ranked[0]
        confidence = round(probability, 3)
        if label in _SPECIAL and probability > best_entry + self._tuning.decline_margin:
            return Match(
                _SPECIAL[label], None, confidence, language, truncated=truncated, scores=scores
            )
        label, probability = entries[0]
        confidence = round(probability, 3)
        if probability < self._tuning.threshold.get(language, 0.25):
            return Match(
                "off_topic",
                None,
                round(1 - probability, 3),
                language,
                truncated=truncated,
                scores=scores,
            )
        runner_up = None
        if len(entries) > 1 and entries[1][1] >= self._tuning.close_ratio * probability:
            runner_up = entries[1][0]
        return Match(
            "entry",
            label,
            confidence,
            language,
            runner_up=runner_up,
            truncated=truncated,
            scores=scores,
        )
