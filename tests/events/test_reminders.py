"""The reminder before an event (`manage.py send_reminders`, events/messaging.py): who, when, what it says, and
each person once, also when two runs overlap (PostgreSQL, real threads, at the end)."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime, timedelta
from functools import partial

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from events.emails import render_email
from events.messaging import events_to_remind_of, send_reminders
from events.models import Delegation, Event, Notification, Registration, format_ticket_code
from events.outbox import send_owed_emails
from events.timezones import zone_label
from tests.events.test_registrations import make_open_event, make_registration
from tests.factories import BERLIN, SHANGHAI, make_city, make_venue

Status = Registration.Status
Kind = Notification.Kind
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)


def reminded() -> Counter:
    return Counter(Notification.objects.filter(kind=Kind.REMINDER).values_list("registration", flat=True))


def event_starting(delta: timedelta, now: datetime | None = None, **overrides) -> Event:
    return make_open_event(starts_at=(now or timezone.now()) + delta, **overrides)


# --- When and to whom --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("starts_in", "is_reminded"),
    [
        (-HOUR, False),  # begun an hour ago
        (-SECOND, False),
        (timedelta(0), False),  # begins this instant: too late
        (SECOND, True),
        (23 * HOUR, True),
        (24 * HOUR, True),  # the window's end is in it
        (24 * HOUR + SECOND, False),
        (72 * HOUR, False),
    ],
)
def test_only_events_that_begin_within_the_window_and_have_not_begun_are_reminded_of(starts_in, is_reminded):
    now = timezone.now()
    event = event_starting(starts_in, now)
    attendee = make_registration(event, status=Status.CONFIRMED)

    result = send_reminders(now=now)

    assert (result.count, reminded()) == ((1, {attendee.pk: 1}) if is_reminded else (0, Counter()))


@pytest.mark.django_db
def test_the_window_is_the_setting(settings):
    now = timezone.now()
    settings.REGISTRATION_REMINDER_HOURS = 48
    within = make_registration(event_starting(47 * HOUR, now), status=Status.CONFIRMED)
    make_registration(event_starting(49 * HOUR, now), status=Status.CONFIRMED)

    send_reminders(now=now)

    assert reminded() == {within.pk: 1}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Event.Status.CANCELLED, Event.Status.DRAFT, Event.Status.POSTPONED])
def test_no_reminder_for_an_event_that_is_not_published(status):
    now = timezone.now()
    make_registration(event_starting(5 * HOUR, now, status=status), status=Status.CONFIRMED)

    assert send_reminders(now=now).count == 0
    assert reminded() == Counter()


@pytest.mark.django_db
def test_only_confirmed_registrants_are_reminded_and_those_without_an_address_are_counted():
    now = timezone.now()
    event = event_starting(5 * HOUR, now)
    confirmed = make_registration(event, status=Status.CONFIRMED)
    for status in (Status.AWAITING_CONFIRMATION, Status.WAITLISTED, Status.CANCELLED):
        make_registration(event, status=status)
    make_registration(event, status=Status.CONFIRMED, email="")
    delegation = Delegation.objects.create(event=event, contact_name="Li Na", contact_email="li.na@example.cn")
    member = make_registration(event, status=Status.CONFIRMED, email="", delegation=delegation)

    result = send_reminders(now=now)

    assert (result.count, result.skipped) == (2, 1)
    assert reminded() == {confirmed.pk: 1, member.pk: 1}


@pytest.mark.django_db
def test_running_every_few_minutes_reminds_each_person_once_and_latecomers_while_the_event_has_not_begun():
    start = timezone.now() + 20 * HOUR
    event = make_open_event(starts_at=start)
    early = make_registration(event, status=Status.CONFIRMED)

    runs = [send_reminders(now=start - 20 * HOUR).count, send_reminders(now=start - 19 * HOUR).count]
    latecomer = make_registration(event, status=Status.CONFIRMED)
    runs.append(send_reminders(now=start - 2 * HOUR).count)
    runs.append(send_reminders(now=start - HOUR).count)
    # Registered once the event had begun: no reminder any more.
    too_late = make_registration(event, status=Status.CONFIRMED)
    runs.append(send_reminders(now=start + 10 * 60 * SECOND).count)

    assert runs == [1, 0, 1, 0, 0]
    assert reminded() == {early.pk: 1, latecomer.pk: 1}
    assert too_late.pk not in reminded()


@pytest.mark.django_db
def test_the_command_reports_what_it_owed(capsys):
    event = event_starting(3 * HOUR)
    make_registration(event, status=Status.CONFIRMED)
    make_registration(event, status=Status.CONFIRMED, email="")
    out = io.StringIO()

    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "Owed 1 reminder(s).",
        "1 confirmed registrant(s) have no e-mail address and get none.",
        "Owed 0 reminder(s).",
        "1 confirmed registrant(s) have no e-mail address and get none.",
    ]
    assert len(reminded()) == 1


@pytest.mark.django_db
def test_events_to_remind_of_is_one_query(django_assert_num_queries):
    now = timezone.now()
    for hours in (2, 5, 30):
        event_starting(hours * HOUR, now)

    with django_assert_num_queries(1):
        assert len(list(events_to_remind_of(now))) == 2


# --- What it says ------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("local_now", "subject"),
    [
        (datetime(2025, 11, 7, 6, 0, tzinfo=BERLIN), "Reminder: “Heritage forum” today, 09:30 CET"),
        (datetime(2025, 11, 6, 10, 0, tzinfo=BERLIN), "Reminder: “Heritage forum” tomorrow, 09:30 CET"),
        (datetime(2025, 11, 5, 10, 0, tzinfo=BERLIN), "Reminder: “Heritage forum” on 7 November 2025"),
    ],
)
def test_the_subject_says_today_tomorrow_or_the_date_in_the_venues_zone(monkeypatch, local_now, subject):
    event = make_open_event(starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN), title_en="Heritage forum")
    registration = make_registration(event, status=Status.CONFIRMED)
    monkeypatch.setattr(timezone, "now", lambda: local_now)

    rendered = render_email(Notification(registration=registration, kind=Kind.REMINDER))

    assert rendered.subject == subject


@pytest.mark.django_db
def test_tomorrow_is_counted_in_the_venues_zone_not_the_servers(monkeypatch):
    # 23:30 in Shanghai is still the afternoon in Berlin: an event in Nanjing at 09:30 is tomorrow there.
    venue = make_venue(city=make_city(timezone="Asia/Shanghai"))
    event = make_open_event(starts_at=datetime(2025, 11, 8, 9, 30, tzinfo=SHANGHAI), venue=venue, title_en="Forum")
    registration = make_registration(event, status=Status.CONFIRMED)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2025, 11, 7, 16, 30, tzinfo=BERLIN))

    rendered = render_email(Notification(registration=registration, kind=Kind.REMINDER))

    assert rendered.subject.startswith("Reminder: “Forum” tomorrow, 09:30 ")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_the_reminder_gives_date_time_with_zone_venue_address_and_ticket_code_in_the_registrants_language(
    language,
):
    event = make_open_event(
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN),
        title_en="Heritage forum",
        title_de="Erbe-Forum",
        title_zh_hans="遗产论坛",
    )
    registration = make_registration(event, status=Status.CONFIRMED, language=language)

    rendered = render_email(Notification(registration=registration, kind=Kind.REMINDER))

    html = rendered.alternatives[0][0]
    title = {"en": "Heritage forum", "de": "Erbe-Forum", "zh-hans": "遗产论坛"}[language]
    with translation.override(language):
        zone = zone_label(event.local_start)
    for part in (rendered.body, html):
        assert title in part
        assert "09:30" in part
        assert zone in part
        assert "Augustusplatz 10" in part
        assert format_ticket_code(registration.ticket_code) in part
    assert rendered.to == [registration.email]
    assert f'<html lang="{language}">' in html
    assert f"/{language}/registration/{registration.token}/" in rendered.body


@pytest.mark.django_db
def test_the_mail_worker_sends_the_reminders_once(settings):
    settings.EMAIL_SEND_IN_REQUEST = False
    now = timezone.now()
    event = event_starting(5 * HOUR, now)
    people = [make_registration(event, status=Status.CONFIRMED) for _ in range(3)]

    send_reminders(now=now)
    send_reminders(now=now + 5 * 60 * SECOND)
    assert send_owed_emails() == (3, 0)
    assert send_owed_emails() == (0, 0)

    assert Counter(sent.to[0] for sent in mail.outbox) == {person.email: 1 for person in people}
    assert all(sent.subject.startswith("Reminder: ") for sent in mail.outbox)


# --- Two runs at the same moment (PostgreSQL, real threads) -------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_remind_each_person_once_in_their_language():
    from tests.events.test_registration_concurrency import errors, race

    now = timezone.now()
    events = [
        event_starting(hours * HOUR, now, title_en=f"Forum {hours}", title_de=f"Forum {hours} (de)")
        for hours in (3, 6, 9)
    ]
    people = [
        make_registration(event, status=Status.CONFIRMED, language=language)
        for event in events
        for language in ("en", "de", "zh-hans") * 4
    ]
    make_registration(events[0], status=Status.WAITLISTED)
    mail.outbox = []

    results = race([partial(send_reminders) for _ in range(8)])

    assert errors(results) == []
    assert sum(result.count for result in results) == len(people)  # together, exactly one each
    assert reminded() == {person.pk: 1 for person in people}
    assert Counter(sent.to[0] for sent in mail.outbox) == {person.email: 1 for person in people}
    subjects = {sent.to[0]: sent.subject for sent in mail.outbox}
    for person in people:
        title = person.event.title_de if person.language == "de" else person.event.title_en
        assert f"“{title}”" in subjects[person.email] or f"„{title}“" in subjects[person.email]
