"""The sentences a weekly reminder is made of, in English and Arabic.

One pool of ideas per value style plus a generic pool, eight or more per language, so a
channel sees a different idea every week for at least eight weeks. `{platform}` is replaced
by one of the team's platforms (or "your main platform").
"""

from __future__ import annotations

from typing import Final

from bot.text import Language

GENERIC_POOL = "generic"

IDEAS: Final[dict[str, dict[Language, tuple[str, ...]]]] = {
    GENERIC_POOL: {
        "en": (
            "Answer one question your customers asked this month in a short post on "
            "{platform}, with the answer in the first line.",
            "Share one mistake you see customers make and the simple fix, without mentioning "
            "your product.",
            "Post a checklist your team uses internally that an outsider would find useful.",
            "Before posting anything of your own, reply to five posts from your audience on "
            "{platform} with something genuinely helpful.",
            "Turn a long email your team wrote to a customer into a public tip, with the "
            "names removed.",
            "Recommend someone else's tool, article or account that helped you this month, "
            "and say why.",
            "Share a number from your own work, such as a before-and-after or the time a "
            "change saved, and what you learned from it.",
            "Ask your audience on {platform} what they are stuck on, then answer the best "
            "reply in a follow-up post.",
        ),
        "ar": (
            "أجب في منشور قصير على {platform} عن سؤال طرحه عملاؤك هذا الشهر، وضع الجواب في "
            "السطر الأول.",
            "شارك خطأً شائعًا يقع فيه عملاؤك وطريقة بسيطة لتجنّبه، دون أن تذكر منتجك.",
            "انشر قائمة تحقّق يستخدمها فريقك داخليًا ويجد فيها غيركم فائدة.",
            "قبل أن تنشر شيئًا عن نفسك، ردّ على خمسة منشورات من جمهورك على {platform} "
            "بإضافة مفيدة حقًا.",
            "حوّل رسالة طويلة كتبها فريقك لأحد العملاء إلى نصيحة عامة، بعد حذف الأسماء.",
            "رشّح أداة أو مقالًا أو حسابًا لغيرك أفادك هذا الشهر، واشرح السبب.",
            "شارك رقمًا من عملك، كالفرق قبل تغيير ما وبعده أو الوقت الذي وفّره، وما تعلّمته منه.",
            "اسأل جمهورك على {platform} عمّا يعيقهم، ثم أجب عن أفضل ردّ في منشور لاحق.",
        ),
    },
    "thought_leadership": {
        "en": (
            "Write down one opinion about your industry that most of your peers would "
            "disagree with, and the evidence that changed your mind.",
            "Predict one change in your field for the next twelve months and explain what "
            "your customers should do about it now.",
            "Take a popular piece of advice in your industry and explain when it fails.",
            "Share a decision your team made this quarter, the options you turned down, and why.",
            "Explain a concept from your field to a newcomer on {platform} in five sentences "
            "or fewer.",
            "Publish the questions you ask before starting a new project, so others can "
            "borrow them.",
            "Compare how your industry worked five years ago with today, and name one thing "
            "that should not have changed.",
            "Respond on {platform} to a recent article in your field: where you agree, where "
            "you don't, and what it leaves out.",
        ),
        "ar": (
            "اكتب رأيًا واحدًا عن مجالك يخالفك فيه أغلب زملائك، والدليل الذي غيّر قناعتك.",
            "توقّع تغييرًا واحدًا في مجالك خلال الأشهر الاثني عشر القادمة، واشرح ما ينبغي "
            "لعملائك فعله الآن استعدادًا له.",
            "اختر نصيحة شائعة في مجالك واشرح متى لا تنجح.",
            "شارك قرارًا اتخذه فريقك هذا الربع، والخيارات التي استبعدتموها، ولماذا.",
            "اشرح مفهومًا من مجالك لشخص جديد عليه على {platform} في خمس جمل أو أقل.",
            "انشر الأسئلة التي تطرحها قبل أن تبدأ مشروعًا جديدًا، ليستفيد منها غيرك.",
            "قارن بين حال مجالك قبل خمس سنوات واليوم، وسمِّ شيئًا واحدًا ما كان ينبغي أن يتغيّر.",
            "علّق على {platform} على مقال حديث في مجالك: أين تتفق معه، وأين تختلف، وما الذي أغفله.",
        ),
    },
    "resource_links": {
        "en": (
            "Share the one article you sent to a colleague this month, with a sentence on "
            "what to read first.",
            "List three free tools your team relies on and say what each one is best for.",
            "Post a link to a talk or video worth watching, with the minute where the good "
            "part starts.",
            "Recommend one book chapter, not the whole book, that solves a specific problem "
            "for your audience.",
            "Share a template or spreadsheet your audience can copy today, and how to use it.",
            "Round up the three most useful posts by other people on {platform} this week, "
            "and credit them.",
            "Point your audience to an official guide or help page most people never find.",
            "Share a newsletter or podcast you learn from, and one thing it taught you recently.",
        ),
        "ar": (
            "شارك المقال الذي أرسلته لزميل هذا الشهر، مع جملة تقول أي جزء يُقرأ أولًا.",
            "اذكر ثلاث أدوات مجانية يعتمد عليها فريقك، وما الذي تتفوّق فيه كل أداة.",
            "انشر رابط محاضرة أو فيديو يستحق المشاهدة، مع الدقيقة التي يبدأ فيها الجزء المفيد.",
            "رشّح فصلًا واحدًا من كتاب، لا الكتاب كله، يحلّ مشكلة محددة يواجهها جمهورك.",
            "شارك قالبًا أو جدولًا يستطيع جمهورك نسخه اليوم، وطريقة استخدامه.",
            "اجمع أفضل ثلاثة منشورات كتبها آخرون على {platform} هذا الأسبوع، واذكر أصحابها.",
            "دُلّ جمهورك على دليل رسمي أو صفحة مساعدة لا يعرفها أكثر الناس.",
            "شارك نشرة بريدية أو بودكاست تتعلّم منه، وفكرة واحدة استفدتها منه مؤخرًا.",
        ),
    },
    "humour": {
        "en": (
            "Post a light-hearted 'expectation versus reality' about a task your customers "
            "know well.",
            "Share a harmless mistake your team made, and what it taught you.",
            "Make a short list of things only people in your line of work will understand, "
            "and invite others to add to it.",
            "Post a photo from your workplace on {platform} and ask your audience to write "
            "a better caption than yours.",
            "Turn a common customer complaint into a gentle joke that shows you understand it.",
            "Share the strangest question your team has ever been asked, and the real answer.",
            "Write a mock user manual for a ritual everyone in your industry knows, like the "
            "Monday meeting.",
            "Run a poll on {platform} about a real dilemma in your work, with one serious "
            "option and three silly ones.",
        ),
        "ar": (
            "انشر مقارنة طريفة بين «المتوقَّع والواقع» في مهمة يعرفها عملاؤك جيدًا.",
            "شارك خطأً طريفًا لا ضرر فيه وقع فيه فريقك، وما تعلّمتموه منه.",
            "اكتب قائمة قصيرة بأشياء لا يفهمها إلا أهل مجالك، وادعُ الآخرين إلى الإضافة عليها.",
            "انشر صورة من مكان عملك على {platform} واطلب من جمهورك تعليقًا أطرف من تعليقك.",
            "حوّل شكوى يكررها العملاء إلى دعابة لطيفة تُظهر أنك تفهمها.",
            "شارك أغرب سؤال وُجّه إلى فريقك، والجواب الحقيقي عنه.",
            "اكتب «دليل استخدام» ساخرًا لعادة يعرفها الجميع في مجالك، مثل اجتماع بداية الأسبوع.",
            "اطرح على {platform} استطلاعًا عن معضلة حقيقية في عملك، فيه خيار جاد وثلاثة خيارات "
            "طريفة.",
        ),
    },
    "how_tos": {
        "en": (
            "Write a step-by-step guide, five steps at most, to a task your customers do "
            "every week.",
            "Record a one-minute video for {platform} showing a shortcut that saves time.",
            "Show how to fix one common problem, with a before-and-after picture.",
            "Answer 'how do I start?' for a beginner in your field, with three first steps.",
            "Share the settings, tools or checklist you use for a routine task, and why you "
            "chose them.",
            "Explain how to spot a poor offer, a poor supplier or a poor product in your field.",
            "Break one complicated process into a simple diagram or carousel on {platform}.",
            "Post the three questions to ask before buying anything in your category, even "
            "from a competitor.",
        ),
        "ar": (
            "اكتب دليلًا بخطوات واضحة، خمس خطوات على الأكثر، لمهمة يقوم بها عملاؤك كل أسبوع.",
            "سجّل فيديو مدته دقيقة على {platform} يشرح طريقة مختصرة توفّر الوقت.",
            "اشرح كيف تُحلّ مشكلة شائعة واحدة، مع صورة قبل الحل وبعده.",
            "أجب عن سؤال «من أين أبدأ؟» لمبتدئ في مجالك، بثلاث خطوات أولى.",
            "شارك الإعدادات أو الأدوات أو قائمة التحقق التي تستخدمها في مهمة متكررة، ولماذا "
            "اخترتها.",
            "اشرح كيف يميّز الناس العرض الضعيف أو المورّد الضعيف أو المنتج الضعيف في مجالك.",
            "قسّم عملية معقدة واحدة إلى رسم بسيط أو سلسلة صور على {platform}.",
            "انشر ثلاثة أسئلة ينبغي طرحها قبل شراء أي شيء في فئتك، حتى لو كان من منافس.",
        ),
    },
    "news": {
        "en": (
            "Pick one piece of industry news from this week and explain in three sentences "
            "what it means for your customers.",
            "Correct a misunderstanding you have seen in the coverage of a recent change in "
            "your field.",
            "Summarise a new rule, price change or update that affects your audience, with "
            "what to do and by when.",
            "Share one figure from a recent report in your field and what it does, and does "
            "not, show.",
            "Post a short 'what changed this week' round-up on {platform}: three items, one "
            "line each.",
            "Ask an expert on your team for a quick reaction to this week's news and share "
            "it with their name.",
            "Explain the background of a trending topic in your field for people who only "
            "saw the headline.",
            "Follow up an old story: what happened after a change you wrote about months ago?",
        ),
        "ar": (
            "اختر خبرًا واحدًا من مجالك هذا الأسبوع واشرح في ثلاث جمل ما يعنيه لعملائك.",
            "صحّح فهمًا خاطئًا رأيته في تغطية تغيير حديث في مجالك.",
            "لخّص قاعدة جديدة أو تغييرًا في الأسعار أو تحديثًا يمسّ جمهورك، مع ما يجب فعله ومتى.",
            "شارك رقمًا واحدًا من تقرير حديث في مجالك، وما الذي يثبته وما الذي لا يثبته.",
            "انشر على {platform} ملخصًا قصيرًا بعنوان «ما الذي تغيّر هذا الأسبوع»: ثلاثة "
            "أخبار، سطر لكل خبر.",
            "اطلب من خبير في فريقك تعليقًا سريعًا على أخبار الأسبوع وانشره باسمه.",
            "اشرح خلفية موضوع رائج في مجالك لمن لم يقرأ منه إلا العنوان.",
            "تابع قصة قديمة: ماذا حدث بعد تغيير كتبت عنه قبل أشهر؟",
        ),
    },
    "behind_the_scenes": {
        "en": (
            "Introduce one team member on {platform} and the part of their work customers "
            "never see.",
            "Show how one product or service is made, step by step, in photos or a short video.",
            "Share what an ordinary day looks like for your team, including the dull parts.",
            "Show a draft, a sketch or a rejected version of something you launched, and "
            "what changed.",
            "Explain a habit your team keeps and the story behind it.",
            "Share a customer's feedback that changed how you work, with their permission.",
            "Show your workspace, tools or setup, and what you would change if you could.",
            "Tell the story of a problem your team solved this month, from the first clue "
            "to the fix.",
        ),
        "ar": (
            "عرّف جمهورك على {platform} بأحد أعضاء فريقك وبالجزء من عمله الذي لا يراه العملاء.",
            "أظهر كيف يُصنع منتج أو تُقدَّم خدمة، خطوة بخطوة، بالصور أو بفيديو قصير.",
            "شارك كيف يبدو يوم عادي لفريقك، بما فيه الأجزاء المملّة.",
            "اعرض مسودة أو رسمًا أوليًا أو نسخة مرفوضة من شيء أطلقتموه، وما الذي تغيّر.",
            "اشرح عادة يلتزم بها فريقك والقصة التي تقف وراءها.",
            "شارك رأي عميل غيّر طريقة عملكم، بعد إذنه.",
            "اعرض مكان عملك أو أدواتك، وما الذي كنت ستغيّره لو استطعت.",
            "احكِ قصة مشكلة حلّها فريقك هذا الشهر، من أول خيط إلى الحل.",
        ),
    },
}

QUESTIONS: Final[dict[Language, tuple[str, ...]]] = {
    "en": (
        "If someone unfollowed you after this week's posts, what would they miss?",
        "Which of this week's posts would you send to a friend outside the company?",
        "What did your audience ask you this week that you haven't answered in public yet?",
        "Of your last five posts, how many were about you and how many were for your audience?",
        "What would your audience thank you for this week?",
        "Which of your posts got a real reply, not just a like, and why do you think it did?",
        "What do you know that would save someone in your audience an hour this week?",
        "If you could post only once this week, what would be worth it?",
    ),
    "ar": (
        "لو ألغى أحدهم متابعتك بعد منشورات هذا الأسبوع، فما الذي سيفوته؟",
        "أيّ منشورات هذا الأسبوع سترسله إلى صديق من خارج الشركة؟",
        "ما الذي سألك عنه جمهورك هذا الأسبوع ولم تجب عنه علنًا بعد؟",
        "من منشوراتك الخمسة الأخيرة، كم منها كان عنك، وكم منها كان لجمهورك؟",
        "على أي شيء سيشكرك جمهورك هذا الأسبوع؟",
        "أيّ منشوراتك تلقّى ردًا حقيقيًا لا مجرد إعجاب، ولماذا برأيك؟",
        "ما الذي تعرفه ويمكن أن يوفّر على أحد من جمهورك ساعة هذا الأسبوع؟",
        "لو لم يكن بوسعك أن تنشر إلا مرة واحدة هذا الأسبوع، فما الذي يستحق ذلك؟",
    ),
}

# Asked every other week when the profile names a goal.
GOAL_QUESTIONS: Final[dict[str, dict[Language, str]]] = {
    "leads": {
        "en": "Which useful post this week could end with a natural next step, such as a free "
        "guide or a call, for people who want more?",
        "ar": "أيّ منشور مفيد هذا الأسبوع يمكن أن ينتهي بخطوة تالية طبيعية، كدليل مجاني أو "
        "مكالمة، لمن يريد المزيد؟",
    },
    "sales": {
        "en": "What does a customer need to know before buying that you could give away for "
        "free this week?",
        "ar": "ما الذي يحتاج العميل إلى معرفته قبل الشراء ويمكنك أن تقدّمه مجانًا هذا الأسبوع؟",
    },
    "brand": {
        "en": "What should people remember about you, and which useful post shows it without "
        "saying it?",
        "ar": "ما الذي تريد أن يتذكّره الناس عنك، وأيّ منشور مفيد يُظهره دون أن تقوله صراحة؟",
    },
    "community": {
        "en": "Who in your audience could you invite to share their own experience this week?",
        "ar": "من الذي يمكنك أن تدعوه من جمهورك ليشارك تجربته هذا الأسبوع؟",
    },
    "support": {
        "en": "Which support question came up more than twice this week, and could you answer "
        "it in public?",
        "ar": "أيّ سؤال دعم تكرّر أكثر من مرتين هذا الأسبوع، وهل يمكنك أن تجيب عنه علنًا؟",
    },
    "recruiting": {
        "en": "What would someone thinking of joining your team like to see about how you "
        "really work?",
        "ar": "ما الذي يودّ من يفكّر في الانضمام إلى فريقك أن يراه عن طريقة عملكم الحقيقية؟",
    },
}

DEFAULT_PLATFORM: Final[dict[Language, str]] = {
    "en": "your main platform",
    "ar": "منصتك الرئيسية",
}
