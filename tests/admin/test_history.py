"""The programme's history (nanjingweek/history.py): who changed what and when, from the admin, services and
actions alike, shown readably on the admin's History page; and restoring the texts of an earlier version."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from modeltranslation.translator import translator

from events import services
from events.models import Event
from nanjingweek import history
from tests import factories
from tests.factories import BERLIN

CHANGELIST = reverse("admin:events_event_changelist")


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def history_url(event):
    return reverse("admin:events_event_history", args=[event.pk])


def restore_url(event, record):
    return reverse("admin:events_event_restore_texts", args=[event.pk, record.history_id])


def history_rows(client, event, parse_html, language="en") -> list[list[str]]:
    """The rows of the History page: date, who (and why), action, changes, one " | " between changes."""
    page = parse_html(client.get(history_url(event), HTTP_ACCEPT_LANGUAGE=language).content)
    rows = page.find("table", id="change-history").find("tbody").find_all("tr")
    return [
        [
            " ".join(row.find("th").text.split()),
            *(" ".join(cell.text.split()) for cell in row.find_all("td")[:2]),
            " | ".join(" ".join(item.text.split()) for item in row.find_all("li")),
        ]
        for row in rows
    ]


def leipzig_forum(**overrides) -> Event:
    venue = factories.make_venue(name_en="Leipzig Opera", city=factories.make_city(name_en="Leipzig"))
    values = {
        "venue": venue,
        "starts_at": datetime(2025, 11, 12, 9, 0, tzinfo=BERLIN),
        "ends_at": datetime(2025, 11, 12, 12, 0, tzinfo=BERLIN),
    }
    return factories.make_event(**{**values, **overrides})


def post_change(client, form_data, event, **changes):
    response = client.post(change_url(event), form_data(client.get(change_url(event)), **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_the_history_model_keeps_every_language_and_no_unique_copies(db):
    event = factories.make_event(title_en="Heritage forum", title_de="Forum Kulturerbe")
    historical = Event.history.model._meta

    assert (event.history.first().title_en, event.history.first().title_de) == ("Heritage forum", "Forum Kulturerbe")
    # The plain column is modeltranslation's (whatever language was active); the history keeps the real ones.
    assert "title" not in {field.name for field in historical.fields}
    assert historical.get_field("slug").unique is False
    assert historical.get_field("id").primary_key is False
    # The history is not itself translated: title_de reads the German column, no fallback to English.
    assert Event.history.model not in translator.get_registered_models()
    assert factories.make_event(title_en="Only English").history.first().title_de is None


def test_a_change_in_the_admin_form_shows_who_and_what_in_local_time(
    organizer_client, organizer, form_data, parse_html
):
    event = leipzig_forum()
    post_change(organizer_client, form_data, event, starts_at_1="10:00", title_zh_hans="遗产论坛")

    newest = history_rows(organizer_client, event, parse_html)[0]
    assert newest[1:] == [
        "Mei Lin",
        "Changed",
        "Title (Simplified Chinese): — → 遗产论坛 | Starts: 12 Nov 2025, 09:00 CET → 10:00 CET",
    ]
    german = history_rows(organizer_client, event, parse_html, language="de")[0]
    assert german[3] == "Titel (Vereinfachtes Chinesisch): — → 遗产论坛 | Beginn: 12. Nov 2025, 09:00 MEZ → 10:00 MEZ"
    # Django's own admin log is still written and shown.
    page = parse_html(organizer_client.get(history_url(event)).content)
    assert "Changed Title [Simplified Chinese] and Starts." in page.find("div", id="admin-log").text


def test_a_service_records_its_reason_and_an_action_its_organizer(organizer_client, parse_html):
    event = leipzig_forum(status=Event.Status.DRAFT)

    services.publish_events([event])  # a command or script: no request, no user
    organizer_client.post(CHANGELIST, {"action": "cancel", "_selected_action": [str(event.pk)]})

    rows = history_rows(organizer_client, event, parse_html)
    assert [row[1:] for row in rows[:2]] == [
        ["Mei Lin cancelled", "Changed", "Status: Published → Cancelled"],
        ["— published", "Changed", "Status: Draft → Published"],
    ]
    chinese = history_rows(organizer_client, event, parse_html, language="zh-hans")
    assert chinese[1][3] == "状态：草稿 → 已发布"


def test_a_copy_records_what_it_was_copied_from(organizer_client, parse_html):
    event = leipzig_forum(title_en="Leipzig forum")

    copy = services.duplicate_event(event, starts_at=None, edition=None)

    assert [row[1:3] for row in history_rows(organizer_client, copy, parse_html)] == [
        ["— copy of Leipzig forum", "Created"]
    ]


def test_restore_brings_back_the_texts_and_leaves_the_time(organizer_client, form_data, parse_html):
    event = leipzig_forum(title_en="Heritage forum", title_zh_hans="遗产论坛", summary_en="Old summary.")
    first = event.history.get()
    post_change(
        organizer_client,
        form_data,
        event,
        title_en="Tourism forum",
        title_zh_hans="旅游论坛",
        summary_en="New summary.",
        starts_at_1="10:00",
    )

    response = organizer_client.post(restore_url(event, first), follow=True)

    event.refresh_from_db()
    assert (event.title_en, event.title_zh_hans, event.summary_en) == ("Heritage forum", "遗产论坛", "Old summary.")
    assert event.starts_at == datetime(2025, 11, 12, 10, 0, tzinfo=BERLIN)
    newest = history_rows(organizer_client, event, parse_html)[0]
    local = first.history_date.astimezone(BERLIN)
    when = local.strftime("%-d %b %Y, %H:%M ") + ("CEST" if local.dst() else "CET")
    assert newest[1] == f"Mei Lin restored texts of {when}"
    assert "Title (English): Tourism forum → Heritage forum" in newest[3]
    assert "Starts" not in newest[3]
    assert [str(message) for message in response.context["messages"]][-1] == f"Restored the texts of {when}."


def test_restore_needs_the_change_permission_and_a_post(organizer_client, db):
    event = leipzig_forum(title_en="Heritage forum")
    first = event.history.get()
    event.title_en = "Tourism forum"
    event.save()
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_event"))
    client = Client()
    client.force_login(viewer)

    assert client.post(restore_url(event, first)).status_code == 403
    assert organizer_client.get(restore_url(event, first)).status_code == 405
    # A version of another event is not this event's to restore.
    assert organizer_client.post(restore_url(leipzig_forum(), first)).status_code == 404
    event.refresh_from_db()
    assert event.title_en == "Tourism forum"
    assert "Restore these texts" not in client.get(history_url(event)).content.decode()
    assert "Restore these texts" in organizer_client.get(history_url(event)).content.decode()


def test_an_outer_reason_wins_and_names_the_user_without_a_request(organizer):
    event = leipzig_forum(status=Event.Status.DRAFT)

    with history.reason(history.IMPORTED.text(file="programme.xlsx"), user=organizer):
        services.publish_events([event])

    record = event.history.first()
    assert (record.history_user, record.history_change_reason) == (organizer, "import of programme.xlsx")


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("Short.", "Brief.", ("Short.", "Brief.")),
        (
            "The forum opens with a word of welcome. " * 4 + "Then the mayor speaks.",
            "The forum opens with a word of welcome. " * 4 + "Then the minister speaks.",
            (
                "… word of welcome. Then the <del>mayor</del> speaks.",
                "… word of welcome. Then the <ins>minister</ins> speaks.",
            ),
        ),
    ],
    ids=["short text in full", "long text as the words that changed"],
)
def test_long_texts_show_what_changed(old, new, shown):
    from nanjingweek.history_display import LONG_TEXT, text_diff

    if max(len(old), len(new)) > LONG_TEXT:
        assert text_diff(old, new) == shown
    else:
        assert (old, new) == shown
