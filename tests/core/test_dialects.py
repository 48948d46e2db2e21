"""Spoken Arabic (Darija, Gulf, Levantine, Egyptian) is understood like MSA; MSA stays as it is."""

from __future__ import annotations

import pytest

from bot.app import Core
from bot.dialects import normalise
from bot.matcher import Matcher
from bot.text import prepare, tokens
from tests.core.test_conversation import Chat


def _normalised(text: str) -> list[str]:
    return normalise(tokens(prepare(text)))


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("واش ضروري يكون عندنا حساب فتيك توك؟", "7"),  # Darija
        ("شحال ديال المتابعين خاصنا باش نتيقو فينا الناس؟", "4"),  # Darija
        ("شلون أعرف إن الانستا جايب لنا زباين؟", "6"),  # Gulf
        ("فينا نبيع منتجاتنا عالانستا بدون ما نزعج حدا؟", "2"),  # Levantine
        ("ينفع أتكلم عن الكورة والأكل على صفحة الشركة بتاعتي؟", "3"),  # Egyptian
    ],
)
def test_dialect_questions_find_their_entry(matcher: Matcher, question: str, expected: str) -> None:
    assert matcher.match(question).entry_id == expected


def test_dialect_words_read_as_their_msa_counterparts() -> None:
    assert _normalised("الكليان ديالنا") == ["العملاء", "لنا"]
    assert _normalised("زباينّا بتاعنا") == ["العملاء", "لنا"]
    assert _normalised("عالفيسبوك") == ["على", "فيسبوك"]
    assert _normalised("كيعلقو") == ["يعلقو"]
    assert _normalised("بيقدر بتشتغل") == ["يقدر", "تشتغل"]  # Levantine and Egyptian ب-


@pytest.mark.parametrize(
    "msa",
    [
        "كتابة المحتوى",
        "كيفية القياس",
        "منصة عالمية",
        "غير مفيد",
        "كم مرة ننشر",
        "في الصفحة",
        "بيانات المبيعات بين الشهرين",
        "بيئة العمل",
    ],
)
def test_msa_is_left_as_it_is(msa: str) -> None:
    assert _normalised(msa) == tokens(prepare(msa))


async def test_a_darija_question_is_answered_in_arabic(core: Core) -> None:
    reply = await Chat(core).say("واش خاصنا نكونو فكاع المنصات؟")
    assert reply.startswith(core.knowledge.entries["7"].ar.title)
    assert "What to do" not in reply
