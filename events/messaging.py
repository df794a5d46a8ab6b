"""Organizers' messages to an event's registrants, and the reminder before an event: each person once.

Both only write Notification rows into the outbox (events/outbox.py), in one transaction; the mail worker sends
them. Each person is written to once however often, and however many at the same time, the rules below run:

- a message is locked (SELECT … FOR UPDATE; SQLite serialises writers with BEGIN IMMEDIATE) and refused once it
  has been sent, so two organizers pressing "Send" at the same moment send it once;
- reminders are written under the lock of their event, counting who is due only after it is granted, so two runs
  of `manage.py send_reminders` at the same moment remind everyone once.

Behind both, the unique constraints one_message_per_registration and one_reminder_per_registration are the last
guard: a row that would be a second one is not written (bulk_create with ignore_conflicts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from events import outbox
from events.models import Event, Message, Notification, Registration

Audience = Message.Audience
Status = Registration.Status
Kind = Notification.Kind

AUDIENCE_STATUSES = {
    Audience.CONFIRMED: (Status.CONFIRMED,),
    Audience.WAITLISTED: (Status.WAITLISTED,),
    Audience.CONFIRMED_AND_WAITLISTED: (Status.CONFIRMED, Status.WAITLISTED),
}

# Someone an e-mail reaches: by their own address, or, for a delegation's member who gave none, through the
# delegation's contact (events.emails).
REACHABLE = ~Q(email="") | Q(delegation__isnull=False)


class MessagingError(Exception):
    """A message cannot be sent. The text is written for the organizer and shown as is."""


@dataclass(frozen=True)
class Sent:
    """What one sending did: e-mails written to the outbox, and registrants no e-mail reaches (no address)."""

    count: int
    skipped: int


# --- Messages ----------------------------------------------------------------------------------------


def audience(message: Message) -> QuerySet[Registration]:
    """Everyone the message is addressed to: the event's registrations of its audience (never cancelled or
    unconfirmed ones), reachable or not."""
    return Registration.objects.filter(event_id=message.event_id, status__in=AUDIENCE_STATUSES[message.audience])


def recipients(message: Message) -> QuerySet[Registration]:
    """Those of the audience an e-mail reaches: one e-mail each."""
    return audience(message).filter(REACHABLE)


def unreachable(message: Message) -> QuerySet[Registration]:
    """Those of the audience without an e-mail address and outside a delegation: nobody can write to them."""
    return audience(message).exclude(REACHABLE)


def send_message(message: Message, *, now: datetime | None = None) -> Sent:
    """Write the message into the outbox once for each of its recipients, and mark it sent.

    Refused if it was sent already (by another organizer a moment ago, or by a second click) or if nobody is
    there to receive it. The message is locked first, so of two sendings at the same moment the second waits,
    then finds it sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.sent_at is not None:
            local = timezone.localtime(locked.sent_at)
            raise MessagingError(
                _("This message was already sent on %(date)s at %(time)s.")
                % {"date": date_format(local, "DATE_FORMAT"), "time": date_format(local, "TIME_FORMAT")}
            )
        people = list(recipients(locked).values_list("pk", flat=True))
        if not people:
            raise MessagingError(_("Nobody in this audience can receive the message yet, so it was not sent."))
        Notification.objects.bulk_create(
            [
                Notification(registration_id=pk, message=locked, kind=Kind.MESSAGE, created_at=now, next_attempt_at=now)
                for pk in people
            ],
            ignore_conflicts=True,
        )
        skipped = unreachable(locked).count()
        locked.sent_at = now
        locked.save(update_fields=["sent_at"])
        _send_after_commit(locked.notifications.all())
    message.sent_at = now
    return Sent(count=len(people), skipped=skipped)


# --- Reminders ---------------------------------------------------------------------------------------


def reminder_window(now: datetime) -> tuple[datetime, datetime]:
    """Events that start after `now` and within REGISTRATION_REMINDER_HOURS of it are reminded of."""
    return now, now + timedelta(hours=settings.REGISTRATION_REMINDER_HOURS)


def events_to_remind_of(now: datetime) -> QuerySet[Event]:
    """Published events (not cancelled, not drafts) that have not started and start within the window."""
    after, until = reminder_window(now)
    return Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=after, starts_at__lte=until)


def reminders_due(event: Event) -> QuerySet[Registration]:
    """The event's confirmed registrations an e-mail reaches and that have had no reminder yet."""
    return (
        Registration.objects.confirmed()
        .filter(event_id=event.pk)
        .filter(REACHABLE)
        .exclude(notifications__kind=Kind.REMINDER)
    )


def send_reminders(*, now: datetime | None = None) -> Sent:
    """Owe a reminder to each confirmed registrant of every event in the reminder window, once.

    Safe to run every few minutes, and twice at the same moment: each event's reminders are written under its
    lock, and who is due is read after the lock is granted. Someone who confirms later, while the event has not
    begun, is reminded by the next run; once it has begun nobody is.
    """
    now = now or timezone.now()
    count = skipped = 0
    for event_id in events_to_remind_of(now).order_by("starts_at", "pk").values_list("pk", flat=True):
        owed, unreached = _remind_of(event_id, now)
        count += owed
        skipped += unreached
    return Sent(count=count, skipped=skipped)


def _remind_of(event_id: int, now: datetime) -> tuple[int, int]:
    """One event's reminders in one transaction; (written, unreachable registrants)."""
    with transaction.atomic():
        # Read again under the lock: an event cancelled or moved meanwhile is left alone.
        event = events_to_remind_of(now).select_for_update().filter(pk=event_id).first()
        if event is None:
            return 0, 0
        due = list(reminders_due(event).values_list("pk", flat=True))
        Notification.objects.bulk_create(
            [Notification(registration_id=pk, kind=Kind.REMINDER, created_at=now, next_attempt_at=now) for pk in due],
            ignore_conflicts=True,
        )
        unreached = Registration.objects.confirmed().filter(event_id=event_id).exclude(REACHABLE).count()
        if due:
            _send_after_commit(Notification.objects.filter(kind=Kind.REMINDER, registration_id__in=due))
    return len(due), unreached


# --- Sending -----------------------------------------------------------------------------------------


def _send_after_commit(notifications: QuerySet[Notification]) -> None:
    """Where e-mails go out with the request (the local backends, outbox.sends_in_request), send these after the
    commit; otherwise the mail worker does. Their ids are read now, in the transaction that wrote them."""
    if not outbox.sends_in_request():
        return
    ids = list(notifications.filter(sent_at__isnull=True).values_list("pk", flat=True))

    def send() -> None:
        for notification_id in ids:
            outbox.send_notification(notification_id)

    transaction.on_commit(send)
