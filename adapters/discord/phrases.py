"""The few sentences only Discord needs (slash-command wording), in English and Arabic.

Everything the advisor itself says lives in `bot.i18n`; these are about Discord's own UI.
"""

from __future__ import annotations

from typing import Final

from bot.bidi import isolate_latin
from bot.text import Language

PHRASES: Final[dict[str, dict[Language, str]]] = {
    # The slash forms of what the core words as typed commands ("myth 4", "profile set
    # field=value"); `slash_forms` swaps the core's sentence for the one under the same key.
    "help.commands": {
        "en": "`/ask question` ask about your social media\n"
        "`/myths` the seven claims and the rule\n"
        "`/myth number` one of them in full (1-7, or value for the rule)\n"
        "`/profile show|set|reset` your audience profile\n"
        "`/reminders add|list|pause|resume|remove` weekly nudges in a channel\n"
        "`/help` this list",
        "ar": "`/ask question` اسأل عن حساباتك على وسائل التواصل\n"
        "`/myths` المقولات السبع والقاعدة\n"
        "`/myth number` إحداها كاملة (من 1 إلى 7، أو value للقاعدة)\n"
        "`/profile show|set|reset` ملف جمهورك\n"
        "`/reminders add|list|pause|resume|remove` تذكيرات أسبوعية في قناة\n"
        "`/help` هذه القائمة",
    },
    # Embed footers show no markdown, so these name the commands without backticks.
    "myths.footer": {
        "en": "Use /myth number (1 to 7, or value) for the full answer.",
        "ar": "استخدم /myth number (من 1 إلى 7، أو value) لتقرأ الجواب كاملًا.",
    },
    "profile.footer": {
        "en": "Change a field: /profile set · start over: /profile reset",
        "ar": "لتغيير حقل: /profile set · للبدء من جديد: /profile reset",
    },
    "profile.empty": {
        "en": "No profile yet. Tell me about your audience and I'll tailor my answers, e.g. "
        "/profile set platforms:instagram, linkedin goal:leads followers:1200",
        "ar": "لا يوجد ملف بعد. أخبرني عن جمهورك لأكيّف إجاباتي، مثلًا: "
        "/profile set platforms:instagram, linkedin goal:leads followers:1200",
    },
    "profile.hint": {
        "en": "Tip: set your audience profile (/profile set) and I'll tailor this advice "
        "to your platforms, goal and numbers.",
        "ar": "نصيحة: أضف ملف جمهورك (/profile set) لأكيّف هذه النصيحة حسب منصاتك وهدفك وأرقامك.",
    },
    "decline.body": {
        "en": "I only advise on social-media strategy for your business: followers, selling, "
        "measuring results, which platforms to use, what to post. Use `/myths` to see the topics.",
        "ar": "أقدّم المشورة في استراتيجية وسائل التواصل لعملك فقط: المتابعون، والبيع، وقياس "
        "النتائج، واختيار المنصات، وما تنشره. استخدم `/myths` لترى المواضيع.",
    },
    # Only members who may manage reminders can list them, so this needs no permission note.
    "reminders.list.empty": {
        "en": "No reminders yet. Add one with `/reminders add`.",
        "ar": "لا توجد تذكيرات بعد. أضف تذكيرًا بالأمر `/reminders add`.",
    },
    "reminders.list.footer": {
        "en": "`/reminders pause|resume|remove` with the reminder's number",
        "ar": "`/reminders pause|resume|remove` مع رقم التذكير",
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
        "ar": "القيمة «{value}» غير صالحة لحقل المدونة: اختر نعم أو لا.",
    },
    "restarting": {
        "en": "I'm restarting. Please try again in a moment.",
        "ar": "أُعيد التشغيل الآن. حاول مرة أخرى بعد قليل.",
    },
    "busy": {
        "en": "I'm busy with a lot of questions right now. Please try again in a minute.",
        "ar": "لديّ الكثير من الأسئلة الآن. حاول مرة أخرى بعد دقيقة.",
    },
    "option.invalid": {
        "en": "One of the options is not valid here. Please choose it again from the list.",
        "ar": "أحد الخيارات غير صالح هنا. اختره مرة أخرى من القائمة.",
    },
    "channel.elsewhere": {
        "en": "Choose a text channel of this server.",
        "ar": "اختر قناة نصية من هذا الخادم.",
    },
    "channel.permissions": {
        "en": "I can't post reminders in {channel} (missing permission: {missing}). Allow it "
        "in the channel's settings, or choose another channel. Nothing was saved.",
        "ar": "لا أستطيع نشر التذكيرات في {channel} (تنقصني صلاحية {missing}). اسمح بها من "
        "إعدادات القناة، أو اختر قناة أخرى. لم يُحفظ شيء.",
    },
    # Discord's names for the permissions a reminder channel needs.
    "permission.view_channel": {"en": "View Channel", "ar": "«عرض القناة»"},
    "permission.send_messages": {"en": "Send Messages", "ar": "«إرسال الرسائل»"},
    "permission.embed_links": {"en": "Embed Links", "ar": "«تضمين الروابط»"},
    "guild.only": {
        "en": "This command works in a server channel, not in direct messages.",
        "ar": "يعمل هذا الأمر في قناة على خادم، لا في الرسائل المباشرة.",
    },
}


def say(key: str, language: Language, **values: object) -> str:
    text = PHRASES[key][language]
    text = text.format(**values) if values else text
    return isolate_latin(text) if language == "ar" else text
