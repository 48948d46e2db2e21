"""Text normalisation for English and Arabic, language detection and safe truncation.

Arabic is folded in two steps on purpose: diacritics, tatweel and invisible marks go first,
then the Snowball stemmer runs, and only then are alef, yaa and taa-marbuta forms folded.
Folding taa marbuta (ة→ه) or alef maqsura (ى→ي) before stemming hides the suffixes the
stemmer removes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from bot.arabizi import looks_arabizi

Language = Literal["en", "ar"]

# One question is bounded work: longer text is cut here and the reply says so.
MAX_QUESTION_CHARS = 2_000

_ARABIC_LETTER = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]")
_DIACRITICS = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Bidi controls, zero-width characters, BOM and tatweel carry no meaning for matching.
_INVISIBLE = re.compile(r"[\u0640\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TOKEN = re.compile(r"[a-z0-9]+|[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+")

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PUNCTUATION = str.maketrans({"؟": "?", "،": ",", "؛": ";", "٪": "%", "«": '"', "»": '"'})
_LETTER_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "گ": "ك",
        "ک": "ك",
        "ی": "ي",
        "ڤ": "ف",
        "پ": "ب",
        "چ": "ج",
    }
)


def detect_language(text: str) -> Language:
    """Arabic as soon as the text has Arabic letters (mixed questions are Arabic questions), or
    when it is Arabic written in Latin letters (Arabizi: answered in Arabic script)."""
    if _ARABIC_LETTER.search(text):
        return "ar"
    return "ar" if looks_arabizi(text) else "en"


def clean(text: str) -> str:
    """Removes what no reader sees: control characters, bidi marks, zero-width characters."""
    text = _CONTROL.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    return " ".join(text.split())


def prepare(text: str) -> str:
    """Lower-cased, NFKC-folded text with Arabic marks removed; ready for tokenising."""
    text = unicodedata.normalize("NFKC", text)
    text = clean(text).casefold()
    text = text.translate(_DIGITS).translate(_PUNCTUATION)
    text = _DIACRITICS.sub("", text)
    # Joined English contractions ("don't" -> "dont") match their typo'd forms.
    return text.replace("'", "").replace("\u2019", "")


def tokens(prepared: str) -> list[str]:
    return _TOKEN.findall(prepared)


def fold_arabic(word: str) -> str:
    """Letter folding, applied after stemming (see module docstring)."""
    return word.translate(_LETTER_FOLD)


def is_arabic_word(word: str) -> bool:
    return bool(_ARABIC_LETTER.match(word))


def truncate(text: str, limit: int, *, marker: str = "…") -> str:
    """Cuts at a word boundary when one is near, never in the middle of a surrogate pair."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - len(marker))]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip() + marker
