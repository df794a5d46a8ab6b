"""Rules that change the programme. Admin actions, views and management commands all call these functions.

Calendar apps that subscribed to an event only pick up a change when its `sequence` grows (RFC 5545), so
every change of status, date or place raises it — here, and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events.models import Edition, Event, Session
from events.registrations import notify_event_cancelled
from nanjingweek import history
from partners.models import EventRole

# What a calendar entry shows: when it starts and ends, where, and whether it still takes place.
CALENDAR_FIELDS = frozenset({"status", "starts_at", "ends_at", "venue"})

SLUG_MAX_LENGTH = Event._meta.get_field("slug").max_length
# A suffix an earlier copy added ("-2026-11-06", "-copy", "-copy-3"), dropped before adding the copy's own.
COPY_SUFFIX = re.compile(r"-(?:\d{4}-\d{2}-\d{2}|copy)(?:-\d+)?$")


class ProgrammeError(Exception):
    """A programme change that cannot be made; the message is shown to the organizer as is."""


# --- Revisions ---------------------------------------------------------------------------------------


def record_event_change(event: Event, *, changed_fields: Iterable[str]) -> bool:
    """After an edit of `event`: raise its calendar revision when status, start, end or venue changed.

    Returns whether it did. Other edits (title, description …) leave the revision alone.
    """
    if not CALENDAR_FIELDS.intersection(changed_fields):
        return False
    with transaction.atomic():
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.sequence = Event.objects.values_list("sequence", flat=True).get(pk=event.pk)
    return True


def save_event_edit(event: Event, *, changed_fields: Iterable[str]) -> bool:
    """Save `event` as edited in a form, raising its calendar revision when status, start, end or venue changed.

    The revision written is the database's, not the one loaded with the form: an action may have raised it
    since, and writing an older one back would make calendar apps ignore the next change. The row stays
    locked from reading the revision to raising it. Returns whether the revision was raised.
    """
    with transaction.atomic():
        if event.pk is None:
            event.save()
            return False
        event.sequence = Event.objects.select_for_update().values_list("sequence", flat=True).get(pk=event.pk)
        event.save()
        return record_event_change(event, changed_fields=changed_fields)


# --- Status ------------------------------------------------------------------------------------------


def _change_status(
    events: Iterable[Event] | QuerySet, *, to: str, allowed_from: Iterable[str], reason: str
) -> list[Event]:
    """Set `to` on those of `events` whose status is in `allowed_from`; the others are left as they are.

    The rows are locked and re-read first, so two organizers clicking at once change each event once.
    Each event is saved on its own (not one ``update()``) so that its history records the change, with `reason`.
    Returns the events that changed, with their new status and revision.
    """
    pks = events.values("pk") if isinstance(events, QuerySet) else [event.pk for event in events]
    with transaction.atomic(), history.reason(reason):
        changing = list(
            Event.objects.select_for_update().filter(pk__in=pks, status__in=list(allowed_from)).order_by("pk")
        )
        for event in changing:
            event.status = to
            # Read under the row lock above: adding here is as safe as F("sequence") + 1.
            event.sequence += 1
            event.save(update_fields=["status", "sequence", "updated_at"])
    return changing


def publish_events(events: Iterable[Event] | QuerySet) -> list[Event]:
    """Show events to visitors: drafts, cancelled and postponed events become published.

    Publishing a cancelled or postponed event reinstates it. Events already published are left alone.
    """
    statuses = [Event.Status.DRAFT, Event.Status.CANCELLED, Event.Status.POSTPONED]
    return _change_status(events, to=Event.Status.PUBLISHED, allowed_from=statuses, reason=history.PUBLISHED.text())


def unpublish_events(events: Iterable[Event] | QuerySet) -> list[Event]:
    """Take events off the public site: every status but draft goes back to draft. Nothing is deleted."""
    statuses = [Event.Status.PUBLISHED, Event.Status.CANCELLED, Event.Status.POSTPONED]
    return _change_status(events, to=Event.Status.DRAFT, allowed_from=statuses, reason=history.UNPUBLISHED.text())


def cancel_events(events: Iterable[Event] | QuerySet) -> list[Event]:
    """Call off announced events: published and postponed events become cancelled, never deleted.

    They stay on the public site, marked cancelled, so visitors and calendars learn of it, and everyone
    still registered is told by e-mail once the change is committed. Drafts are left alone: they were never
    announced, and cancelling one would make it public.
    """
    statuses = [Event.Status.PUBLISHED, Event.Status.POSTPONED]
    with transaction.atomic():
        cancelled = _change_status(
            events, to=Event.Status.CANCELLED, allowed_from=statuses, reason=history.CANCELLED.text()
        )
        for event in cancelled:
            notify_event_cancelled(event)
    return cancelled


# --- Duplication -------------------------------------------------------------------------------------


def copy_slug(event: Event, *, starts_at: datetime | None) -> str:
    """A new unique slug for a copy of `event`: its slug with the copy's local start date, or "-copy".

    ``heritage-forum`` → ``heritage-forum-2026-11-06``; a copy of that copy does not stack dates.
    """
    base = COPY_SUFFIX.sub("", event.slug)
    suffix = starts_at.astimezone(event.zone).date().isoformat() if starts_at else "copy"
    candidate = f"{base[: SLUG_MAX_LENGTH - len(suffix) - 1]}-{suffix}"
    slug, number = candidate, 2
    while Event.objects.filter(slug=slug).exists():
        tail = f"-{number}"
        slug = f"{candidate[: SLUG_MAX_LENGTH - len(tail)]}{tail}"
        number += 1
    return slug


def local_wall_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.astimezone(zone).replace(tzinfo=None)


def wall_clock_shift(moment: datetime | None, *, by: timedelta, zone: ZoneInfo) -> datetime | None:
    """`moment` moved by `by` on the venue's wall clock: 10:00 stays 10:00, across a clock change too.

    The one rule for every copy of the programme (an event's duplicate, a new edition): its times are the
    invitation's, typed in the venue's zone, so they move as its clock does, not by an amount of UTC. A moment
    moved into an hour the clock skips comes out an hour later, as the clock shows it.
    """
    if moment is None:
        return None
    local = moment.astimezone(zone).replace(tzinfo=None) + by
    return local.replace(tzinfo=zone).astimezone(dt_timezone.utc).astimezone(zone)


def duplicate_event(event: Event, *, starts_at: datetime | None, edition: Edition | None) -> Event:
    """Copy `event` with its sessions, partner roles and topics, as a draft, to a new start and/or edition.

    Every time of the copy — end, registration window, each session — moves as the start does on the venue's
    wall clock (`wall_clock_shift`), so the agenda keeps its shape and its hours.
    `starts_at` None keeps the original's times, `edition` None its edition.
    The copy gets a new unique slug and starts at revision 0; registrations are never copied. A copy whose date
    would fall outside its edition's days is refused, as the event form refuses it.
    """
    if starts_at is not None and event.starts_at is None:
        raise ProgrammeError(
            _("This event has no date to move from. Duplicate it without a new start, then give the copy its date.")
        )
    if starts_at is not None and timezone.is_naive(starts_at):
        raise ValueError("starts_at must be an aware datetime")
    zone = event.zone
    delta = local_wall_clock(starts_at, zone) - local_wall_clock(event.starts_at, zone) if starts_at else None

    def shifted(moment: datetime | None) -> datetime | None:
        return wall_clock_shift(moment, by=delta, zone=zone) if delta is not None else moment

    with transaction.atomic(), history.reason(history.DUPLICATED.text(original=event.title_en)):
        original = Event.objects.select_related("venue__city").get(pk=event.pk)
        sessions = list(Session.objects.filter(event=original))
        Speaking = Session.speakers.through
        speakers = list(Speaking.objects.filter(session__event=original).values_list("session_id", "speaker_id"))
        roles = list(EventRole.objects.filter(event=original))
        topics = list(original.topics.all())

        copy = Event.objects.get(pk=original.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.slug = copy_slug(original, starts_at=starts_at)
        copy.edition = edition or original.edition
        copy.status = Event.Status.DRAFT
        copy.sequence = 0
        # What came of the original stays its own: no report, no participants (photos, deals, projects stay too).
        copy.participant_count = None
        for language in mt_settings.AVAILABLE_LANGUAGES:
            setattr(copy, build_localized_fieldname("outcome_report", language), "")
        copy.starts_at = shifted(original.starts_at)
        copy.ends_at = shifted(original.ends_at)
        copy.registration_opens_at = shifted(original.registration_opens_at)
        copy.registration_closes_at = shifted(original.registration_closes_at)
        if copy.outside_edition():
            # The rule Event.clean applies in every form: an event lies within its edition's days.
            raise ProgrammeError(copy.outside_edition_message())
        copy.save()
        copy.topics.set(topics)

        new_session_ids = {}
        for session in sessions:
            old_id = session.pk
            session.pk = session.id = None
            session._state.adding = True
            session.event = copy
            session.starts_at = shifted(session.starts_at)
            session.ends_at = shifted(session.ends_at)
            session.save()
            new_session_ids[old_id] = session.pk
        Speaking.objects.bulk_create(
            Speaking(session_id=new_session_ids[session_id], speaker_id=speaker_id)
            for session_id, speaker_id in speakers
        )

        EventRole.objects.bulk_create(
            EventRole(organization_id=role.organization_id, event=copy, role=role.role, order=role.order)
            for role in roles
        )
    return copy
