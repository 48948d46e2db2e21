"""Checks a colleague's message against the myths, sentence by sentence.

The folklore turns up inside longer messages ("launch is Friday! we need 10k followers first"),
where a whole-message match is diluted by everything around the claim. Each sentence is matched
on its own and the distinct claims found are reported, strongest first, at most two. The reply
never quotes the message, so nothing in it can ping a channel.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.i18n import t
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.text import Language, detect_language

MAX_CLAIMS: Final = 2
# A sentence ends at . ! ? (and the Arabic question mark and full stop) or a line break.
_SENTENCE_END: Final = re.compile(r"(?<=[.!?\u061f\u06d4])\s+|\n+")

# Pings and mentions (Slack <!channel>, <@U1>, <#C1>; Discord @everyone, <@123>) carry no claim
# and would otherwise be matched as words ("everyone" reads like an audience claim).
_MENTION: Final = re.compile(r"<[!@#][^>]*>|@(?:everyone|here|channel)\b")


def sentences(text: str) -> list[str]:
    """Non-blank sentences of an English or Arabic message."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


@dataclass(frozen=True)
class CheckResult:
    language: Language
    entry_ids: tuple[str, ...]
    text: str


def check_message(text: str, *, matcher: Matcher, knowledge: KnowledgeBase) -> CheckResult:
    """Claims found in `text` (at most two) and the reply to show; never empty."""
    text = _MENTION.sub(" ", text)
    language = detect_language(text)
    best: dict[str, float] = {}
    for sentence in sentences(text) or [text]:
        match = matcher.match(sentence)
        entry = knowledge.get(match.entry_id) if match.entry_id else None
        # Only claims are checked: the "value" rule is advice, not something to contradict.
        if match.intent != "entry" or entry is None or entry.kind != "claim":
            continue
        best[entry.id] = max(best.get(entry.id, 0.0), match.confidence)
    found = sorted(best, key=lambda entry_id: best[entry_id], reverse=True)[:MAX_CLAIMS]
    return describe(found, language, knowledge=knowledge)


def describe(
    entry_ids: Sequence[str], language: Language, *, knowledge: KnowledgeBase
) -> CheckResult:
    """The reply for claims already found: how a check is shown again later (a Slack form
    submitted, a Discord "share" click) without the message, which is never kept. Unknown or
    non-claim ids (a stale or forged request) are dropped."""
    found = [
        entry_id
        for entry_id in entry_ids[:MAX_CLAIMS]
        if entry_id in knowledge.entries and knowledge.entries[entry_id].kind == "claim"
    ]
    if not found:
        return CheckResult(language, (), t("check.nothing", language))
    lines = [t("check.found", language)]
    for entry_id in found:
        entry_text = knowledge.entries[entry_id].text(language)
        lines.append(f"• *{entry_text.claim}* — {entry_text.verdict}")
    return CheckResult(language, tuple(found), "\n".join(lines))
