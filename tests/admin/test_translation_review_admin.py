"""Stale translations in the admin: the filter and column of the lists, the diff and "still correct" in the form."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event, Speaker
from nanjingweek import translation_review
from nanjingweek.admin_review import REVIEWED, NeedsReviewFilter
from tests import factories

CHANGELIST = reverse("admin:events_event_changelist")
DESCRIBED = {
    "description_en": "A forum on the Ming City Wall.",
    "description_de": "Ein Forum über die Stadtmauer der Ming-Zeit.",
    "description_zh_hans": "关于明城墙的论坛。",
}


def change_url(obj):
    return reverse("admin:events_event_change", args=[obj.pk])


def reviewed_url(obj):
    return reverse("admin:events_event_translation_reviewed", args=[obj.pk])


def stale_event(**overrides) -> Event:
    """An event whose English description changed after both translations were made (saved outside a request)."""
    event = Event.objects.get(pk=factories.make_event(**{**DESCRIBED, **overrides}).pk)
    event.description_en = "A forum on the <Ming> City Wall and Leipzig."
    event.save()
    return event


def marked(event) -> set[tuple[str, str]]:
    return {(review.field_name, review.language) for review in translation_review.reviews_for(event)}


def test_admin_save_of_english_and_german_marks_chinese_with_the_editor(superuser_client, superuser, form_data):
    event = factories.make_event(**DESCRIBED)
    page = superuser_client.get(change_url(event))

    response = superuser_client.post(
        change_url(event),
        form_data(page, description_en="A forum on city walls.", description_de="Ein Forum über Stadtmauern."),
    )

    assert response.status_code == 302
    [review] = translation_review.reviews_for(event)
    assert (review.field_name, review.language, review.changed_by) == ("description", "zh-hans", superuser)
    assert (review.previous_text, review.current_text) == ("A forum on the Ming City Wall.", "A forum on city walls.")


@pytest.mark.parametrize("count", [1, 4])
def test_filter_selects_the_marked_objects_in_one_query(db, count):
    stale = {stale_event().pk for _number in range(count)}
    german_only = stale_event(description_zh_hans="")
    untouched = factories.make_event(**DESCRIBED)
    request = RequestFactory().get(CHANGELIST)

    def selected(value):
        choice = NeedsReviewFilter(request, {NeedsReviewFilter.parameter_name: [value]}, Event, None)
        with CaptureQueriesContext(connection) as queries:
            pks = {event.pk for event in choice.queryset(request, Event.objects.all())}
        assert len(queries) == 1
        return pks

    assert selected("de") == {*stale, german_only.pk}
    assert selected("zh-hans") == stale
    assert selected("none") == {untouched.pk}


def test_list_offers_the_filter_and_names_fields_per_language(superuser_client, parse_html):
    stale_event(description_zh_hans="")

    page = parse_html(superuser_client.get(CHANGELIST).content)

    choices = page.find("details", data_filter_title="needs review").find_all("a")
    assert [link.text for link in choices] == [
        "All",
        "German needs review",
        "Simplified Chinese needs review",
        "Nothing to review",
    ]
    headers = [header.text.strip() for header in page.find("table", id="result_list").find_all("th", scope="col")]
    assert headers[headers.index("Missing translations") + 1] == "Needs review"
    assert [cell.text for cell in page.find_all("td", class_="field-needs_review")] == ["German (description)"]


def test_change_form_shows_previous_and_current_english_at_the_field(superuser_client, parse_html):
    event = stale_event()

    page = parse_html(superuser_client.get(change_url(event)).content)

    for column in ("description_de", "description_zh_hans"):
        help_text = page.find("div", id=f"id_{column}_helptext")
        note = help_text.find("div", class_="translation-review")
        previous, current = note.find_all("div", lang="en")
        assert previous.text == "A forum on the Ming City Wall."
        assert current.text == "A forum on the <Ming> City Wall and Leipzig."
        assert [tag.text for tag in current.find_all("ins")] == ["<", ">", "and Leipzig"]
        button = note.find("button")
        assert button.attrs["formaction"] == reviewed_url(event)
    # Once per marked field and language: at the German and the Chinese tab, not at the English one.
    assert len(page.find_all("div", class_="translation-review")) == 2


def test_change_form_of_a_speaker_shows_the_change_too(superuser_client, parse_html):
    # The speakers' admin makes its form class afresh (the pinyin name): the note is put on the form itself.
    speaker = factories.make_speaker(bio_en="Historian.", bio_de="Historikerin.")
    speaker = Speaker.objects.get(pk=speaker.pk)
    speaker.bio_en = "Historian of city walls."
    speaker.save()

    page = parse_html(superuser_client.get(reverse("admin:events_speaker_change", args=[speaker.pk])).content)

    note = page.find("div", id="id_bio_de_helptext").find("div", class_="translation-review")
    assert [tag.text for tag in note.find_all("ins")] == ["of city walls"]


def test_change_form_escapes_the_english_texts(superuser_client):
    event = stale_event()

    html = superuser_client.get(change_url(event)).content.decode()

    assert "<ins>&lt;</ins>Ming<ins>&gt; </ins>" in html
    assert "<Ming>" not in html


def test_still_correct_clears_one_mark_and_saves_nothing(superuser_client, superuser):
    event = stale_event()
    updated_at = Event.objects.get(pk=event.pk).updated_at

    response = superuser_client.post(reviewed_url(event), {REVIEWED: "description:de"})

    assert response.status_code == 302
    assert response.url == change_url(event)
    assert marked(event) == {("description", "zh-hans")}
    assert Event.objects.get(pk=event.pk).updated_at == updated_at
    entry = LogEntry.objects.get(object_id=str(event.pk))
    assert (entry.user, entry.change_message) == (superuser, "Marked as still correct: description (German)")


def test_still_correct_refuses_get_and_unknown_fields(superuser_client):
    event = stale_event()

    assert superuser_client.get(reviewed_url(event)).status_code == 405
    assert superuser_client.post(reviewed_url(event), {REVIEWED: "slug:de"}).status_code == 302
    assert marked(event) == {("description", "de"), ("description", "zh-hans")}


def test_still_correct_needs_change_permission(client, db):
    event = stale_event()
    visitor = User.objects.create_user("visitor", password="correct horse battery staple")
    viewer = User.objects.create_user("viewer", password="correct horse battery staple", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))

    client.force_login(visitor)
    response = client.post(reviewed_url(event), {REVIEWED: "description:de"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))

    client.force_login(viewer)
    assert client.post(reviewed_url(event), {REVIEWED: "description:de"}).status_code == 403

    assert marked(event) == {("description", "de"), ("description", "zh-hans")}
