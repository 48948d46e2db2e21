"""Counts, numbers and durations written the way an editor would, in English and Arabic.

Arabic counted nouns follow the number: 1 and 2 are said with the noun ("سجل واحد", "سجلان"),
3-10 take the plural ("3 سجلات"), 11-99 the accusative singular ("11 سجلًا"), and 100, 1000 …
the singular ("100 سجل"). Above 100 the last two digits decide ("103 سجلات", "111 سجلًا").
The case of the phrase (after a preposition, as an object) changes the dual and the singular
of 1; the other forms are the same in every case.

Digits stay Western (0-9) in both languages; Arabic text groups thousands with the Arabic
separator (1٬200) and writes decimals with the Arabic decimal mark (2٫5), so one answer never
mixes two styles.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Final, Literal

from bot.text import Language

Case = Literal["nom", "acc", "gen"]
CASES: Final[tuple[Case, ...]] = ("nom", "acc", "gen")


@dataclass(frozen=True)
class Noun:
    one: str  # English singular
    many: str  # English plural
    ar_one: str  # singular, nominative/genitive (also after 100, 1000 …)
    ar_one_acc: str  # singular accusative: the noun after 11-99 (tamyiz) and "one" as object
    ar_two: str  # dual, nominative
    ar_two_oblique: str  # dual, accusative and genitive
    ar_few: str  # plural after 3-10
    feminine: bool = False


NOUNS: Final[dict[str, Noun]] = {
    "record": Noun("record", "records", "سجل", "سجلًا", "سجلان", "سجلين", "سجلات"),
    "reminder": Noun("reminder", "reminders", "تذكير", "تذكيرًا", "تذكيران", "تذكيرين", "تذكيرات"),
    "person": Noun("person", "people", "شخص", "شخصًا", "شخصان", "شخصين", "أشخاص"),
    "follower": Noun("follower", "followers", "متابع", "متابعًا", "متابعان", "متابعين", "متابعين"),
    "character": Noun("character", "characters", "حرف", "حرفًا", "حرفان", "حرفين", "أحرف"),
    "post": Noun("post", "posts", "منشور", "منشورًا", "منشوران", "منشورين", "منشورات"),
    "day": Noun("day", "days", "يوم", "يومًا", "يومان", "يومين", "أيام"),
    "hour": Noun("hour", "hours", "ساعة", "ساعة", "ساعتان", "ساعتين", "ساعات", feminine=True),
    "minute": Noun(
        "minute", "minutes", "دقيقة", "دقيقة", "دقيقتان", "دقيقتين", "دقائق", feminine=True
    ),
    "second": Noun(
        "second", "seconds", "ثانية", "ثانية", "ثانيتان", "ثانيتين", "ثوانٍ", feminine=True
    ),
}

_ONE_WORD: Final[dict[tuple[bool, Case], str]] = {
    (False, "nom"): "واحد",
    (False, "acc"): "واحدًا",
    (False, "gen"): "واحد",
    (True, "nom"): "واحدة",
    (True, "acc"): "واحدة",
    (True, "gen"): "واحدة",
}


def format_number(value: float, language: Language) -> str:
    """1,200 and 2.5 in English; 1٬200 and 2٫5 in Arabic. Whole numbers lose their ".0"."""
    if value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}"
    else:
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if language == "ar":
        text = text.replace(",", "\u066c").replace(".", "\u066b")
    return text


def count_of(count: int, noun: str, language: Language, case: Case = "nom") -> str:
    """`count` with `noun` agreeing: "1 record", "3 records"; in Arabic "سجل واحد", "سجلان",
    "3 سجلات", "11 سجلًا", "100 سجل". `case` is the Arabic phrase's place in its sentence."""
    forms = NOUNS[noun]
    number = format_number(count, language)
    if language == "en":
        return f"{number} {forms.one if count == 1 else forms.many}"
    if count == 1:
        one = forms.ar_one_acc if case == "acc" else forms.ar_one
        return f"{one} {_ONE_WORD[(forms.feminine, case)]}"
    if count == 2:
        return forms.ar_two if case == "nom" else forms.ar_two_oblique
    tail = count % 100
    if 3 <= tail <= 10:
        return f"{number} {forms.ar_few}"
    if 11 <= tail <= 99:
        return f"{number} {forms.ar_one_acc}"
    return f"{number} {forms.ar_one}"  # 0, 100, 101, 102, 200 …: the singular


def format_duration(elapsed: timedelta, language: Language, case: Case = "nom") -> str:
    """The two or three largest units, in words: "2 days, 1 hour and 5 minutes";
    "يومان وساعة واحدة و5 دقائق". Zero parts are left out."""
    seconds = max(0, int(elapsed.total_seconds()))
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3_600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        parts = [(days, "day"), (hours, "hour"), (minutes, "minute")]
    elif hours:
        parts = [(hours, "hour"), (minutes, "minute")]
    else:
        parts = [(minutes, "minute"), (seconds, "second")]
    shown = [count_of(n, unit, language, case) for n, unit in parts if n]
    if not shown:
        return count_of(0, "second", language, case)
    if language == "ar":
        return " و".join(shown)
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]
