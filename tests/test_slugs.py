"""Slugs made from titles (nanjingweek/slugs.py): words stay apart at dashes and punctuation, German is written out."""

import sys

import pytest
from django.utils.text import slugify

from nanjingweek.slugs import slug_from, transliterate_german


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Nanjing–Leipzig Evening Talk", "nanjing-leipzig-evening-talk"),  # en dash
        ("Nanjing—Leipzig Evening Talk", "nanjing-leipzig-evening-talk"),  # em dash
        ("Nanjing - Leipzig Evening Talk", "nanjing-leipzig-evening-talk"),
        ("Nanjing‑Leipzig ‒ Evening ― Talk", "nanjing-leipzig-evening-talk"),  # non-breaking hyphen, figure dash, bar
        ("Nanjing−Leipzig Evening Talk", "nanjing-leipzig-evening-talk"),  # minus sign
        ("Nanjing/Leipzig: Evening Talk", "nanjing-leipzig-evening-talk"),
        ("Nanjing\\Leipzig; Evening, Talk.", "nanjing-leipzig-evening-talk"),
        ("Nanjing & Leipzig + Evening Talk", "nanjing-leipzig-evening-talk"),
        ("Nanjing·Leipzig (Evening Talk)", "nanjing-leipzig-evening-talk"),
        ("“Nanjing” meets „Leipzig“", "nanjing-meets-leipzig"),
        ("Nanjing_Leipzig", "nanjing-leipzig"),
        ("南京–莱比锡 Nanjing–Leipzig：Evening Talk", "nanjing-leipzig-evening-talk"),  # Chinese colon
        ("Nanjing's Gate", "nanjings-gate"),  # apostrophes join their word
        ("Nanjing’s Gate", "nanjings-gate"),
        ("Universität Leipzig", "universitaet-leipzig"),
        ("Straße der Ökologie", "strasse-der-oekologie"),
        ("ÜBERSEE GROẞHANDEL", "uebersee-grosshandel"),
        ("Café Zürich", "cafe-zuerich"),
        ("CO₂-arme Wirtschaft", "co2-arme-wirtschaft"),
        ("  Leipzig  ", "leipzig"),
        ("--Leipzig--", "leipzig"),
    ],
)
def test_slug_keeps_words_apart_and_writes_german_out(title, slug):
    assert slug_from(title) == slug


def test_djangos_slugify_alone_runs_words_together_and_drops_sharp_s():
    # Why the helper exists: the cases it must differ in.
    assert slugify("Nanjing–Leipzig Evening Talk") == "nanjingleipzig-evening-talk"
    assert slugify("Straße") == "strae"
    assert slug_from("Straße") == "strasse"


@pytest.fixture
def without_pypinyin(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypinyin", None)  # `import pypinyin` now raises ImportError


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("南京城墙博物馆", "nan-jing-cheng-qiang-bo-wu-guan"),
        ("文化遗产保护与旅游创新论坛：南京", "wen-hua-yi-chan-bao-hu-yu-lv-you-chuang-xin-lun-tan-nan-jing"),
        ("重庆银行", "chong-qing-yin-hang"),  # read in its word: 重 is chóng here, 行 háng
        ("南京 2025", "nan-jing-2025"),  # a year alone does not name it
    ],
)
def test_slug_of_a_title_only_in_chinese_is_its_pinyin(title, slug):
    pytest.importorskip("pypinyin")

    assert slug_from(title) == slug


@pytest.mark.parametrize(
    ("title", "slug"), [("南京城墙博物馆", ""), ("南京 2025", "2025"), ("南京 Nanjing", "nanjing")]
)
def test_slug_of_a_title_only_in_chinese_is_left_to_the_organizer_without_pypinyin(without_pypinyin, title, slug):
    assert slug_from(title) == slug


@pytest.mark.parametrize("title", ["——", "。", ""])
def test_slug_of_a_title_without_letters_or_digits_is_empty(title):
    assert slug_from(title) == ""


def test_slug_is_cut_to_max_length_without_a_trailing_hyphen():
    assert slug_from("Nanjing Leipzig Evening Talk", max_length=13) == "nanjing-leipz"
    assert slug_from("Nanjing Leipzig Evening Talk", max_length=8) == "nanjing"
    assert slug_from("words " * 40) == ("words-" * 17)[:100]  # the default: the models' slug length


def test_german_letters_are_written_as_german_writes_them_without_umlauts():
    assert transliterate_german("Äpfel, Öfen, Übermut, Straße, GROẞ") == "Aepfel, Oefen, Uebermut, Strasse, GROSS"
