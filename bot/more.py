"""What an answer shows first, and what "More" adds.

A chat answer opens with the short answer (two sentences) and three short actions, within
`WORD_BUDGET` words; "More" brings the reasoning, the concession, every action in full, the
notes for the team, and the source, named once.
"""

from __future__ import annotations

from typing import Final

from bot.replies import Answer

# Words in an answer's first message (title, rating, two sentences, three actions), both
# languages; tests/core/test_chat_sized.py checks every entry against it.
WORD_BUDGET: Final = 90
FIRST_ACTIONS: Final = 3

# Words that ask for the rest of the last answer where there is no button (the console).
MORE_WORDS: Final = frozenset({"more", "أكثر", "المزيد", "اكثر"})


def is_more(text: str) -> bool:
    return text.strip().strip(".!?؟").lower() in MORE_WORDS


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits between spaces and marks."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def first_steps(answer: Answer) -> list[str]:
    """The steps the first message shows: short forms, else the first actions in full."""
    return answer.short_actions or answer.actions[:FIRST_ACTIONS]
