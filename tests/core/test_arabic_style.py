"""Arabic lines read as an Arabic editor would write them: Arabic punctuation and quotes,
Latin fragments isolated so they cannot reorder the line, and one style of digits."""

from __future__ import annotations

import re
import string

from bot.app import Core
from bot.bidi import FSI, PDI, isolate_latin, strip_isolation
from bot.i18n import LANGUAGES, VOCABULARY, Catalog, t
from bot.knowledge import KnowledgeBase
from bot.render_text import render_full, render_plain
from bot.replies import Answer, Reply

from .test_conversation import Chat
from .visible_strings import catalog_folders, visible_strings

_ISOLATED = re.compile(f"{FSI}[^{FSI}{PDI}]*{PDI}")
_ARABIC = r"\u0621-\u064a"
# A Latin comma, semicolon or question mark touching an Arabic word (spaces aside).
_LATIN_PUNCTUATION = re.compile(rf"[{_ARABIC}]\s*[,;?]|[,;?]\s*[{_ARABIC}]")
_EASTERN_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
_WESTERN_SEPARATOR = re.compile(r"\d[,.]\d")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _outside_latin(text: str) -> str:
    """The Arabic part of a line: isolated Latin fragments (commands, zone names) are left out,
    since `2.5` in `engagement_rate=2.5` is what the user types, not Arabic prose."""
    return _ISOLATED.sub(" ", isolate_latin(text))


def _problems(where: str, text: str) -> list[str]:
    arabic = _outside_latin(text)
    found = []
    if _LATIN_PUNCTUATION.search(arabic):
        found.append(f"{where}: Latin , ; or ? in an Arabic line (use ، ؛ ؟): {text}")
    if "'" in arabic or '"' in arabic:
        found.append(f"{where}: ASCII quotes in an Arabic line (use « »): {text}")
    if _EASTERN_DIGITS.search(text):
        found.append(f"{where}: Eastern Arabic digits (we write 0-9): {text}")
    if _WESTERN_SEPARATOR.search(arabic):
        found.append(f"{where}: 1,200 or 2.5 in Arabic prose (write 1٬200, 2٫5): {text}")
    return found


def test_every_arabic_line_uses_arabic_punctuation_quotes_and_digits(
    knowledge: KnowledgeBase,
) -> None:
    problems = [
        problem
        for item in visible_strings(knowledge)
        if item.language == "ar"
        for problem in _problems(item.where, item.text)
    ]
    assert problems == [], "\n".join(problems)


def test_latin_in_arabic_knowledge_text_is_isolated_or_absent(knowledge: KnowledgeBase) -> None:
    # The entries are shown as written, so a Latin term they keep carries its own marks.
    bare = [
        f"{item.where}: {item.text}"
        for item in visible_strings(knowledge)
        if item.language == "ar"
        and item.where.startswith("entry ")
        and _LATIN_LETTER.search(_ISOLATED.sub("", item.text))
    ]
    assert bare == [], "\n".join(bare)


def test_every_latin_fragment_of_an_arabic_message_is_isolated() -> None:
    samples = {
        "help.profile": t("help.profile", "ar"),
        "help.reminders": t("help.reminders", "ar"),
        "unknown.command": t("unknown.command", "ar", command="stats"),
        "reminders.usage": t("reminders.usage", "ar"),
        "reminders.list.next": t("reminders.list.next", "ar", local="09:00", utc="06:00"),
    }
    for key, text in samples.items():
        assert FSI in text, key
        outside = _ISOLATED.sub("", text)
        assert not _LATIN_LETTER.search(outside), (key, outside)
    # Isolating twice changes nothing, and without the (invisible) marks the text is as written.
    assert isolate_latin(samples["help.profile"]) == samples["help.profile"]
    assert strip_isolation(samples["reminders.list.next"]) == (
        "الموعد القادم: 09:00 بالتوقيت المحلي · 06:00 بتوقيت UTC"
    )


def test_every_count_in_a_catalog_is_written_by_count_of() -> None:
    # {limit}, {count}, {length} are numbers of things: each names its noun ({limit:reminder}),
    # so the count agrees with it in both languages.
    counted = {"count", "limit", "length"}
    for key in VOCABULARY:
        for language in LANGUAGES:
            for text in VOCABULARY.phrases(key, language):
                for field in string.Formatter().parse(text):
                    name, spec = field[1], field[2]
                    if name in counted:
                        assert spec, f"{key}.{language}: {{{name}}} has no noun"


def _full(reply: Reply) -> str:
    assert isinstance(reply, Answer)
    return render_full(reply)


async def test_arabic_answers_with_a_profile_have_one_digit_style_and_no_bare_latin(
    core: Core,
) -> None:
    chat = Chat(core)
    await chat.say("profile set platforms=linkedin followers=1200 engagement_rate=2.5 blogs=no")
    followers = _full(await core.commands.handle(chat.asker, "خرافة 4"))
    assert "لديك 1٬200 متابع، ويتفاعل نحو 2٫5٪ منهم" in followers
    platforms = _full(await core.commands.handle(chat.asker, "خرافة 7"))
    assert "أنت نشِط على لينكد إن" in platforms
    for text in (followers, platforms):
        assert not _LATIN_LETTER.search(_ISOLATED.sub("", text)), text
        assert not _EASTERN_DIGITS.search(text)
        assert not _WESTERN_SEPARATOR.search(_ISOLATED.sub("", text)), text


async def test_the_arabic_commands_the_help_shows_work(core: Core) -> None:
    chat = Chat(core)
    assert "القاعدة الوحيدة التي تستحق الاتباع" in await chat.say("خرافة القاعدة")
    assert "لا يوجد ملف بعد" in await chat.say("الملف عرض")
    assert "حُفظ الملف" in await chat.say("الملف تعيين goal=leads")
    assert "العملاء المحتملون" in await chat.say("الملف عرض")
    assert "مُسح الملف" in await chat.say("الملف مسح")
    assert "لا أعرف الأمر" not in await chat.say("التذكيرات عرض")
    listing = await chat.say("المواضيع")
    assert "اكتب «خرافة 4»" in listing


async def test_the_arabic_profile_view_writes_numbers_and_lists_the_arabic_way(
    core: Core,
) -> None:
    chat = Chat(core)
    await chat.say(
        "profile set platforms=instagram,linkedin followers=1200 engagement_rate=2.5 "
        "timezone=Asia/Riyadh"
    )
    shown = await chat.say("الملف عرض")
    assert "إنستغرام ولينكد إن" in shown
    assert "1٬200" in shown
    assert "2٫5٪" in shown
    assert "Asia/Riyadh" in shown
    raw = render_plain(await core.commands.handle(chat.asker, "الملف عرض"))
    assert f"{FSI}Asia/Riyadh{PDI}" in raw
    english = await chat.say("profile show")
    assert "Instagram and LinkedIn" in english
    assert "1,200" in english
    assert "2.5%" in english


def test_english_and_arabic_messages_carry_the_same_values_and_numbers() -> None:
    # The same {placeholders} and the same figures in both languages: a message cannot name
    # the reminder's number in one and drop it in the other, or say 24 hours and 48 ساعة.
    def values(text: str) -> list[str]:
        return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name)

    def figures(text: str) -> list[str]:
        return sorted(re.findall(r"\d+", re.sub(r"\{[^}]*\}", "", text)))

    pairs = [
        (f"{folder.name} {key}[{index}]", english, arabic)
        for folder in catalog_folders()
        for catalog in [Catalog.load(folder)]
        for key in catalog
        for index, (english, arabic) in enumerate(
            zip(catalog.phrases(key, "en"), catalog.phrases(key, "ar"), strict=True)
        )
    ]
    for key, english, arabic in pairs:
        assert values(english) == values(arabic), key
        assert figures(english) == figures(arabic), key


def test_related_entries_are_named_with_the_command_to_type(knowledge: KnowledgeBase) -> None:
    from bot.answers import compose_answer
    from bot.render_text import render_more

    arabic = render_more(compose_answer(knowledge.entries["7"], knowledge, "ar", None))
    assert "(خرافة القاعدة)، " in arabic
    assert "(myth" not in arabic
    english = render_more(compose_answer(knowledge.entries["7"], knowledge, "en", None))
    assert "(myth value), " in english
