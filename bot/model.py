"""The matcher's linear model: trained with scikit-learn, scored in plain Python.

Training (multinomial logistic regression over TF-IDF features) takes a few seconds and needs
scikit-learn; scoring a question needs only a dictionary walk, so the trained weights are cached
in a small binary file keyed by a fingerprint of the training data. A knowledge edit changes
the fingerprint and the next start retrains.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import sys
import tempfile
import time
import warnings
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from bot.errors import ConfigurationError
from bot.features import FEATURES_VERSION, FeatureExtractor
from bot.knowledge import KnowledgeBase
from bot.text import Language

log = logging.getLogger(__name__)

# What a person is told to expect (measured: 8-15 s on a 2-core machine).
_EXPECTED_TRAINING_SECONDS = 15

OFF_TOPIC: Final = "~off_topic"
GREETING: Final = "~greeting"
HELP: Final = "~help"
NEARBY: Final = "~nearby"
# The feature standing for any word the model has not learnt (see _with_unknown_words).
UNKNOWN_WORD: Final = "w:?"

# Regularisation strength chosen on our own held-out questions (bench/eval_matcher.py).
_C: Final = 30.0
_FORMAT: Final = 1


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]

    def fingerprint(self) -> str:
        digest = hashlib.sha256(f"{_FORMAT}:{FEATURES_VERSION}:{_C}".encode())
        for text, label in zip(self.texts, self.labels, strict=True):
            digest.update(f"{label}\x1f{text}\x1e".encode())
        return digest.hexdigest()[:24]


def training_set(knowledge: KnowledgeBase) -> TrainingSet:
    texts: list[str] = []
    labels: list[str] = []

    def add(label: str, items: Sequence[str]) -> None:
        texts.extend(items)
        labels.extend([label] * len(items))

    languages: tuple[Language, ...] = ("en", "ar")
    for entry in sorted(knowledge.entries.values(), key=lambda e: e.id):
        for language in languages:
            text = entry.text(language)
            add(entry.id, [*text.examples, text.title, text.claim, *text.keywords])
    for language in languages:
        off = knowledge.off_topic.text(language)
        add(OFF_TOPIC, off.examples)
        add(GREETING, off.greetings)
        add(HELP, off.help)
        add(NEARBY, off.all_nearby())
    return TrainingSet(texts, labels)


class LinearModel:
    """Softmax over `intercept + weights · tfidf(question)`, one row of weights per feature."""

    def __init__(
        self,
        *,
        labels: Sequence[str],
        features: Sequence[str],
        idf: array[float],
        weights: array[float],
        intercepts: Sequence[float],
        fingerprint: str,
    ) -> None:
        self.labels = tuple(labels)
        self.index = {feature: i for i, feature in enumerate(features)}
        self._unknown = self.index.get(UNKNOWN_WORD)
        self._features = list(features)
        self._idf = idf
        self._weights = weights
        self._intercepts = list(intercepts)
        self.fingerprint = fingerprint

    def vector(self, counts: dict[str, float]) -> list[tuple[int, float]]:
        """The question as the model sees it: unit-length TF-IDF over known features."""
        index, idf = self.index, self._idf
        values: list[tuple[int, float]] = []
        norm = 0.0
        unknown = 0.0
        for feature, count in counts.items():
            i = index.get(feature)
            if i is None:
                if feature.startswith("w:"):
                    unknown += count
            elif count > 0:
                value = (1.0 + math.log(count)) * idf[i]
                values.append((i, value))
                norm += value * value
        if unknown > 0 and self._unknown is not None and values:
            # Words the model never saw: what training learnt from its one-off words.
            value = (1.0 + math.log(unknown)) * idf[self._unknown]
            values.append((self._unknown, value))
            norm += value * value
        if norm <= 0:
            return []
        scale = 1.0 / math.sqrt(norm)
        return [(i, value * scale) for i, value in values]

    def probabilities(self, counts: dict[str, float]) -> list[float]:
        """One probability per label; all equal when no feature is known."""
        n = len(self.labels)
        logits = list(self._intercepts)
        weights = self._weights
        for i, v in self.vector(counts):
            row = weights[i * n : (i + 1) * n]
            # Same length by construction; strict=True costs a check per feature.
            logits = [logit + v * w for logit, w in zip(logits, row, strict=False)]
        top = max(logits)
        exps = [math.exp(logit - top) for logit in logits]
        total = sum(exps)
        return [e / total for e in exps]

    def knows_any(self, counts: dict[str, float]) -> bool:
        return any(feature in self.index for feature in counts)

    def save(self, path: Path) -> None:
        header = {
            "format": _FORMAT,
            "fingerprint": self.fingerprint,
            "labels": self.labels,
            "intercepts": self._intercepts,
            "features": len(self._features),
        }
        blob = "\n".join(self._features).encode()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename: a reader never sees half a file, even with two processes starting.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".matcher-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(header).encode() + b"\n")
            handle.write(len(blob).to_bytes(8, "little"))
            handle.write(blob)
            self._idf.tofile(handle)
            self._weights.tofile(handle)
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        with path.open("rb") as handle:
            header = json.loads(handle.readline())
            if header.get("format") != _FORMAT:
                raise ValueError("unknown model format")
            size = int.from_bytes(handle.read(8), "little")
            features = handle.read(size).decode().split("\n")
            idf = array("d")
            idf.fromfile(handle, header["features"])
            weights = array("f")
            weights.fromfile(handle, header["features"] * len(header["labels"]))
        if len(features) != header["features"]:
            raise ValueError("truncated model file")
        return cls(
            labels=header["labels"],
            features=features,
            idf=idf,
            weights=weights,
            intercepts=header["intercepts"],
            fingerprint=header["fingerprint"],
        )


def train(data: TrainingSet, extractor: FeatureExtractor) -> LinearModel:
    # Imported here: only training needs scikit-learn, and it is slow to import.
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    counts = vectorizer.fit_transform(
        _with_unknown_words([extractor.counts(t) for t in data.texts])
    )
    tfidf = TfidfTransformer(sublinear_tf=True)
    matrix = tfidf.fit_transform(counts)
    # saga reaches the same weights as lbfgs here in about an eighth of the time.
    classifier = LogisticRegression(C=_C, solver="saga", max_iter=300, random_state=0)
    with warnings.catch_warnings():
        # Stopping a little before full convergence changes no decision; don't alarm anyone.
        warnings.simplefilter("ignore", ConvergenceWarning)
        classifier.fit(matrix, data.labels)
    labels = [str(label) for label in classifier.classes_]
    weights = array("f", classifier.coef_.T.astype("float32").ravel().tolist())
    return LinearModel(
        labels=labels,
        features=[str(name) for name in vectorizer.get_feature_names_out()],
        idf=array("d", tfidf.idf_.tolist()),
        weights=weights,
        intercepts=[float(b) for b in classifier.intercept_],
        fingerprint=data.fingerprint(),
    )


def _with_unknown_words(rows: list[dict[str, float]]) -> list[dict[str, float]]:
    """Each word seen in only one training text becomes UNKNOWN_WORD there, as any word the
    model never saw will be when it scores a question. Off-topic examples range over every
    subject, so their one-off words are many: the model learns that a question full of words
    it doesn't know ("How many followers does Ronaldo have?") is less likely one of ours."""
    seen: dict[str, int] = {}
    for row in rows:
        for feature in row:
            if feature.startswith("w:"):
                seen[feature] = seen.get(feature, 0) + 1
    out: list[dict[str, float]] = []
    for row in rows:
        renamed: dict[str, float] = {}
        for feature, count in row.items():
            if feature.startswith("w:") and seen[feature] == 1:
                feature = UNKNOWN_WORD
            renamed[feature] = renamed.get(feature, 0.0) + count
        out.append(renamed)
    return out


def load_or_train(
    knowledge: KnowledgeBase, extractor: FeatureExtractor, cache_dir: Path | None
) -> LinearModel:
    data = training_set(knowledge)
    fingerprint = data.fingerprint()
    path = _cache_file(cache_dir, fingerprint) if cache_dir is not None else None
    if path is not None and path.exists():
        try:
            model = LinearModel.load(path)
            if model.fingerprint == fingerprint:
                return model
        except (OSError, ValueError, KeyError, EOFError) as exc:
            log.warning("matcher cache unreadable; retraining", extra={"error": str(exc)})
    _require_training_libraries()
    log.info("training the question matcher", extra={"examples": len(data.texts)})
    if sys.stderr.isatty():
        # A person waiting at a terminal hears why, and for how long; logs get the INFO line.
        sys.stderr.write(
            f"Preparing the question matcher: about {_EXPECTED_TRAINING_SECONDS} seconds, "
            "once after each change to the knowledge base…\n"
        )
        sys.stderr.flush()
    started = time.perf_counter()
    model = train(data, extractor)
    log.info("question matcher trained", extra={"seconds": round(time.perf_counter() - started, 1)})
    if path is not None:
        try:
            model.save(path)
        except OSError as exc:
            log.warning("matcher cache not written", extra={"error": str(exc)})
        else:
            _remove_stale(path)
    return model


def is_cached(knowledge: KnowledgeBase, cache_dir: Path) -> bool:
    """Whether load_or_train would load weights rather than train (`python -m bot train`)."""
    return _cache_file(cache_dir, training_set(knowledge).fingerprint()).exists()


def _require_training_libraries() -> None:
    """A lean install (no `train` extra) answers from cached weights; without them it stops
    here with one line saying how to get the libraries, before announcing any training."""
    try:
        import sklearn  # noqa: F401
    except ImportError as exc:
        raise ConfigurationError(
            "The question matcher must be trained for this knowledge base, and scikit-learn "
            "is not installed: run `make run` (it installs it once), or "
            "`pip install 'value-advisor[train]'`."
        ) from exc


def _cache_file(cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"matcher-{fingerprint}.bin"


def _remove_stale(current: Path) -> None:
    """Models of earlier knowledge are never read again; a few MB each, so they go."""
    for old in current.parent.glob("matcher-*.bin"):
        if old != current:
            old.unlink(missing_ok=True)
