"""Every sentence the advisor says outside the knowledge base, in English and Arabic."""

from __future__ import annotations

import re
import string
from typing import Final

from bot.bidi import isolate_latin
from bot.plurals import CASES, NOUNS, Case
from bot.plurals import count_of as count_of  # re-exported: callers count through bot.i18n
from bot.text import Language

MESSAGES: Final[dict[str, dict[Language, str]]] = {
    "intro.title": {
        "en": "Hi! I'm your social-media advisor.",
        "ar": "أهلًا! أنا مستشارك في وسائل التواصل.",
    },
    "intro.body": {
        "en": "Ask me about the social-media 'rules' your team keeps hearing. I check seven "
        "popular claims and the one rule worth keeping: provide value.",
        "ar": "اسألني عن «قواعد» التواصل الاجتماعي التي يكررها الجميع على فريقك. أراجع معك سبع "
        "مقولات شائعة والقاعدة الوحيدة التي تستحق الالتزام: قدِّم قيمة.",
    },
    "intro.try": {
        "en": 'Try: "do I need lots of followers?" or "can we sell on social media?"',
        "ar": "جرّب مثلًا: «هل أحتاج إلى الكثير من المتابعين؟» "
        "أو «هل يمكننا البيع عبر وسائل التواصل؟»",
    },
    "help.title": {"en": "What I can do", "ar": "ما الذي أستطيع فعله"},
    "help.commands": {
        "en": "ask <question> · myths · myth <1-7|value> · profile [show|set field=value …|reset] "
        "· forget · reminders … · insights … · knowledge · status · help",
        "ar": "اسأل <سؤالك> · المواضيع · خرافة <رقم من 1 إلى 7 أو القاعدة> · "
        "الملف [عرض|تعيين الحقل=القيمة …|مسح] · انس · التذكيرات … · رؤى … · المعرفة · الحالة · "
        "مساعدة",
    },
    "help.more": {
        "en": "For one command in detail: help <command>, e.g. help reminders.",
        "ar": "لتفاصيل أمر واحد: مساعدة <الأمر>، مثلًا: مساعدة التذكيرات.",
    },
    "help.ask": {
        "en": "ask <question> — the matching advice, in your question's language. Any question "
        "works without the word ask.",
        "ar": "اسأل <سؤالك> — النصيحة المناسبة بلغة سؤالك. يكفي أن تكتب سؤالك مباشرة.",
    },
    "help.myths": {
        "en": "myths — the seven claims and the rule, one line each.",
        "ar": "المواضيع — المقولات السبع والقاعدة، كلٌّ في سطر.",
    },
    "help.myth": {
        "en": "myth <1-7|value> — one claim in full, e.g. myth 4, or the rule: myth value.",
        "ar": "خرافة <رقم من 1 إلى 7 أو القاعدة> — مقولة واحدة كاملة، مثلًا: خرافة 4، "
        "أو القاعدة: خرافة القاعدة.",
    },
    "help.profile": {
        "en": "profile — your team's audience profile. profile set goal=leads "
        "platforms=instagram,linkedin followers=1200 engagement_rate=3 · profile reset. "
        "Admins only for changes.",
        "ar": "الملف — ملف جمهور فريقك. للتعديل: الملف تعيين goal=leads "
        "platforms=instagram,linkedin followers=1200 engagement_rate=3 · للمسح: الملف مسح. "
        "التعديل لمسؤولي مساحة العمل فقط.",
    },
    "help.reminders": {
        "en": "reminders add monday 09:00 Europe/Berlin [note] · reminders list · "
        "reminders pause|resume|remove <number> — a weekly 'provide value' post in this channel.",
        "ar": "التذكيرات أضف الاثنين 09:00 Asia/Riyadh [ملاحظة] · التذكيرات عرض · "
        "التذكيرات أوقف|استأنف|احذف <الرقم> — منشور أسبوعي «قدِّم قيمة» في هذه القناة.",
    },
    "help.forget": {
        "en": "forget — deletes everything stored for this workspace (admins). Asks first; "
        "forget yes confirms.",
        "ar": "انس — يحذف كل ما خُزّن لمساحة العمل هذه (لمسؤوليها فقط). يسأل أولًا؛ للتأكيد: انس نعم.",
    },
    "help.status": {
        "en": "status — uptime, connected platforms and when the next reminder is due.",
        "ar": "الحالة — مدة التشغيل والمنصات المتصلة وموعد التذكير التالي.",
    },
    "help.insights": {
        "en": (
            "insights [days] — admins: what the team asked about, what was declined, 👍/👎 and "
            "reminders over the last 30 (or 1-365) days; insights consent off|on — whether "
            "declined questions are kept."
        ),
        "ar": (
            "رؤى [عدد الأيام] — للمسؤولين: ما سأل عنه الفريق وما لم يُجب عنه و👍/👎 والتذكيرات "
            "في آخر 30 يومًا (أو 1-365)؛ insights consent off|on — هل تُحفظ الأسئلة خارج النطاق."
        ),
    },
    "help.help": {
        "en": "help — the commands; help <command> — one of them in detail.",
        "ar": "مساعدة — الأوامر؛ مساعدة <الأمر> — تفاصيل أمر واحد.",
    },
    "myth.usage": {
        "en": "Which one? myth 1 … myth 7 for a claim, myth value for the rule; myths lists them.",
        "ar": "أيّها؟ خرافة 1 … خرافة 7 للمقولة، وخرافة القاعدة للقاعدة؛ والمواضيع تعرضها كلها.",
    },
    "forget.confirm": {
        "en": "This deletes everything stored for this workspace: the profile, votes and "
        "reminders. It cannot be undone. To go ahead, send: forget yes",
        "ar": "سيحذف هذا كل ما خُزّن لمساحة العمل هذه: الملف والتقييمات والتذكيرات، ولا يمكن "
        "التراجع عنه. للمتابعة أرسل: انس نعم",
    },
    "decline.title": {
        "en": "That's outside what I can help with.",
        "ar": "هذا خارج ما أستطيع المساعدة فيه.",
    },
    "decline.body": {
        "en": "I only advise on social-media strategy for your business: followers, selling, "
        'measuring results, which platforms to use, what to post. Type "myths" to see the topics.',
        "ar": "أقدّم المشورة في استراتيجية وسائل التواصل لعملك فقط: المتابعون، والبيع، وقياس "
        "النتائج، واختيار المنصات، وما تنشره. اكتب «المواضيع» لترى ما أجيب عنه.",
    },
    # A marketing question next to our topic that no entry answers (matcher: near_domain).
    "decline.nearby.title": {
        "en": "A fair marketing question, but not one my advice covers.",
        "ar": "سؤال تسويقي في محله، لكنه خارج ما تغطيه نصائحي.",
    },
    # The console's pointer; chat platforms show the label and a button with the title.
    "decline.may_help": {
        "en": "This may help: “{title}” ({command}).",
        "ar": "قد يفيدك هذا: «{title}» ({command}).",
    },
    "decline.may_help.label": {"en": "This may help:", "ar": "قد يفيدك هذا:"},
    "thanks.title": {"en": "You're welcome!", "ar": "العفو!"},
    "thanks.body": {
        "en": "Ask me anything else about followers, selling, measuring results or what to post.",
        "ar": "اسألني متى شئت عن المتابعين أو البيع أو قياس النتائج أو ما تنشره.",
    },
    "empty.title": {"en": "I didn't catch a question.", "ar": "لم أجد سؤالًا في رسالتك."},
    "empty.body": {
        "en": 'Type your question in a few words, for example: "should we be on TikTok?"',
        "ar": "اكتب سؤالك في كلمات قليلة، مثلًا: «هل يجب أن نكون على تيك توك؟»",
    },
    "truncated": {
        "en": "Your message was long, so I read only its first {limit:character}.",
        "ar": "رسالتك طويلة، لذلك قرأت أول {limit:character:gen} منها فقط.",
    },
    "myths.title": {
        "en": "Seven social-media 'facts' you can ignore, and one rule",
        "ar": "سبع «حقائق» عن التواصل الاجتماعي يمكنك تجاهلها، وقاعدة واحدة",
    },
    "myths.footer": {
        "en": 'Type "myth 4" (or any number) for the full answer.',
        "ar": "اكتب «خرافة 4» (أو أي رقم) لتقرأ الجواب كاملًا.",
    },
    "myth.unknown": {
        "en": "There is no myth '{ref}'. Choose a number from 1 to 7, or \"value\" for the rule.",
        "ar": "لا توجد مقولة باسم «{ref}». اختر رقمًا من 1 إلى 7، أو «القاعدة».",
    },
    "unknown.command": {
        "en": "I don't know the command '{command}'.",
        "ar": "لا أعرف الأمر «{command}».",
    },
    "error.title": {"en": "That didn't work.", "ar": "لم ينجح ذلك."},
    "error.internal": {
        "en": "Sorry, something went wrong on my side. Please try again in a moment.",
        "ar": "عذرًا، حدث خطأ من جهتي. حاول مرة أخرى بعد قليل.",
    },
    "error.storage": {
        "en": "Sorry, I can't read or save anything right now, so I couldn't answer. The team "
        "running me has been alerted; please try again in a few minutes.",
        "ar": "عذرًا، لا أستطيع الآن قراءة البيانات أو حفظها، فلم أتمكن من الإجابة. نبّهتُ الفريق "
        "المسؤول عن تشغيلي؛ حاول مرة أخرى بعد بضع دقائق.",
    },
    # Quoted by the apology and logged with the failure, so a report can be matched to its log.
    "error.reference": {"en": "Reference: {reference}", "ar": "الرقم المرجعي: {reference}"},
    "profile.title": {"en": "Your audience profile", "ar": "ملف جمهورك"},
    "profile.empty": {
        "en": "No profile yet. Tell me about your audience and I'll tailor my answers, e.g. "
        "profile set platforms=instagram,linkedin goal=leads followers=1200",
        "ar": "لا يوجد ملف بعد. أخبرني عن جمهورك لأكيّف إجاباتي، مثلًا: "
        "الملف تعيين platforms=instagram,linkedin goal=leads followers=1200",
    },
    "profile.footer": {
        "en": "Change a field: profile set field=value · start over: profile reset",
        "ar": "لتغيير حقل: الملف تعيين الحقل=القيمة · للبدء من جديد: الملف مسح",
    },
    "profile.usage": {
        "en": "Use: profile show · profile set field=value … · profile reset",
        "ar": "استخدم: الملف عرض · الملف تعيين الحقل=القيمة … · الملف مسح",
    },
    "reminders.unavailable": {
        "en": "Reminders are not available here.",
        "ar": "التذكيرات غير متاحة هنا.",
    },
    "status.title": {"en": "Status", "ar": "الحالة"},
    "profile.saved": {"en": "Profile saved.", "ar": "حُفظ الملف."},
    "profile.reset": {"en": "Profile cleared.", "ar": "مُسح الملف."},
    "profile.reset.none": {"en": "There was no profile to clear.", "ar": "لا يوجد ملف لمسحه."},
    "profile.hint": {
        "en": 'Tip: set your audience profile ("profile set …") and I\'ll tailor this advice '
        "to your platforms, goal and numbers.",
        "ar": "نصيحة: أضف ملف جمهورك («الملف تعيين …») لأكيّف هذه النصيحة حسب منصاتك وهدفك وأرقامك.",
    },
    "forget.done": {
        "en": "Done: I deleted everything stored for this workspace ({count:record}).",
        "ar": "تم: حذفت كل ما خُزّن لمساحة العمل هذه ({count:record}).",
    },
    "feedback.thanks": {"en": "Thanks for the feedback!", "ar": "شكرًا على رأيك!"},
    "not.permitted": {
        "en": "Only workspace admins can change this.",
        "ar": "لا يستطيع تغيير هذا إلا مسؤولو مساحة العمل.",
    },
    "answer.verdict": {"en": "Verdict", "ar": "الحكم"},
    "answer.short": {"en": "In short", "ar": "باختصار"},
    "answer.why": {"en": "Why", "ar": "لماذا"},
    "answer.fair": {"en": "What the claim gets right", "ar": "ما تصيب فيه المقولة"},
    "answer.actions": {"en": "What to do this week", "ar": "ماذا تفعل هذا الأسبوع"},
    "answer.for_you": {"en": "For your team", "ar": "لفريقك"},
    "answer.related": {"en": "Related", "ar": "مواضيع ذات صلة"},
    "answer.did_you_mean": {"en": "Did you mean: {title}?", "ar": "هل تقصد: {title}؟"},
    "answer.personalised": {
        "en": "Tailored to your team's audience profile.",
        "ar": "مُكيَّف حسب ملف جمهور فريقك.",
    },
    "rating.myth": {"en": "Myth", "ar": "خرافة"},
    # Masculine, as in "الحكم: صحيح جزئيًا", so it agrees wherever it stands beside the verdict.
    "rating.partly_true": {"en": "Partly true", "ar": "صحيح جزئيًا"},
    "rating.rule": {"en": "The rule to keep", "ar": "القاعدة التي تستحق الالتزام"},
    "field.platforms": {"en": "Platforms", "ar": "المنصات"},
    "field.goal": {"en": "Business goal", "ar": "هدف العمل"},
    "field.audience": {"en": "Audience", "ar": "الجمهور"},
    "field.followers": {"en": "Followers", "ar": "المتابعون"},
    "field.engagement_rate": {"en": "Typical engagement", "ar": "نسبة التفاعل المعتادة"},
    "field.blogs": {"en": "Blogs", "ar": "مدونة"},
    "field.value_style": {"en": "Value style", "ar": "نوع القيمة"},
    "field.language": {"en": "Language", "ar": "اللغة"},
    "field.timezone": {"en": "Time zone", "ar": "المنطقة الزمنية"},
    "yes": {"en": "yes", "ar": "نعم"},
    "no": {"en": "no", "ar": "لا"},
    "help.knowledge": {
        "en": "knowledge — your team's own entries; knowledge remove <id> deletes one (admins). "
        "Admins add one with /advisor knowledge add in Slack, /knowledge add in Discord, or "
        "from a TOML file: python -m bot knowledge import.",
        "ar": "المعرفة — مداخل فريقك الخاصة؛ المعرفة احذف <المعرّف> تحذف واحدًا (للمسؤولين). "
        "يضيف المسؤولون مدخلًا بالأمر /advisor knowledge add في Slack، أو /knowledge add في "
        "Discord، أو من ملف TOML بالأمر: python -m bot knowledge import.",
    },
    "knowledge.title": {
        "en": "Your team's own entries",
        "ar": "مداخل فريقك الخاصة",
    },
    "knowledge.none": {
        "en": "This workspace has no entries of its own yet. An admin can add one with "
        "/advisor knowledge add in Slack, /knowledge add in Discord, or from a TOML file: "
        "python -m bot knowledge import FILE --workspace ID --platform NAME",
        "ar": "لا مداخل خاصة لمساحة العمل هذه بعد. يستطيع المسؤول إضافة مدخل بالأمر "
        "/advisor knowledge add في Slack، أو /knowledge add في Discord، أو من ملف TOML بالأمر: "
        "python -m bot knowledge import FILE --workspace ID --platform NAME",
    },
    "knowledge.removed": {
        "en": "Removed the entry {id}. Its questions get the built-in answers again.",
        "ar": "حُذف المدخل {id}، وتعود أسئلته إلى الإجابات المدمجة.",
    },
    "knowledge.unknown": {
        "en": "This workspace has no entry {id}. Send knowledge to see its entries.",
        "ar": "لا مدخل باسم {id} في مساحة العمل هذه. أرسل «المعرفة» لترى مداخلها.",
    },
    "knowledge.form.title": {
        "en": "Give the entry a title of at most {most:character}.",
        "ar": "اكتب للمدخل عنوانًا لا يتجاوز {most:character}.",
    },
    "knowledge.form.answer": {
        "en": "Write the answer in one or a few sentences, at most {most:character}.",
        "ar": "اكتب الإجابة في جملة أو بضع جمل، بما لا يتجاوز {most:character}.",
    },
    "knowledge.form.examples": {
        "en": "Give {least} to {most} example questions, one per line, each at most "
        "{length:character}.",
        "ar": "اكتب من {least} إلى {most} من الأسئلة الأمثلة، سؤالًا في كل سطر، لا يتجاوز كل "
        "منها {length:character}.",
    },
    "knowledge.form.languages": {
        "en": "Choose at least one language.",
        "ar": "اختر لغة واحدة على الأقل.",
    },
    "knowledge.form.second": {
        "en": "This is what your team agreed on.",
        "ar": "هذا ما اتفق عليه فريقك.",
    },
    "knowledge.form.action1": {
        "en": "Follow this in your posts.",
        "ar": "طبّق هذا في منشوراتك.",
    },
    "knowledge.form.action2": {
        "en": "Ask a workspace admin when something is unclear.",
        "ar": "اسأل أحد مسؤولي مساحة العمل إذا كان شيء غير واضح.",
    },
    "knowledge.form.action3": {
        "en": "Tell an admin when this no longer fits.",
        "ar": "أخبر أحد المسؤولين إذا لم يعد هذا مناسبًا.",
    },
    "knowledge.full": {
        "en": "This workspace already has {most} entries of its own, the most it can have. "
        "Remove one first.",
        "ar": "لدى مساحة العمل هذه {most} مدخلًا خاصًا، وهو الحد الأقصى. احذف واحدًا أولًا.",
    },
    "knowledge.added": {
        "en": "Added the entry {id}: {title}. Questions like its examples get this answer in "
        "this workspace from now on.",
        "ar": "أُضيف المدخل {id}: {title}. من الآن تحصل الأسئلة المشابهة لأمثلته على هذه "
        "الإجابة في مساحة العمل هذه.",
    },
    "knowledge.unavailable": {
        "en": "Team entries are not available here.",
        "ar": "المداخل الخاصة غير متاحة هنا.",
    },
}

LABELS: Final[dict[str, dict[Language, str]]] = {
    "facebook": {"en": "Facebook", "ar": "فيسبوك"},
    "instagram": {"en": "Instagram", "ar": "إنستغرام"},
    "x": {"en": "X (Twitter)", "ar": "إكس (تويتر)"},
    "linkedin": {"en": "LinkedIn", "ar": "لينكد إن"},
    "tiktok": {"en": "TikTok", "ar": "تيك توك"},
    "youtube": {"en": "YouTube", "ar": "يوتيوب"},
    "snapchat": {"en": "Snapchat", "ar": "سناب شات"},
    "pinterest": {"en": "Pinterest", "ar": "بنترست"},
    "threads": {"en": "Threads", "ar": "ثريدز"},
    "reddit": {"en": "Reddit", "ar": "ريديت"},
    "whatsapp": {"en": "WhatsApp", "ar": "واتساب"},
    "telegram": {"en": "Telegram", "ar": "تيليجرام"},
    "leads": {"en": "leads", "ar": "العملاء المحتملون"},
    "sales": {"en": "sales", "ar": "المبيعات"},
    "brand": {"en": "brand awareness", "ar": "الوعي بالعلامة"},
    "community": {"en": "community", "ar": "بناء المجتمع"},
    "support": {"en": "customer support", "ar": "دعم العملاء"},
    "recruiting": {"en": "recruiting", "ar": "التوظيف"},
    "thought_leadership": {"en": "thought leadership", "ar": "الريادة الفكرية"},
    "resource_links": {"en": "links to great resources", "ar": "روابط لمصادر ممتازة"},
    "humour": {"en": "humour", "ar": "الفكاهة"},
    "how_tos": {"en": "how-tos", "ar": "الشروحات العملية"},
    "news": {"en": "news and commentary", "ar": "الأخبار والتعليق عليها"},
    "behind_the_scenes": {"en": "behind the scenes", "ar": "كواليس العمل"},
    "slack": {"en": "Slack", "ar": "سلاك"},
    "discord": {"en": "Discord", "ar": "ديسكورد"},
    "console": {"en": "console", "ar": "الطرفية"},
    "en": {"en": "English", "ar": "الإنجليزية"},
    "ar": {"en": "Arabic", "ar": "العربية"},
}


Catalog = dict[str, dict[Language, str]]


class _CountingFormatter(string.Formatter):
    """`{limit:reminder}` is a count of reminders, written by `count_of` in the message's
    language (`{limit:character:gen}` after an Arabic preposition), so no template says
    "10 تذكيرًا" or "1 reminders"."""

    def __init__(self, language: Language) -> None:
        self.language = language

    def format_field(self, value: object, format_spec: str) -> str:
        noun, _, case = format_spec.partition(":")
        if noun in NOUNS and isinstance(value, int):
            grammatical: Case = next((c for c in CASES if c == case), "nom")
            return count_of(value, noun, self.language, grammatical)
        return str(super().format_field(value, format_spec))


def lookup(catalog: Catalog, key: str, language: Language, **values: object) -> str:
    """One message of a catalog in one language, with its {placeholders} filled."""
    text = catalog[key][language]
    if values:
        text = _CountingFormatter(language).format(text, **values)
    return isolate_latin(text) if language == "ar" else text


def t(key: str, language: Language, **values: object) -> str:
    return lookup(MESSAGES, key, language, **values)


def label(value: str, language: Language) -> str:
    names = LABELS.get(value)
    return names[language] if names else value


def entry_command(entry_id: str, language: Language) -> str:
    """What to type for one entry, in the reader's language: "myth 6", "خرافة القاعدة"."""
    if language == "ar":
        return "خرافة القاعدة" if entry_id == "value" else f"خرافة {entry_id}"
    return f"myth {entry_id}"


def join_list(items: list[str], language: Language) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if language == "ar":
        return " و".join(items)  # Arabic repeats و before every item: أ وب وج
    return ", ".join(items[:-1]) + " and " + items[-1]


# A greeting that is really a thank-you gets "you're welcome", not the introduction again.
_THANKS = re.compile(
    r"\b(?:thanks?|thank\s+you|thx|ty|cheers|much\s+appreciated)\b"
    r"|شكر|مشكور|تسلم|يعطيك\s+العافي|ممنون|متشكر",
    re.IGNORECASE,
)


def is_thanks(text: str) -> bool:
    return bool(_THANKS.search(text))
