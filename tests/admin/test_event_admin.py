"""The event admin: search in every language, local times in and out, actions, duplication, revisions, history."""

from datetime import date, datetime, timedelta, timezone

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from events.models import Event, Session
from partners.models import EventRole
from tests import factories
from tests.factories import BERLIN, SHANGHAI

UTC = timezone.utc
CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")


def change_url(event):
    return reverse("admin:events_event_change", args=[event.pk])


def leipzig_venue():
    return factories.make_venue(city=factories.make_city(name_en="Leipzig", timezone="Europe/Berlin"))


def nanjing_venue():
    return factories.make_venue(city=factories.make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"))


# --- List --------------------------------------------------------------------------------------------


def test_search_finds_an_event_by_its_chinese_title(superuser_client):
    forum = factories.make_event(
        title_en="Cultural Heritage Protection and Tourism Innovation Forum",
        title_zh_hans="文化遗产保护与旅游创新论坛",
    )
    factories.make_event(title_en="Nanjing–Stuttgart Economic Forum", title_zh_hans="南京—斯图加特经济论坛")

    response = superuser_client.get(CHANGELIST, {"q": "旅游创新"})

    assert list(response.context["cl"].result_list) == [forum]


def test_search_finds_an_event_by_its_german_title(superuser_client):
    forum = factories.make_event(title_de="Forum für Kulturerbe und Tourismus")
    factories.make_event(title_de="Wirtschaftsforum")

    response = superuser_client.get(CHANGELIST, {"q": "kulturerbe"})

    assert list(response.context["cl"].result_list) == [forum]


def test_list_shows_start_in_the_venues_zone(superuser_client, parse_html):
    factories.make_event(venue=leipzig_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 20, 9, 30, tzinfo=SHANGHAI))
    factories.make_event(starts_at=None, announced_period_en="in the coming months")

    page = parse_html(superuser_client.get(CHANGELIST, headers={"accept-language": "en"}).content)

    cells = [cell.text for cell in page.find_all("td", class_="field-local_start")]
    assert cells == [
        "7 Nov 2025, 09:30 (Central European Standard Time)",
        "20 Nov 2025, 09:30 (China Standard Time)",
        "in the coming months",
    ]


def test_list_filters_by_city_of_the_venue(superuser_client):
    leipzig = factories.make_event(venue=leipzig_venue())
    nanjing = factories.make_event(venue=nanjing_venue())

    response = superuser_client.get(CHANGELIST, {"venue__city__id__exact": nanjing.venue.city_id})

    assert list(response.context["cl"].result_list) == [nanjing]
    assert leipzig not in response.context["cl"].result_list


@pytest.mark.parametrize("count", [1, 20])
def test_event_list_queries_do_not_grow_with_events(superuser_client, django_assert_num_queries, count):
    for _number in range(count):
        # Each event with its own edition, venue and city: a missing join would cost a query per row.
        event = factories.make_event()
        event.topics.add(factories.make_topic())

    # 11 with the page's marks for translators (nanjingweek/admin_review.py), one query for all rows.
    with django_assert_num_queries(11):
        response = superuser_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count


# --- Local times -------------------------------------------------------------------------------------


def post_event(client, form_data, url, **changes):
    response = client.get(url)
    data = form_data(response, **changes)
    return client.post(url, data)


def new_event_fields(venue, **changes):
    edition = factories.make_edition()
    fields = {
        "edition": str(edition.pk),
        "venue": str(venue.pk),
        "kind": Event.Kind.FORUM,
        "status": Event.Status.DRAFT,
        "title_en": "Heritage forum",
        "slug": "heritage-forum",
        "starts_at_0": "2025-11-07",
        "starts_at_1": "09:30",
        "ends_at_0": "2025-11-07",
        "ends_at_1": "17:00",
    }
    fields.update(changes)
    return fields


@pytest.mark.parametrize(
    ("venue", "stored"),
    [
        (leipzig_venue, datetime(2025, 11, 7, 8, 30, tzinfo=UTC)),
        (nanjing_venue, datetime(2025, 11, 7, 1, 30, tzinfo=UTC)),
    ],
    ids=["Leipzig", "Nanjing"],
)
def test_times_typed_are_local_times_of_the_venue(superuser_client, form_data, venue, stored):
    response = post_event(superuser_client, form_data, ADD, **new_event_fields(venue()))

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="heritage-forum")
    assert event.starts_at == stored
    assert event.ends_at == stored + timedelta(hours=7, minutes=30)


def test_change_form_shows_times_in_the_venues_zone(superuser_client, parse_html):
    event = factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 7, 1, 30, tzinfo=UTC))

    page = parse_html(superuser_client.get(change_url(event)).content)

    assert page.find("input", name="starts_at_0").attrs["value"] == "2025-11-07"
    assert page.find("input", name="starts_at_1").attrs["value"] == "09:30:00"
    zone_note = page.find("div", class_="field-starts_at").find("span", class_="local-zone").text
    assert zone_note == "Local time of the venue: China Standard Time (Shanghai)."


def test_change_form_runs_the_date_pickers_on_the_venues_clock(superuser_client, parse_html):
    # The admin's "Now" button reads the page's UTC offset: it must be the venue's, not the server's.
    event = factories.make_event(venue=nanjing_venue())
    session = factories.make_session(event=event)

    for url in (change_url(event), reverse("admin:events_session_change", args=[session.pk])):
        page = parse_html(superuser_client.get(url).content)
        assert page.find("body").attrs["data-admin-utc-offset"] == "28800", url


def test_saving_unchanged_form_keeps_times_and_revision(superuser_client, form_data):
    event = factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 7, 1, 30, tzinfo=UTC))
    factories.make_session(event=event, starts_at=datetime(2025, 11, 7, 2, 0, tzinfo=UTC))

    response = post_event(superuser_client, form_data, change_url(event), title_en="Renamed forum")

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title_en, event.starts_at, event.sequence) == (
        "Renamed forum",
        datetime(2025, 11, 7, 1, 30, tzinfo=UTC),
        0,
    )
    assert event.sessions.get().starts_at == datetime(2025, 11, 7, 2, 0, tzinfo=UTC)


def test_session_times_are_local_times_of_the_events_venue(superuser_client, form_data):
    event = factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI))
    session = factories.make_session(event=event)

    response = post_event(
        superuser_client,
        form_data,
        change_url(event),
        **{"sessions-0-starts_at_1": "10:15", "sessions-0-ends_at_1": "11:00"},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.starts_at == datetime(2025, 11, 7, 2, 15, tzinfo=UTC)
    assert session.ends_at == datetime(2025, 11, 7, 3, 0, tzinfo=UTC)


def test_moving_an_event_keeps_the_local_times_on_the_page(superuser_client, form_data):
    event = factories.make_event(venue=leipzig_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    session = factories.make_session(event=event, starts_at=datetime(2025, 11, 7, 10, 0, tzinfo=BERLIN))
    nanjing = nanjing_venue()

    response = post_event(superuser_client, form_data, change_url(event), venue=str(nanjing.pk))

    assert response.status_code == 302
    event.refresh_from_db()
    session.refresh_from_db()
    assert event.local_start.replace(tzinfo=None) == datetime(2025, 11, 7, 9, 30)
    assert event.starts_at == datetime(2025, 11, 7, 1, 30, tzinfo=UTC)
    assert session.starts_at == datetime(2025, 11, 7, 2, 0, tzinfo=UTC)
    assert event.sequence == 1


def test_event_without_date_needs_an_announced_period(superuser_client, form_data):
    fields = new_event_fields(leipzig_venue(), starts_at_0="", starts_at_1="", ends_at_0="", ends_at_1="")

    response = post_event(superuser_client, form_data, ADD, **fields)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["announced_period_en"] == [
        "An event without a date needs an announced period, e.g. “in spring”."
    ]


def test_event_without_date_is_saved_with_its_announced_period(superuser_client, form_data):
    fields = new_event_fields(
        leipzig_venue(),
        starts_at_0="",
        starts_at_1="",
        ends_at_0="",
        ends_at_1="",
        announced_period_en="in the coming months",
    )

    response = post_event(superuser_client, form_data, ADD, **fields)

    assert response.status_code == 302
    assert Event.objects.get(slug="heritage-forum").starts_at is None


def test_time_skipped_by_the_clock_change_is_refused(superuser_client, form_data):
    fields = new_event_fields(
        leipzig_venue(), starts_at_0="2026-03-29", starts_at_1="02:30", ends_at_0="2026-03-29", ends_at_1="05:00"
    )

    response = post_event(superuser_client, form_data, ADD, **fields)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["starts_at"] == [
        "02:30 does not exist in Central European Time (Berlin): the clocks are put forward that night."
    ]
    assert not Event.objects.filter(slug="heritage-forum").exists()


def test_session_admin_uses_the_events_zone(superuser_client, form_data):
    event = factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI))
    url = reverse("admin:events_session_add")
    fields = {
        "event": str(event.pk),
        "title_en": "Opening address",
        "starts_at_0": "2025-11-07",
        "starts_at_1": "09:30",
        "ends_at_0": "2025-11-07",
        "ends_at_1": "09:45",
        "order": "1",
    }

    response = post_event(superuser_client, form_data, url, **fields)

    assert response.status_code == 302
    assert Session.objects.get(title_en="Opening address").starts_at == datetime(2025, 11, 7, 1, 30, tzinfo=UTC)


# --- Revisions and history ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "sequence"),
    [
        ({"subtitle_en": "A new subtitle"}, 0),
        ({"status": Event.Status.POSTPONED}, 1),
        ({"starts_at_1": "10:00"}, 1),
    ],
    ids=["text", "status", "start"],
)
def test_edits_of_date_place_or_status_raise_the_revision(superuser_client, form_data, changes, sequence):
    event = factories.make_event()

    response = post_event(superuser_client, form_data, change_url(event), **changes)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == sequence


def test_history_shows_who_changed_which_fields(organizer_client, organizer, form_data, parse_html):
    event = factories.make_event()
    factories.make_session(event=event, title_en="Keynote")

    post_event(
        organizer_client,
        form_data,
        change_url(event),
        title_zh_hans="文化遗产保护与旅游创新论坛",
        **{"sessions-0-room_en": "Hall 1"},
    )
    page = parse_html(organizer_client.get(reverse("admin:events_event_history", args=[event.pk])).content)

    # Django's admin log, below the field-by-field history (tests/admin/test_history.py): it names inline changes.
    history = page.find("div", id="admin-log")
    rows = [[cell.text for cell in row.find_all("td")] for row in history.find("tbody").find_all("tr")]
    changes = "Changed Title [Simplified Chinese]. Changed Room [English] for session “Keynote”."
    assert rows == [["mei (Mei Lin)", changes]]


# --- Actions -----------------------------------------------------------------------------------------


def run_action(client, action, events, **extra):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [str(event.pk) for event in events], **extra}, follow=True
    )


def test_publish_action_publishes_drafts_and_logs_it(superuser_client):
    draft = factories.make_event(status=Event.Status.DRAFT)
    published = factories.make_event(status=Event.Status.PUBLISHED)

    response = run_action(superuser_client, "publish", [draft, published])

    draft.refresh_from_db()
    published.refresh_from_db()
    assert (draft.status, draft.sequence) == (Event.Status.PUBLISHED, 1)
    assert (published.status, published.sequence) == (Event.Status.PUBLISHED, 0)
    assert [str(message) for message in response.context["messages"]] == [
        "Published 1 event.",
        "1 event was already published.",
    ]
    assert [entry.get_change_message() for entry in LogEntry.objects.filter(object_id=str(draft.pk))] == [
        "Changed Status."
    ]


def test_unpublish_action_sets_events_back_to_draft(superuser_client):
    published = factories.make_event(status=Event.Status.PUBLISHED)
    cancelled = factories.make_event(status=Event.Status.CANCELLED)

    run_action(superuser_client, "unpublish", [published, cancelled])

    assert set(Event.objects.values_list("status", flat=True)) == {Event.Status.DRAFT}


def test_cancel_action_cancels_without_deleting(superuser_client):
    published = factories.make_event(status=Event.Status.PUBLISHED)
    draft = factories.make_event(status=Event.Status.DRAFT)

    response = run_action(superuser_client, "cancel", [published, draft])

    assert dict(Event.objects.values_list("pk", "status")) == {
        published.pk: Event.Status.CANCELLED,
        draft.pk: Event.Status.DRAFT,
    }
    assert len(response.context["messages"]) == 2


def test_organizer_can_run_the_actions(organizer_client):
    draft = factories.make_event(status=Event.Status.DRAFT)

    run_action(organizer_client, "publish", [draft])

    draft.refresh_from_db()
    assert draft.status == Event.Status.PUBLISHED


def test_duplicate_action_leads_to_the_duplicate_page(superuser_client):
    event = factories.make_event()

    response = superuser_client.post(CHANGELIST, {"action": "duplicate", "_selected_action": [str(event.pk)]})

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_duplicate", args=[event.pk])


def test_duplicate_action_wants_exactly_one_event(superuser_client):
    events = [factories.make_event(), factories.make_event()]

    response = run_action(superuser_client, "duplicate", events)

    assert [str(message) for message in response.context["messages"]] == ["Select exactly one event to duplicate."]
    assert Event.objects.count() == 2


def test_duplicate_page_copies_the_event_to_a_new_date_and_edition(superuser_client, form_data, parse_html):
    event = factories.make_event(
        slug="heritage-forum", venue=leipzig_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
    )
    factories.make_session(
        event=event,
        title_en="Keynote",
        starts_at=datetime(2025, 11, 7, 10, 0, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 7, 11, 0, tzinfo=BERLIN),
    )
    factories.make_event_role(event=event)
    next_year = factories.make_edition(slug="edition-2026", start_date=date(2026, 11, 1), end_date=date(2026, 11, 30))
    url = reverse("admin:events_event_duplicate", args=[event.pk])

    page = superuser_client.get(url)
    assert parse_html(page.content).find("input", name="starts_at_1").attrs["value"] == "09:30:00"
    response = superuser_client.post(
        url, form_data(page, starts_at_0="2026-11-06", starts_at_1="14:00", edition=str(next_year.pk))
    )

    copy = Event.objects.exclude(pk=event.pk).get()
    assert response.status_code == 302
    assert response["Location"] == change_url(copy)
    assert (copy.slug, copy.status, copy.edition, copy.sequence) == ("heritage-forum-2026-11-06", "draft", next_year, 0)
    assert copy.local_start.replace(tzinfo=None) == datetime(2026, 11, 6, 14, 0)
    session = copy.sessions.get()
    assert session.starts_at.astimezone(BERLIN).replace(tzinfo=None) == datetime(2026, 11, 6, 14, 30)
    assert EventRole.objects.filter(event=copy).count() == 1
    assert LogEntry.objects.get(object_id=str(copy.pk)).get_change_message() == "Added."


def test_duplicate_page_needs_add_permission(client, organizer, organizers_group):
    organizers_group.permissions.remove(*organizers_group.permissions.filter(codename="add_event"))
    client.force_login(organizer)
    event = factories.make_event()

    response = client.get(reverse("admin:events_event_duplicate", args=[event.pk]))

    assert response.status_code == 403


def test_sessions_link_to_the_site_only_when_their_event_is_public(superuser_client, parse_html):
    published = factories.make_session(event=factories.make_event(slug="forum", status=Event.Status.PUBLISHED))
    draft = factories.make_session(event=factories.make_event(status=Event.Status.DRAFT))

    links = {}
    for session in (published, draft):
        page = parse_html(superuser_client.get(change_url(session.event)).content)
        inline = page.find("div", id="sessions-group")
        links[session] = [a.attrs["href"] for a in inline.find_all("a") if a.text == "View on site"]

    assert links == {published: [f"/en/events/forum/#session-{published.pk}"], draft: []}
