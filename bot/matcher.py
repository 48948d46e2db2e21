"""Matches a question to a knowledge entry, or declines it.

A linear model (bot/model.py) gives every label a probability: the entries, plus four labels
that are not advice — off-topic, near-domain (marketing questions no entry answers), greeting
and help — trained on explicit examples. A question is declined when a non-advice label wins
clearly (off-topic and near-domain count together: both mean "not ours") or when the best
entry's probability is below the language's threshold. A near-domain decline names the entry
that may help when one is plausible. Threshold and margins were chosen with
`python -m bench.eval_matcher` on our own held-out questions (tests/data/), never on the
training examples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from bot.arabizi import looks_arabizi, to_arabic
from bot.features import FeatureExtractor
from bot.knowledge import KnowledgeBase
from bot.model import GREETING, HELP, NEARBY, OFF_TOPIC, LinearModel, load_or_train
from bot.text import MAX_QUESTION_CHARS, Language, detect_language, prepare, tokens

Intent = Literal["entry", "greeting", "help", "off_topic", "empty"]

_SPECIAL: Final[dict[str, Intent]] = {
    OFF_TOPIC: "off_topic",
    NEARBY: "off_topic",
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
    # Declined as a marketing question next to our topic (not a general one).
    near_domain: bool = False
    # For a near-domain decline: the entry that may still help, if one is plausible.
    may_help: str | None = None
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
    # A declined near-domain question points at an entry ("this may help") when it is at least
    # this similar (cosine) to the questions grouped under that entry in `nearby_pointers`.
    may_help_floor: float = 0.18


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
        self._knowledge = knowledge
        # Built on the first near-domain decline: a cold `ask` that needs none doesn't pay.
        self._pointers: dict[str, dict[int, float]] | None = None

    @property
    def extractor(self) -> FeatureExtractor:
        return self._extractor

    @property
    def model(self) -> LinearModel:
        """The built-in model (team knowledge reuses its features: bot/teamkb.py)."""
        return self._model

    def scores(self, question: str) -> dict[str, float]:
        """Probability per label; labels starting with '~' are not entries."""
        question = question[:MAX_QUESTION_CHARS]
        arabizi = looks_arabizi(question)
        if arabizi:
            question = to_arabic(question)  # read as the Arabic it is
        counts = self._extractor.counts(question)
        if not counts or not self._model.knows_any(counts):
            return {}
        if arabizi:
            # Spelt letter by letter, an ordinary word often comes out in a form the model
            # never saw: that says nothing about the question being off-topic.
            known = self._model.index
            counts = {f: c for f, c in counts.items() if f in known or not f.startswith("w:")}
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
        entries = sorted(
            ((lab, p) for lab, p in scores.items() if lab not in _SPECIAL),
            key=lambda item: item[1],
            reverse=True,
        )
        best_entry = entries[0][1] if entries else 0.0
        intent, probability = _strongest_other(scores)
        if probability > best_entry + self._tuning.decline_margin:
            if intent == "off_topic":
                return self._decline(text, language, scores, probability, truncated)
            return Match(
                intent, None, round(probability, 3), language, truncated=truncated, scores=scores
            )
        label, probability = entries[0]
        if probability < self._tuning.threshold.get(language, 0.25):
            return self._decline(text, language, scores, 1 - probability, truncated)
        runner_up = None
        if len(entries) > 1 and entries[1][1] >= self._tuning.close_ratio * probability:
            runner_up = entries[1][0]
        return Match(
            "entry",
            label,
            round(probability, 3),
            language,
            runner_up=runner_up,
            truncated=truncated,
            scores=scores,
        )

    def _pointer(self, question: str) -> str | None:
        if looks_arabizi(question):
            question = to_arabic(question)
        if self._pointers is None:
            self._pointers = _pointer_centroids(self._knowledge, self._extractor, self._model)
        vector = self._model.vector(self._extractor.counts(question))
        best, similarity = None, self._tuning.may_help_floor
        for entry_id, centroid in self._pointers.items():
            cosine = sum(v * centroid.get(i, 0.0) for i, v in vector)
            if cosine >= similarity:
                best, similarity = entry_id, cosine
        return best

    def _decline(
        self,
        question: str,
        language: Language,
        scores: dict[str, float],
        confidence: float,
        truncated: bool,
    ) -> Match:
        near_domain = scores.get(NEARBY, 0.0) > scores.get(OFF_TOPIC, 0.0)
        may_help = self._pointer(question) if near_domain else None
        return Match(
            "off_topic",
            None,
            round(confidence, 3),
            language,
            truncated=truncated,
            near_domain=near_domain,
            may_help=may_help,
            scores=scores,
        )


def _pointer_centroids(
    knowledge: KnowledgeBase, extractor: FeatureExtractor, model: LinearModel
) -> dict[str, dict[int, float]]:
    """Per entry id, the unit-length mean of the near-domain questions it still helps with."""
    sums: dict[str, dict[int, float]] = {}
    for language in ("en", "ar"):
        for entry_id, questions in knowledge.off_topic.text(language).nearby_pointers.items():
            total = sums.setdefault(entry_id, {})
            for question in questions:
                for i, v in model.vector(extractor.counts(question)):
                    total[i] = total.get(i, 0.0) + v
    centroids: dict[str, dict[int, float]] = {}
    for entry_id, total in sums.items():
        norm = math.sqrt(sum(v * v for v in total.values()))
        if norm > 0 and entry_id in knowledge.entries:
            centroids[entry_id] = {i: v / norm for i, v in total.items()}
    return centroids


def _strongest_other(scores: dict[str, float]) -> tuple[Intent, float]:
    """The likeliest reading that is not an entry: a decline, a greeting or a call for help."""
    # Off-topic and near-domain both mean "not ours": together they decide a decline.
    elsewhere = scores.get(OFF_TOPIC, 0.0) + scores.get(NEARBY, 0.0)
    candidates: list[tuple[Intent, float]] = [
        ("off_topic", elsewhere),
        ("greeting", scores.get(GREETING, 0.0)),
        ("help", scores.get(HELP, 0.0)),
    ]
    return max(candidates, key=lambda item: item[1])
