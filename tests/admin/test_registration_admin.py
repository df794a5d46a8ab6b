"""The organizers' side of registrations: the list, its actions (the rules of events/registrations.py; the exports
in test_exports.py), the e-mails owed, the registration columns of the event list, and what check-in staff may do.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Notification, Registration
from tests.factories import make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
Kind = Notification.Kind
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
CHANGELIST = reverse("admin:events_registration_changelist")
EVENTS = reverse("admin:events_event_changelist")
EMAILS = reverse("admin:events_notification_changelist")

_numbers = itertools.count(1)


def make_future_event(**overrides) -> Event:
    """Registration open for an event a month ahead (the waiting list only moves up before an event ends)."""
    values = {
        "registration_required": True,
        "capacity": 1,
        "starts_at": timezone.now() + timedelta(days=30),
    }
    values.update(overrides)
    return make_event(**values)


def make_registration(event: Event, status: str = Status.AWAITING_CONFIRMATION, **overrides) -> Registration:
    number = next(_numbers)
    values = {
        "event": event,
        "name": f"Person {number}",
        "email": f"person{number}@example.org",
        "status": status,
        "language": "en",
    }
    if status in (Status.CONFIRMED, Status.WAITLISTED):
        values["confirmed_at"] = timezone.now() - timedelta(hours=1) + timedelta(seconds=number)
    values.update(overrides)
    return Registration.objects.create(**values)


def check_in_staff(username: str) -> User:
    user = User.objects.create_user(username, f"{username}@nanjingweek.example", "correct horse battery staple")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Check-in staff"))
    return user


def run_action(client, action: str, *registrations: Registration, url: str = CHANGELIST):
    return client.post(url, {"action": action, "_selected_action": [str(r.pk) for r in registrations]})


def message_texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def statuses(*registrations: Registration) -> list[str]:
    return [Registration.objects.get(pk=registration.pk).status for registration in registrations]


# --- The list ----------------------------------------------------------------------------------------


def test_registration_list_opens_for_an_organizer_with_filters(organizer_client):
    make_registration(make_future_event(), name="张三", name_romanized="Zhang San")

    response = organizer_client.get(CHANGELIST)

    assert response.status_code == 200
    assert [r.name for r in response.context["cl"].result_list] == ["张三"]
    titles = {str(spec.title) for spec in response.context["cl"].filter_specs}
    assert {"status", "kind of organization", "preferred language"} <= titles
    assert organizer_client.get(reverse("admin:events_registration_add")).status_code == 200


def test_registration_search_finds_by_email(organizer_client):
    event = make_future_event()
    wanted = make_registration(event, email="zhang.san@nju.example.cn")
    make_registration(event, email="anna.mueller@example.de")

    response = organizer_client.get(CHANGELIST, {"q": "zhang.san@"})

    assert list(response.context["cl"].result_list) == [wanted]


def test_registration_change_page_shows_token_and_ticket_read_only(organizer_client):
    registration = make_registration(make_future_event(), Status.CONFIRMED)

    response = organizer_client.get(reverse("admin:events_registration_change", args=[registration.pk]))

    assert response.status_code == 200
    assert registration.ticket_code in response.content.decode()
    assert 'name="ticket_code"' not in response.content.decode()
    assert 'name="status"' not in response.content.decode()


def test_registration_edit_to_an_address_already_registered_is_refused_with_a_message(organizer_client, form_data):
    event = make_future_event(capacity=5)
    make_registration(event, Status.CONFIRMED, email="zhang.san@nju.example.cn")
    other = make_registration(event, Status.CONFIRMED, email="anna.mueller@example.de")
    url = reverse("admin:events_registration_change", args=[other.pk])

    response = organizer_client.post(url, form_data(organizer_client.get(url), email=" Zhang.San@nju.example.cn "))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "This e-mail address is already registered for this event."
    ]
    assert Registration.objects.get(pk=other.pk).email == "anna.mueller@example.de"


def test_registration_edit_saves_the_name_but_not_the_event(organizer_client, form_data):
    registration = make_registration(make_future_event(), Status.CONFIRMED, name="Zhang San")
    elsewhere = make_future_event()
    url = reverse("admin:events_registration_change", args=[registration.pk])

    response = organizer_client.post(url, form_data(organizer_client.get(url), name="张三", event=str(elsewhere.pk)))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.name, registration.event_id) == ("张三", registration.event_id)
    assert registration.event_id != elsewhere.pk


# --- Actions -----------------------------------------------------------------------------------------


def test_registration_confirm_action_takes_a_seat_and_owes_an_email(organizer_client):
    registration = make_registration(make_future_event())

    response = run_action(organizer_client, "confirm", registration)

    assert response.status_code == 302
    assert statuses(registration) == [Status.CONFIRMED]
    assert list(registration.notifications.values_list("kind", flat=True)) == [Kind.CONFIRMED]


def test_registration_waitlist_action_frees_the_seat_for_the_first_waiting(organizer_client):
    event = make_future_event(capacity=1)
    seated = make_registration(event, Status.CONFIRMED)
    waiting = make_registration(event, Status.WAITLISTED)

    run_action(organizer_client, "move_to_waiting_list", seated)

    assert statuses(seated, waiting) == [Status.WAITLISTED, Status.CONFIRMED]


def test_registration_cancel_action_promotes_the_waiting_list(organizer_client):
    event = make_future_event(capacity=1)
    seated = make_registration(event, Status.CONFIRMED)
    first, second = make_registration(event, Status.WAITLISTED), make_registration(event, Status.WAITLISTED)

    response = run_action(organizer_client, "cancel", seated)

    assert statuses(seated, first, second) == [Status.CANCELLED, Status.CONFIRMED, Status.WAITLISTED]
    assert message_texts(response) == ["Cancelled 1 registration."]
    assert list(first.notifications.values_list("kind", flat=True)) == [Kind.PROMOTED]


def test_registration_action_refusal_becomes_a_message_and_others_proceed(organizer_client):
    event = make_future_event(capacity=5)
    checked_in = make_registration(event, Status.CONFIRMED, name="Anna Müller", checked_in_at=timezone.now())
    other = make_registration(event, Status.CONFIRMED)

    response = run_action(organizer_client, "cancel", checked_in, other)

    assert statuses(checked_in, other) == [Status.CONFIRMED, Status.CANCELLED]
    assert message_texts(response) == [
        "Anna Müller: This attendee has already been checked in.",
        "Cancelled 1 registration.",
    ]


def test_registration_check_in_action_records_who_and_refuses_a_second_time(client):
    door = check_in_staff("jonas")
    client.force_login(door)
    registration = make_registration(make_future_event(), Status.CONFIRMED, name="Anna Müller")

    run_action(client, "check_in", registration)
    registration.refresh_from_db()
    response = run_action(client, "check_in", registration)

    assert registration.checked_in_at is not None
    assert registration.checked_in_by == door
    assert message_texts(response)[-1].startswith("Anna Müller: Already checked in on ")


def test_registration_check_in_refuses_a_waiting_registration(client):
    client.force_login(check_in_staff("jonas"))
    registration = make_registration(make_future_event(), Status.WAITLISTED, name="Anna Müller")

    response = run_action(client, "check_in", registration)

    assert Registration.objects.get(pk=registration.pk).checked_in_at is None
    assert message_texts(response) == ["Anna Müller: This registration is not confirmed, so it has no valid ticket."]


def test_registration_resend_action_owes_the_link_again_but_not_to_cancelled(organizer_client):
    event = make_future_event(capacity=5)
    live = make_registration(event, Status.CONFIRMED)
    cancelled = make_registration(event, Status.CANCELLED)

    run_action(organizer_client, "resend_link", live, cancelled)

    assert list(live.notifications.values_list("kind", flat=True)) == [Kind.LINK_RESENT]
    assert not cancelled.notifications.exists()


def test_registration_delete_gives_the_seat_to_the_waiting_list(organizer_client):
    event = make_future_event(capacity=1)
    seated = make_registration(event, Status.CONFIRMED)
    waiting = make_registration(event, Status.WAITLISTED)

    response = organizer_client.post(reverse("admin:events_registration_delete", args=[seated.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Registration.objects.filter(pk=seated.pk).exists()
    assert statuses(waiting) == [Status.CONFIRMED]


# --- Check-in staff ----------------------------------------------------------------------------------


def test_check_in_staff_view_registrations_but_cannot_change_them(client):
    door = check_in_staff("jonas")
    client.force_login(door)
    registration = make_registration(make_future_event(), Status.CONFIRMED, name="Anna Müller")
    change_url = reverse("admin:events_registration_change", args=[registration.pk])

    listing = client.get(CHANGELIST)
    page = client.get(change_url)
    edit = client.post(change_url, {"name": "Changed", "email": registration.email, "_save": "Save"})

    assert door.has_perm("events.check_in_registration")
    assert not door.has_perm("events.change_registration")
    assert listing.status_code == 200
    actions = {name for name, _label in listing.context["action_form"].fields["action"].choices if name}
    assert actions == {"check_in", "export_csv", "export_xlsx", "print_badges"}
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert edit.status_code == 403
    assert (
        client.post(reverse("admin:events_registration_delete", args=[registration.pk]), {"post": "yes"}).status_code
        == 403
    )
    run_action(client, "cancel", registration)  # not offered to them: refused as an unknown action
    registration.refresh_from_db()
    assert (registration.name, registration.status) == ("Anna Müller", Status.CONFIRMED)


def test_check_in_staff_do_not_see_the_emails(client):
    client.force_login(check_in_staff("jonas"))

    assert client.get(EMAILS).status_code == 403


# --- E-mails -----------------------------------------------------------------------------------------


def test_notification_list_filters_unsent_and_send_again_sends_them(organizer_client, settings, mailoutbox):
    settings.EMAIL_BACKEND = LOCMEM
    registration = make_registration(make_future_event(), Status.CONFIRMED, email="zhang.san@nju.example.cn")
    owed = Notification.objects.create(registration=registration, kind=Kind.CONFIRMED, last_error="SMTPError: busy")
    Notification.objects.create(registration=registration, kind=Kind.CONFIRM_REQUEST, sent_at=timezone.now())

    unsent = organizer_client.get(EMAILS, {"sent": "no"})
    response = run_action(organizer_client, "send_again", owed, url=EMAILS)

    assert list(unsent.context["cl"].result_list) == [owed]
    assert b"SMTPError: busy" in unsent.content
    owed.refresh_from_db()
    assert owed.sent_at is not None
    assert [message.to for message in mailoutbox] == [["zhang.san@nju.example.cn"]]
    assert message_texts(response) == ["Sent 1 e-mail."]


def test_notification_admin_is_read_only(organizer_client):
    owed = Notification.objects.create(registration=make_registration(make_future_event()), kind=Kind.CONFIRMED)

    page = organizer_client.get(reverse("admin:events_notification_change", args=[owed.pk]))

    assert page.status_code == 200
    assert b'name="attempts"' not in page.content
    assert organizer_client.get(reverse("admin:events_notification_add")).status_code == 403


# --- The event list ----------------------------------------------------------------------------------


def event_row(response, event: Event):
    return next(row for row in response.context["cl"].result_list if row.pk == event.pk)


def test_event_list_counts_registrations_by_status(organizer_client):
    event = make_future_event(capacity=3)
    for status in (Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED, Status.AWAITING_CONFIRMATION):
        make_registration(event, status)
    make_registration(event, Status.CANCELLED)
    unlimited = make_future_event(capacity=None)

    response = organizer_client.get(EVENTS)

    admin = response.context["cl"].model_admin
    row = event_row(response, event)
    assert (admin.seats_taken(row), admin.waiting_count(row), admin.awaiting_count(row)) == ("2 / 3", 1, 1)
    assert admin.seats_taken(event_row(response, unlimited)) == "0 / ∞"
    assert "2 / 3" in response.content.decode()


def test_event_list_counts_are_not_doubled_by_a_topic_filter(organizer_client):
    from tests.factories import make_topic

    first, second = make_topic(), make_topic()
    event = make_future_event(capacity=3)
    event.topics.set([first, second])
    make_registration(event, Status.CONFIRMED)

    response = organizer_client.get(EVENTS, {"topics__id__exact": first.pk})

    assert response.context["cl"].model_admin.seats_taken(event_row(response, event)) == "1 / 3"


def test_event_list_queries_do_not_grow_with_the_number_of_events(organizer_client, django_assert_num_queries):
    def with_registrations(event):
        make_registration(event, Status.CONFIRMED)
        make_registration(event, Status.WAITLISTED)

    with_registrations(make_future_event())
    organizer_client.get(EVENTS)  # warm caches (content types, sessions) before counting
    with CaptureQueriesContext(connection) as one_event:
        assert organizer_client.get(EVENTS).status_code == 200

    for _ in range(9):
        with_registrations(make_future_event())
    with django_assert_num_queries(len(one_event.captured_queries)):
        response = organizer_client.get(EVENTS)

    assert len(response.context["cl"].result_list) == 10


def test_event_capacity_raised_in_the_admin_moves_the_waiting_list_up(organizer_client, form_data):
    event = make_future_event(capacity=1)
    make_registration(event, Status.CONFIRMED)
    first, second = make_registration(event, Status.WAITLISTED), make_registration(event, Status.WAITLISTED)
    url = reverse("admin:events_event_change", args=[event.pk])

    response = organizer_client.post(url, form_data(organizer_client.get(url), capacity="2"))

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.capacity == 2
    assert statuses(first, second) == [Status.CONFIRMED, Status.WAITLISTED]
    assert list(first.notifications.values_list("kind", flat=True)) == [Kind.PROMOTED]
