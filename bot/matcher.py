"""Matches a question to a knowledge entry, or declines it.

Scoring is lexical and fast: each example question (and each entry's keyword list) becomes a
TF-IDF vector over word stems, stem bigrams and character n-grams; a question is compared with
every example through an inverted index, and each label's score blends its best few examples
with its centroid. Labels are the entries plus three that are not advice: off-topic, greeting
and help. A question is declined when an off-topic label wins or when the best entry is below
the language's threshold; the thresholds were calibrated with `python -m bench.calibrate`.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final, Literal

import Stemmer

from bot.knowledge import KnowledgeBase
from bot.text import (
    MAX_QUESTION_CHARS,
    Language,
    detect_language,
    fold_arabic,
    is_arabic_word,
    prepare,
    tokens,
)

Intent = Literal["entry", "greeting", "help", "off_topic", "empty"]

OFF_TOPIC: Final = "~off_topic"
GREETING: Final = "~greeting"
HELP: Final = "~help"
_SPECIAL: Final = {OFF_TOPIC: "off_topic", GREETING: "greeting", HELP: "help"}


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
    """Knobs calibrated on data; see bench/calibrate.py."""

    threshold: dict[str, float]
    # A runner-up within this share of the winner's score is offered as "did you mean".
    close_ratio: float = 0.8
    top_k: int = 3
    centroid_weight: float = 0.35
    char_weight: float = 0.45
    bigram_weight: float = 0.6
    keyword_weight: float = 0.7


DEFAULT_TUNING = MatcherTuning(threshold={"en": 0.2, "ar": 0.2})

_STOPWORDS_EN: Final = frozenset(
    ["a", "an", "the", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "doing", "i", "me", "my", "we", "our", "us", "you", "your", "it", "its", "they", "them", "their", "he", "she", "his", "her", "this", "that", "these", "those", "to", "of", "in", "on", "at", "for", "with", "by", "from", "as", "or", "and", "but", "if", "so", "not", "no", "can", "could", "should", "would", "will", "shall", "may", "might", "must", "have", "has", "had", "what", "which", "who", "whom", "how", "why", "when", "where", "there", "here", "any", "some", "all", "very", "really", "just", "also", "too", "than", "then", "about", "into", "out", "up", "down", "over", "again", "more", "most", "such", "only", "own", "same", "other", "s", "t", "don", "im", "ive", "id", "youre", "were", "weve", "theyre", "its", "thats", "whats", "hows", "isnt", "arent", "dont", "doesnt", "didnt", "cant", "hey", "please", "pls", "tell", "know", "think", "get", "got", "need", "needs", "want"]
)
_STOPWORDS_AR: Final = frozenset(
    fold_arabic(word)
    for word in ["هل", "في", "على", "من", "الى", "إلى", "عن", "ان", "أن", "إن", "ما", "ماذا", "لماذا", "كيف", "متى", "أين", "اين", "هو", "هي", "هم", "نحن", "انا", "أنا", "انت", "أنت", "انتم", "هذا", "هذه", "ذلك", "تلك", "التي", "الذي", "الذين", "او", "أو", "و", "ثم", "لا", "لم", "لن", "قد", "كل", "بعض", "مع", "عند", "لكن", "بل", "اذا", "إذا", "يا", "ايش", "شو", "وش", "ليش", "ليه", "ازاي", "إزاي", "كده", "هيك", "يعني", "بس", "مش", "مو", "ما", "زال", "كان", "يكون", "تكون", "نكون", "اكون", "أكون", "له", "لها", "لنا", "لي", "لك", "فيه", "فيها", "عليه", "عليها", "منه", "منها", "به", "بها"]
)


class _Analyzer:
    """Turns text into weighted features; shared by training and matching."""

    def __init__(self) -> None:
        self._stem_en = Stemmer.Stemmer("english")
        self._stem_ar = Stemmer.Stemmer("arabic")
        self._cache: dict[str, str] = {}

    def _stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if is_arabic_word(word):
            stem = fold_arabic(self._stem_ar.stemWord(word))
            # Snowball over-stems short words and brand names; keep a usable form.
            if len(stem) < 2:
                stem = fold_arabic(word)
        else:
            stem = self._stem_en.stemWord(word)
        if len(self._cache) < 200_000:
            self._cache[word] = stem
        return stem

    def features(self, prepared: str, tuning: MatcherTuning) -> dict[str, float]:
        words = tokens(prepared)
        feats: dict[str, float] = defaultdict(float)
        content: list[str] = []
        for word in words:
            folded = fold_arabic(word)
            if folded in _STOPWORDS_AR or word in _STOPWORDS_EN:
                continue
            stem = self._stem(word)
            content.append(stem)
            feats["w:" + stem] += 1.0
            padded = f"<{folded}>"
            for size in (3, 4):
                for start in range(len(padded) - size + 1):
                    feats["c:" + padded[start : start + size]] += tuning.char_weight / size
        for first, second in zip(content, content[1:], strict=False):
            feats[f"b:{first}_{second}"] += tuning.bigram_weight
        if not content and words:
            # Only function words ("who are you?"): keep them, or nothing can match.
            for word in words:
                feats["w:" + fold_arabic(word)] += 1.0
        return feats


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(value * value for value in vector.values()))
    if norm == 0:
        return {}
    return {key: value / norm for key, value in vector.items()}


class Matcher:
    """Built once from the knowledge base; `match` is pure and cheap."""

    def __init__(self, knowledge: KnowledgeBase, tuning: MatcherTuning = DEFAULT_TUNING) -> None:
        self._tuning = tuning
        self._analyzer = _Analyzer()
        documents: list[tuple[str, dict[str, float]]] = []
        for entry in knowledge.entries.values():
            for language in ("en", "ar"):
                text = entry.text(language)
                for example in [*text.examples, text.title, text.claim]:
                    documents.append((entry.id, self._raw(example)))
                if text.keywords:
                    keyword_doc = self._raw(" ".join(text.keywords))
                    scaled = {k: v * tuning.keyword_weight for k, v in keyword_doc.items()}
                    documents.append((entry.id, scaled))
        for language in ("en", "ar"):
            off = knowledge.off_topic.text(language)
            documents += [(OFF_TOPIC, self._raw(q)) for q in off.examples]
            documents += [(GREETING, self._raw(q)) for q in off.greetings]
            documents += [(HELP, self._raw(q)) for q in off.help]

        frequency: dict[str, int] = defaultdict(int)
        for _, vector in documents:
            for key in vector:
                frequency[key] += 1
        total = len(documents)
        self._idf = {
            key: math.log((1 + total) / (1 + count)) + 1 for key, count in frequency.items()
        }

        self._labels = sorted({label for label, _ in documents})
        self._doc_labels: list[str] = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        centroids: dict[str, dict[str, float]] = {
            label: defaultdict(float) for label in self._labels
        }
        for index, (label, raw) in enumerate(documents):
            vector = self._weigh(raw)
            self._doc_labels.append(label)
            for key, value in vector.items():
                postings[key].append((index, value))
                centroids[label][key] += value
        self._postings = dict(postings)
        self._centroid_postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for label, centroid in centroids.items():
            for key, value in _normalise(centroid).items():
                self._centroid_postings[key].append((label, value))

    def _raw(self, text: str) -> dict[str, float]:
        return self._analyzer.features(prepare(text), self._tuning)

    def _weigh(self, raw: dict[str, float]) -> dict[str, float]:
        idf = self._idf
        return _normalise(
            {key: (1 + math.log(tf)) * idf[key] for key, tf in raw.items() if key in idf}
        )

    @property
    def labels(self) -> list[str]:
        return [label for label in self._labels if label not in _SPECIAL]

    def scores(self, question: str) -> dict[str, float]:
        """Score per label in [0, 1]; labels starting with '~' are not entries."""
        vector = self._weigh(self._raw(question[:MAX_QUESTION_CHARS]))
        if not vector:
            return {}
        similarity: dict[int, float] = defaultdict(float)
        centroid_score: dict[str, float] = defaultdict(float)
        for key, weight in vector.items():
            for index, value in self._postings.get(key, ()):
                similarity[index] += weight * value
            for label, value in self._centroid_postings.get(key, ()):
                centroid_score[label] += weight * value
        best: dict[str, list[float]] = defaultdict(list)
        for index, value in similarity.items():
            best[self._doc_labels[index]].append(value)
        top_k = self._tuning.top_k
        blend = self._tuning.centroid_weight
        result: dict[str, float] = {}
        for label, values in best.items():
            top = heapq.nlargest(top_k, values)
            top += [0.0] * (top_k - len(top))
            # The best example counts most; the next ones confirm it is not a fluke.
            neighbour = 0.6 * top[0] + 0.4 * sum(top[1:]) / max(1, top_k - 1)
            result[label] = (1 - blend) * neighbour + blend * centroid_score.get(label, 0.0)
        return result

    def match(self, question: str) -> Match:
        truncated = len(question) > MAX_QUESTION_CHARS
        language = detect_language(question[:MAX_QUESTION_CHARS])
        scores = self.scores(question)
        if not scores:
            intent: Intent = "empty" if not tokens(prepare(question[:200])) else "off_topic"
            return Match(intent, None, 0.0, language, truncated=truncated)
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        label, score = ranked[0]
        entries = [(lab, s) for lab, s in ranked if lab not in _SPECIAL]
        if label in _SPECIAL:
            special = _SPECIAL[label]
            intent = "greeting" if special == "greeting" else special  # type: ignore[assignment]
            return Match(
                intent,
                None,
                _confidence(score, entries[0][1] if entries else 0.0),
                language,
                truncated=truncated,
                scores=scores,
            )
        threshold = self._tuning.threshold.get(language, 0.2)
        if score < threshold:
            return Match(
                "off_topic",
                None,
                _confidence(threshold, score),
                language,
                truncated=truncated,
                scores=scores,
            )
        runner_up = None
        if len(entries) > 1 and entries[1][1] >= self._tuning.close_ratio * score:
            runner_up = entries[1][0]
        second = entries[1][1] if len(entries) > 1 else 0.0
        return Match(
            "entry",
            label,
            _confidence(score, second),
            language,
            runner_up=runner_up,
            truncated=truncated,
            scores=scores,
        )


def _confidence(winner: float, second: float) -> float:
    """Grows with the winner's score and its lead over the next label; always in [0, 1]."""
    if winner <= 0:
        return 0.0
    lead = (winner - second) / winner
    value = min(1.0, winner / 0.6) * (0.5 + 0.5 * lead)
    return round(max(0.0, min(1.0, value)), 3)


def iter_matches(matcher: Matcher, questions: Iterable[str]) -> Iterable[Match]:
    for question in questions:
        yield matcher.match(question)
