"""The organizers' view of the outbox: where each e-mail stands, the failed ones found at a glance, and sent again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Notification
from tests.admin.test_registration_admin import (
    EMAILS,
    Kind,
    make_future_event,
    make_registration,
    message_texts,
    run_action,
)

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def owed(**fields) -> Notification:
    return Notification.objects.create(
        registration=make_registration(make_future_event()), kind=Kind.CONFIRMED, **fields
    )


def state_column(response, notification: Notification) -> str:
    admin = response.context["cl"].model_admin
    return str(admin.delivery(Notification.objects.get(pk=notification.pk)))


def test_failed_emails_have_their_own_filter_and_say_so_in_the_list(organizer_client):
    now = timezone.now()
    failed = owed(attempts=10, failed_at=now, last_error="SMTPRecipientsRefused: 550")
    retrying = owed(attempts=2, next_attempt_at=now + timedelta(minutes=4), last_error="TimeoutError: timed out")
    waiting = owed()
    sending = owed(claimed_by="mail-1:4711:ab12", claimed_until=now + timedelta(minutes=2))
    sent = owed(attempts=1, sent_at=now)

    only_failed = organizer_client.get(EMAILS, {"sent": "failed"})
    not_sent = organizer_client.get(EMAILS, {"sent": "no"})
    everything = organizer_client.get(EMAILS)

    assert list(only_failed.context["cl"].result_list) == [failed]
    assert b"SMTPRecipientsRefused: 550" in only_failed.content
    assert set(not_sent.context["cl"].result_list) == {retrying, waiting, sending}
    assert [state_column(everything, notification) for notification in (failed, waiting, sending)] == [
        '<strong class="errornote">Failed</strong>',
        "Waiting to be sent",
        "Being sent",
    ]
    assert state_column(everything, retrying).startswith("Next attempt: ")
    assert state_column(everything, sent).startswith("Sent: ")


def test_send_again_gives_a_failed_email_to_the_worker_with_a_fresh_set_of_attempts(organizer_client, settings):
    settings.EMAIL_BACKEND = SMTP  # nothing is sent in the organizer's request: the worker does it
    settings.EMAIL_SEND_IN_REQUEST = None
    failed = owed(attempts=10, failed_at=timezone.now(), last_error="SMTPServerDisconnected: gone")

    response = run_action(organizer_client, "send_again", failed, url=EMAILS)

    assert message_texts(response) == ["1 e-mail is on its way again."]
    stored = Notification.objects.get(pk=failed.pk)
    assert (stored.attempts, stored.failed_at, stored.sent_at) == (0, None, None)
    assert list(Notification.objects.due()) == [stored]
