"""The few sentences only Discord needs (slash-command wording), in English and Arabic.

Everything the advisor itself says lives in `bot.i18n`; these are about Discord's own UI.
"""

from __future__ import annotations

from typing import Final

from bot.text import Language

PHRASES: Final[dict[str, dict[Language, str]]] = {
    "help.commands": {
        "en": "`/ask` a question · `/myths` the seven claims and the rule · `/myth` one of them · "
        "`/profile show|set|reset` your audience · `/reminders` weekly nudges · `/help`",
        "ar": "`/ask` اطرح سؤالًا · `/myths` المقولات السبع والقاعدة · `/myth` واحدة منها · "
        "`/profile show|set|reset` جمهورك · `/reminders` تذكيرات أسبوعية · `/help`",
    },
    "help.admin": {
        "en": "Changing the profile and reminders needs the Manage Server permission.",
        "ar": "تغيير الملف والتذكيرات يحتاج إلى صلاحية «إدارة الخادم».",
    },
    "manage.required": {
        "en": "Only members with the Manage Server permission can change this. "
        "Nothing was changed.",
        "ar": "لا يستطيع تغيير هذا إلا من لديه صلاحية «إدارة الخادم». لم يتغير شيء.",
    },
    "profile.nothing": {
        "en": "Choose at least one option to change, for example `/profile set goal:leads`.",
        "ar": "اختر خيارًا واحدًا على الأقل لتغييره، مثلًا `/profile set goal:leads`.",
    },
    "blogs.invalid": {
        "en": "'{value}' is not valid for blogs: choose yes or no.",
        "ar": "القيمة '{value}' غير صالحة لحقل المدونة: اختر نعم أو لا.",
    },
    "restarting": {
        "en": "I'm restarting. Please try again in a moment.",
        "ar": "أُعيد التشغيل الآن. حاول مرة أخرى بعد قليل.",
    },
    "option.invalid": {
        "en": "One of the options is not valid here. Please choose it again from the list.",
        "ar": "أحد الخيارات غير صالح هنا. اختره مرة أخرى من القائمة.",
    },
    "channel.elsewhere": {
        "en": "Choose a text channel of this server.",
        "ar": "اختر قناة نصية من هذا الخادم.",
    },
    "guild.only": {
        "en": "This command works in a server channel, not in direct messages.",
        "ar": "يعمل هذا الأمر في قناة على خادم، لا في الرسائل المباشرة.",
    },
}


def say(key: str, language: Language, **values: object) -> str:
    text = PHRASES[key][language]
    return text.format(**values) if values else text
