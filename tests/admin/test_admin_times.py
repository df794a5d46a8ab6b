"""Venue-local times in the admin explain themselves: the zone beside each field, agenda times typed without a date."""

from datetime import datetime, timezone

import pytest
from django.urls import reverse

from events.models import Session
from tests import factories
from tests.factories import BERLIN, SHANGHAI

UTC = timezone.utc
CHANGELIST = reverse("admin:events_event_changelist")
EVENT_TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def leipzig_venue():
    return factories.make_venue(city=factories.make_city(name_en="Leipzig", timezone="Europe/Berlin"))


def nanjing_venue():
    return factories.make_venue(city=factories.make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"))


def zone_notes(page, names):
    """For each field name, the note inside the <p class="datetime"> that holds its inputs (None if absent)."""
    notes = {}
    for name in names:
        holder = page.find("input", name=f"{name}_0").parent
        assert holder.tag == "p" and "datetime" in holder.classes, name
        found = holder.find_all(class_="timezonewarning")
        notes[name] = found[0].text if found else None
    return notes


def test_event_form_names_the_venues_zone_beside_every_local_time(superuser_client, parse_html):
    # Django's pickers add "You are … behind server time" unless the inputs' parent holds a .timezonewarning.
    event = factories.make_event(venue=nanjing_venue())
    factories.make_session(event=event)
    factories.make_session(event=event)

    page = parse_html(superuser_client.get(reverse("admin:events_event_change", args=[event.pk])).content)

    assert zone_notes(page, EVENT_TIMES) == dict.fromkeys(
        EVENT_TIMES, "Local time of the venue: China Standard Time (Shanghai)."
    )
    # The saved rows, and the template of the "Add another" row.
    session_times = [
        "sessions-0-starts_at",
        "sessions-0-ends_at",
        "sessions-1-starts_at",
        "sessions-__prefix__-ends_at",
    ]
    assert zone_notes(page, session_times) == dict.fromkeys(
        session_times,
        "Local time of the event's venue: China Standard Time (Shanghai).",
    )


def test_add_form_without_a_venue_yet_still_says_whose_time_it_is(superuser_client, parse_html):
    page = parse_html(superuser_client.get(reverse("admin:events_event_add")).content)

    assert zone_notes(page, ["starts_at"]) == {"starts_at": "Local time of the venue, in the time zone of its city."}


def inline_session(client, form_data, event, **fields):
    """Post the event's page with one new agenda session (the inline's "Add another" row)."""
    url = reverse("admin:events_event_change", args=[event.pk])
    new_row = {f"sessions-0-{name}": value for name, value in {"order": "0", **fields}.items()}
    return client.post(url, form_data(client.get(url), **{"sessions-TOTAL_FORMS": "1"}, **new_row))


def test_session_typed_with_a_time_alone_is_on_the_events_day_in_nanjing(superuser_client, form_data):
    # 07:00 in Nanjing is the evening before in UTC: the day is the venue's, not UTC's.
    event = factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI))

    response = inline_session(
        superuser_client, form_data, event, title_en="Breakfast", starts_at_1="07:00", ends_at_1="08:15"
    )

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    session = event.sessions.get()
    assert (session.starts_at, session.ends_at) == (
        datetime(2025, 11, 6, 23, 0, tzinfo=UTC),
        datetime(2025, 11, 7, 0, 15, tzinfo=UTC),
    )


def test_session_time_alone_takes_the_local_day_across_the_clock_change_in_leipzig(superuser_client, form_data):
    # The event starts at 00:30 CET on 29 March 2026 (still 28 March in UTC); at 02:00 the clocks go forward.
    event = factories.make_event(venue=leipzig_venue(), starts_at=datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN))
    url = reverse("admin:events_session_add")
    fields = {"event": str(event.pk), "title_en": "Sunrise walk", "starts_at_1": "10:00", "order": "1"}

    response = superuser_client.post(url, form_data(superuser_client.get(url), **fields))

    assert response.status_code == 302, response.context["adminform"].form.errors
    # 10:00 summer time (UTC+2), not 10:00 at the event's start's offset (UTC+1) nor on the UTC date.
    assert Session.objects.get(title_en="Sunrise walk").starts_at == datetime(2026, 3, 29, 8, 0, tzinfo=UTC)


def test_session_end_without_a_date_is_on_the_day_it_starts(superuser_client, form_data):
    event = factories.make_event(
        venue=leipzig_venue(),
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        ends_at=datetime(2025, 11, 8, 17, 0, tzinfo=BERLIN),
    )

    response = inline_session(
        superuser_client,
        form_data,
        event,
        title_en="Second day",
        starts_at_0="2025-11-08",
        starts_at_1="14:00",
        ends_at_1="15:30",
    )

    assert response.status_code == 302
    assert event.sessions.get().ends_at == datetime(2025, 11, 8, 15, 30, tzinfo=BERLIN)


def test_session_time_alone_is_refused_while_the_event_has_no_date(superuser_client, form_data):
    event = factories.make_event(starts_at=None, announced_period_en="in spring")

    response = inline_session(superuser_client, form_data, event, title_en="Keynote", starts_at_1="10:00")

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert errors == {"starts_at": ["Type the date too: the event has no date yet."]}
    assert not event.sessions.exists()


@pytest.mark.parametrize(
    ("language", "leipzig", "nanjing"),
    [
        ("de", "7. Nov 2025, 09:30 (Mitteleuropäische Normalzeit)", "20. Nov 2025, 09:30 (Chinesische Normalzeit)"),
        ("zh-hans", "2025年11月7日 09:30（中欧标准时间）", "2025年11月20日 09:30（中国标准时间）"),
    ],
)
def test_change_list_names_each_events_zone_in_the_readers_language(
    superuser_client, parse_html, language, leipzig, nanjing
):
    factories.make_event(venue=leipzig_venue(), starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    factories.make_event(venue=nanjing_venue(), starts_at=datetime(2025, 11, 20, 9, 30, tzinfo=SHANGHAI))

    page = parse_html(superuser_client.get(CHANGELIST, headers={"accept-language": language}).content)

    assert [cell.text for cell in page.find_all("td", class_="field-local_start")] == [leipzig, nanjing]
