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
