"""The management commands run by cron: expire_registrations, send_owed_emails, anonymize_registrations."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.utils import timezone

from events.models import Event, Notification, Registration
from events.registrations import ANONYMIZED_NAME
from tests.factories import make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
FAILING = "tests.events.test_registration_commands.FailingBackend"


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("gone")


def make_registration(event: Event, status: str = Status.AWAITING_CONFIRMATION, **overrides) -> Registration:
    values = {"event": event, "name": "Anna Müller", "email": f"anna{Registration.objects.count()}@example.de"}
    if status in (Status.CONFIRMED, Status.WAITLISTED):
        values["confirmed_at"] = timezone.now()
    values.update(status=status, **overrides)
    return Registration.objects.create(**values)


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_expire_registrations_deletes_only_the_unconfirmed_past_their_time(settings):
    settings.REGISTRATION_CONFIRMATION_HOURS = 48
    event = make_event(starts_at=timezone.now() + timedelta(days=30))
    old = timezone.now() - timedelta(hours=49)
    stale = make_registration(event, created_at=old)
    fresh = make_registration(event)
    confirmed = make_registration(event, Status.CONFIRMED, created_at=old)

    out, _err = run("expire_registrations")

    assert out.strip() == "Expired 1 unconfirmed registration(s)."
    assert set(Registration.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk}
    assert not Registration.objects.filter(pk=stale.pk).exists()


def test_send_owed_emails_sends_and_reports(settings, mailoutbox):
    settings.EMAIL_BACKEND = LOCMEM
    registration = make_registration(make_event(), Status.CONFIRMED, email="zhang.san@nju.example.cn")
    owed = Notification.objects.create(registration=registration, kind=Notification.Kind.CONFIRMED)
    Notification.objects.create(
        registration=registration, kind=Notification.Kind.CONFIRM_REQUEST, sent_at=timezone.now()
    )

    out, err = run("send_owed_emails")

    assert out.strip() == "Sent 1 e-mail(s), 0 failed."
    assert err == ""
    assert [message.to for message in mailoutbox] == [["zhang.san@nju.example.cn"]]
    owed.refresh_from_db()
    assert owed.sent_at is not None


def test_send_owed_emails_reports_failures_and_keeps_them_owed(settings):
    settings.EMAIL_BACKEND = FAILING
    owed = Notification.objects.create(
        registration=make_registration(make_event()), kind=Notification.Kind.CONFIRM_REQUEST
    )

    with pytest.raises(CommandError, match=r"^1 e-mail\(s\) could not be sent") as failure:
        run("send_owed_emails")

    assert failure.value.returncode == 1  # cron's mail to the operator: something failed
    owed.refresh_from_db()
    assert (owed.sent_at, owed.attempts, owed.last_error) == (None, 1, "SMTPServerDisconnected: gone")


def test_anonymize_registrations_uses_the_retention_setting_by_default(settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    long_ago = make_event(starts_at=timezone.now() - timedelta(days=100))
    recently = make_event(starts_at=timezone.now() - timedelta(days=10))
    old = make_registration(long_ago, Status.CONFIRMED)
    recent = make_registration(recently, Status.CONFIRMED)

    out, _err = run("anonymize_registrations")

    assert out.strip() == "Anonymized 1 registration(s)."
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.email) == (ANONYMIZED_NAME, f"anonymized-{old.pk}@invalid")
    assert recent.name == "Anna Müller"


def test_anonymize_registrations_days_option(settings):
    settings.REGISTRATION_RETENTION_DAYS = 90
    recent = make_registration(make_event(starts_at=timezone.now() - timedelta(days=10)), Status.CONFIRMED)

    out, _err = run("anonymize_registrations", "--days", "5")

    assert out.strip() == "Anonymized 1 registration(s)."
    recent.refresh_from_db()
    assert recent.anonymized_at is not None


def test_anonymize_registrations_refuses_negative_days():
    with pytest.raises(CommandError):
        run("anonymize_registrations", "--days", "-1")
