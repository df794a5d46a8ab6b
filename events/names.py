"""People's names in two scripts: as they wrote them (张伟, Müller, Zhang Wei) and in Latin letters.

A registration keeps the name exactly as typed (`name`) and, optionally, the same name in Latin letters
(`name_romanized`). When only Chinese characters are given, the Latin form is proposed in Hanyu Pinyin, family name
first as Chinese names are written (张小明 → Zhang Xiaoming), and the person may correct it. Tickets, badges and
check-in show both, the page's own script first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The CJK Unified Ideographs with extension A and the compatibility block: the characters Chinese names are written in.
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]")

# Family names of two characters: the rest is the given name (欧阳娜娜 → Ouyang Nana, not Ou Yangnana).
COMPOUND_FAMILY_NAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 慕容 令狐 夏侯 尉迟 公孙 宇文 长孙 司徒 端木 澹台 南宫 西门 独孤 万俟 轩辕 呼延"
    " 闻人 东郭 公羊 百里 赫连 钟离 申屠".split()
)
# Characters read differently as a family name than in running text (单 is Shan, not Dan; 曾 Zeng, not Ceng).
FAMILY_NAME_READINGS = {
    "单": "shan",
    "曾": "zeng",
    "区": "ou",
    "仇": "qiu",
    "解": "xie",
    "查": "zha",
    "朴": "piao",
    "覃": "qin",
    "盖": "ge",
    "缪": "miao",
    "召": "shao",
    "尉迟": "yuchi",
    "万俟": "moqi",
    "长孙": "zhangsun",
    "乐": "yue",
    "翟": "zhai",
    "种": "chong",
    "秘": "bi",
    "繁": "po",
    "员": "yun",
}


def has_han(text: str) -> bool:
    return bool(HAN.search(text or ""))


def has_latin(text: str) -> bool:
    return bool(LATIN_LETTER.search(text or ""))


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin  # imported when needed: the import takes a third of a second

    return [syllable.replace("v", "ü") for syllable in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)]


def _join(syllables: list[str]) -> str:
    """Syllables of one name part, as one word: an apostrophe before a, o, e within it (王西安 → Wang Xi'an)."""
    word = ""
    for syllable in syllables:
        if word and syllable[:1] in "aoe":
            word += "'"
        word += syllable
    return word


def propose_romanization(name: str) -> str:
    """The name in Hanyu Pinyin, family name first, each part capitalised; "" if it holds no Chinese character.

    张伟 → Zhang Wei, 欧阳娜娜 → Ouyang Nana, 单田芳 → Shan Tianfang. A proposal: people correct it where their name
    is romanized otherwise (a passport's Wade–Giles, a Cantonese spelling), so it is never forced on them.
    """
    name = "".join((name or "").split())
    if not has_han(name) or has_latin(name):
        return ""
    try:
        family = name[:2] if name[:2] in COMPOUND_FAMILY_NAMES else name[:1]
        given = name[len(family) :]
        family_word = FAMILY_NAME_READINGS.get(family) or _join(_syllables(family))
        parts = [family_word] + ([_join(_syllables(given))] if given else [])
    except ImportError:
        return ""
    return " ".join(part[:1].upper() + part[1:] for part in parts if part)


@dataclass(frozen=True)
class PersonName:
    """The name in the order a page in `language` shows it: the page's own script first, the other one beside."""

    first: str
    second: str = ""

    def __str__(self) -> str:
        return f"{self.first} ({self.second})" if self.second else self.first


def person_name(name: str, romanized: str = "", *, language: str = "en") -> PersonName:
    """Both scripts of a name for a page, ticket or badge in `language`.

    In Chinese the characters come first (张伟 · Zhang Wei), in German and English the Latin letters
    (Zhang Wei · 张伟). A name typed in Latin letters only is shown once, as typed.
    """
    name, romanized = (name or "").strip(), (romanized or "").strip()
    if not romanized or romanized == name:
        return PersonName(name)
    if language.startswith("zh") == has_han(name):
        return PersonName(name, romanized)
    return PersonName(romanized, name)
