"""Arabic written in Latin letters (Arabizi) is read as Arabic and answered in Arabic script;
English with digits stays English."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot.app import Core
from bot.arabizi import looks_arabizi, to_arabic
from bot.text import detect_language
from tests.core.test_conversation import Chat

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


@pytest.mark.parametrize(
    "question",
    [
        "hal lazem nkoon 3ala facebook?",
        "3adad el followers mohem wala la2?",
        "momken nbee3 3an taree2 el social media?",
        "wach khassna nkounou f facebook?",
        "shu nenshor kol osboo3?",
        "yinfa3 nbi3 online?",  # a letter-digit at the end of a word: ع
        "chkoun 9al bli les abonnés ma ymkench ybi3o?",  # French-influenced Maghrebi
    ],
)
def test_arabizi_is_arabic(question: str) -> None:
    assert looks_arabizi(question)
    assert detect_language(question) == "ar"


@pytest.mark.parametrize(
    "question",
    [
        "is 3 posts a day too much for b2b?",
        "top 10 tips for 2024",
        "do we need 10k followers before launch?",
        "should we post 4k video or 1080p?",
        "what about covid19 and mp3 podcasts?",
        "web3 marketing for a ps5 shop",
        "keep followers",
        "hello",
        "profile set engagement=1e999",
        "profile set followers=12e3",
    ],
)
def test_english_with_digits_stays_english(question: str) -> None:
    assert not looks_arabizi(question)
    assert detect_language(question) == "en"


def test_no_english_example_in_the_knowledge_base_reads_as_arabizi() -> None:
    english: list[str] = []

    def collect(node: object, language: str | None = None) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                collect(value, key if key in {"en", "ar"} else language)
        elif isinstance(node, list):
            for value in node:
                collect(value, language)
        elif isinstance(node, str) and language == "en":
            english.append(node)

    for path in [*sorted((KNOWLEDGE / "entries").glob("*.toml")), KNOWLEDGE / "offtopic.toml"]:
        collect(tomllib.loads(path.read_text(encoding="utf-8")))

    assert len(english) > 1000
    assert [text for text in english if looks_arabizi(text)] == []


def test_letters_and_common_words_become_arabic_script() -> None:
    arabic = to_arabic("hal lazem nkoon 3ala facebook?")
    assert arabic.startswith("هل لازم")
    assert "على" in arabic
    assert "facebook" in arabic  # brand names stay as people write them
    assert to_arabic("7aga") == "حاجة"
    assert to_arabic("el shoghl") == "الشغل"  # the article joins its word


def test_spellings_people_really_use_become_the_same_arabic() -> None:
    assert to_arabic("jmil") == "جميل"  # a last-syllable i is long
    assert to_arabic("tbi3") == to_arabic("tbee3") == "تبيع"
    # French-influenced Maghrebi: accents and French articles don't get in the way.
    assert to_arabic("les abonnés").split() == to_arabic("abonnes").split() == ["متابعين"]
    assert to_arabic("les clients").split() == ["العملاء"]


async def test_an_arabizi_question_is_answered_in_arabic(core: Core) -> None:
    answer = await Chat(core).say("hal lazem ykoon 3anna followers kteer?")

    assert "يجب أن يكون لديك عدد كبير من المتابعين" in answer
    assert "You need lots of followers" not in answer
