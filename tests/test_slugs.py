"""Slugs made from titles (nanjingweek/slugs.py): words stay apart at dashes and punctuation, German is written out."""

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


@pytest.mark.parametrize("title", ["南京城墙博物馆", "文化遗产保护与旅游创新论坛：南京", "——", ""])
def test_slug_of_a_title_without_latin_letters_or_digits_is_empty(title):
    assert slug_from(title) == ""


def test_slug_is_cut_to_max_length_without_a_trailing_hyphen():
    assert slug_from("Nanjing Leipzig Evening Talk", max_length=13) == "nanjing-leipz"
    assert slug_from("Nanjing Leipzig Evening Talk", max_length=8) == "nanjing"
    assert slug_from("words " * 40) == ("words-" * 17)[:100]  # the default: the models' slug length


def test_german_letters_are_written_as_german_writes_them_without_umlauts():
    assert transliterate_german("Äpfel, Öfen, Übermut, Straße, GROẞ") == "Aepfel, Oefen, Uebermut, Strasse, GROSS"
