"""What an answer shows first, and what "More" adds.

A chat answer opens with the short answer (two sentences) and three short actions, within
`WORD_BUDGET` words; "More" brings the reasoning, the concession, every action in full, the
notes for the team, and the source, named once.
"""

from __future__ import annotations

from typing import Final

from bot.i18n import Catalog, lookup
from bot.replies import Answer
from bot.text import Language

# Words in an answer's first message (title, rating, two sentences, three actions), both
# languages; tests/core/test_chat_sized.py checks every entry against it.
WORD_BUDGET: Final = 90
FIRST_ACTIONS: Final = 3

# Words that ask for the rest of the last answer where there is no button (the console).
MORE_WORDS: Final = frozenset({"more", "أكثر", "المزيد", "اكثر"})

MESSAGES: Final[Catalog] = {
    "more.button": {"en": "More", "ar": "المزيد"},
    "more.title": {"en": "{title}: why, and every step", "ar": "{title}: الأسباب وكل الخطوات"},
    "more.hint": {
        "en": 'Type "more" for why, and every step.',
        "ar": "اكتب «المزيد» لتعرف الأسباب وكل الخطوات.",
    },
    "more.hint.personal": {
        "en": 'Type "more" for why, every step, and notes for your team.',
        "ar": "اكتب «المزيد» لتعرف الأسباب وكل الخطوات وملاحظات لفريقك.",
    },
    "more.button.personal": {"en": "More · for your team", "ar": "المزيد · لفريقك"},
    "more.none": {
        "en": 'There is no answer to expand yet. Ask me a question first, then type "more".',
        "ar": "لا توجد إجابة أعرض تفاصيلها بعد. اسألني سؤالًا أولًا، ثم اكتب «المزيد».",
    },
    "answer.first_steps": {"en": "Start with", "ar": "ابدأ بهذه الخطوات"},
    # The article every built-in entry is drawn from, named by its title; the reasoning calls
    # it "the article" (Arabic: المقال) throughout.
    "source": {
        "en": "Source: the article \u201c7 social media \u2018facts\u2019 you can ignore and "
        "still succeed\u201d, Social Media Examiner.",
        "ar": "المصدر: المقال «7 حقائق عن وسائل التواصل الاجتماعي يمكنك تجاهلها وستظل ناجحًا» "
        "من موقع \u2068Social Media Examiner\u2069.",
    },
}


def say(key: str, language: Language, **values: object) -> str:
    return lookup(MESSAGES, key, language, **values)


def is_more(text: str) -> bool:
    return text.strip().strip(".!?؟").lower() in MORE_WORDS


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits between spaces and marks."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def first_steps(answer: Answer) -> list[str]:
    """The steps the first message shows: short forms, else the first actions in full."""
    return answer.short_actions or answer.actions[:FIRST_ACTIONS]
