"""Arabizi: Arabic written in Latin letters with digits for the sounds Latin lacks
("hal lazem nkoon 3ala facebook?"). Recognised, then rewritten in Arabic script so the matcher
reads it as the Arabic it is, and the answer comes back in Arabic.

Two steps: a lexicon of the words people write most (function words of the main dialects and
the words of our topic, several spellings each), then letter by letter for the rest. The
letter rules keep what survives spelling variation — consonants and long vowels — because the
matcher compares stems and character n-grams, not whole words.
"""

from __future__ import annotations

import re
import unicodedata

# The digits Arabizi uses as letters.
_DIGIT_LETTERS = {"2": "ء", "3": "ع", "5": "خ", "6": "ط", "7": "ح", "8": "غ", "9": "ق"}

# Frequent words, each with its usual spellings. Longest forms of the topic words first.
_LEXICON: dict[str, str] = {}
for arabic, spellings in {
    "هل": "hal hel",
    "لازم": "lazem lazim lazm laazem lezem",
    "ضروري": "darouri daroori daruri dharoori",
    "على": "3ala 3la 3al ala",
    "في": "fe fi fy f fel fil",
    "مع": "ma3 m3",
    "عن": "3an 3n",
    "من": "men min mn",
    "الى": "ila ela",
    "انا": "ana",
    "احنا": "e7na i7na ehna ihna ne7na n7na",
    "انت": "enta inta ent int",
    "هو": "howa huwa hoa",
    "هي": "heya hiya",
    "شو": "shu sho shou",
    "ايش": "esh eish aish",
    "ايه": "eh eih",
    "شنو": "shno shnou chno",
    "ليش": "lesh leish laysh leh lih",
    "كيف": "kif keef kaif kayf",
    "ازاي": "ezay izzay ezzay ezai",
    "كيفاش": "kifash kifach",
    "واش": "wash wach",
    "مش": "mesh mish msh mush",
    "ما": "ma",
    "لا": "la la2 laa",
    "ولا": "wala walla wla",
    "او": "aw",
    "و": "w we wa",
    "يعني": "ya3ni ya3ne y3ni",
    "ممكن": "momken mumkin mmkn mumken",
    "نقدر": "ne2dar n2dar nqdar ne2der n2der",
    "بدنا": "bidna bdna biddna",
    "بدي": "bade badi biddi bdi",
    "عايز": "3ayez 3ayz 3aiz",
    "عايزين": "3ayzeen 3aizin",
    "خاصنا": "khassna khasna",
    "بزاف": "bzaf bezzaf",
    "ديال": "dyal dial",
    "كثير": "kteer kter ktir kthir katheer ktiir",
    "كل": "kol kul koll",
    "شي": "shi shy",
    "حاجة": "7aga 7aja",
    "عندنا": "3andna 3anna 3ndna",
    "عنده": "3ando 3andu",
    "الشركة": "el-sharika sharika sharikah sherka el-sherka",
    "صفحة": "saf7a saf7ah sa7fa page",
    "حساب": "7sab 7esab 7isab",
    "متابعين": "followers followerz mota3b3een mutaba3een mtab3een",
    "متابع": "follower mota3eb mutaba3 mtaba3 mot3b",
    "عدد": "3adad 3dad",
    "كبير": "kbeer kbir kabeer kebir",
    "صغيرة": "sgheera zghira so8ayara",
    "مهم": "mohem muhim mhm mohim",
    "مهمة": "mohemme mohemma muhimma",
    "نبيع": "nbee3 nbi3 nebee3",
    "البيع": "el-bee3 el-bay3",
    "بيع": "bee3 bay3 bei3",
    "اعلان": "e3lan i3lan",
    "اعلانات": "e3lanat i3lanat ads",
    "ننشر": "nenshor nanshor nenshr",
    "نشر": "nashr nasher",
    "محتوى": "mo7tawa mu7tawa content",
    "قيمة": "2eema qeema qima 2ima",
    "فايدة": "fayda faydeh fa2ida",
    "تعليقات": "ta3lee2at ta3li2at t3li2at comments commentat",
    "يعلق": "y3alle2 ya3le2 bi3alle2",
    "مدونة": "blog",
    "نتيجة": "natee2a nati2a natija",
    "نقيس": "n2ees nqees n2is",
    "العائد": "el-3a2ed el-3aed",
    "ارقام": "ar2am arqam",
    "التواصل": "el-tawasol el-tawasul",
    "تواصل": "tawasol tawasul",
    "مواقع": "mawa9e3 mawaqe3 mawa2e3",
    "موقع": "mawqe3 mawq3 mawke3",
    "منصات": "mansat minassat platforms",
    "اسبوع": "osboo3 esboo3 usbu3",
    "الافضل": "el-a7san",
    "احسن": "a7san ahsan",
    "شغل": "shoghl sho8l shughl",
    "منتجات": "montajat mentajat",
    "زبون": "zboon zbon zaboon",
    "زباين": "zabayen zbayen",
    "ناس": "nas",
    "الناس": "el-nas",
    "الحين": "el7een",
    "هلا": "halla halla2",
    # Levantine, Gulf, Egyptian and Darija everyday words (bot/dialects.py reads them as MSA).
    "هذا": "hayda haida hayde hada hadi hadha hatha",
    "مافي": "mafi mafee mafeesh mafish mafish",
    "حدا": "7ada 7ad",
    "فعلا": "fe3lan fi3lan f3lan",
    "غلط": "ghalat 8alat ghalta 8alta",
    "لما": "lamma lama",
    "عشان": "3ashan 3shan ashan 3alashan",
    "كده": "keda kida",
    "اوي": "awi awy",
    "بتاعنا": "bta3na beta3na",
    "تبعنا": "ta3na tab3na taba3na",
    "تبع": "ta3 tab3 taba3",
    "ينفع": "ynfa3 yenfa3 byenfa3",
    "منيح": "mnee7 mni7 mnih",
    "هيك": "hek heik",
    "عم": "3am",
    "فينا": "fina fena",
    "هلق": "halla2 hala2",
    "وش": "wesh wish",
    "شلون": "shlon shlonak",
    "ابي": "abi abee abgha abgh",
    "حقنا": "7agna 7a2na",
    "وايد": "wayed wayid wajid",
    "شحال": "ch7al sh7al chhal",
    "باش": "bach bash",
    "فلوس": "flous floos flus lflous",
    "مصاري": "masari msari",
    "نقدرو": "n9dro n9adro nqdro n2adro",
    "مزيان": "mzyan mezyan mzyana",
    "دابا": "daba",
    "ديالنا": "dyalna dialna",
    "خاصني": "khassni khasni",
    "الخدمة": "khedma lkhedma",
    "حوايج": "7wayj 7wayej",
    "نحط": "n7ot n7ott n7tto n7to n7otto",
    "يحط": "bi7ot b7ot y7ot",
    "شخصية": "shakhsiya shakhseya chakhsiya shakhsia shakhsiyya",
    "شخصي": "shakhsi chakhsi",
    "صور": "sowar swar sowaar",
    "فريق": "team",
    "عطلة": "weekend",
    "نشارك": "nshare nsharek",
    "متابعينا": "mota3beena",
    "تعليق": "comment",
    "منشور": "post bost",
    "منشورات": "posts bostat",
}.items():
    for spelling in spellings.split():
        _LEXICON.setdefault(spelling, arabic)
# A second table, so that a word listed in both keeps every spelling of both.
for arabic, spellings in {
    # More function words: Maghrebi, Levantine, Gulf, Egyptian.
    "مازال": "mazal mazel mazzal lessa lesa lissa lsa ba2i",
    "مين": "meen shkoon chkoun chkon shkoun",
    "قال": "2al 2alak galek galik 9alek qal gal",
    "يمكن": "ymken ymkn yemken yimkin",
    "لا يمكن": "ymknch ymkench mayemkench mayemkensh",
    "غير": "ghir gher 8eer ghair",
    "كاين": "kayn kayen kain",
    "ماشي": "machi mashi",
    "علاش": "3lach 3lash",
    "فين": "fin fein wein wen",
    "امتى": "imta emta emtah wa9tach",
    "كم": "kam kem 9addesh 2addesh",
    "عند": "3and 3end 3ind 3nd",
    "عندي": "3andi 3ndi 3indi",
    "حتى": "7ta 7atta hatta",
    "بس": "bas bs bss",
    "كمان": "kaman kamaan",
    "نفس": "nafs nefs",
    "ليه": "leeh",
    "وين": "wain",
    # Topic words, several spellings each.
    "التجارة": "tijara tejara tijarah tijaara",
    "المبيعات": "mabi3at mabee3at mabi3aat mobi3at",
    "تبيع": "tbi3 tbee3 tbe3 tebi3",
    "ابيع": "abi3 abee3 nbi3o nbee3o",
    "يبيع": "ybi3 ybee3 yebi3",
    "الاسس": "osos ousous",
    "قديمة": "9dima qadima 2adima 2dime 9dim qadim 2adim 2adeem",
    "صالحة": "sal7a sali7a sal7in sal7",
    "جديد": "jdid jdeed jadid jedid",
    "العملاء": "clients client 3omala 3umala 3oumala zaba2en zaba2in zabayin zboun zbon",
    "الجمهور": "jomhour jomhor jumhur jumhoor jmhour public audience",
    "قيمة": "valeur 9ima 9eema",
    "مفيد": "mofid mufeed mufid",
    "يفيد": "yfid yfeed yefid",
    "منتجات": "muntajat muntajati montajati produits",
    "الاجتماعي": "ijtima3i ijtima3ia ijtima3iya ijtimaa3i",
    "وسائل": "wasa2el wasa2il wasail",
    "عائد": "3a2ed 3aed 3a2id",
    "الاستثمار": "isti5mar esti5mar istithmar estethmar",
    "ربح": "rbe7 rib7 rebe7 ribh arba7",
    "نقيس": "n9is n9isso n9iso a2ees a2is n2is",
    "قياس": "9ias 9iyas qiyas 2iyas",
    "نجاح": "naja7 nja7 najah",
    "ننجح": "nnje7 nenja7 nenje7 anja7 nanja7",
    "مدونة": "mudawwana modawana mdawana mudawana",
    "تعليقات": "commentaire commentaires t3li9at ta3li9at",
    "متابعين": "abonnes abonne",
    "اعلان": "pub publicite",
    "محتوى": "contenu",
    "الشركة": "charika sharikti charikti entreprise societe",
    "ننشر": "nposti nposte nposter tposti yposti npubliyi",
    "نشارك": "npartagi npartager tpartagi ypartagi ashar ashare tshare nsharek",
    "شخصية": "personnel personnelle perso",
    "حياتي": "7ayati hayati",
    "هوايات": "hobbies hobby hiwayat hewayat",
    "اجتماعات": "meetings meeting ejtima3at ijtima3at",
    "اتصالات": "ittisalat itisalat ettisalat etisalat",
    "الهاتف": "telephone tel phone telefon tilifon",
    "لقاءات": "li2a2at la2a2at liqa2at",
    # French function words in Maghrebi Arabizi carry nothing for matching.
    "": "les des du de le",
}.items():
    for spelling in spellings.split():
        _LEXICON.setdefault(spelling, arabic)

# Latin letters (and the letter-digits) to Arabic; digraphs first. Short vowels inside a word
# are dropped, as Arabic script mostly leaves them unwritten.
_DIGRAPHS = [
    ("sh", "ش"),
    ("ch", "ش"),
    ("kh", "خ"),
    ("gh", "غ"),
    ("th", "ث"),
    ("dh", "ذ"),
    ("ee", "ي"),
    ("ii", "ي"),
    ("oo", "و"),
    ("ou", "و"),
    ("aa", "ا"),
]
_LETTERS = {
    "b": "ب", "t": "ت", "j": "ج", "g": "ج", "d": "د", "r": "ر", "z": "ز", "s": "س", "f": "ف",
    "q": "ق", "k": "ك", "l": "ل", "m": "م", "n": "ن", "h": "ه", "w": "و", "y": "ي", "v": "ف",
    "p": "ب", "c": "ك", "x": "كس",
}  # fmt: skip
_VOWELS = set("aeiou")

_WORD = re.compile(r"[a-z0-9'-]+")
_LETTER_DIGIT = re.compile(r"(?:[a-z][2356789]|[2356789][a-z])")
# Latin tokens with digits that are English: b2b, mp3, 4k, 10k, 24/7, 2nd, covid19 …
_ENGLISH_WITH_DIGITS = re.compile(
    r"^(?:[a-z]2[a-z]|mp[34]|h26[45]|[0-9]+(?:k|m|st|nd|rd|th|s|g|x|am|pm|px|p)?|[a-z]+[0-9]{2,}"
    r"|(?:web|ps|gpt|iphone|pixel|galaxy|win|windows|xbox|android|ios|python|html|css)[0-9])$"
)
# (A single letter-digit at the end is Arabizi's ع or ح: "tbi3", "nja7", "yinfa3".)
_ENGLISH_FUNCTION_WORDS = frozenset(
    "the is are do does did i we you our my your to of for on in it this that what how why "
    "should can could would need have has be with about and or not a an".split()
)
# Lexicon words that are also ordinary English: they count only beside other evidence.
_ALSO_ENGLISH = frozenset(
    "hal men min ana fe fi f ma la w we wa aw kol nas eh ila blog follower followers "
    "int ent mohem team weekend comment comments post posts page platforms ads content "
    "bash wish lama abi fil bas fin gal public audience client clients pub perso kam "
    "les des du de le hobbies hobby meetings meeting telephone tel phone".split()
)
_BRANDS = frozenset(
    "facebook instagram insta tiktok twitter x linkedin youtube snapchat snap whatsapp "
    "telegram pinterest google online page blog followers follower social media networking "
    "page instagram".split()
)


def _plain(text: str) -> str:
    """Lower case without accents: French-influenced spellings ("abonnés", "société") read
    like the rest."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def looks_arabizi(text: str) -> bool:
    """Latin text that reads as Arabic: Arabizi words or letter-digits, and little English."""
    if re.search(r"[\u0600-\u06ff]", text):
        return False
    words = _WORD.findall(_plain(text))
    if not words:
        return False
    digit_letters = sum(1 for word in words if _spelt_with_digits(word))
    known = sum(1 for word in words if word in _LEXICON and word not in _ALSO_ENGLISH)
    english = sum(1 for word in words if word in _ENGLISH_FUNCTION_WORDS)
    evidence = digit_letters + known
    if evidence >= 2 and evidence > english:
        return True
    return evidence >= 1 and english == 0 and len(words) >= 2


_ARTICLE = re.compile(r"\b(?:el|al|il)\s+(?=[a-z0-9])")


def _spelt_with_digits(word: str) -> bool:
    """A word written with letter-digits ("3ala", "e7na", "ma3"): mostly letters, a digit
    beside a letter, and not an English pattern (b2b, mp3, 10k) or a number (1e999, 0x3f)."""
    letters = sum(char.isalpha() for char in word)
    digits = sum(char.isdigit() for char in word)
    return (
        letters >= 2
        and letters > digits
        and bool(_LETTER_DIGIT.search(word))
        and not _ENGLISH_WITH_DIGITS.match(word)
    )


def to_arabic(text: str) -> str:
    """Arabizi rewritten in Arabic script, word by word; brand names stay as written."""
    text = _ARTICLE.sub("el-", _plain(text))  # "el social media": the article joins its word
    return _WORD.sub(lambda found: _word_to_arabic(found.group(0)), text)


def _word_to_arabic(word: str) -> str:
    if word in _LEXICON:
        return _LEXICON[word]
    if word in _BRANDS or (word.isdigit()):
        return word
    prefix = ""
    for article in ("el-", "al-", "il-", "l-"):
        if word.startswith(article):
            prefix, word = "ال", word[len(article) :]
            break
    if word in _LEXICON:
        return prefix + _LEXICON[word].removeprefix("ال")
    if word in _BRANDS:
        return word  # "el social media": the brand stays as written
    return prefix + _letters(word)


def _letters(word: str) -> str:
    if len(word) >= 5 and word.endswith("ha"):
        return _letters(word[:-2]) + "ها"  # the pronoun "-ha" (nenzelha, 3aleha), not taa marbuta
    out: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        mapped = next((arabic for latin, arabic in _DIGRAPHS if pair == latin), None)
        if mapped is not None:
            out.append(mapped)
            index += 2
            continue
        char = word[index]
        if char in _DIGIT_LETTERS:
            out.append(_DIGIT_LETTERS[char])
        elif char in _VOWELS:
            out.append(_vowel(word, index))
        elif char in _LETTERS:
            out.append(_LETTERS[char])
        index += 1
    return "".join(out) or word


def _vowel(word: str, index: int) -> str:
    """How the vowel at `index` is written: a word's first vowel as alef, a final -a/-e often
    as taa marbuta; short vowels between consonants not at all ("")."""
    char, last = word[index], index == len(word) - 1
    if index == 0:
        return "ا"
    if char == "i" and _final_syllable(word, index):
        return "ي"  # "tbi3", "kbir", "9dima": a last-syllable i is mostly long
    if last and char in "ae":
        return "ة"
    if last and char in "iy":
        return "ي"
    if last and char in "ou":
        return "و"
    return ""


def _final_syllable(word: str, index: int) -> bool:
    """Whether the vowel at `index` is followed by one consonant and then the word's end or
    its final vowel."""
    rest = word[index + 1 :]
    return len(rest) in (1, 2) and rest[0] not in _VOWELS and rest[1:] in ("", "a", "e")
