"""Which language a text is in (enough to refuse what is not English, and to say what it
is), and which Unicode encoding form its bytes announce with a byte-order mark.

No language-identification library is needed: a text whose letters are mostly of one
non-Latin script is named by its script (Arabic → `ar`, refined to `fa`/`ur` by their own
letters; Han → `zh`, with kana `ja`; Hangul → `ko`; Cyrillic → `ru`, `uk` by its own
letters; …); Latin-script text by the share of the commonest function words of English and
of the other languages most often met in news dumps.
"""

from __future__ import annotations

import re
from collections import Counter

# Byte-order marks, UTF-32 before UTF-16 (FF FE 00 00 starts with FF FE); the codecs named
# here read and drop the mark.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\xfe\xff", "utf-16"),
    (b"\xff\xfe", "utf-16"),
)

# (first, last code point, script); scripts named after the language they mostly write.
_SCRIPTS = (
    (0x0370, 0x03FF, "el"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "hy"),
    (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x08A0, 0x08FF, "arabic"),
    (0x0900, 0x097F, "hi"),
    (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"),
    (0x0A80, 0x0AFF, "gu"),
    (0x0B80, 0x0BFF, "ta"),
    (0x0C00, 0x0C7F, "te"),
    (0x0C80, 0x0CFF, "kn"),
    (0x0D00, 0x0D7F, "ml"),
    (0x0D80, 0x0DFF, "si"),
    (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"),
    (0x0F00, 0x0FFF, "bo"),
    (0x1000, 0x109F, "my"),
    (0x10A0, 0x10FF, "ka"),
    (0x1100, 0x11FF, "ko"),
    (0x1200, 0x139F, "am"),
    (0x1780, 0x17FF, "km"),
    (0x3040, 0x30FF, "kana"),
    (0x3130, 0x318F, "ko"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xAC00, 0xD7AF, "ko"),
    (0xF900, 0xFAFF, "han"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)
_SAMPLE = 20_000  # characters looked at
_LATIN = re.compile("[\x00-\u036f\u1e00-\u1eff]+")  # the blocks _main_script counts as Latin
_MIN_LETTERS = 10  # fewer letters than this say nothing
_MIN_WORDS = 25  # fewer Latin words than this: too short to judge by function words

_PERSIAN = frozenset("پچژگی")
_URDU = frozenset("ٹڈڑںےھ")
_UKRAINIAN = frozenset("іїєґІЇЄҐ")

# The commonest function words; English news runs at 25-35% of its list, French, Spanish
# and German prose at 2-4%.
_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with as was by at from it are be has have said "
    "not this an which were will but its after their his who had been they",
    "fr": "le la les de des du et un une est que qui dans pour pas sur au aux avec ce il elle "
    "son sa ses ont été par plus",
    "es": "el la los las de del y en un una que por con para es se su sus al lo como más "
    "pero fue ha han",
    "de": "der die das und ist nicht ein eine mit den dem des sich auf für von zu im auch "
    "wird sind bei nach",
    "it": "il lo la gli le di del della che e un una per con non sono è al alla nel dei delle ha",
    "pt": "o a os as de do da dos das e um uma que em no na para com não por se ao foi",
    "nl": "de het een en van in is dat op te zijn met voor niet aan er ook als bij door",
    "tr": "ve bir bu da de için ile olarak olan çok daha gibi ama ya en sonra",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada oleh",
    "sv": "och att det som en är av på för med till den har inte om ett",
    "pl": "i w na z że do się nie jest to o jak po przez od za",
    "so": "iyo ee ka oo waxa ku in uu la ay ah soo aan u",
    "sw": "na ya wa kwa katika ni la za kuwa hiyo huo",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_ENGLISH_SHARE = 0.08  # below this share of English function words, a text is not English
_WORD = re.compile(r"[^\W\d_]+")


def unicode_bom(data: bytes) -> str | None:
    """The codec ("utf-16", "utf-32") a byte-order mark at the start announces, or None.

    UTF-8's mark is left to the UTF-8 decoders (`utf-8-sig`)."""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            return codec
    return None


def not_english(text: str, *, scripts_only: bool = False) -> str | None:
    """None for English (or too little text to tell), else the language's ISO 639-1 code, or
    "unknown". `scripts_only` judges only by script (text still full of page chrome)."""
    sample = text[:_SAMPLE]
    script = _main_script(sample)
    if script is not None:
        return script
    if scripts_only:
        return None
    words = Counter(map(str.lower, _WORD.findall(sample)))  # (no generator frame per word)
    total = sum(words.values())
    if total < _MIN_WORDS:
        return None
    # each list's words counted in the text (a few dozen look-ups, not one per word)
    shares = {
        lang: sum(words[w] for w in vocabulary if w in words) / total
        for lang, vocabulary in _WORDS.items()
    }
    if shares["en"] >= _ENGLISH_SHARE:
        return None
    best = max(shares, key=lambda lang: shares[lang])
    return best if best != "en" and shares[best] >= _ENGLISH_SHARE else "unknown"


def _main_script(sample: str) -> str | None:
    """The language of the non-Latin script most letters are in, if most are non-Latin."""
    if not any(c.isalpha() for c in _LATIN.sub("", sample)):
        return None  # no letter outside the Latin blocks (the loop below would say so)
    scripts: Counter[str] = Counter()
    latin = 0
    for char in sample:
        if not char.isalpha():
            continue
        point = ord(char)
        if point < 0x0370 or 0x1E00 <= point <= 0x1EFF:
            latin += 1
            continue
        scripts[_script(point)] += 1
    other = sum(scripts.values())
    if latin + other < _MIN_LETTERS or other <= latin:
        return None
    script = scripts.most_common(1)[0][0]
    if script in {"han", "kana"}:
        return "ja" if scripts["kana"] > 0.05 * (scripts["kana"] + scripts["han"]) else "zh"
    if script == "arabic":
        letters = set(sample)
        if letters & _URDU:
            return "ur"
        return "fa" if letters & _PERSIAN else "ar"
    if script == "cyrillic":
        return "uk" if set(sample) & _UKRAINIAN else "ru"
    return script


def _script(point: int) -> str:
    for first, last, script in _SCRIPTS:
        if first <= point <= last:
            return script
    return "unknown"
