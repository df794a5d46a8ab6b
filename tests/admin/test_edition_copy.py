"""Copying an edition: next year's programme as drafts, dates moved, local wall-clock times kept, nobody registered."""

from datetime import date, datetime, timezone

from django.urls import reverse

from events.models import Edition, Event, Registration
from partners.models import EventRole
from tests import factories
from tests.factories import BERLIN, SHANGHAI

UTC = timezone.utc


def copy_url(edition):
    return reverse("admin:events_edition_copy", args=[edition.pk])


def programme():
    """An edition with a Leipzig event on the last day of summer time 2025 and a Nanjing one."""
    edition = factories.make_edition(
        slug="nanjing-week-2025",
        name_de="Nanjing-Woche 2025",
        theme_en="phased linkage",
        start_date=date(2025, 10, 20),
        end_date=date(2025, 11, 10),
    )
    leipzig = factories.make_event(
        edition=edition,
        slug="heritage-forum",
        venue=factories.make_venue(city=factories.make_city(timezone="Europe/Berlin")),
        starts_at=datetime(2025, 10, 25, 10, 0, tzinfo=BERLIN),
        ends_at=datetime(2025, 10, 25, 17, 0, tzinfo=BERLIN),
        capacity=50,
        registration_required=True,
        registration_opens_at=datetime(2025, 10, 1, 9, 0, tzinfo=BERLIN),
        registration_closes_at=datetime(2025, 10, 24, 18, 0, tzinfo=BERLIN),
    )
    speaker = factories.make_speaker()
    session = factories.make_session(
        event=leipzig,
        starts_at=datetime(2025, 10, 25, 11, 0, tzinfo=BERLIN),
        ends_at=datetime(2025, 10, 25, 12, 0, tzinfo=BERLIN),
    )
    session.speakers.add(speaker)
    leipzig.topics.add(factories.make_topic())
    factories.make_event_role(event=leipzig, role=EventRole.Role.SPONSOR)
    factories.make_attendee(event=leipzig)
    nanjing = factories.make_event(
        edition=edition,
        venue=factories.make_venue(city=factories.make_city(country="CN", timezone="Asia/Shanghai")),
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI),
    )
    return edition, leipzig, nanjing, speaker


def fields(edition, **changes):
    values = {
        "name_en": "China Nanjing Week 2026",
        "name_de": "Nanjing-Woche 2026",
        "name_zh_hans": "",
        "slug": "nanjing-week-2026",
        "start_date": "2026-10-20",
        "keep": "date",
        "events": [str(pk) for pk in edition.events.values_list("pk", flat=True)],
    }
    values.update(changes)
    return values


def test_action_leads_to_the_copy_page(superuser_client):
    edition = factories.make_edition()

    response = superuser_client.post(
        reverse("admin:events_edition_changelist"),
        {"action": "copy_to_new_edition", "_selected_action": [str(edition.pk)]},
    )

    assert response["Location"] == copy_url(edition)


def test_preview_lists_what_will_be_created_and_writes_nothing(superuser_client, parse_html):
    edition, _leipzig, _nanjing, _speaker = programme()
    counts = (Edition.objects.count(), Event.objects.count(), EventRole.objects.count())

    response = superuser_client.post(copy_url(edition), fields(edition), headers={"accept-language": "en"})

    assert response.status_code == 200
    rows = [
        [cell.text for cell in row.find_all("td")] for row in parse_html(response.content).find("tbody").find_all("tr")
    ]
    assert rows == [
        [
            "25 Oct 2025, 10:00 (Central European Summer Time)",
            "25 Oct 2026, 10:00 (Central European Standard Time)",
            "1",
            "1",
        ],
        ["7 Nov 2025, 09:30 (China Standard Time)", "7 Nov 2026, 09:30 (China Standard Time)", "0", "0"],
    ]
    assert (Edition.objects.count(), Event.objects.count(), EventRole.objects.count()) == counts


def test_confirmed_copy_makes_draft_events_at_the_same_local_time_across_the_clock_change(superuser_client):
    edition, leipzig, nanjing, speaker = programme()

    response = superuser_client.post(copy_url(edition), {**fields(edition), "confirm": "1"})

    assert response.status_code == 302
    copy = Edition.objects.get(slug="nanjing-week-2026")
    assert (copy.name_de, copy.theme_en, copy.start_date, copy.end_date, copy.is_current) == (
        "Nanjing-Woche 2026",
        "phased linkage",
        date(2026, 10, 20),
        date(2026, 11, 10),
        False,
    )
    forum, evening = copy.events.order_by("starts_at")
    # 10:00 in Leipzig: summer time (UTC+2) in 2025, winter time (UTC+1) on 25 October 2026.
    assert (forum.starts_at, forum.ends_at) == (
        datetime(2026, 10, 25, 9, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 16, 0, tzinfo=UTC),
    )
    assert (forum.registration_opens_at, forum.registration_closes_at) == (
        datetime(2026, 10, 1, 9, 0, tzinfo=BERLIN),
        datetime(2026, 10, 24, 18, 0, tzinfo=BERLIN),
    )
    assert (forum.status, forum.capacity, forum.venue_id, forum.slug) == (
        Event.Status.DRAFT,
        50,
        leipzig.venue_id,
        "heritage-forum-2026-10-25",
    )
    assert not Registration.objects.filter(event__edition=copy).exists()
    session = forum.sessions.get()
    assert session.local_start.replace(tzinfo=None) == datetime(2026, 10, 25, 11, 0)
    assert list(session.speakers.all()) == [speaker]
    assert list(forum.topics.all()) == list(leipzig.topics.all())
    assert list(forum.roles.values_list("organization_id", "role")) == list(
        leipzig.roles.values_list("organization_id", "role")
    )
    assert evening.local_start.replace(tzinfo=None) == datetime(2026, 11, 7, 9, 30)
    assert evening.status == Event.Status.DRAFT and nanjing.status == Event.Status.PUBLISHED


def test_only_the_ticked_events_are_copied(superuser_client):
    edition, leipzig, _nanjing, _speaker = programme()

    superuser_client.post(copy_url(edition), {**fields(edition, events=[str(leipzig.pk)]), "confirm": "1"})

    assert list(Event.objects.filter(edition__slug="nanjing-week-2026").values_list("title_en", flat=True)) == [
        leipzig.title_en
    ]


def test_a_slug_in_use_is_refused_and_nothing_is_written(superuser_client):
    edition, *_rest = programme()
    events = Event.objects.count()

    response = superuser_client.post(copy_url(edition), {**fields(edition, slug="nanjing-week-2025"), "confirm": "1"})

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "An edition with this slug exists already. Please choose another."
    ]
    assert (Edition.objects.count(), Event.objects.count()) == (1, events)


def test_an_event_moved_outside_the_new_editions_days_is_refused_and_nothing_is_written(superuser_client):
    # Same weekday from a Thursday: whole weeks move the first day's events to the Monday before it.
    edition = factories.make_edition(start_date=date(2025, 10, 20), end_date=date(2025, 10, 26))
    factories.make_event(edition=edition, title_en="Opening", starts_at=datetime(2025, 10, 20, 10, 0, tzinfo=BERLIN))

    response = superuser_client.post(
        copy_url(edition), {**fields(edition, start_date="2026-10-22", keep="weekday"), "confirm": "1"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "“Opening” would take place on 19 October 2026, outside the new edition's days (22–28 October 2026). "
        "Choose another first day or the other way of moving the dates, or leave the event out."
    ]
    assert (Edition.objects.count(), Event.objects.count()) == (1, 1)


def test_a_first_day_at_the_end_of_the_calendar_is_refused(superuser_client):
    edition, *_rest = programme()

    response = superuser_client.post(copy_url(edition), fields(edition, start_date="9999-12-30"))

    assert response.context["form"].non_field_errors() == [
        "The dates cannot be moved that far. Please choose another first day."
    ]
