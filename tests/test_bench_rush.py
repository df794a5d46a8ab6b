"""The registration rush of `./dev bench` (nanjingweek/bench/rush.py): its pieces, and a small rush for real.

A few people confirm at once through the live test server, each client a real thread with its own connection, and
the counts come out exact. On PostgreSQL the server's threads have their own database connections and race for
the event's lock; on SQLite the test database lives in memory and every server thread shares its one connection,
which cannot serve two requests at once (Django's live server documentation says so), so there the server answers
one request at a time while the clients still send theirs together. Nothing here is timed.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from events.models import Event, Notification, Registration
from nanjingweek.bench import rush
from tests.events.test_registrations import make_open_event

Status = Registration.Status


# --- Reading the attendee page ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_confirmation_form_and_status_are_read_from_the_real_attendee_page(client):
    event, (token,), _made = rush.prepare_event(people=1, seats=1)
    page = client.get(rush.attendee_path(token)).content.decode()

    action, csrf = rush.confirm_form(page)

    assert action == f"/en/registration/{token}/confirm/"
    assert len(csrf) == 64 and f'value="{csrf}"' in page
    assert rush.shown_status(page) == "awaiting_confirmation"


def test_the_form_is_found_whatever_the_order_of_its_attributes():
    page = """
      <form method="post" action="/en/registration/x/cancel/">
        <input type="hidden" value="no" name="csrfmiddlewaretoken"></form>
      <form class="c" action="/en/registration/abc/confirm/" method="post">
        <input value="secret" name="csrfmiddlewaretoken" type="hidden"><button>Confirm</button>
      </form>"""

    assert rush.confirm_form(page) == ("/en/registration/abc/confirm/", "secret")
    assert rush.confirm_form("<p>Your ticket</p>") is None
    assert rush.shown_status('<strong class="registration-status registration-status--waitlisted">') == "waitlisted"


def test_tokens_are_masked_in_what_the_rush_reports():
    assert rush._masked("/en/registration/q5UqIOB6Vb3ZbAaUHb25S9WVzs6M05NAeYvsPtMOpBI/confirm/") == (
        "/en/registration/…/confirm/"
    )


# --- Preparing and checking ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_prepare_makes_an_open_event_and_people_awaiting_confirmation_through_the_rules():
    event, tokens, made = rush.prepare_event(people=5, seats=2)

    assert made and event.capacity == 2 and event.slug.startswith("registration-rush-")
    assert Counter(event.registrations.values_list("status", flat=True)) == {Status.AWAITING_CONFIRMATION: 5}
    assert set(event.registrations.values_list("token", flat=True)) == set(tokens)
    # register() owed each person the e-mail with their link; from here they wait for the worker.
    assert Counter(Notification.objects.filter(registration__event=event).values_list("kind", flat=True)) == {
        Notification.Kind.CONFIRM_REQUEST: 5
    }
    assert Notification.objects.owed().count() == 5


@pytest.mark.django_db
def test_prepare_refuses_an_event_that_has_registrations_already():
    event = make_open_event(slug="busy")
    rush.prepare_event(people=1, seats=1, event_slug="busy")

    with pytest.raises(ValueError, match="has registrations already"):
        rush.prepare_event(people=1, seats=1, event_slug="busy")
    assert Event.objects.get(pk=event.pk).capacity == 1


@pytest.mark.django_db
def test_the_check_finds_an_overbooked_event_and_the_missing_emails():
    event, tokens, _made = rush.prepare_event(people=3, seats=1)
    # What a broken confirmation would leave: everybody seated, nobody told.
    Registration.objects.filter(event=event).update(status=Status.CONFIRMED, confirmed_at=event.created_at)

    confirmed, waiting, problems = rush.check_outcome(event, tokens, {tokens[0]: "waitlisted"}, seats=1)

    assert (confirmed, waiting) == (3, 0)
    assert problems == [
        "expected 1 confirmed and 2 waiting of 3, the database has {'confirmed': 3} in 3 rows",
        "3 people are not owed exactly their request and their one answer by e-mail",
        "1 people were shown a status that is not the one stored",
    ]


# --- A rush through the live server -------------------------------------------------------------------


@pytest.fixture
def rush_server(live_server):
    """The live server's URL; on in-memory SQLite it answers one request at a time (see the module's docstring)."""
    httpd = live_server.thread.httpd
    app = httpd.get_app()
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        lock = threading.Lock()

        def one_at_a_time(environ, start_response):
            with lock:
                return app(environ, start_response)

        httpd.set_app(one_at_a_time)
    yield live_server.url
    httpd.set_app(app)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("follow", [False, True], ids=["page-and-form", "and-the-page-after"])
def test_a_small_rush_confirms_exactly_the_seats_and_puts_the_rest_on_the_waiting_list(rush_server, follow):
    result = rush.run_rush(rush_server, people=14, seats=5, clients=7, follow=follow)

    assert (result.problems, result.errors) == ([], 0)
    assert (result.confirmed, result.waiting, result.ok) == (5, 9, True)
    assert result.requests == 14 * (3 if follow else 2)
    event = Event.objects.get(slug=result.event_slug)
    assert Counter(event.registrations.values_list("status", flat=True)) == {Status.CONFIRMED: 5, Status.WAITLISTED: 9}
    assert result.as_dict()["expected_confirmed"] == 5


@pytest.mark.django_db(transaction=True)
def test_a_rush_with_more_seats_than_people_seats_everybody_and_cleans_up(rush_server):
    result = rush.run_rush(rush_server, people=4, seats=10, clients=2, cleanup=True)

    assert (result.confirmed, result.waiting, result.ok) == (4, 0, True)
    assert not Event.objects.filter(slug=result.event_slug).exists()
    assert not Registration.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_people_who_cannot_confirm_are_errors_and_broken_counts(rush_server, settings):
    # Links that expire at once: each page says so and offers no form, and nobody gets a seat.
    settings.REGISTRATION_CONFIRMATION_HOURS = 0

    result = rush.run_rush(rush_server, people=3, seats=1, clients=3)

    assert (result.errors, result.confirmed, result.waiting, result.ok) == (3, 0, 0, False)
    assert [
        problem.endswith(": no confirmation form (status shown: awaiting_confirmation)")
        for problem in result.problems[:3]
    ] == [True] * 3
    assert "/registration/…/" in result.problems[0]  # no token in what is reported
    assert result.problems[3].startswith("expected 1 confirmed and 2 waiting of 3")
