"""Spoken Arabic (Darija, Gulf, Levantine, Egyptian) brought nearer to MSA for matching.

Most of our examples are MSA or close to it; a dialect question says the same thing with other
function words ("واش" for "هل", "شحال" for "كم", "ديالنا" for "لنا"), other everyday words
("الكليان", "مصاري", "فولوورز") and verb prefixes (Moroccan "كي-"). Each such word is swapped
for its MSA counterpart (or dropped when it carries no meaning for matching); everything else
is left to the character n-grams, which already bridge small spelling differences.

Only whole words from the list below change, plus two contractions (عال…، فال…), the
Moroccan verb prefix كي- and the Levantine and Egyptian ب-, each with the MSA words that look
alike left out. Words are compared after letter folding (أ→ا, ة→ه, ى→ي), so one spelling
covers its variants.
"""

from __future__ import annotations

from typing import Final

from bot.text import fold_arabic

# MSA (or "" to drop) ← dialect spellings, space-separated.
_TABLE: Final[dict[str, str]] = {
    # Question and function words. Dropped: the MSA ones are stop words too.
    "": "واش واشنو كاش شنو شنوة شنهو اشنو علاش ياك راه راني راهم راها راك دابا دروك "
    "دلوقتي دلوقت هلق هلأ الحين توا بلي بللي باش بش عشان علشان مشان لحتى "
    "كده كدا هيك هكا جذي چذي اللي الي يلي هاد هادا هادي هادو هذي هاذي هيدا هيدي "
    "هاي وش ايش إيش شو ايه إيه عم قاعد قاعدين بقى برضه برضو زي متل تاني "
    "بس برك يعني طيب اوكي ياخي والله",
    # Possessives: "ديالنا" / "تبعنا" / "بتاعنا" / "حقنا" / "تاعنا" → "لنا".
    "لنا": "ديالنا ديالتنا تاعنا تبعنا تبعتنا بتاعنا بتاعتنا حقنا حقتنا حقّنا",
    "لي": "ديالي دياليا تاعي تبعي تبعتي بتاعي بتاعتي حقي حقتي",
    "لك": "ديالك تاعك تبعك بتاعك حقك",
    "لكم": "ديالكم تاعكم تبعكم بتاعكم حقكم",
    "لهم": "ديالهم تاعهم تبعهم بتاعهم حقهم",
    "كيف": "كيفاش كيفش شلون شلونه ازاي إزاي ازاى إزاى كيفن",
    "لماذا": "علاش ليش ليه لويش",
    "اين": "فين فاين وين وينه",
    "متى": "امتى إمتى امتا وقتاش ايمتى",
    "كم": "شحال شحال قديش قدّيش كام",
    "يوجد": "كاين كاينة كاينين كاينه",
    "لا يوجد": "ماكاينش مكاينش مافي مفيش مافيش",
    "احد": "حدا",
    "لا احد": "محد محدش ماحد",
    "ليس": "ماشي مش مب مو موش مهوش",
    "ايضا": "كمان",
    "الان": "دابا دروك هلق هلأ الحين دلوقتي توا",
    "جدا": "اوي خالص",
    "كثير": "بزاف برشا وايد كتير",
    "قليل": "شوية شوي شويه شويا",
    "كل": "كاع قاع كلشي كلش",
    "في كل": "فكاع فقاع فكلشي",
    "شيء": "شي حاجة حاجه حاجات حوايج اشيا",
    "نعم": "اه ايوه ايوا واه",
    "صحيح": "بصح",
    "جيد": "مزيان مزيانة منيح منيحة كويس كويسة زين باهي",
    # Wanting, needing, being able.
    "يجب": "خاصنا خصنا خاصني خصني خاصك خصك خاصكم لازمنا لازمني لازمك",
    "نريد": "بدنا بغينا بغيت نبغي نبغو نبغى نبي ابي ابغى ابغي عايزين عاوزين حابين",
    "اريد": "بدي بغيت ابغى ابي عايز عاوز حابب عايزة",
    "نستطيع": "نقدرو نقدروا فينا نقدر",
    "يمكن": "ينفع يصير ممكن يمديني يمدينا",
    "لا يمكن": "مينفعش ماينفعش مايصير ما_يصير",
    "نفعل": "نديرو نعملو نسوي نسوو نعمل",
    "افعل": "ندير اسوي أسوي اعمل",
    "نضع": "نحطو نحط نحطوا",
    "ننشر": "ننزل ننزلو ننزلوا",
    "ننشرها": "ننزلها ننزلوها",
    "نكون": "نكونو نكونوا نبقى نبقا",
    "يكون": "يبقى يبقا يكونو",
    "نتكلم": "نهضرو نهدرو نحكيو نحكي نتكلمو",
    "يتكلم": "يهضر يهدر يحكي",
    "نعرف": "نعرفو نعرفوا",
    "نبيع": "نبيعو نبيعوا",
    "نربح": "نربحو نربحوا",
    "يستفيدون": "يستافدو يستفادو يستفيدو يستافدوا",
    "يعلق": "يكومونتي",
    "نغلق": "نسكرها نسكر نسدو نحبسو نحبسوه نقفله نقفلها نسكره",
    "قال": "قالو قالوا",
    # Everyday words for our topic.
    "العملاء": "الكليان كليان الزبناء زبناء الزباين زباين زباينا زبايننا",
    "المال": "الفلوس فلوس لفلوس المصاري مصاري مصريات الفلوسات",
    "المتابعين": "الفولوورز فولوورز الفولورز فولورز الفلورز فلورز فولوز الفولوز",
    "المدونة": "البلوگ البلوغ البلوج البلوق بلوگ بلوغ بلوج بلوق البلوك",
    "التعليقات": "الكومونتار كومونتار الكومنتات كومنتات الكومونتير كومونتير الكومنت كومنت "
    "الكومنتس كومنتس",
    "المنشورات": "البوستات بوستات البوستس",
    "منشور": "البوست بوست",
    "الاعلانات": "الاشهار اشهار الإشهار إشهار الاعلانات",
    "انستغرام": "الانستا انستا إنستا الانستقرام انستقرام انستجرام الانستجرام انستكرام",
    "فيسبوك": "الفيس الفايسبوك فايسبوك الفيسبوك",
    "تيك توك": "تيكتوك التيكتوك التيك",
    "العمل": "الخدمة الشغل شغل الشغلة",
}

_LOOKUP: Final[dict[str, tuple[str, ...]]] = {}
for _msa, _spellings in _TABLE.items():
    for _spelling in _spellings.split():
        _LOOKUP.setdefault(fold_arabic(_spelling), tuple(_msa.split()))

# Moroccan imperfect "كي-" (كيعلق، كيبيع، كيجيب): the verb after it is what matters. MSA
# words that start the same way (كيف، كيفية، كيلو…) are left alone.
_DARIJA_PREFIX: Final = "كي"
_NOT_DARIJA: Final = ("كيف", "كيل", "كيم", "كيا", "كيس")


# Levantine and Egyptian imperfect "ب-" (بيقدر، بتشتغل، بيرجعلنا): the verb after it is what
# matters. Before ت the ب may also be the preposition (بتقديم), which can go as well; before ي
# MSA words that start the same way (بيع، بين، بيانات، بيئة، بيت…) are left alone.
_LEVANTINE_PREFIXES: Final = ("بي", "بت")
_NOT_LEVANTINE: Final = ("بيع", "بين", "بيا", "بيئ", "بيت", "بيض", "بيو", "بيرو", "بتا", "بتر")


_SEEN: dict[str, tuple[str, ...]] = {}


def normalise(words: list[str]) -> list[str]:
    """Tokens of a prepared question with dialect words replaced by their MSA counterparts."""
    out: list[str] = []
    for word in words:
        if not ("\u0621" <= word[:1] <= "\u06ff"):
            out.append(word)
            continue
        found = _SEEN.get(word)
        if found is None:
            found = _normalise_word(word)
            if len(_SEEN) < 100_000:  # bounded: one process sees a few thousand words
                _SEEN[word] = found
        out.extend(found)
    return out


def _normalise_word(word: str) -> tuple[str, ...]:
    folded = fold_arabic(word)
    found = _LOOKUP.get(folded)
    if found is not None:
        return found
    # Levantine and Darija contractions: "عالفيسبوك" (على ال…), "فالفيسبوك" (في ال…).
    if len(folded) >= 7 and folded.startswith("عال") and not folded.startswith("عالم"):
        return ("على", *_normalise_word("ال" + word[3:]))
    if len(folded) >= 6 and folded.startswith("فال"):
        return ("في", *_normalise_word("ال" + word[3:]))
    if folded.startswith("ال") and len(folded) > 4:
        bare = _LOOKUP.get(folded[2:])
        if bare is not None and len(bare) == 1 and bare[0]:
            return ("ال" + bare[0].removeprefix("ال"),)
    if (
        len(folded) >= 5
        and folded.startswith(_DARIJA_PREFIX)
        and not folded.startswith(_NOT_DARIJA)
    ):
        return (word[1:],)
    if (
        len(folded) >= 5
        and folded.startswith(_LEVANTINE_PREFIXES)
        and not folded.startswith(_NOT_LEVANTINE)
    ):
        return _normalise_word(word[1:])
    return (word,)
