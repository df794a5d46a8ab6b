"""The rules of delegations: one contact registers a group of named people for an event, confirms once for all.

A delegation's members are Registrations like any other, so the door, the waiting list, the attendee's own page and
every e-mail to a member work for them unchanged. What is particular to a group lives here:

- register_delegation stores the group awaiting confirmation and owes its contact the e-mail with the link;
- confirm_delegation takes the seats for the whole group at once, under the same event lock as every single
  confirmation (events/registrations.py), and as the contact chose for when not all fit: all or none, or as many
  as fit with the rest on the waiting list in the order they were listed;
- cancel_delegation and cancel_members give seats back, which the waiting list takes.

Locks are always taken in the order event → delegation → registrations, as the single rules take event →
registration, so a group and singles racing for the same seats queue up instead of deadlocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import outbox
from events.delegation_facts import delegation_expires_at
from events.models import Delegation, Event, Notification, Registration
from events.names import propose_romanization
from events.registrations import (
    RegistrationError,
    _lock_event,
    _lock_event_for_seats,
    normalize_email,
    promote_waiting_list,
    refusal_message,
    registration_state,
)

Status = Registration.Status
GroupStatus = Delegation.Status
WhenNotAllFit = Delegation.WhenNotAllFit
Kind = Notification.Kind


@dataclass(frozen=True)
class Member:
    """One person of a group as the contact listed them; organization empty: the delegation's."""

    name: str
    name_romanized: str = ""
    email: str = ""
    organization: str = ""


def check_size(event: Event, count: int) -> None:
    """At least one person, at most the event's limit for groups (0: the event takes no groups)."""
    if event.max_delegation_size == 0:
        raise RegistrationError(_("This event does not take group registrations."))
    if count < 1:
        raise RegistrationError(_("Please list at least one person."))
    if count > event.max_delegation_size:
        raise RegistrationError(
            ngettext(
                "A group for this event may have at most %(limit)d person.",
                "A group for this event may have at most %(limit)d people.",
                event.max_delegation_size,
            )
            % {"limit": event.max_delegation_size}
        )


def register_delegation(
    event: Event,
    *,
    contact_name: str,
    contact_email: str,
    language: str,
    consent: bool,
    members: list[Member],
    when_not_all_fit: str = WhenNotAllFit.AS_MANY_AS_FIT,
    organization: str = "",
    organization_kind: str = "",
    country: str = "",
) -> Delegation:
    """Store a group awaiting its contact's confirmation, and owe the contact the e-mail with the group's link.

    Members are stored as registrations awaiting confirmation, in the order listed (that order decides who gets the
    last seats). A Chinese name without a Latin one gets its pinyin proposed. The same address twice in the group is
    refused. A member whose address already holds a live registration for the event is not added a second time:
    that person keeps their own registration and is sent its link again, exactly as the single form answers a repeat
    (RegistrationError is never raised for it, so the form cannot be used to find out who registered).
    """
    if not consent:
        raise RegistrationError(_("Please agree to the privacy notice to register."))
    state = registration_state(event)
    if not state.accepts_registrations:
        raise RegistrationError(refusal_message(state))
    check_size(event, len(members))
    members = [_cleaned(member) for member in members]
    emails = [member.email.lower() for member in members if member.email]
    if len(emails) != len(set(emails)):
        raise RegistrationError(_("The same e-mail address is given for more than one person."))
    values = {
        "event": event,
        "contact_name": contact_name.strip(),
        "contact_email": normalize_email(contact_email),
        "organization": organization.strip(),
        "organization_kind": organization_kind,
        "country": country,
        "language": language,
        "when_not_all_fit": when_not_all_fit,
    }
    try:
        return _store(values, members)
    except IntegrityError:
        # A member's address was registered singly at the same instant; read again, that person is now a repeat.
        return _store(values, members)


def _cleaned(member: Member) -> Member:
    name = member.name.strip()
    return Member(
        name=name,
        name_romanized=member.name_romanized.strip() or propose_romanization(name),
        email=normalize_email(member.email),
        organization=member.organization.strip(),
    )


def _store(values: dict, members: list[Member]) -> Delegation:
    event = values["event"]
    with transaction.atomic():
        now = timezone.now()
        delegation = Delegation.objects.create(created_at=now, consent_at=now, **values)
        # Case-insensitively, as the database's rule of one live registration per address compares them.
        addresses = [member.email.lower() for member in members if member.email]
        registered = {
            registration.address: registration
            for registration in Registration.objects.live()
            .filter(event=event)
            .annotate(address=Lower("email"))
            .filter(address__in=addresses)
        }
        new = []
        for member in members:
            existing = registered.get(member.email.lower()) if member.email else None
            if existing is not None:
                outbox.owe(existing, Kind.LINK_RESENT)
                continue
            new.append(
                Registration(
                    event=event,
                    delegation=delegation,
                    name=member.name,
                    name_romanized=member.name_romanized,
                    email=member.email,
                    organization=member.organization or delegation.organization,
                    organization_kind=delegation.organization_kind,
                    country=delegation.country,
                    language=delegation.language,
                    # The group's moment: a member expires exactly when its group does (expire_unconfirmed).
                    created_at=now,
                    consent_at=now,
                )
            )
        # One by one, not in bulk: the primary keys then follow the order listed, which the waiting list keeps.
        for registration in new:
            registration.save(force_insert=True)
        owe_contact(delegation, Kind.DELEGATION_CONFIRM_REQUEST)
    return delegation


def confirm_delegation(delegation: Delegation, *, now: datetime | None = None) -> Delegation:
    """The contact confirms: seats for the whole group, taken at once under the event's lock.

    All fit: everyone confirmed. Otherwise, as the contact chose: all or none declines the group (nobody held a seat,
    so nobody else is affected); as many as fit seats the first ones listed and puts the rest on the waiting list,
    in the order listed. Confirming twice changes nothing; an expired or cancelled group cannot be confirmed.
    """
    with transaction.atomic():
        event = _lock_event_for_seats(delegation.event_id)
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        delegation.event = event
        # The clock after the lock, as in confirm(): confirmed_at follows the order in which seats were given.
        now = now or timezone.now()
        if delegation.status in (GroupStatus.CONFIRMED, GroupStatus.DECLINED):
            return delegation
        if delegation.status == GroupStatus.CANCELLED:
            raise RegistrationError(_("This group registration has been cancelled."))
        if event.status == Event.Status.CANCELLED:
            raise RegistrationError(_("This event has been cancelled."))
        if now > delegation_expires_at(delegation):
            raise RegistrationError(_("This link has expired. Please register the group again."))
        members = list(
            delegation.members.filter(status=Status.AWAITING_CONFIRMATION).select_for_update().order_by("pk")
        )
        if event.capacity is None:
            free = len(members)
        else:
            free = max(event.capacity - event.registrations.confirmed().count(), 0)
        delegation.confirmed_at = now
        if len(members) > free and delegation.when_not_all_fit == WhenNotAllFit.ALL_OR_NONE:
            delegation.status = GroupStatus.DECLINED
            delegation.save(update_fields=["status", "confirmed_at"])
            for member in members:
                member.status = Status.CANCELLED
                member.cancelled_at = now
            Registration.objects.bulk_update(members, ["status", "cancelled_at"])
            owe_contact(delegation, Kind.DELEGATION_DECLINED)
            return delegation
        delegation.status = GroupStatus.CONFIRMED
        delegation.save(update_fields=["status", "confirmed_at"])
        for position, member in enumerate(members):
            member.status = Status.CONFIRMED if position < free else Status.WAITLISTED
            # One moment for all; the waiting list orders equal moments by primary key, the order listed.
            member.confirmed_at = now
        Registration.objects.bulk_update(members, ["status", "confirmed_at"])
        for member in members:
            if member.email:
                outbox.owe(member, Kind.CONFIRMED if member.status == Status.CONFIRMED else Kind.WAITLISTED)
        owe_contact(delegation, Kind.DELEGATION_CONFIRMED)
    return delegation


def cancel_members(delegation: Delegation, member_ids, *, now: datetime | None = None) -> list[Registration]:
    """The contact cancels some of the group's people; the seats they held go to the waiting list.

    Only the group's own live members are touched; ids of anyone else are ignored. A member checked in already is
    refused, naming them. Members with an address are told, as if they had cancelled themselves.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(delegation.event_id)
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        members = list(
            delegation.members.live().filter(pk__in=[int(pk) for pk in member_ids]).select_for_update().order_by("pk")
        )
        checked_in = [member for member in members if member.checked_in_at is not None]
        if checked_in:
            raise RegistrationError(
                _("%(name)s has already been checked in and cannot be cancelled.") % {"name": checked_in[0].name}
            )
        freed = _cancel(members, now)
        if freed:
            promote_waiting_list(event, now=now)
    return members


def cancel_delegation(delegation: Delegation, *, now: datetime | None = None) -> Delegation:
    """The contact cancels the whole group: every live member is cancelled, then the freed seats are passed on.

    All members first, the waiting list after: promoting in between could seat one of this very group's people
    waiting, only to cancel them the next moment. Cancelling twice is harmless.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(delegation.event_id)
        delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
        if delegation.status in (GroupStatus.CANCELLED, GroupStatus.DECLINED):
            return delegation
        members = list(delegation.members.live().select_for_update().order_by("pk"))
        if any(member.checked_in_at is not None for member in members):
            raise RegistrationError(_("Some people of this group have already been checked in."))
        freed = _cancel(members, now)
        delegation.status = GroupStatus.CANCELLED
        delegation.cancelled_at = now
        delegation.save(update_fields=["status", "cancelled_at"])
        owe_contact(delegation, Kind.DELEGATION_CANCELLED)
        if freed:
            promote_waiting_list(event, now=now)
    return delegation


def _cancel(members: list[Registration], now: datetime) -> int:
    """Cancel locked members; the number of seats they held. Members without an address are told through the
    contact's own e-mail (or page), not one e-mail each."""
    freed = sum(member.status == Status.CONFIRMED for member in members)
    for member in members:
        member.status = Status.CANCELLED
        member.cancelled_at = now
        member.save(update_fields=["status", "cancelled_at"])
        if member.email:
            outbox.owe(member, Kind.CANCELLED)
    return freed


def owe_contact(delegation: Delegation, kind: str) -> Notification:
    return outbox.owe_delegation(delegation, kind)
