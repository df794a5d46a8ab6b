"""Translation completeness: the "Missing translations" column and filter agree, and the filter is one query."""

import pytest
from django.urls import reverse

from events.models import Event, Venue
from nanjingweek.admin import MissingTranslationFilter, missing_languages, missing_translation_q
from partners.models import KeyFigure
from tests import factories

COMPLETE_EVENT = {
    "title_en": "Cultural Heritage Protection and Tourism Innovation Forum",
    "title_de": "Forum für Kulturerbe-Schutz und Tourismus-Innovation",
    "title_zh_hans": "文化遗产保护与旅游创新论坛",
    "summary_en": "Nanjing and Leipzig on keeping old cities alive.",
    "summary_de": "Nanjing und Leipzig über lebendige Altstädte.",
    "summary_zh_hans": "南京与莱比锡谈古城保护。",
}


def complete_event(**overrides):
    return factories.make_event(**{**COMPLETE_EVENT, **overrides})


def filtered(client, model, value):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url, {MissingTranslationFilter.parameter_name: value})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_object_with_every_language_is_complete(db):
    event = complete_event()

    assert missing_languages(event) == []


def test_object_missing_chinese_only_in_its_summary_lacks_chinese(db):
    event = complete_event(summary_zh_hans="")

    assert missing_languages(event) == ["zh-hans"]


def test_empty_english_field_needs_no_translation(db):
    # The subtitle has no English text, so nobody can be asked to translate it.
    event = complete_event(subtitle_en="", subtitle_de=None, subtitle_zh_hans=None)

    assert missing_languages(event) == []


def test_null_and_empty_translations_both_count_as_missing(db):
    empty = complete_event(title_de="")
    null = complete_event(title_de=None)

    assert missing_languages(empty) == ["de"]
    assert missing_languages(null) == ["de"]
    assert set(Event.objects.filter(missing_translation_q(Event, "de"))) == {empty, null}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("complete", ["complete"]),
        ("de", ["no_german", "nothing"]),
        ("zh-hans", ["no_chinese_summary", "nothing"]),
    ],
)
def test_filter_selects_by_missing_language(superuser_client, value, expected):
    events = {
        "complete": complete_event(slug="complete"),
        "no_german": complete_event(slug="no-german", title_de=None, summary_de=None),
        "no_chinese_summary": complete_event(slug="no-chinese-summary", summary_zh_hans=""),
        "nothing": factories.make_event(slug="nothing", title_en="Only English"),
    }
    names = {event.pk: name for name, event in events.items()}

    assert sorted(names[event.pk] for event in filtered(superuser_client, Event, value)) == expected


def test_filter_without_a_choice_lists_everything(superuser_client):
    complete = complete_event()
    partial = factories.make_event()

    assert set(filtered(superuser_client, Event, "")) == {complete, partial}


def test_filter_looks_at_every_translated_field(superuser_client):
    # Venue: name is complete, only the accessibility notes lack Chinese.
    venue = factories.make_venue(
        name_de="Gewandhaus",
        name_zh_hans="布商大厦",
        address_en="",
        accessibility_en="Step-free entrance on the east side.",
        accessibility_de="Stufenloser Eingang an der Ostseite.",
    )

    assert filtered(superuser_client, Venue, "zh-hans") == [venue]
    assert filtered(superuser_client, Venue, "de") == []
    assert filtered(superuser_client, Venue, "complete") == []


def test_filter_is_offered_with_language_names(superuser_client, parse_html):
    response = superuser_client.get(reverse("admin:partners_keyfigure_changelist"))

    page = parse_html(response.content)
    choices = page.find("details", data_filter_title="missing translation").find_all("a")
    assert [(link.text, link.attrs["href"]) for link in choices] == [
        ("All", "?"),
        ("German", "?missing_translation=de"),
        ("Simplified Chinese", "?missing_translation=zh-hans"),
        ("Complete", "?missing_translation=complete"),
    ]


def test_column_names_the_missing_languages_or_shows_a_tick(superuser_client, parse_html):
    factories.make_key_figure(label_de="Deutsche Projekte", label_zh_hans="德国项目", unit_de="Projekte")
    factories.make_key_figure(
        label_de="Investition", label_zh_hans="投资", unit_en="", source_en="Nanjing Bureau of Commerce"
    )

    page = parse_html(superuser_client.get(reverse("admin:partners_keyfigure_changelist")).content)

    cells = [cell.text for cell in page.find_all("td", class_="field-missing_translations")]
    # Languages by their names, listed as the admin's language lists them.
    assert sorted(cells) == sorted(["Simplified Chinese", "German and Simplified Chinese"])
    assert KeyFigure.objects.count() == 2


def test_column_shows_a_tick_for_complete_objects(superuser_client, parse_html):
    complete_event()

    page = parse_html(superuser_client.get(reverse("admin:events_event_changelist")).content)

    assert [cell.text for cell in page.find_all("td", class_="field-missing_translations")] == ["✓"]
