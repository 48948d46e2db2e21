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
        "ar": "اكتب «خرافة {number}» لتعرف السبب.",
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
    "status.paused": {"en": "paused", "ar": "موقوف"},
    "added.duplicate": {
        "en": "Note: reminder #{id} already posts here at the same time. If #{new} is a "
        "mistake: reminders remove {new}",
        "ar": "تنبيه: التذكير رقم {id} يُنشر هنا في الموعد نفسه. إن كان رقم {new} خطأً: "
        "reminders remove {new}",
    },
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
        "en": "This workspace already has {limit:reminder}, the most allowed. Remove one "
        "first: reminders remove <id>",
        "ar": "لدى مساحة العمل هذه {limit:reminder}، وهو الحد الأقصى. احذف واحدًا أولًا: "
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
        "reminders remove <id>. مثال: reminders add الاثنين 09:00 Asia/Riyadh #marketing",
    },
    # Rejected input. Each names what was typed and ends with an example that works.
    "error.weekday": {
        "en": "'{value}' is not a weekday. Use a day name such as monday (or mon, الاثنين), "
        "for example: reminders add monday 09:00 Europe/Berlin",
        "ar": "«{value}» ليس يومًا من أيام الأسبوع. اكتب اسم يوم مثل الاثنين (أو monday)، "
        "مثلًا: reminders add الاثنين 09:00 Asia/Riyadh",
    },
    "error.weekday_number": {
        "en": "'{value}' is not a weekday: use 0 (Monday) to 6 (Sunday), for example 0 for Monday.",
        "ar": "«{value}» ليس يومًا من أيام الأسبوع: استخدم رقمًا من 0 (الاثنين) إلى 6 (الأحد)، "
        "مثلًا 0 ليوم الاثنين.",
    },
    "error.time": {
        "en": "'{value}' is not a time of day. Use a time like 09:00, 5:30pm or 17:30, "
        "for example: reminders add monday 09:00 Europe/Berlin",
        "ar": "«{value}» ليس وقتًا من اليوم. استخدم وقتًا مثل 09:00 أو 5:30م أو 17:30، "
        "مثلًا: reminders add الاثنين 09:00 Asia/Riyadh",
    },
    "error.timezone_guess": {"en": "Did you mean {guess}?", "ar": "هل تقصد {guess}؟"},
    "error.timezone": {
        "en": "'{value}' is not a time zone I know. Use an IANA name such as Europe/Berlin, "
        "America/New_York or Asia/Riyadh, for example: reminders add monday 09:00 Europe/Berlin",
        "ar": "«{value}» ليست منطقة زمنية أعرفها. استخدم اسمًا من قائمة IANA مثل Asia/Riyadh "
        "أو Africa/Cairo أو Europe/Berlin، مثلًا: reminders add الاثنين 09:00 Asia/Riyadh",
    },
    "error.id": {
        "en": "'{value}' is not a reminder number. See the numbers with 'reminders list', then "
        "for example: reminders pause 3",
        "ar": "«{value}» ليس رقم تذكير. اعرض الأرقام بالأمر reminders list ثم اكتب مثلًا: "
        "reminders pause 3",
    },
    "error.note": {
        "en": "The note is {length:character} long; keep it to {limit:character}, for example: "
        "reminders add monday 09:00 Europe/Berlin Share one tip",
        "ar": "طول الملاحظة {length:character}؛ اجعلها {limit:character:acc} على الأكثر، مثلًا: "
        "reminders add الاثنين 09:00 Asia/Riyadh شارك نصيحة واحدة",
    },
    # Why a reminder was paused or an occurrence skipped: stored as the code after "reason.",
    # shown in the reader's language (see `reason_text`).
    "reason.channel_not_found": {
        "en": "the channel was deleted, or the bot cannot see it",
        "ar": "حُذفت القناة، أو لا يستطيع البوت رؤيتها",
    },
    "reason.not_in_channel": {
        "en": "the bot is not in the channel; invite it there",
        "ar": "البوت ليس عضوًا في القناة؛ أضفه إليها",
    },
    "reason.channel_archived": {"en": "the channel is archived", "ar": "القناة مؤرشفة"},
    "reason.missing_permission": {
        "en": "the bot may not post in that channel; give it permission to send messages",
        "ar": "لا يملك البوت صلاحية النشر في تلك القناة؛ امنحه صلاحية إرسال الرسائل",
    },
    "reason.access_revoked": {
        "en": "the app's access to this workspace was revoked; reinstall it",
        "ar": "أُلغي وصول التطبيق إلى مساحة العمل هذه؛ أعد تثبيته",
    },
    "reason.not_installed": {
        "en": "the app is not installed in this workspace",
        "ar": "التطبيق غير مثبّت في مساحة العمل هذه",
    },
    "reason.server_not_found": {
        "en": "the server was not found, or the bot was removed from it",
        "ar": "لم يُعثر على الخادم، أو أُزيل البوت منه",
    },
    "reason.unknown": {"en": "no reason given", "ar": "لم يُذكر سبب"},
    "reason.reminder_paused": {
        "en": "the reminder was paused before this post went out",
        "ar": "أُوقف التذكير قبل نشر هذه الرسالة",
    },
    "reason.not_confirmed": {
        "en": "not confirmed as posted within the grace window",
        "ar": "لم يتأكد النشر خلال مهلة السماح",
    },
    "reason.missed_while_down": {
        "en": "missed while the bot was not running",
        "ar": "فات موعده أثناء توقف البوت",
    },
    "reason.missed_late": {
        "en": "missed by more than the grace window",
        "ar": "فات موعده بأكثر من مهلة السماح",
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


def reason_text(code: str | None, language: Language) -> str:
    """A stored reason code in `language`; anything else (rows from before the codes, or a
    platform's own words) is shown as it is."""
    key = f"reason.{code or 'unknown'}"
    return say(key, language) if key in MESSAGES else str(code)


def weekday_name(weekday: int, language: Language) -> str:
    return WEEKDAYS[language][weekday]
