"""Text -> sparse features for the matcher: word stems, stem bigrams, character n-grams.

Character n-grams are taken from the folded word before stemming: they carry typos, dialect
spellings and Arabic clitics (و، ب، ال) that the stemmer misses; stems carry inflection.
Dialect words are swapped for their MSA counterparts first (bot/dialects.py).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Final

import Stemmer

from bot.dialects import normalise
from bot.text import fold_arabic, is_arabic_word, prepare, tokens

# Bump when the features change: cached models are keyed by it.
FEATURES_VERSION: Final = 5

CHAR_WEIGHT: Final = 0.5
BIGRAM_WEIGHT: Final = 0.7

_STOPWORDS_EN: Final = frozenset(
    """a an the is are was were be been being am do does did doing i me my we our us you your
    it its they them their he she his her this that these those to of in on at for with by from
    as or and but if so not no can could should would will shall may might must have has had
    what which who whom how why when where there here any some all very really just also too
    than then about into out up down over again more most such only own same other s t don
    im ive id youre weve theyre thats whats hows isnt arent dont doesnt didnt cant
    hey please pls""".split()
)
_STOPWORDS_AR: Final = frozenset(
    fold_arabic(word)
    for word in """هل في على من الى إلى عن ان أن إن ما ماذا لماذا كيف متى أين اين هو هي هم
    نحن انا أنا انت أنت انتم هذا هذه ذلك تلك التي الذي الذين او أو و ثم لا لم لن قد كل بعض
    مع عند لكن بل اذا إذا يا ايش شو وش ليش ليه ازاي إزاي كده هيك يعني بس مش مو
    كان يكون تكون نكون اكون أكون له لها لنا لي لك فيه فيها عليه عليها منه منها به بها""".split()
)


class FeatureExtractor:
    """Stateless apart from a stem cache; one per process is enough."""

    def __init__(self) -> None:
        self._stem_en = Stemmer.Stemmer("english")
        self._stem_ar = Stemmer.Stemmer("arabic")
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        if is_arabic_word(word):
            # Stem first, fold after: folding ة/ى first hides the suffixes Snowball removes.
            stem = fold_arabic(self._stem_ar.stemWord(word))
            if len(stem) < 2:
                stem = fold_arabic(word)
        else:
            stem = self._stem_en.stemWord(word)
        if len(self._cache) < 100_000:
            self._cache[word] = stem
        return stem

    def counts(self, text: str) -> dict[str, float]:
        """Raw feature counts of a text; weighting happens in the model."""
        words = normalise(tokens(prepare(text)))  # dialect words read as their MSA counterparts
        feats: dict[str, float] = defaultdict(float)
        content: list[str] = []
        for word in words:
            folded = fold_arabic(word)
            if folded in _STOPWORDS_AR or word in _STOPWORDS_EN:
                continue
            stem = self.stem(word)
            content.append(stem)
            feats["w:" + stem] += 1.0
            padded = f"<{folded}>"
            for size in (3, 4):
                for start in range(len(padded) - size + 1):
                    feats["c:" + padded[start : start + size]] += CHAR_WEIGHT
        for first, second in itertools.pairwise(content):
            feats[f"b:{first}_{second}"] += BIGRAM_WEIGHT
        if not content:
            # Only function words ("who are you?"): keep them, or nothing could match.
            for word in words:
                feats["w:" + fold_arabic(word)] += 1.0
        return feats
