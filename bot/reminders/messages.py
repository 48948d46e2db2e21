"""What the reminders feature says outside the weekly post's ideas, in English and Arabic."""

from __future__ import annotations

from typing import Final

from bot.i18n import Catalog, lookup
from bot.text import Language

MESSAGES: Final[Catalog] = {
    "post.title": {
        "en": "Weekly reminder: provide value",
        "ar": "تذكير الأسبوع: قدّم قيمة",
    },
    "post.rule": {
        "en": "Give your audience something useful, interesting or entertaining before you "
        "ask them for anything.",
        "ar": "قدّم لجمهورك شيئًا مفيدًا أو ممتعًا أو مثيرًا للاهتمام قبل أن تطلب منه أي شيء.",
    },
    "post.idea": {"en": "Idea for this week", "ar": "فكرة هذا الأسبوع"},
    "post.question": {"en": "Question for the team", "ar": "سؤال للفريق"},
    "post.myth": {"en": "Myth to avoid", "ar": "خرافة تجنّبها"},
    "post.myth_hint": {
        "en": 'Type "myth {number}" to read why.',
        "ar": "اكتب «myth {number}» لتعرف السبب.",
    },
    "post.note": {"en": "Note", "ar": "ملاحظة"},
    "list.title": {"en": "Weekly reminders", "ar": "التذكيرات الأسبوعية"},
    "list.empty": {
        "en": "No reminders yet. An admin can add one, for example: "
        "reminders add monday 09:00 Europe/Berlin",
        "ar": "لا توجد تذكيرات بعد. يمكن للمسؤول إضافة تذكير، مثلًا: "
        "reminders add monday 09:00 Europe/Berlin",
    },
    "list.item": {
        "en": "#{id} · every {weekday} at {time} ({zone}) in {channel} · {status}",
        "ar": "#{id} · كل يوم {weekday} الساعة {time} ({zone}) في {channel} · {status}",
    },
    "list.next": {
        "en": "next: {local} local · {utc} UTC",
        "ar": "الموعد القادم: {local} بالتوقيت المحلي · {utc} بتوقيت UTC",
    },
    "list.note": {"en": "note: {note}", "ar": "ملاحظة: {note}"},
    "list.footer": {
        "en": "reminders pause <id> · reminders resume <id> · reminders remove <id>",
        "ar": "reminders pause <id> · reminders resume <id> · reminders remove <id>",
    },
    "status.active": {"en": "active", "ar": "يعمل"},
    "status.paused.admin": {"en": "paused by {who}", "ar": "أوقفه {who}"},
    "status.paused.platform": {
        "en": "paused: posting failed ({detail}). Fix it, then: reminders resume {id}",
        "ar": "متوقف: تعذّر النشر ({detail}). أصلح المشكلة ثم اكتب: reminders resume {id}",
    },
    "status.paused.uninstalled": {
        "en": "paused: the app was removed from this workspace",
        "ar": "متوقف: أُزيل التطبيق من مساحة العمل هذه",
    },
    "added.title": {"en": "Reminder #{id} added.", "ar": "أُضيف التذكير #{id}."},
    "paused.title": {"en": "Reminder #{id} paused.", "ar": "أُوقف التذكير #{id} مؤقتًا."},
    "resumed.title": {"en": "Reminder #{id} resumed.", "ar": "استُؤنف التذكير #{id}."},
    "removed.title": {"en": "Reminder #{id} removed.", "ar": "حُذف التذكير #{id}."},
    "not_found": {
        "en": "There is no reminder #{id} in this workspace. See them with: reminders list",
        "ar": "لا يوجد تذكير #{id} في مساحة العمل هذه. اعرض التذكيرات بالأمر: reminders list",
    },
    "limit": {
        "en": "This workspace already has {limit} reminders, the most allowed. Remove one "
        "first: reminders remove <id>",
        "ar": "لدى مساحة العمل هذه {limit} تذكيرًا، وهو الحد الأقصى. احذف واحدًا أولًا: "
        "reminders remove <id>",
    },
    "no_channel": {
        "en": "Which channel? Add it to the command, for example: "
        "reminders add monday 09:00 Europe/Berlin #marketing",
        "ar": "في أي قناة؟ أضفها إلى الأمر، مثلًا: reminders add monday 09:00 Europe/Berlin "
        "#marketing",
    },
    "usage": {
        "en": "Use: reminders add <day> <time> [time zone] [#channel] [note] · reminders list "
        "· reminders pause <id> · reminders resume <id> · reminders remove <id>. "
        "Example: reminders add monday 09:00 Europe/Berlin #marketing Share one tip",
        "ar": "الاستخدام: reminders add <اليوم> <الساعة> [المنطقة الزمنية] [#القناة] [ملاحظة] "
        "· reminders list · reminders pause <id> · reminders resume <id> · "
        "reminders remove <id>. مثال: reminders add الاثنين 9:00 Asia/Riyadh #marketing",
    },
    "not_permitted": {
        "en": "Only workspace admins can add, pause, resume or remove reminders. Anyone can "
        "see them with: reminders list",
        "ar": "لا يستطيع إضافة التذكيرات أو إيقافها أو استئنافها أو حذفها إلا مسؤولو مساحة "
        "العمل. يمكن للجميع عرضها بالأمر: reminders list",
    },
}

WEEKDAYS: Final[dict[Language, tuple[str, ...]]] = {
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "ar": ("الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"),
}


def say(key: str, language: Language, **values: object) -> str:
    return lookup(MESSAGES, key, language, **values)


def weekday_name(weekday: int, language: Language) -> str:
    return WEEKDAYS[language][weekday]
