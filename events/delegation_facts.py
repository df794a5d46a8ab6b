"""What a delegation's page and its contact's e-mails show of it and its event: read only, writes nothing, so the
e-mails (events/delegation_emails.py) can use it below the outbox that the rules in events/delegations.py write to."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from events.models import Delegation, Event


def delegation_expires_at(delegation: Delegation) -> datetime:
    """Like a single registration: unconfirmed for REGISTRATION_CONFIRMATION_HOURS, it is deleted."""
    return delegation.created_at + timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)


def seats_left(event: Event) -> int | None:
    """Seats free right now; None: no limit."""
    if event.capacity is None:
        return None
    return max(event.capacity - event.registrations.confirmed().count(), 0)
