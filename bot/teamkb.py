"""A workspace's own knowledge entries, matched on top of the built-in matcher.

The built-in model is trained on thousands of examples; a team's entry has a handful. Adding it
to the big model would drown it (and retrain for ten seconds per change), so each workspace gets
a small model of its own: its entries' examples against a fixed sample of the built-in ones.
Declined questions that resemble the team's examples are left out of that sample, because the
team's entry now answers them (a team's entry on posting times wins "best time to tweet?", which
the built-in matcher declines as near-domain). A team entry wins when the small model is
confident (and, against a built-in entry, surer than the built-in matcher is); otherwise the
built-in decision stands, so other workspaces and the built-in entries
are untouched.

The small model's columns are only the features the team's texts use (a few hundred), so it
trains in a fifth of a second, in a worker thread, and a thousand workspaces' models fit in a few
tens of megabytes (bench/teamkb_bench.py).
"""

from __future__ import annotations

import math
import random
import tomllib
from array import array
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from bot import logistic
from bot.arabizi import looks_arabizi, to_arabic
from bot.errors import KnowledgeError
from bot.features import FeatureExtractor
from bot.knowledge import Entry, EntryId, EntryText, KnowledgeBase
from bot.matcher import Match
from bot.model import NEARBY, OFF_TOPIC, LinearModel, training_set
from bot.text import MAX_QUESTION_CHARS

# A team has a handful of entries; more than this belongs in the built-in knowledge base.
MAX_TEAM_ENTRIES = 50
# Built-in texts per label in the contrast sample: enough to cover each topic's vocabulary.
_SAMPLE_PER_LABEL = 150
# A declined example this similar (cosine) to a team example is the team's topic now.
_CLAIMED_SIMILARITY = 0.3
# The team entry must be at least this likely against everything built-in to win.
TEAM_THRESHOLD = 0.5
_C = 10.0
_BUILTIN = "~builtin"


class TeamEntry(BaseModel):
    """An entry a workspace adds: the built-in format, in one language or both."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: EntryId
    rating: str = Field(default="rule", pattern="^(myth|partly_true|rule)$")
    related: list[str] = Field(default_factory=list)
    en: EntryText | None = None
    ar: EntryText | None = None

    @model_validator(mode="after")
    def _one_language_at_least(self) -> TeamEntry:
        if self.en is None and self.ar is None:
            raise ValueError("give the entry in English ([en]), Arabic ([ar]) or both")
        return self

    @property
    def languages(self) -> list[str]:
        return [name for name in ("en", "ar") if getattr(self, name) is not None]

    def as_entry(self) -> Entry:
        """As a built-in entry; a missing language shows the other one's text."""
        en = self.en or self.ar
        ar = self.ar or self.en
        if en is None or ar is None:  # the validator rules this out
            raise KnowledgeError(f"entry '{self.id}': no text in either language")
        kind = "rule" if self.rating == "rule" else "claim"
        return Entry.model_validate(
            {
                "id": self.id,
                "kind": kind,
                "rating": self.rating,
                "related": self.related,
                "en": en,
                "ar": ar,
            }
        )


def parse_team_entries(data: Mapping[str, object], source: str) -> list[TeamEntry]:
    """Entries from a TOML document: `[[entry]]` tables, each shaped like FORMAT.md's files."""
    raw = data.get("entry")
    if not isinstance(raw, list) or not raw:
        raise KnowledgeError(f"{source}: no [[entry]] tables found")
    entries: list[TeamEntry] = []
    problems: list[str] = []
    for number, item in enumerate(raw, start=1):
        try:
            entries.append(TeamEntry.model_validate(item))
        except ValidationError as exc:
            for problem in exc.errors():
                field = ".".join(str(part) for part in problem["loc"]) or "(entry)"
                message = problem["msg"].removeprefix("Value error, ")
                problems.append(f"{source}: entry {number}, field '{field}': {message}")
    if problems:
        raise KnowledgeError("\n".join(problems))
    return entries


def load_team_file(path: Path) -> list[TeamEntry]:
    """A TOML file of `[[entry]]` tables; mistakes name the file, the entry and the field."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except OSError as exc:
        raise KnowledgeError(f"{path}: cannot be read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KnowledgeError(f"{path}: not valid TOML: {exc}") from exc
    return parse_team_entries(data, str(path))


def check_ids(entries: Sequence[TeamEntry], knowledge: KnowledgeBase) -> None:
    """Team ids are new and unique, and `related` names entries that exist."""
    seen: set[str] = set()
    for entry in entries:
        if entry.id in knowledge.entries:
            raise KnowledgeError(f"entry '{entry.id}': id is a built-in entry's; choose another")
        if entry.id in seen:
            raise KnowledgeError(f"entry '{entry.id}': id given twice")
        seen.add(entry.id)
    if len(entries) > MAX_TEAM_ENTRIES:
        raise KnowledgeError(f"at most {MAX_TEAM_ENTRIES} team entries per workspace")
    for entry in entries:
        unknown = [r for r in entry.related if r not in knowledge.entries and r not in seen]
        if unknown:
            raise KnowledgeError(f"entry '{entry.id}': field 'related': unknown ids {unknown}")


def _texts(entry: TeamEntry) -> list[str]:
    texts: list[str] = []
    for text in (entry.en, entry.ar):
        if text is not None:
            texts.extend([*text.examples, text.title, text.claim, *text.keywords])
    return texts


class TeamModel:
    """P(team entry) against "anything built-in", scored in plain Python like the big model.

    Weights are kept relative to the built-in class (its logit is 0) and only for features the
    team's texts use. A question is read over those features alone: words the team never wrote
    (a platform's name, a typo, an Arabic clitic the stemmer left) do not dilute the ones it
    did, which is what kept short Arabic and dialect questions below the threshold. The
    built-in texts in the sample are read the same way, so the model learns which of the team's
    features are its own and which are everybody's.
    """

    def __init__(
        self,
        *,
        entries: Mapping[str, Entry],
        features: Sequence[str],
        idf: array[float],
        weights: array[float],
        intercepts: Sequence[float],
    ) -> None:
        self.entries = dict(entries)
        self.labels = tuple(entries)
        self._index = {feature: i for i, feature in enumerate(features)}
        self._idf = idf
        self._weights = weights
        self._intercepts = list(intercepts)

    def probabilities(self, counts: Mapping[str, float]) -> dict[str, float]:
        n = len(self.labels)
        vector = _vector(counts, self._index, self._idf)
        if not vector:
            return {}
        logits = list(self._intercepts)
        for i, value in vector:
            row = self._weights[i * n : (i + 1) * n]
            logits = [logit + value * w for logit, w in zip(logits, row, strict=False)]
        top = max(0.0, *logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = math.exp(-top) + sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps, strict=True)}

    def size_bytes(self) -> int:
        """Roughly what this model holds in memory (weights, idf, feature index)."""
        index = sum(48 + len(feature) * 4 for feature in self._index) + 40 * len(self._index)
        return (
            index
            + self._weights.itemsize * len(self._weights)
            + self._idf.itemsize * len(self._idf)
        )


class TeamTrainer:
    """Trains workspaces' small models; shares one contrast sample of built-in texts."""

    def __init__(
        self,
        knowledge: KnowledgeBase,
        extractor: FeatureExtractor,
        model: LinearModel,
        *,
        seed: int = 0,
    ) -> None:
        self._extractor = extractor
        self._model = model
        data = training_set(knowledge)
        by_label: dict[str, list[str]] = {}
        for text, label in zip(data.texts, data.labels, strict=True):
            by_label.setdefault(label, []).append(text)
        rng = random.Random(seed)
        # Computed once, shared by every workspace's training: each sampled text's vector in
        # the built-in model (to compare with the team's examples), whether it was declined,
        # and per feature the texts that have it (with the term's weight there).
        self._vectors: list[list[tuple[int, float]]] = []
        self._declined: list[bool] = []
        self._postings: dict[str, list[tuple[int, float]]] = {}
        for label in sorted(by_label):
            texts = by_label[label]
            chosen = rng.sample(texts, min(_SAMPLE_PER_LABEL, len(texts)))
            for text in chosen:
                counts = extractor.counts(text)
                row = len(self._vectors)
                self._vectors.append(model.vector(counts))
                self._declined.append(label in {OFF_TOPIC, NEARBY})
                for feature, count in counts.items():
                    if count > 0:
                        weight = 1.0 + math.log(count)
                        self._postings.setdefault(feature, []).append((row, weight))

    def _claimed(self, team_counts: Sequence[Mapping[str, float]]) -> set[int]:
        """Declined sample texts like one of the team's examples: the team's topic now."""
        by_index: dict[int, list[tuple[int, float]]] = {}
        for t, counts in enumerate(team_counts):
            for i, value in self._model.vector(dict(counts)):
                by_index.setdefault(i, []).append((t, value))
        claimed: set[int] = set()
        for row, vector in enumerate(self._vectors):
            if not self._declined[row]:
                continue
            similarity: dict[int, float] = {}
            for i, value in vector:
                for t, other in by_index.get(i, ()):
                    similarity[t] = similarity.get(t, 0.0) + value * other
            if similarity and max(similarity.values()) >= _CLAIMED_SIMILARITY:
                claimed.add(row)
        return claimed

    def counts(self, question: str) -> dict[str, float]:
        question = question[:MAX_QUESTION_CHARS]
        if looks_arabizi(question):
            question = to_arabic(question)
        return self._extractor.counts(question)

    def train(self, entries: Sequence[TeamEntry]) -> TeamModel | None:
        """The workspace's small model; None when it has no entries."""
        if not entries:
            return None
        labels: list[str] = []
        team_counts: list[dict[str, float]] = []
        for entry in entries:
            mine = [self._extractor.counts(text) for text in _texts(entry)]
            team_counts.extend(mine)
            labels.extend([entry.id] * len(mine))
        claimed = self._claimed(team_counts)
        contrast = [row for row in range(len(self._vectors)) if row not in claimed]
        n = len(team_counts) + len(contrast)
        features, idf = self._columns(team_counts, claimed, n)
        column = {feature: j for j, feature in enumerate(features)}
        vectors = [_vector(counts, column, idf) for counts in team_counts]
        vectors.extend(self._sample_vectors(features, idf, claimed, len(contrast)))
        labels.extend([_BUILTIN] * len(contrast))
        team_ids, fitted = _fit(vectors, labels, n, columns=len(features))
        by_id = {entry.id: entry.as_entry() for entry in entries}
        return TeamModel(
            entries={label: by_id[label] for label in team_ids},
            features=features,
            idf=idf,
            weights=array("f", fitted.weights),
            intercepts=fitted.intercepts,
        )

    def _columns(
        self, team_counts: list[dict[str, float]], claimed: set[int], n: int
    ) -> tuple[list[str], array[float]]:
        """Columns: only the features the team's texts use, as the scorer reads them, with
        their idf over the team's texts and the unclaimed sample."""
        features = sorted({feature for counts in team_counts for feature in counts})
        frequency = [sum(1 for counts in team_counts if f in counts) for f in features]
        for j, feature in enumerate(features):
            postings = self._postings.get(feature, ())
            frequency[j] += sum(1 for row, _ in postings if row not in claimed)
        idf = array("f", (math.log((1 + n) / (1 + df)) + 1.0 for df in frequency))
        return features, idf

    def _sample_vectors(
        self,
        features: list[str],
        idf: array[float],
        claimed: set[int],
        contrast: int,
    ) -> list[list[tuple[int, float]]]:
        """The sample's texts in the team's columns, reached through the postings: only those
        sharing a column are visited; the rest are the same empty row, once per text."""
        known: dict[int, list[tuple[int, float]]] = {}
        for j, feature in enumerate(features):
            for row, weight in self._postings.get(feature, ()):
                if row not in claimed:
                    known.setdefault(row, []).append((j, weight * idf[j]))
        vectors: list[list[tuple[int, float]]] = []
        for values in known.values():
            scale = 1.0 / math.sqrt(sum(value * value for _, value in values))
            vectors.append([(j, value * scale) for j, value in values])
        vectors.extend([] for _ in range(contrast - len(known)))
        return vectors


def _vector(
    counts: Mapping[str, float], column: Mapping[str, int], idf: array[float]
) -> list[tuple[int, float]]:
    """Unit-length TF-IDF over the model's columns (see TeamModel)."""
    values: list[tuple[int, float]] = []
    norm = 0.0
    for feature, count in counts.items():
        i = column.get(feature)
        if count <= 0 or i is None:
            continue
        value = (1.0 + math.log(count)) * idf[i]
        norm += value * value
        values.append((i, value))
    if norm <= 0:
        return []
    scale = 1.0 / math.sqrt(norm)
    return [(i, value * scale) for i, value in values]


def overlay(base: Match, team: TeamModel | None, counts: Mapping[str, float]) -> Match:
    """The built-in decision, unless the workspace's own entry is the confident match."""
    if team is None or base.intent in {"empty", "greeting", "help"}:
        return base
    scores = team.probabilities(counts)
    if not scores:
        return base
    label, probability = max(scores.items(), key=lambda item: item[1])
    if probability < TEAM_THRESHOLD:
        return base
    if base.intent == "entry" and base.confidence >= probability:
        return base  # a built-in entry that is surer keeps its question
    return replace(
        base,
        intent="entry",
        entry_id=label,
        confidence=round(probability, 3),
        runner_up=None,
        near_domain=False,
        may_help=None,
        scores={**base.scores, **scores},
    )


def _fit(
    vectors: list[list[tuple[int, float]]], labels: list[str], n: int, *, columns: int
) -> tuple[list[str], logistic.Fitted]:
    """The team's entry ids in class order (1, 2, …), and the fitted model.

    Class 0 is "anything built-in"; each team entry is weighed against it. Balanced class
    weights: a handful of team examples count as much as the built-in sample."""
    team_ids = list(dict.fromkeys(label for label in labels if label != _BUILTIN))
    number = {_BUILTIN: 0} | {label: k for k, label in enumerate(team_ids, start=1)}
    sizes = Counter(labels)
    classes = len(team_ids) + 1
    fitted = logistic.fit(
        vectors,
        [number[label] for label in labels],
        [n / (classes * sizes[label]) for label in labels],
        columns=columns,
        classes=classes,
        c=_C,
    )
    return team_ids, fitted
