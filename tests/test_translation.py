"""Translated model fields (modeltranslation): one column per language, and German and Chinese fall back to English."""

import pytest
from django.db import connection
from django.utils import translation
from modeltranslation.translator import translator

from events.models import City, Edition, Event, EventPhoto, Session, Speaker, Topic, Venue
from exhibitions.models import Comparison, Exhibit, Exhibition
from partners.models import Agreement, KeyFigure, Organization
from tests.factories import (
    make_event,
    make_exhibit,
    make_key_figure,
    make_organization,
    make_venue,
)

pytestmark = pytest.mark.django_db

LANGUAGE_SUFFIXES = ["en", "de", "zh_hans"]

# The fields /work/shared/DESIGN.md marks (T), plus the alt texts of every image visitors see.
# A contract: the registrations may translate more, never less.
TRANSLATED_FIELDS = {
    Edition: ["name", "theme", "description"],
    City: ["name"],
    Venue: ["name", "address", "accessibility"],
    Topic: ["name"],
    Event: ["title", "subtitle", "theme", "summary", "description", "image_alt", "outcome_report"],
    EventPhoto: ["caption", "credit", "image_alt"],
    Session: ["title", "description", "room"],
    Speaker: ["name", "role", "bio", "photo_alt"],
    Exhibition: ["title", "description", "cover_alt"],
    Exhibit: ["title", "description", "period", "credit", "image_alt"],
    Comparison: ["commentary"],
    Organization: ["name", "description", "logo_alt"],
    Agreement: ["title"],
    KeyFigure: ["label", "source"],
}

CONTRACT = [
    pytest.param(model, field, id=f"{model.__name__}.{field}")
    for model, fields in TRANSLATED_FIELDS.items()
    for field in fields
]

REGISTERED = [
    pytest.param(model, field, id=f"{model.__name__}.{field}")
    for model in sorted(translator.get_registered_models(), key=lambda model: model.__name__)
    for field in sorted(translator.get_options_for_model(model).get_field_names())
]


def _columns(model) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, model._meta.db_table)}


# --- Columns ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "field"), CONTRACT)
def test_translated_field_is_registered_with_modeltranslation(model, field):
    assert field in translator.get_options_for_model(model).get_field_names()


@pytest.mark.parametrize(("model", "field"), CONTRACT + REGISTERED)
def test_translated_field_has_a_column_per_language_in_the_database(model, field):
    expected = [f"{field}_{suffix}" for suffix in LANGUAGE_SUFFIXES]
    columns = _columns(model)

    assert [model._meta.get_field(name).column for name in expected] == expected
    assert [name for name in expected if name not in columns] == []


# --- Fallback to English ----------------------------------------------------------------------------

BUILDERS = [
    pytest.param(make_event, "title", id="event"),
    pytest.param(make_venue, "name", id="venue"),
    pytest.param(make_exhibit, "title", id="exhibit"),
    pytest.param(make_organization, "name", id="organization"),
    pytest.param(make_key_figure, "label", id="key-figure"),
]


def _shown(instance, field: str) -> dict[str, str]:
    """The field as each language shows it, read back from the database."""
    stored = type(instance).objects.get(pk=instance.pk)
    shown = {}
    for language in ("en", "de", "zh-hans"):
        with translation.override(language):
            shown[language] = getattr(stored, field)
    return shown


def test_fallback_event_with_only_english_title_shows_it_in_every_language():
    event = make_event(title_en="Dialogue on the Ming City Wall")

    assert _shown(event, "title") == {
        "en": "Dialogue on the Ming City Wall",
        "de": "Dialogue on the Ming City Wall",
        "zh-hans": "Dialogue on the Ming City Wall",
    }


def test_fallback_event_german_title_shown_in_german_and_chinese_falls_back_to_english():
    event = make_event(title_en="Dialogue on the Ming City Wall", title_de="Dialog über die Ming-Stadtmauer")

    assert _shown(event, "title") == {
        "en": "Dialogue on the Ming City Wall",
        "de": "Dialog über die Ming-Stadtmauer",
        "zh-hans": "Dialogue on the Ming City Wall",
    }


def test_fallback_event_titles_in_all_three_languages_each_shown_in_its_own():
    event = make_event(
        title_en="Dialogue on the Ming City Wall",
        title_de="Dialog über die Ming-Stadtmauer",
        title_zh_hans="明城墙对话",
    )

    assert _shown(event, "title") == {
        "en": "Dialogue on the Ming City Wall",
        "de": "Dialog über die Ming-Stadtmauer",
        "zh-hans": "明城墙对话",
    }


@pytest.mark.parametrize(("build", "field"), BUILDERS)
@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_fallback_missing_or_empty_translation_shows_english(build, field, missing):
    instance = build(**{f"{field}_en": "Nanjing", f"{field}_de": missing, f"{field}_zh_hans": missing})

    assert _shown(instance, field) == {"en": "Nanjing", "de": "Nanjing", "zh-hans": "Nanjing"}


@pytest.mark.parametrize(("build", "field"), BUILDERS)
def test_fallback_given_translation_is_preferred(build, field):
    instance = build(**{f"{field}_en": "Nanjing", f"{field}_de": "Nanking", f"{field}_zh_hans": "南京"})

    assert _shown(instance, field) == {"en": "Nanjing", "de": "Nanking", "zh-hans": "南京"}


def test_fallback_optional_field_empty_in_every_language_shows_nothing():
    event = make_event(subtitle_en="", subtitle_de="Nur auf Deutsch")

    assert _shown(event, "subtitle") == {"en": "", "de": "Nur auf Deutsch", "zh-hans": ""}
