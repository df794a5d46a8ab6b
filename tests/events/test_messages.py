"""Organizers' messages to registrants (events/messaging.py): to whom, in which language, and each person once.

The e-mails are read back from Django's outbox (locmem: sent right after the commit, as in the demo) and parsed
with Python's `email` parser; the race of two senders is in the PostgreSQL part at the end, with real threads.
"""

from __future__ import annotations

import email
from collections import Counter
from email import policy
from functools import partial

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.emails import render_email
from events.message_texts import fully_written_in, message_text, written_in
from events.messaging import MessagingError, recipients, send_message, unreachable
from events.models import Delegation, Message, Notification, Registration
from events.outbox import send_owed_emails
from tests.events.test_registrations import make_open_event, make_registration

Audience = Message.Audience
Status = Registration.Status
Kind = Notification.Kind

EVERY_STATUS = (Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED)


def make_message(event, **overrides) -> Message:
    values = {
        "audience": Audience.CONFIRMED,
        "subject_en": "Change of room",
        "body_en": "The forum moves to hall B.\nPlease use the north entrance.",
    }
    values.update(overrides)
    return Message.objects.create(event=event, **values)


def one_of_each_status(event, **overrides) -> dict[str, Registration]:
    return {status: make_registration(event, status=status, **overrides) for status in EVERY_STATUS}


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


# --- Which language ----------------------------------------------------------------------------------


def test_each_field_falls_back_to_english_on_its_own():
    message = Message(
        subject_en="Change of room", body_en="Hall B.", subject_de="Raumänderung", body_de="", body_zh_hans="B厅。"
    )

    assert message_text(message, "en") == ("Change of room", "Hall B.")
    assert message_text(message, "de") == ("Raumänderung", "Hall B.")
    assert message_text(message, "zh-hans") == ("Change of room", "B厅。")
    assert message_text(message, "fr") == ("Change of room", "Hall B.")  # a language the site does not have
    assert [written_in(message, code) for code in ("en", "de", "zh-hans")] == ["en", "en", "zh-hans"]
    assert [fully_written_in(message, code) for code in ("en", "de", "zh-hans")] == [True, False, False]


@pytest.mark.django_db
def test_german_registrant_reads_german_and_chinese_registrant_without_chinese_text_reads_english(
    django_capture_on_commit_callbacks,
):
    event = make_open_event(title_en="Heritage forum", title_de="Erbe-Forum")
    german = make_registration(event, status=Status.CONFIRMED, language="de", name="Anna Müller")
    chinese = make_registration(event, status=Status.CONFIRMED, language="zh-hans", name="张伟")
    english = make_registration(event, status=Status.CONFIRMED, language="en", name="Sam Smith")
    message = make_message(
        event,
        subject_en="Change of room <B>",
        body_en="The forum moves to hall <B>.\nPlease use the north entrance.",
        subject_de="Raumänderung",
        body_de="Das Forum zieht in Saal B um.\n\nBitte nutzen Sie den Nordeingang.",
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = send_message(message)

    assert sent.count == 3
    (to_german,) = emails_to(german.email)
    (to_chinese,) = emails_to(chinese.email)
    (to_english,) = emails_to(english.email)
    assert to_german.subject == "Raumänderung"
    assert "Das Forum zieht in Saal B um.\n\nBitte nutzen Sie den Nordeingang." in to_german.body
    assert "hall" not in to_german.body
    assert to_chinese.subject == "Change of room <B>"
    assert "The forum moves to hall <B>.\nPlease use the north entrance." in to_chinese.body  # plain text as typed
    assert "张伟" in to_chinese.body
    assert to_english.subject == "Change of room <B>"
    # The HTML part: escaped, line breaks kept, the fallback marked as English inside a Chinese e-mail.
    html = parsed(to_chinese).get_body(("html",)).get_content()
    assert '<html lang="zh-hans">' in html
    assert '<div lang="en"><p>The forum moves to hall &lt;B&gt;.<br>Please use the north entrance.</p></div>' in html
    german_html = parsed(to_german).get_body(("html",)).get_content()
    assert "<div><p>Das Forum zieht in Saal B um.</p>\n\n<p>Bitte nutzen Sie den Nordeingang.</p></div>" in german_html
    # Which event it is about, and the attendee's own page.
    for registration, sent_email in ((german, to_german), (chinese, to_chinese)):
        assert registration.get_absolute_url().split("/registration/")[1] in sent_email.body
        assert registration.event.title_en in sent_email.body or "Erbe-Forum" in sent_email.body


# --- To whom -----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("audience", "receiving"),
    [
        (Audience.CONFIRMED, {Status.CONFIRMED}),
        (Audience.WAITLISTED, {Status.WAITLISTED}),
        (Audience.CONFIRMED_AND_WAITLISTED, {Status.CONFIRMED, Status.WAITLISTED}),
    ],
)
def test_the_audience_receives_it_and_cancelled_or_unconfirmed_registrants_never(audience, receiving):
    event = make_open_event()
    people = one_of_each_status(event)
    other_event = one_of_each_status(make_open_event())
    message = make_message(event, audience=audience)

    sent = send_message(message)

    expected = {people[status].pk for status in receiving}
    assert sent.count == len(expected)
    assert sent.skipped == 0
    assert set(Notification.objects.values_list("registration", flat=True)) == expected
    assert set(Notification.objects.values_list("kind", "message")) == {(Kind.MESSAGE, message.pk)}
    assert not Notification.objects.filter(registration__in=other_event.values()).exists()


@pytest.mark.django_db
def test_registrants_without_an_address_are_skipped_and_counted_unless_their_delegation_has_a_contact():
    event = make_open_event()
    reachable = make_registration(event, status=Status.CONFIRMED)
    nobody_to_write_to = make_registration(event, status=Status.CONFIRMED, email="")
    delegation = Delegation.objects.create(event=event, contact_name="Li Na", contact_email="li.na@example.cn")
    member = make_registration(event, status=Status.CONFIRMED, email="", delegation=delegation)
    message = make_message(event)

    assert set(recipients(message)) == {reachable, member}
    assert list(unreachable(message)) == [nobody_to_write_to]
    sent = send_message(message)

    assert (sent.count, sent.skipped) == (2, 1)
    assert set(Notification.objects.values_list("registration", flat=True)) == {reachable.pk, member.pk}


@pytest.mark.django_db
def test_a_message_nobody_can_receive_is_refused_and_stays_a_draft():
    event = make_open_event()
    one_of_each_status(event)
    message = make_message(event, audience=Audience.CONFIRMED)
    Registration.objects.filter(status=Status.CONFIRMED).update(status=Status.CANCELLED)

    with pytest.raises(MessagingError, match="Nobody in this audience"):
        send_message(message)

    message.refresh_from_db()
    assert message.sent_at is None
    assert not Notification.objects.exists()


# --- Once --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_twice_sends_once_and_the_second_time_says_when_it_was_sent(django_capture_on_commit_callbacks):
    event = make_open_event()
    people = [make_registration(event, status=Status.CONFIRMED) for _ in range(3)]
    message = make_message(event)

    with django_capture_on_commit_callbacks(execute=True):
        first = send_message(message)
    with pytest.raises(MessagingError, match="already sent on"):
        send_message(Message.objects.get(pk=message.pk))

    assert first.count == 3
    assert Message.objects.get(pk=message.pk).sent_at is not None
    assert Counter(Notification.objects.values_list("registration", flat=True)) == {p.pk: 1 for p in people}
    assert Counter(address for sent in mail.outbox for address in sent.to) == {p.email: 1 for p in people}


@pytest.mark.django_db
def test_the_unique_constraint_is_the_last_guard_when_the_lock_is_bypassed():
    event = make_open_event()
    people = [make_registration(event, status=Status.CONFIRMED) for _ in range(2)]
    message = make_message(event)
    send_message(message)
    # As if a second sender had never seen the first one's mark: the rows it would write are already there.
    Message.objects.filter(pk=message.pk).update(sent_at=None)
    newcomer = make_registration(event, status=Status.CONFIRMED)

    again = send_message(Message.objects.get(pk=message.pk))

    assert again.count == 3  # it tried everyone…
    # …and only the newcomer's row was new.
    assert Counter(Notification.objects.values_list("registration", flat=True)) == {
        **{p.pk: 1 for p in people},
        newcomer.pk: 1,
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(registration=people[0], message=message, kind=Kind.MESSAGE)


@pytest.mark.django_db
def test_the_outbox_sends_each_message_email_once_and_records_it(settings):
    # A mail server, not the local backends: the worker sends, after the sending committed.
    settings.EMAIL_SEND_IN_REQUEST = False
    event = make_open_event()
    people = [make_registration(event, status=Status.WAITLISTED, language="de") for _ in range(4)]
    message = make_message(event, audience=Audience.WAITLISTED, subject_de="Warteliste", body_de="Noch Geduld.")
    send_message(message)
    assert mail.outbox == []

    assert send_owed_emails() == (4, 0)
    assert send_owed_emails() == (0, 0)

    assert sorted(sent.to[0] for sent in mail.outbox) == sorted(p.email for p in people)
    assert {sent.subject for sent in mail.outbox} == {"Warteliste"}
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_render_email_of_a_message_is_in_the_registrants_language_when_rendered_later():
    event = make_open_event()
    registration = make_registration(event, status=Status.CONFIRMED, language="zh-hans")
    message = make_message(event, subject_zh_hans="会场变更", body_zh_hans="论坛改在B厅举行。")
    send_message(message)

    rendered = render_email(Notification.objects.get(registration=registration))

    assert rendered.subject == "会场变更"
    assert "论坛改在B厅举行。" in rendered.body
    assert rendered.to == [registration.email]


# --- Two organizers at the same moment (PostgreSQL, real threads) -------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_sends_of_one_message_send_it_once_to_each_person_in_their_language():
    from tests.events.test_registration_concurrency import errors, race

    event = make_open_event()
    languages = ["en", "de", "zh-hans"] * 10
    people = [make_registration(event, status=Status.CONFIRMED, language=language) for language in languages]
    make_registration(event, status=Status.CANCELLED)
    message = make_message(event, subject_de="Raumänderung", body_de="Saal B.")
    mail.outbox = []

    results = race([partial(send_message, Message.objects.get(pk=message.pk)) for _ in range(12)])

    refused = errors(results)
    assert len(refused) == 11
    assert all(isinstance(error, MessagingError) for error in refused)
    (sent,) = [result for result in results if not isinstance(result, Exception)]
    assert sent.count == 30
    assert Counter(Notification.objects.values_list("registration", flat=True)) == {p.pk: 1 for p in people}
    subjects = {sent_email.to[0]: sent_email.subject for sent_email in mail.outbox}
    assert len(mail.outbox) == 30
    assert subjects == {p.email: "Raumänderung" if p.language == "de" else "Change of room" for p in people}
    assert Message.objects.get(pk=message.pk).sent_at is not None
    assert timezone.now() >= Message.objects.get(pk=message.pk).sent_at
