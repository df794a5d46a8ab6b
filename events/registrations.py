"""The rules of registration: register, confirm, wait, get promoted, cancel, check in, be forgotten.

Every function that changes data runs in one transaction and is called alike by views, admin actions
and management commands. Seats are counted only after the event row is locked (SELECT … FOR UPDATE on
PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE), so however many people confirm at the same
instant, the number of confirmed registrations never exceeds the capacity. E-mails are written as
Notification rows in the same transaction and sent by the mail worker (events/outbox.py); a failed send
is recorded and retried, so no e-mail is lost and none is sent twice by a retry.
"""

from __future__ import annotations

import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events import outbox
from events.models import Delegation, Event, Notification, Registration, RegistrationChange
from events.names import propose_romanization
from nanjingweek import content_version
from nanjingweek.forms import NULL_CHARACTER
from nanjingweek.typography import date_range, labelled, long_date, quoted

Status = Registration.Status


class RegistrationError(Exception):
    """A rule said no. The message is written for the person concerned and shown to them as is."""


# --- What a visitor sees before registering ----------------------------------------------------------


@dataclass(frozen=True)
class RegistrationState:
    """Whether and how one can register for an event right now."""

    NOT_REQUIRED = "not_required"
    NOT_OPEN_YET = "not_open_yet"
    OPEN = "open"
    FULL = "full"  # open, but new confirmations go to the waiting list
    CLOSED = "closed"
    CANCELLED = "cancelled"

    code: str
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    seats_left: int | None = None  # None: no limit

    @property
    def accepts_registrations(self) -> bool:
        return self.code in (self.OPEN, self.FULL)


def registration_state(event: Event, *, confirmed_count: int | None = None, now: datetime | None = None):
    """The event's registration state; `confirmed_count` may be passed in when the caller already counted."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return RegistrationState(RegistrationState.CANCELLED)
    if not event.registration_required:
        return RegistrationState(RegistrationState.NOT_REQUIRED)
    closes_at = event.registration_closes_at or event.ends_at
    if event.status != Event.Status.PUBLISHED or (closes_at is not None and now >= closes_at):
        return RegistrationState(RegistrationState.CLOSED, closes_at=closes_at)
    if event.registration_opens_at and now < event.registration_opens_at:
        # In the venue's time zone: the refusal message prints the day it opens there (the database says UTC).
        opens_at = timezone.localtime(event.registration_opens_at, event.zone)
        return RegistrationState(RegistrationState.NOT_OPEN_YET, opens_at=opens_at)
    if event.capacity is None:
        return RegistrationState(RegistrationState.OPEN, closes_at=closes_at)
    if confirmed_count is None:
        confirmed_count = event.registrations.confirmed().count()
    seats_left = max(event.capacity - confirmed_count, 0)
    code = RegistrationState.OPEN if seats_left else RegistrationState.FULL
    return RegistrationState(code, closes_at=closes_at, seats_left=seats_left)


# --- Changing registrations --------------------------------------------------------------------------


def normalize_email(email: str) -> str:
    return email.strip()


def register(
    event: Event,
    *,
    name: str,
    email: str,
    language: str,
    consent: bool,
    name_romanized: str = "",
    organization: str = "",
    organization_kind: str = "",
    country: str = "",
) -> Registration:
    """Store a registration awaiting confirmation and owe the person an e-mail with their link.

    A name in Chinese characters only, given without its Latin form, gets its pinyin proposed (events/names.py);
    the person may correct it on their page (`correct_personal_data`).

    Registering again with an address that already has a live registration for the event sends that
    registration's link again and changes nothing else: the caller answers both cases alike, so nobody
    can find out who registered.
    """
    if not consent:
        raise RegistrationError(_("Please agree to the privacy notice to register."))
    state = registration_state(event)
    if not state.accepts_registrations:
        raise RegistrationError(refusal_message(state))
    email = normalize_email(email)
    existing = _live_registration(event, email)
    if existing is not None:
        return _resend_link(existing)
    name = name.strip()
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                event=event,
                name=name,
                name_romanized=name_romanized.strip() or propose_romanization(name),
                email=email,
                organization=organization.strip(),
                organization_kind=organization_kind,
                country=country,
                language=language,
                consent_at=timezone.now(),
            )
            _owe_email(registration, Notification.Kind.CONFIRM_REQUEST)
    except IntegrityError:
        # Two submissions with the same address raced; the database let one through. Treat this one as a repeat.
        existing = _live_registration(event, email)
        if existing is None:
            raise
        return _resend_link(existing)
    return registration


def _live_registration(event: Event, email: str) -> Registration | None:
    return Registration.objects.live().filter(event=event, email__iexact=email).first()


def resend_link(registration: Registration) -> Registration:
    """An organizer's resend: owe the person another e-mail with their link, if the registration is still live."""
    if not registration.is_live or registration.anonymized_at is not None:
        raise RegistrationError(_("Only a live registration can be sent its link again."))
    return _resend_link(registration)


def _resend_link(registration: Registration) -> Registration:
    with transaction.atomic():
        _owe_email(registration, Notification.Kind.LINK_RESENT)
    return registration


def confirm(registration: Registration, *, now: datetime | None = None) -> Registration:
    """Confirm the e-mail address: take a free seat, or join the waiting list (first confirmed, first served).

    Confirming twice changes nothing. An expired or cancelled registration cannot be confirmed.

    Under a rush every confirmation of the event waits for this one's lock until it commits, so the time between
    the lock and the commit is all there is to a confirmation's share of the queue. The usual case, a registration
    awaiting confirmation, takes one statement there on PostgreSQL (two elsewhere): an UPDATE that counts the seats,
    gives one or a place in the queue and writes the e-mail owed (_take_seat_or_queue); and no round trip to the
    cache (the event page's registration version is replaced before the lock). Every other case is read and
    answered below, as the rules say.
    """
    with transaction.atomic(), _seats_announced_ahead(registration):
        event = _lock_event_for_seats(registration.event_id)
        # Read the clock only now that the lock is held: confirmed_at then follows the order in which seats
        # were given, so the waiting list (ordered by it) never puts someone ahead of a person seated later.
        now = now or timezone.now()
        if event.status != Event.Status.CANCELLED:
            taken = _take_seat_or_queue(registration.pk, event, now)
            if taken is not None:
                taken.event = event
                # The raw UPDATE sends no post_save: the change is reported here, as the signal would.
                for name in content_version.seat_versions(event):
                    content_version.bump(name)
                if taken.notification_id is None:
                    _owe_email(taken, SEAT_NOTIFICATION[taken.status])
                else:
                    outbox.owed(taken.notification_id)
                return taken
        registration, seats_taken = _lock_registration_counting_seats(registration.pk)
        # The locked event is the registration's: what reports the change (its event's page version) needs no query.
        registration.event = event
        if registration.status in (Status.CONFIRMED, Status.WAITLISTED):
            return registration
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("This registration has been cancelled. You are welcome to register again."))
        if registration.delegation_id is not None:
            # A group's seats are taken together (events/delegations.confirm_delegation), never one member alone.
            raise RegistrationError(_("This person is registered with a group: its contact confirms for everyone."))
        if event.status == Event.Status.CANCELLED:
            raise RegistrationError(_("This event has been cancelled."))
        # The same boundary as Registration.objects.expired(): what expire_unconfirmed keeps can be confirmed.
        if now > registration.expires_at:
            raise RegistrationError(_("This link has expired. Please register again."))
        registration.confirmed_at = now
        if event.capacity is None or seats_taken < event.capacity:
            registration.status = Status.CONFIRMED
            kind = Notification.Kind.CONFIRMED
        else:
            registration.status = Status.WAITLISTED
            kind = Notification.Kind.WAITLISTED
        registration.save(update_fields=["status", "confirmed_at"])
        _owe_email(registration, kind)
    return registration


def cancel(registration: Registration, *, now: datetime | None = None, notify: bool = True) -> Registration:
    """Cancel a registration; a seat it held goes to the first person waiting. Cancelling twice is harmless."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            return registration
        held_seat = registration.status == Status.CONFIRMED
        if registration.checked_in_at:
            raise RegistrationError(_("This attendee has already been checked in."))
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if notify:
            _owe_email(registration, Notification.Kind.CANCELLED)
        if held_seat:
            promote_waiting_list(event, now=now)
    return registration


def move_to_waiting_list(registration: Registration, *, now: datetime | None = None) -> Registration:
    """An organizer's decision: a confirmed or unconfirmed registration waits; a freed seat is passed on."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.WAITLISTED:
            return registration
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("A cancelled registration cannot be put on the waiting list."))
        if registration.checked_in_at:
            raise RegistrationError(_("This attendee has already been checked in."))
        held_seat = registration.status == Status.CONFIRMED
        registration.status = Status.WAITLISTED
        # At the end of the queue: the people already waiting were there first.
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _owe_email(registration, Notification.Kind.WAITLISTED)
        if held_seat:
            promote_waiting_list(event, now=now, exclude=registration.pk)
    return registration


def promote_waiting_list(event: Event, *, now: datetime | None = None, exclude: int | None = None) -> list:
    """Give free seats to the people waiting longest. The caller holds the event's lock.

    Nobody is promoted into an event that is cancelled or over: "you have a seat" would not be true.
    """
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED or (event.ends_at is not None and event.ends_at < now):
        return []
    waiting = event.registrations.waiting_list().select_for_update()
    if exclude is not None:
        waiting = waiting.exclude(pk=exclude)
    if event.capacity is not None:
        free = event.capacity - event.registrations.confirmed().count()
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting)
    for registration in promoted:
        registration.status = Status.CONFIRMED
        registration.save(update_fields=["status"])
        _owe_email(registration, Notification.Kind.PROMOTED)
    return promoted


def change_capacity(event: Event, capacity: int | None, *, now: datetime | None = None) -> list:
    """Set the event's capacity; if seats were added, the waiting list moves up at once."""
    with transaction.atomic():
        locked = _lock_event(event.pk)
        locked.capacity = capacity
        locked.save(update_fields=["capacity", "updated_at"])
        event.capacity = capacity
        return promote_waiting_list(locked, now=now)


def notify_event_cancelled(event: Event) -> int:
    """Tell every live registration that the event is cancelled (the caller has cancelled it)."""
    with transaction.atomic():
        # The event first, as every other rule locks: a cancellation promoting someone meanwhile would otherwise
        # hold rows this needs while waiting for rows this holds (a deadlock).
        _lock_event(event.pk)
        registrations = list(Registration.objects.live().filter(event=event).select_for_update())
        for registration in registrations:
            _owe_email(registration, Notification.Kind.EVENT_CANCELLED)
    return len(registrations)


def check_in(ticket_code: str, *, by=None, now: datetime | None = None, event: Event | None = None) -> Registration:
    """Let a confirmed attendee in, once. A second scan is refused and says when the first one happened, and by whom.

    With `event`, the check-in is at that event's door: a ticket for another event is refused (naming that event and
    its dates), and so is any ticket on a day that is not one of the event's days by the venue's calendar (an event
    may span several days; an event without a date has no door yet). Without it (the admin's action) the ticket's
    own event is taken as it is.
    """
    now = now or timezone.now()
    code = ticket_code.strip().upper().replace("-", "").replace(" ", "")
    with transaction.atomic():
        # The registration's row only (of=self): the joined event is only read, and waiting for its lock while
        # holding this row would deadlock with a cancellation (which locks the event, then the registration).
        registration = (
            # Not joined with checked_in_by: a check-in waiting for this lock would see the row as the first one
            # left it, but the joined user as before it (PostgreSQL re-reads only the locked row). A refusal reads it.
            Registration.objects.select_for_update(of=("self",))
            .select_related("event__venue__city")
            .filter(ticket_code=code)
            .first()
        )
        if registration is None:
            raise RegistrationError(_("No ticket has this code."))
        if event is not None and registration.event_id != event.pk:
            raise WrongEvent(registration)
        if registration.status == Status.CANCELLED:
            raise RegistrationError(_("This ticket has been cancelled."))
        if registration.status != Status.CONFIRMED:
            raise RegistrationError(_("This registration is not confirmed, so it has no valid ticket."))
        if registration.checked_in_at is not None:
            local = timezone.localtime(registration.checked_in_at, registration.event.zone)
            raise AlreadyCheckedIn(registration, local)
        if event is not None:
            refusal = door_closed_message(registration.event, now=now)
            if refusal:
                raise NotAnEventDay(registration, refusal)
        registration.checked_in_at = now
        registration.checked_in_by = by
        registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


def event_days(event: Event) -> tuple | None:
    """The event's first and last day by the venue's calendar, or None for an event without a date."""
    if not event.is_dated:
        return None
    return event.local_start.date(), event.local_end.date()


def door_closed_message(event: Event, *, now: datetime | None = None) -> str:
    """Why nobody can be checked in at the event's door now, or "" when today (at the venue) is one of its days."""
    if event.status == Event.Status.CANCELLED:
        return _("This event has been cancelled.")
    days = event_days(event)
    if days is None:
        return _("This event has no date yet, so nobody can be checked in.")
    today = timezone.localtime(now or timezone.now(), event.zone).date()
    first, last = days
    if first <= today <= last:
        return ""
    return _("Check-in is open only on the event's days: %(dates)s. Today at the venue is %(today)s.") % {
        "dates": date_range(first, last),
        "today": long_date(today),
    }


def checked_in_by_name(registration: Registration) -> str:
    """Who let the attendee in, as the door staff know each other: full name, else user name; "" if unknown."""
    user = registration.checked_in_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


class AlreadyCheckedIn(RegistrationError):
    def __init__(self, registration: Registration, when: datetime):
        self.registration = registration
        self.when = when
        values = {"date": date_format(when, "DATE_FORMAT"), "time": date_format(when, "TIME_FORMAT")}
        by = checked_in_by_name(registration)
        if by:
            message = _("Already checked in on %(date)s at %(time)s by %(person)s.") % {**values, "person": by}
        else:
            message = _("Already checked in on %(date)s at %(time)s.") % values
        super().__init__(message)


class WrongEvent(RegistrationError):
    """The ticket is valid, but for another event than the door it was shown at."""

    def __init__(self, registration: Registration):
        self.registration = registration
        other = registration.event
        days = event_days(other)
        when = date_range(*days) if days else (other.announced_period or _("no date yet"))
        super().__init__(
            _("This ticket is for another event: %(event)s, %(dates)s.") % {"event": quoted(other.title), "dates": when}
        )


class NotAnEventDay(RegistrationError):
    """The ticket is for this event, but the event does not take place today (at the venue)."""

    def __init__(self, registration: Registration, message: str):
        self.registration = registration
        super().__init__(message)


def expire_unconfirmed_delegations(*, now: datetime | None = None) -> int:
    """Delete groups never confirmed in time, with their members and e-mails; the number of members deleted.

    None of them ever held a seat (a member is seated only when the group is confirmed), so nobody else is affected.
    Called by expire_unconfirmed, in its transaction, before the single registrations.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
    with transaction.atomic():
        # The group before its members, as confirm_delegation locks them: a group confirmed meanwhile is read again
        # once its lock is released, and left out.
        expired = list(
            Delegation.objects.filter(status=Delegation.Status.AWAITING_CONFIRMATION, created_at__lt=cutoff)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        if not expired:
            return 0
        _count, by_model = Registration.objects.filter(delegation__in=expired).delete()
        members = by_model.get(Registration._meta.label, 0)
        Delegation.objects.filter(pk__in=expired).delete()
    return members


def expire_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete registrations never confirmed in time. They held no seat, so nobody else is affected."""
    now = now or timezone.now()
    with transaction.atomic():
        # Groups first, each with its members: a member expires with its group, never alone.
        members = expire_unconfirmed_delegations(now=now)
        # Locked, so a confirmation committed meanwhile is read again and left out, never deleted with the rest.
        singles = Registration.objects.expired(now=now).filter(delegation__isnull=True)
        expired = list(singles.select_for_update().values_list("pk", flat=True))
        Registration.objects.filter(pk__in=expired).delete()
    return members + len(expired)


ANONYMIZED_NAME = "—"


def _erase(registration: Registration, now: datetime) -> None:
    registration.name = ANONYMIZED_NAME
    registration.name_romanized = ""
    registration.email = f"anonymized-{registration.pk}@invalid"
    registration.organization = ""
    registration.anonymized_at = now
    registration.save(update_fields=["name", "name_romanized", "email", "organization", "anonymized_at"])
    registration.notifications.all().delete()
    # The log of corrections holds the old names and organizations: it goes with them.
    registration.changes.all().delete()


def erase_personal_data(registration: Registration, *, now: datetime | None = None) -> Registration:
    """The attendee's own deletion: allowed once they have cancelled or the event is over."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
        )
        if not may_erase(registration, now=now):
            raise RegistrationError(_("Please cancel your registration first; then you can delete your data."))
        if registration.anonymized_at is None:
            _erase(registration, now)
    return registration


def may_erase(registration: Registration, *, now: datetime | None = None) -> bool:
    """Attendees may delete their data once they have cancelled or the event is over (the page offers it then)."""
    now = now or timezone.now()
    event_over = registration.event.ends_at is not None and registration.event.ends_at < now
    return registration.status == Status.CANCELLED or event_over


# --- Corrections of personal data --------------------------------------------------------------------

# What an attendee may correct on their page. Not the e-mail address: it is who the registration belongs to (the
# one live registration per address and event, the link sent to it), so another address is another registration.
CORRECTABLE_FIELDS = ("name", "name_romanized", "organization", "organization_kind", "country", "language")


def corrections_close_at(event: Event) -> datetime | None:
    """Attendees correct their data until registration closes: as registration_state() closes it."""
    return event.registration_closes_at or event.ends_at


def may_correct(registration: Registration, *, now: datetime | None = None) -> bool:
    """Whether the attendee may still correct their data: live, not anonymized, and registration not closed yet."""
    now = now or timezone.now()
    closes_at = corrections_close_at(registration.event)
    return registration.is_live and registration.anonymized_at is None and (closes_at is None or now < closes_at)


def has_control_character(text: str) -> bool:
    """Tabs, line breaks, NUL, escapes…: nothing a one-line name or organization holds (PostgreSQL refuses NUL)."""
    return any(unicodedata.category(char) == "Cc" for char in text)


def _cleaned_correction(registration: Registration, field_name: str, value) -> str:
    """The value as the registration form would store it, or a RegistrationError that names the field."""
    field = Registration._meta.get_field(field_name)
    value = str(value if value is not None else "").strip()
    try:
        if has_control_character(value):
            raise ValidationError(NULL_CHARACTER)
        return field.clean(value, registration)
    except ValidationError as error:
        raise RegistrationError(labelled(capfirst(field.verbose_name), " ".join(error.messages))) from None


def correct_personal_data(
    registration: Registration, changes: dict, *, by=None, now: datetime | None = None
) -> RegistrationChange | None:
    """Correct a registration's name (both scripts), organization, its kind, country and language, and log it.

    `by` is the organizer making the change, None for the attendee on their own page. Attendees may correct until
    registration closes, while their registration is live; organizers at any time. An anonymized registration keeps
    no person to correct. Values are stripped and checked as the registration form checks them; a name in Chinese
    characters only, left without its Latin form, gets its pinyin proposed, as at registration. One
    RegistrationChange holds [before, after] of each field that changed; when nothing changed, nothing is written
    and None is returned. A changed language applies to every later e-mail (they are written in
    registration.language).
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not correctable here: {', '.join(sorted(unknown))}.")
    now = now or timezone.now()
    with transaction.atomic():
        # The registration's row only: a confirmation or cancellation locks the event first, then this row.
        registration = (
            Registration.objects.select_for_update(of=("self",)).select_related("event").get(pk=registration.pk)
        )
        if registration.anonymized_at is not None:
            raise RegistrationError(_("The personal data of this registration has been deleted."))
        if by is None:
            if not registration.is_live:
                raise RegistrationError(
                    _("This registration has been cancelled, so its details can no longer be changed.")
                )
            if not may_correct(registration, now=now):
                raise RegistrationError(
                    _("Registration for this event has closed, so your details can no longer be changed here.")
                )
        values = {field: _cleaned_correction(registration, field, value) for field, value in changes.items()}
        name = values.get("name", registration.name)
        if "name_romanized" in values and not values["name_romanized"]:
            values["name_romanized"] = propose_romanization(name)
        diff = {
            field: [getattr(registration, field), value]
            for field, value in values.items()
            if getattr(registration, field) != value
        }
        if not diff:
            return None
        for field, (_before, after) in diff.items():
            setattr(registration, field, after)
        registration.save(update_fields=list(diff))
        return RegistrationChange.objects.create(
            registration=registration,
            changed_at=now,
            changes=diff,
            by_attendee=by is None,
            changed_by=by,
        )


def waiting_list_position(registration: Registration) -> int | None:
    """1 for the first person waiting, in the order of the waiting list; None when not waiting."""
    if registration.status != Status.WAITLISTED:
        return None
    confirmed_at = registration.confirmed_at
    ahead = Registration.objects.filter(event_id=registration.event_id, status=Status.WAITLISTED).filter(
        Q(confirmed_at__lt=confirmed_at) | Q(confirmed_at=confirmed_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def anonymize_past_registrations(*, days: int | None = None, now: datetime | None = None) -> int:
    """Some days after an event ends, its registrations keep their numbers and lose their persons."""
    now = now or timezone.now()
    days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
    cutoff = now - timedelta(days=days)
    count = 0
    with transaction.atomic():
        due = Registration.objects.select_for_update(of=("self",)).filter(
            anonymized_at__isnull=True, event__ends_at__lt=cutoff
        )
        for registration in due:
            _erase(registration, now)
            count += 1
        # The contact person of a group registration is personal data too, kept no longer than the members'.
        contacts = Delegation.objects.select_for_update(of=("self",)).filter(
            anonymized_at__isnull=True, event__ends_at__lt=cutoff
        )
        for delegation in contacts:
            _erase_contact(delegation, now)
    return count


def _erase_contact(delegation: Delegation, now: datetime) -> None:
    delegation.contact_name = ANONYMIZED_NAME
    delegation.contact_email = f"anonymized-delegation-{delegation.pk}@invalid"
    delegation.organization = ""
    delegation.anonymized_at = now
    delegation.save(update_fields=["contact_name", "contact_email", "organization", "anonymized_at"])
    delegation.notifications.all().delete()


def _lock_event(event_id: int) -> Event:
    return Event.objects.select_for_update().get(pk=event_id)


def _seats_announced_ahead(registration: Registration):
    """The event page's registration version, and for an event with a limit the lists' `SEATS` (a seat taken may
    fill it), replaced before the lock rather than by the save inside it (nanjingweek.content_version.bumped_ahead),
    when the registration's event is at hand to name them; the views' find_registration() loads it. Otherwise the
    save (or confirm()'s own UPDATE) replaces them under the lock, as for every rule."""
    if not Registration.event.is_cached(registration):
        return nullcontext()
    return content_version.bumped_ahead(*content_version.seat_versions(registration.event))


# What confirm() reads of the event it locks (and the slug, by which its page's registration state is versioned).
SEAT_FIELDS = ("id", "slug", "status", "capacity")


def _lock_event_for_seats(event_id: int) -> Event:
    """The event's lock for a confirmation: the same row lock as _lock_event, with only the columns seats need."""
    return Event.objects.select_for_update().only(*SEAT_FIELDS).get(pk=event_id)


SEAT_NOTIFICATION = {Status.CONFIRMED: Notification.Kind.CONFIRMED, Status.WAITLISTED: Notification.Kind.WAITLISTED}


def _take_seat_or_queue(registration_id: int, event: Event, now: datetime) -> Registration | None:
    """confirm()'s usual case in one statement, the caller holding the event's lock: a registration awaiting
    confirmation, alone (not a group's member) and not expired gets a seat if one is free, else a place in the queue.
    None when the registration is not such a one: confirm() then reads it and answers as its rules say.

    The same rule as confirm()'s checks and written next to them; the count is taken after the event's lock, as in
    _lock_registration_counting_seats. One UPDATE … RETURNING instead of a SELECT … FOR UPDATE and an UPDATE: a round
    trip less while every other confirmation waits (SQLite has RETURNING since 3.35). On PostgreSQL the same
    statement also writes the e-mail owed (events/outbox.py) and returns its id as `notification_id`, one more round
    trip saved; elsewhere `notification_id` is None and the caller owes it.
    """
    meta, quote = Registration._meta, connection.ops.quote_name
    table = quote(meta.db_table)
    column = {name: quote(meta.get_field(name).column) for name in ("event", "status", "confirmed_at", "delegation")}
    pk, created_at = quote(meta.pk.column), quote(meta.get_field("created_at").column)
    unlimited = event.capacity is None
    update = (
        f"UPDATE {table} SET {column['confirmed_at']} = %s, {column['status']} = CASE WHEN %s OR"
        f" (SELECT COUNT(*) FROM {table} seat WHERE seat.{column['event']} = %s AND seat.{column['status']} = %s) < %s"
        f" THEN %s ELSE %s END WHERE {pk} = %s AND {column['status']} = %s AND {column['delegation']} IS NULL"
        f" AND {created_at} >= %s RETURNING *"
    )
    params = [
        now,
        unlimited,
        event.pk,
        Status.CONFIRMED,
        0 if unlimited else event.capacity,
        Status.CONFIRMED,
        Status.WAITLISTED,
        registration_id,
        Status.AWAITING_CONFIRMATION,
        # The same boundary as Registration.expires_at: confirmable until then, that instant included.
        now - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS),
    ]
    sql = update
    if connection.vendor == "postgresql":
        sql, params = _owing_the_email(update, params, pk_column=pk, status_column=column["status"])
    found = list(Registration.objects.raw(sql, params))
    if not found:
        return None
    taken = found[0]
    if not hasattr(taken, "notification_id"):
        taken.notification_id = None
    return taken


def _owing_the_email(update: str, params: list, *, pk_column: str, status_column: str) -> tuple[str, list]:
    """The seating UPDATE with the e-mail's row written by the same statement (PostgreSQL's data-modifying WITH):
    of the kind its outcome calls for (SEAT_NOTIFICATION), with a new Notification's defaults otherwise."""
    notifications = Notification._meta
    columns = outbox.notification_columns(kind=Notification.Kind.CONFIRMED)
    registration_column = notifications.get_field("registration").column
    kind_column = notifications.get_field("kind").column
    names, values, extra = [], [], []
    for name, value in columns.items():
        names.append(connection.ops.quote_name(name))
        if name == registration_column:
            values.append(f"seated.{pk_column}")
        elif name == kind_column:
            values.append(f"CASE seated.{status_column} WHEN %s THEN %s ELSE %s END")
            extra += [Status.CONFIRMED, SEAT_NOTIFICATION[Status.CONFIRMED], SEAT_NOTIFICATION[Status.WAITLISTED]]
        else:
            values.append("%s")
            extra.append(value)
    notification_pk = connection.ops.quote_name(notifications.pk.column)
    sql = (
        f"WITH seated AS ({update}), owed AS (INSERT INTO {connection.ops.quote_name(notifications.db_table)}"
        f" ({', '.join(names)}) SELECT {', '.join(values)} FROM seated RETURNING {notification_pk})"
        f" SELECT seated.*, owed.{notification_pk} AS notification_id FROM seated, owed"
    )
    return sql, [*params, *extra]


def _lock_registration_counting_seats(registration_id: int) -> tuple[Registration, int]:
    """The registration, locked, and the seats its event has given, in one statement. The caller holds the event's lock.

    The count is as of this statement's start, and that is after the event's lock was granted: every change of who
    holds a seat is made under that lock (confirm, cancel, move_to_waiting_list, promote_waiting_list,
    change_capacity), so all of them have committed by then and none can begin until this transaction ends. Waiting
    here for the registration's own row (a check-in or an erasure holds it alone) changes no seat either.

    Written out rather than composed with the ORM: every confirmation of a rush waits in line while this runs, and
    the ORM spends some 1.5 ms building this statement (a subquery in an annotation), the database 0.1 ms running it.
    The count reads the index on (event, status).
    """
    meta, quote = Registration._meta, connection.ops.quote_name
    table, event_id, status, pk = (
        quote(meta.db_table),
        quote(meta.get_field("event").column),
        quote(meta.get_field("status").column),
        quote(meta.pk.column),
    )
    # On SQLite there is no FOR UPDATE: the transaction holds the database's write lock from its start (IMMEDIATE).
    lock = " FOR UPDATE OF registration" if connection.features.has_select_for_update_of else ""
    sql = (
        f"SELECT registration.*, (SELECT COUNT(*) FROM {table} seat WHERE seat.{event_id} = registration.{event_id}"
        f" AND seat.{status} = %s) AS seats_taken FROM {table} registration WHERE registration.{pk} = %s{lock}"
    )
    found = list(Registration.objects.raw(sql, [Status.CONFIRMED, registration_id]))
    if not found:
        raise Registration.DoesNotExist(f"No registration {registration_id}.")
    return found[0], found[0].seats_taken


def refusal_message(state: RegistrationState) -> str:
    if state.code == RegistrationState.NOT_OPEN_YET:
        return _("Registration opens on %(date)s.") % {"date": date_format(state.opens_at, "DATE_FORMAT")}
    if state.code == RegistrationState.CANCELLED:
        return _("This event has been cancelled.")
    if state.code == RegistrationState.NOT_REQUIRED:
        return _("No registration is needed for this event: just come along.")
    return _("Registration for this event is closed.")


# --- E-mail ------------------------------------------------------------------------------------------


def _owe_email(registration: Registration, kind: str) -> Notification:
    # In the change's transaction; the outbox sends it (events/outbox.py).
    return outbox.owe(registration, kind)
