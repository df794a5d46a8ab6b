"""Slugs made from titles and names, with the words kept apart wherever a dash or punctuation stood between them.

Django's `slugify` deletes the characters it does not keep, so "Nanjing–Leipzig" (an en dash) and
"Nanjing/Leipzig" both become "nanjingleipzig". Here every dash, punctuation mark and symbol separates words
first. The admin's prepopulated slug fields follow the same rules in the browser (static/js/admin-slugs.js),
so a slug typed for the organizer and one made here agree; only pinyin, for names in Chinese alone, is made
here (the browser leaves such a slug empty, and the admin fills it on saving).
"""

from __future__ import annotations

import unicodedata

from django.utils.text import slugify

# German letters are written out as German does without umlauts (Universität → universitaet, Straße → strasse),
# not stripped of their marks as `slugify` does (universitat, strae: it drops ß altogether). Other accented
# letters lose their marks (Café → cafe).
GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"})

# An apostrophe belongs to its word: "Children's Day" → "childrens-day", not "children-s-day".
APOSTROPHES = frozenset("'\u2019\u02bc")


def transliterate_german(text: str) -> str:
    """``text`` with ä, ö, ü and ß written as ae, oe, ue and ss."""
    return text.translate(GERMAN_LETTERS)


def _words_apart(text: str) -> str:
    # Unicode categories P* (punctuation: every dash, slash, colon, 。，：) and S* (symbols: &, +, €) separate.
    return "".join(
        "" if char in APOSTROPHES else " " if unicodedata.category(char)[0] in "PS" else char for char in text
    )


def _pinyin(text: str) -> str:
    """Chinese characters as toneless pinyin syllables (南京 → "nan jing"; ü as v: 绿 → "lv"), the rest as it is;
    "" where pypinyin is not installed."""
    try:
        from pypinyin import lazy_pinyin  # imported when needed: the import takes a third of a second
    except ImportError:
        return ""
    return " ".join(lazy_pinyin(text))


def slug_from(text: str, *, max_length: int = 100) -> str:
    """The slug for a title or name: lowercase ASCII words joined by hyphens, at most ``max_length`` long.

    "Nanjing–Leipzig Evening Talk" and "Nanjing/Leipzig: Evening Talk" → ``nanjing-leipzig-evening-talk``;
    "Straße" → ``strasse``. A name with Latin words takes its slug from them only ("南京 Nanjing" →
    ``nanjing``); one without (only in Chinese) is spelled in pinyin, one syllable per word ("南京城墙博物馆" →
    ``nan-jing-cheng-qiang-bo-wu-guan``), where pypinyin is installed, and otherwise gives "" so that the
    caller asks the organizer to type one. Too long a slug is cut, as the admin's script cuts it.
    """
    slug = slugify(_words_apart(transliterate_german(text)))
    if not any(char.isalpha() for char in slug):
        slug = slugify(_words_apart(_pinyin(text))) or slug
    return slug[:max_length].rstrip("-_")
