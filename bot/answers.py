"""Composes an answer from a knowledge entry and a workspace's audience profile."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.bidi import isolate_latin
from bot.i18n import count_of, join_list, label, t
from bot.knowledge import CORE_IDS, Entry, KnowledgeBase
from bot.matcher import Match
from bot.more import FIRST_ACTIONS, say
from bot.plurals import format_number
from bot.profiles import PLATFORMS, AudienceProfile
from bot.replies import Answer, RelatedEntry
from bot.text import MAX_QUESTION_CHARS, Language

# Platforms worth reserving a handle on when a team is not active there; the big general ones.
_RESERVE_FIRST = ("instagram", "x", "facebook", "linkedin", "tiktok", "youtube")

_GOAL_MEASURE: dict[str, dict[Language, str]] = {
    "leads": {
        "en": 'contact-form leads that came from social, and what they answer to "How did you '
        'hear about us?"',
        "ar": "العملاء المحتملين الذين وصلوا من وسائل التواصل، وإجاباتهم عن سؤال «كيف سمعت عنا؟»",
    },
    "sales": {
        # No web shop assumed: a sale may close in a DM, on the phone or at the counter.
        "en": "orders and revenue you can trace to social, through tracked links or by asking "
        "new customers how they found you",
        "ar": "الطلبات والإيرادات التي تستطيع نسبتها إلى وسائل التواصل، عبر روابط متتبَّعة "
        "أو بسؤال العملاء الجدد كيف عرفوك",
    },
    "brand": {
        "en": "branded searches and direct visits over time, next to reach",
        "ar": "عمليات البحث باسم علامتك والزيارات المباشرة بمرور الوقت، إلى جانب الوصول",
    },
    "community": {
        "en": "how many people come back to talk with you and each other each month",
        "ar": "عدد من يعودون كل شهر للحديث معك ومع بعضهم",
    },
    "support": {
        "en": "questions resolved in public and the tickets that no longer need email",
        "ar": "الأسئلة التي تُحل علنًا والتذاكر التي لم تعد تحتاج إلى بريد إلكتروني",
    },
    "recruiting": {
        "en": "applications that name your social posts as where they found you",
        "ar": "طلبات التوظيف التي تذكر منشوراتك على المنصات مصدرًا لمعرفتها بكم",
    },
}

_VALUE_IDEA: dict[str, dict[Language, str]] = {
    "thought_leadership": {
        "en": "one strong opinion on a change in your industry, with the reasons behind it",
        "ar": "رأي واضح في تغيّر يحدث في مجالكم، مع أسبابه",
    },
    "resource_links": {
        "en": "three links your audience will thank you for, each with one line on why",
        "ar": "ثلاثة روابط سيشكرك عليها جمهورك، مع سطر واحد عن سبب اختيار كل منها",
    },
    "humour": {
        "en": "a light, kind joke about something your audience lived through this week",
        "ar": "دعابة خفيفة ولطيفة عن شيء عاشه جمهورك هذا الأسبوع",
    },
    "how_tos": {
        "en": "a five-step how-to that solves one small, common problem",
        "ar": "شرح من خمس خطوات يحل مشكلة صغيرة شائعة",
    },
    "news": {
        "en": "the week's most useful news for your audience, with what it means for them",
        "ar": "أهم خبر مفيد لجمهورك هذا الأسبوع، مع ما يعنيه لهم",
    },
    "behind_the_scenes": {
        "en": "a look at how your team made something this week, mistakes included",
        "ar": "لمحة عن كيف صنع فريقك شيئًا هذا الأسبوع، بما في ذلك الأخطاء",
    },
}


def _audience_check(active: list[str], profile: AudienceProfile, language: Language) -> str:
    """Where the team posts is not where its audience is: the latter comes from `audience`."""
    where = join_list(active, language)
    if profile.audience:
        if language == "ar":
            return (
                f"أنت نشِط على {where}. تحقّق من أن الجمهور الذي وصفته لي موجود هناك فعلًا، "
                "وركّز جهدك حيث تجده."
            )
        return (
            f"You're active on {where}. Check that the audience you described is really "
            "there, and put your effort where you find it."
        )
    if language == "ar":
        return (
            f"أنت نشِط على {where}، لكنني لا أعرف أين جمهورك. صِفه لي "
            "(الملف تعيين audience=…) لأساعدك على التركيز حيث يوجد."
        )
    return (
        f"You're active on {where}, but I don't know where your audience is. Describe it "
        "(profile set audience=…) and I'll help you focus where it is."
    )


def _platforms_note(profile: AudienceProfile, language: Language) -> list[str]:
    if not profile.platforms:
        return []
    active = [label(p, language) for p in profile.platforms]
    reserve = [label(p, language) for p in _RESERVE_FIRST if p not in profile.platforms][:3]
    reserve += [label(p, language) for p in PLATFORMS if p not in profile.platforms][
        : max(0, 3 - len(reserve))
    ]
    if language == "ar":
        notes = [_audience_check(active, profile, language)]
        if reserve:
            notes.append(
                f"احجز اسم علامتك على {join_list(reserve, language)} أيضًا حتى لا يأخذه غيرك، "
                "فقد يصبح أحدها مكان جمهورك لاحقًا."
            )
        return notes
    notes = [_audience_check(active, profile, language)]
    if reserve:
        notes.append(
            f"Reserve your brand's handle on {join_list(reserve, language)} too, so nobody else "
            "takes it and you're ready if your audience moves."
        )
    return notes


def _followers_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.followers is None:
        return []
    followers = count_of(profile.followers, "follower", language)
    # "of them" agrees with the count: منه (one), منهما (two), منهم (more).
    of_them = {1: "منه", 2: "منهما"}.get(profile.followers, "منهم")
    if profile.engagement_rate is not None:
        # A rate stays a rate: turning 3 % into "36 people" promises a head count we don't have.
        rate = format_number(profile.engagement_rate, language)
        if language == "ar":
            return [
                f"لديك {followers}، ويتفاعل نحو {rate}٪ {of_them} مع المنشور المعتاد. "
                "هذه النسبة هي الرقم الذي يستحق أن ترفعه: اخدم أولًا من يتفاعلون معك الآن، "
                "فرفع النسبة يفيدك أكثر من رفع العدد."
            ]
        return [
            f"You have {followers} and about {rate}% of them engage with a typical post. "
            "That share is the number to grow: serve the people who already respond first; "
            "raising the share does more for you than raising the total."
        ]
    if language == "ar":
        return [
            f"لديك {followers}. أضف نسبة التفاعل (الملف تعيين engagement_rate=2.5) "
            f"لنعرف أي نسبة {of_them} تتفاعل فعلًا، فهذه هي النسبة المهمة."
        ]
    return [
        f"You have {followers}. Add your engagement rate (profile set "
        "engagement_rate=2.5) to see what share of them really interacts: that's the number "
        "that matters."
    ]


def _blog_note(profile: AudienceProfile, language: Language) -> list[str]:
    goal = profile.goal
    measure = _GOAL_MEASURE[goal][language] if goal else None
    if profile.blogs is True:
        if language == "ar":
            base = "فريقك يدوّن"
            return [
                f"{base}: قيّم كل تدوينة ب{measure} لا بعدد التعليقات."
                if measure
                else f"{base}: قيّم كل تدوينة بظهورها في البحث والعملاء الذين تجلبهم."
            ]
        if measure:
            return [f"Your team blogs: judge each post by {measure}, not by its comments."]
        return ["Your team blogs: judge each post by search visibility and the leads it sends."]
    if profile.blogs is False:
        goal_text = label(goal, language) if goal else None
        if language == "ar":
            # After a colon the goal label stays in the nominative it is written in; the
            # team is addressed as "you" (singular), as in every other note.
            suffix = f"، وهذا يخدم هدفك: {goal_text}" if goal_text else ""
            return [
                "لا تدوّن حاليًا. قد تفيدك مدونة تُقاس بالعملاء المحتملين لا بالتعليقات، "
                f"لأنها تُظهرك في محركات البحث{suffix}."
            ]
        suffix = f" for {goal_text}" if goal_text else ""
        return [
            f"You don't blog today. A blog judged by leads, not comments, may pay off"
            f"{suffix}, because it makes you findable in search."
        ]
    return []


def _measure_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.goal is None:
        return []
    measure = _GOAL_MEASURE[profile.goal][language]
    if language == "ar":
        return [f"هدفك {label(profile.goal, language)}، فالرقم «الصلب» الذي تتابعه هو: {measure}."]
    return [
        f"Your goal is {label(profile.goal, language)}, so the hard number to track is {measure}."
    ]


def _value_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.value_style is None:
        return []
    idea = _VALUE_IDEA[profile.value_style][language]
    style = label(profile.value_style, language)
    if language == "ar":
        return [f"جمهورك يقدّر {style}. فكرة لهذا الأسبوع: {idea}."]
    return [f"Your audience values {style}. An idea for this week: {idea}."]


def _selling_note(profile: AudienceProfile, language: Language) -> list[str]:
    if profile.goal not in {"sales", "leads"} or not profile.platforms:
        return []
    where = join_list([label(p, language) for p in profile.platforms], language)
    if language == "ar":
        return [
            f"هدفك {label(profile.goal, language)} وأنت نشِط على {where}: "
            "اعرض العرض المناسب على الشخص المناسب هناك، دون إغراق متابعيك بالإعلانات."
        ]
    return [
        f"Your goal is {label(profile.goal, language)} and you're active on {where}: put "
        "the right offer in front of the right people there, without flooding your followers "
        "with ads."
    ]


# Which step of the sales process (lead, conversation, close, invoice) social serves for a goal.
_GOAL_STEP: dict[str, dict[Language, str]] = {
    "leads": {
        "en": "social serves the first step, finding leads; give every interested person "
        "there a clear hand-off to whoever follows up",
        "ar": "تخدم المنصات الخطوة الأولى، أي إيجاد العملاء المحتملين؛ فاجعل لكل مهتم هناك "
        "خطوة واضحة نحو من يتابعه",
    },
    "sales": {
        "en": "social can carry a conversation up to the sale; note which conversations end "
        "in an order, wherever the order is placed",
        "ar": "تستطيع المنصات أن توصل المحادثة حتى إتمام البيع؛ فسجّل أي المحادثات تنتهي "
        "بطلب، أينما تم الطلب",
    },
    "brand": {
        "en": "social makes you known before anyone needs you; the sale still follows your "
        "usual steps, so make it easy to see how to reach you",
        "ar": "تجعلك المنصات معروفًا قبل أن يحتاج إليك أحد، ويبقى البيع بخطواتك المعتادة؛ "
        "فاجعل طريقة التواصل معك سهلة الوصول",
    },
    "community": {
        "en": "a community is today's networking evening; meet people there, then keep in "
        "touch one to one",
        "ar": "المجتمع على المنصات هو أمسية التعارف في زمننا؛ فتعرّف إلى الناس هناك ثم "
        "تواصل معهم فردًا فردًا",
    },
    "support": {
        "en": "answering customers in public is the listening the claim gets right; answer "
        "there as quickly as you would on the phone",
        "ar": "الرد العلني على العملاء هو الإصغاء الذي تصيب فيه المقولة؛ فأجب هناك بسرعة "
        "ردك على الهاتف",
    },
    "recruiting": {
        "en": "social starts the conversation; an interview and an offer still close it",
        "ar": "تبدأ المنصات الحديث، وتبقى المقابلة والعرض هما ما يحسمه",
    },
}


def _sales_process_note(profile: AudienceProfile, language: Language) -> list[str]:
    """Answer 1: social is a faster way to do the old steps; which step, for this team."""
    notes = []
    if profile.goal is not None:
        goal = label(profile.goal, language)
        step = _GOAL_STEP[profile.goal][language]
        notes.append(
            f"هدفك {goal}: {step}." if language == "ar" else f"Your goal is {goal}: {step}."
        )
    if profile.platforms:
        where = join_list([label(p, language) for p in profile.platforms], language)
        notes.append(
            f"اكتب أمام كل منصة تنشط عليها ({where}) مرحلة البيع التي تخدمها فعلًا."
            if language == "ar"
            else f"Next to each platform you use ({where}), write the sales step it really serves."
        )
    return notes


def _personality_note(profile: AudienceProfile, language: Language) -> list[str]:
    """Answer 3: being personal, in the form this audience values and where the team posts."""
    notes = []
    if profile.value_style is not None:
        style = label(profile.value_style, language)
        notes.append(
            f"جمهورك يقدّر {style}. دع من يُعدّ المحتوى يُظهر شيئًا من شخصيته: توقيعًا باسمه "
            "الأول، أو سبب اختياره لما ينشره."
            if language == "ar"
            else f"Your audience values {style}. Let whoever prepares it show a bit of "
            "themselves: a first-name sign-off, or why they chose it."
        )
    if profile.platforms:
        where = join_list([label(p, language) for p in profile.platforms], language)
        notes.append(
            f"على {where}، انشر مرة في الأسبوع عن اهتمام يشترك فيه فريقك، وأبقِ بقية "
            "منشوراتك عن عملك."
            if language == "ar"
            else f"On {where}, post once a week about an interest your team shares, and keep "
            "the rest about your business."
        )
    return notes


_PERSONALISERS: dict[str, Callable[[AudienceProfile, Language], list[str]]] = {
    "1": _sales_process_note,
    "2": _selling_note,
    "3": _personality_note,
    "4": _followers_note,
    "5": _blog_note,
    "6": _measure_note,
    "7": _platforms_note,
    "value": _value_note,
}


# A team without a blog gets no actions "for your blog posts": answer 5 offers a way to test
# whether one would pay, and other entries drop any blog action. Each is (in full, in short).
_NO_BLOG_ACTIONS: dict[Language, list[tuple[str, str]]] = {
    "en": [
        (
            "List the five questions customers ask you most often; each is a candidate article.",
            "List the five questions customers ask most.",
        ),
        (
            "Check whether people search for those questions, and what already ranks for them.",
            "Check whether people search for them.",
        ),
        (
            "Before you start a blog, decide how you'll judge it: search visits and leads, "
            "not comments.",
            "Judge a blog by search visits and leads.",
        ),
    ],
    "ar": [
        (
            "اكتب الأسئلة الخمسة التي يطرحها عليك العملاء أكثر من غيرها؛ كلٌّ منها موضوع مقال محتمل.",
            "اكتب الأسئلة الخمسة التي يطرحها عملاؤك أكثر من غيرها.",
        ),
        (
            "تحقّق هل يبحث الناس عن هذه الأسئلة، وما الذي يظهر لها في نتائج البحث اليوم.",
            "تحقّق هل يبحث الناس عن هذه الأسئلة.",
        ),
        (
            "قبل أن تبدأ مدونة، حدّد كيف ستقيسها: بالزيارات من البحث وبالعملاء المحتملين، "
            "لا بالتعليقات.",
            "قِس المدونة بزيارات البحث والعملاء المحتملين.",
        ),
    ],
}
_BLOG_ACTION = re.compile(r"blog|مدون|تدوين|تدوّن", re.IGNORECASE)


def _actions_for(
    entry: Entry, profile: AudienceProfile | None, language: Language
) -> list[tuple[str, str]]:
    """Each action in full and in short; without short forms the full text stands for both."""
    text = entry.text(language)
    shorts = text.short_actions or text.actions
    pairs = list(zip(text.actions, shorts, strict=True))
    if profile is None or profile.blogs is not False:
        return pairs
    if entry.id == "5":
        return list(_NO_BLOG_ACTIONS[language])
    return [pair for pair in pairs if not _BLOG_ACTION.search(pair[0])]


def compose_answer(
    entry: Entry,
    knowledge: KnowledgeBase,
    language: Language,
    profile: AudienceProfile | None,
    match: Match | None = None,
) -> Answer:
    text = entry.text(language)
    related = [
        RelatedEntry(rid, knowledge.entries[rid].text(language).title)
        for rid in entry.related
        if rid in knowledge.entries
    ]
    notes, hint = _personal_notes(entry, profile, language)
    actions = _actions_for(entry, profile, language)
    return Answer(
        entry_id=entry.id,
        language=language,
        title=text.title,
        claim=text.claim,
        rating=entry.rating,
        verdict=text.verdict,
        short_answer=text.short_answer,
        reasoning=list(text.reasoning),
        concession=text.concession,
        actions=[full for full, _ in actions],
        related=related,
        personal_notes=notes,
        profile_hint=hint,
        confidence=match.confidence if match is not None else 1.0,
        did_you_mean=_did_you_mean(match, knowledge, language),
        truncated_note=(
            t("truncated", language, limit=MAX_QUESTION_CHARS)
            if match is not None and match.truncated
            else None
        ),
        short_actions=[short for _, short in actions][:FIRST_ACTIONS],
        source=say("source", language) if entry.id in CORE_IDS else None,
    )


def _personal_notes(
    entry: Entry, profile: AudienceProfile | None, language: Language
) -> tuple[list[str], str | None]:
    """What the team's profile changes in this answer, and a hint to fill the profile in when
    it is empty and would have changed something."""
    personaliser = _PERSONALISERS.get(entry.id)
    if personaliser is None:
        return [], None
    notes = personaliser(profile, language) if profile is not None else []
    if language == "ar":
        notes = [isolate_latin(note) for note in notes]
    hint = t("profile.hint", language) if profile is None or profile.is_empty() else None
    return notes, hint


def _did_you_mean(
    match: Match | None, knowledge: KnowledgeBase, language: Language
) -> RelatedEntry | None:
    """The other likely entry when the match was close."""
    if match is None or not match.runner_up or match.runner_up not in knowledge.entries:
        return None
    other = knowledge.entries[match.runner_up]
    return RelatedEntry(other.id, other.text(language).title)
