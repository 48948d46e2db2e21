"""Counts of followers read the way an editor would write them, in English and in Arabic."""

from __future__ import annotations

import pytest

from bot.i18n import count_of


@pytest.mark.parametrize(
    ("count", "english", "arabic"),
    [
        (1, "1 follower", "متابع واحد"),
        (2, "2 followers", "متابعان"),
        (3, "3 followers", "3 متابعين"),
        (10, "10 followers", "10 متابعين"),
        (11, "11 followers", "11 متابعًا"),
        (36, "36 followers", "36 متابعًا"),
        (100, "100 followers", "100 متابع"),
        (101, "101 followers", "101 متابع"),
        (1200, "1,200 followers", "1٬200 متابع"),
        (12036, "12,036 followers", "12٬036 متابعًا"),
    ],
)
def test_follower_counts_agree_and_keep_one_separator(
    count: int, english: str, arabic: str
) -> None:
    assert count_of(count, "follower", "en") == english
    assert count_of(count, "follower", "ar") == arabic


# The number-agreement table an Arabic editor checks: each noun at every kind of count.
# Masculine and feminine nouns, a broken plural (أحرف، ثوانٍ) and a sound one (متابعين).
_COUNTS = (0, 1, 2, 3, 10, 11, 99, 100, 101, 1000, 1500)
_TABLE = {
    "reminder": (
        "0 تذكير",
        "تذكير واحد",
        "تذكيران",
        "3 تذكيرات",
        "10 تذكيرات",
        "11 تذكيرًا",
        "99 تذكيرًا",
        "100 تذكير",
        "101 تذكير",
        "1٬000 تذكير",
        "1٬500 تذكير",
    ),
    "follower": (
        "0 متابع",
        "متابع واحد",
        "متابعان",
        "3 متابعين",
        "10 متابعين",
        "11 متابعًا",
        "99 متابعًا",
        "100 متابع",
        "101 متابع",
        "1٬000 متابع",
        "1٬500 متابع",
    ),
    "character": (
        "0 حرف",
        "حرف واحد",
        "حرفان",
        "3 أحرف",
        "10 أحرف",
        "11 حرفًا",
        "99 حرفًا",
        "100 حرف",
        "101 حرف",
        "1٬000 حرف",
        "1٬500 حرف",
    ),
    "minute": (
        "0 دقيقة",
        "دقيقة واحدة",
        "دقيقتان",
        "3 دقائق",
        "10 دقائق",
        "11 دقيقة",
        "99 دقيقة",
        "100 دقيقة",
        "101 دقيقة",
        "1٬000 دقيقة",
        "1٬500 دقيقة",
    ),
    "second": (
        "0 ثانية",
        "ثانية واحدة",
        "ثانيتان",
        "3 ثوانٍ",
        "10 ثوانٍ",
        "11 ثانية",
        "99 ثانية",
        "100 ثانية",
        "101 ثانية",
        "1٬000 ثانية",
        "1٬500 ثانية",
    ),
}


@pytest.mark.parametrize("noun", sorted(_TABLE))
def test_arabic_number_agreement_table(noun: str) -> None:
    written = tuple(count_of(count, noun, "ar") for count in _COUNTS)
    assert written == _TABLE[noun]


@pytest.mark.parametrize("noun", sorted(_TABLE))
def test_english_plural_for_every_count_but_one(noun: str) -> None:
    for count in _COUNTS:
        written = count_of(count, noun, "en")
        assert written.endswith("s") == (count != 1), written
    assert count_of(1500, noun, "en").startswith("1,500 ")


def test_the_case_after_a_preposition_changes_the_dual_and_one() -> None:
    # "في حدود حرفين", "اجعلها حرفًا واحدًا": the dual and "one" follow the sentence's case.
    assert count_of(2, "character", "ar", "gen") == "حرفين"
    assert count_of(2, "character", "ar", "acc") == "حرفين"
    assert count_of(1, "character", "ar", "acc") == "حرفًا واحدًا"
    assert count_of(1, "minute", "ar", "acc") == "دقيقة واحدة"
    # 3-10, 11-99 and hundreds read the same in every case.
    assert count_of(5, "character", "ar", "gen") == "5 أحرف"
    assert count_of(300, "character", "ar", "acc") == "300 حرف"


async def test_a_long_note_is_counted_in_words_that_agree() -> None:
    from bot.i18n import t
    from bot.reminders.suggestions import limit

    assert "طول الملاحظة 301 حرف؛ اجعلها 300 حرف على الأكثر" in t(
        "reminders.error.note", "ar", length=301, limit=300
    )
    assert "لدى مساحة العمل هذه 10 تذكيرات، وهو الحد الأقصى" in limit(10, "ar")
    assert "لدى مساحة العمل هذه 25 تذكيرًا" in limit(25, "ar")
    assert "already has 1 reminder," in limit(1, "en")
