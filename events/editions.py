"""Next year's edition from this year's: the same programme as drafts, its dates moved, nobody registered.

`plan_edition_copy` says what a copy would create and writes nothing (the admin shows it before the organizer
confirms); `copy_edition` makes the same plan and carries it out in one transaction. Each event is copied by
`services.duplicate_event`, the rule an event's own "Duplicate" uses: as a draft with a new unique slug, its
sessions, speakers, topics and partner roles, its capacity and registration window moved with it, no registration
and no outcome. Venues, speakers, topics and organizations are shared objects: linked, never copied.

How dates move (`Keep`): by the days between the two editions' first days ("same date": 7 November stays
7 November), or by that difference rounded to whole weeks ("same weekday": a Friday stays a Friday). Times stay
the same wall-clock time at the venue, across a change between summer and winter time too. The new edition
lasts as many days as the old one; an event moved outside its days is refused, naming it, and nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events.models import Edition, Event
from events.services import ProgrammeError, duplicate_event, wall_clock_shift
from nanjingweek.typography import date_range


class Keep(models.TextChoices):
    WEEKDAY = "weekday", _("the same weekday (moved by whole weeks)")
    DATE = "date", _("the same date")


@dataclass(frozen=True)
class PlannedEvent:
    original: Event
    starts_at: datetime | None  # the copy's start; None for an event announced without a date
    session_count: int
    role_count: int

    @property
    def new_local_start(self) -> datetime | None:
        return self.starts_at.astimezone(self.original.zone) if self.starts_at else None


@dataclass(frozen=True)
class EditionPlan:
    source: Edition
    slug: str
    start_date: date
    end_date: date
    shift: timedelta
    events: list[PlannedEvent] = field(default_factory=list)

    @property
    def session_count(self) -> int:
        return sum(planned.session_count for planned in self.events)

    @property
    def role_count(self) -> int:
        return sum(planned.role_count for planned in self.events)


def date_shift(old_start: date, new_start: date, *, keep: str) -> timedelta:
    """How far every date moves: the days between the first days, or those rounded to whole weeks."""
    days = (new_start - old_start).days
    if keep == Keep.WEEKDAY:
        days = round(days / 7) * 7
    return timedelta(days=days)


def plan_edition_copy(
    edition: Edition, *, slug: str, start_date: date, keep: str, events: list[Event] | None = None
) -> EditionPlan:
    """What copying `edition` (all its events, or those given) to a new one from `start_date` would create.

    Raises ProgrammeError, with a message for the organizer, when the slug is taken or an event would fall
    outside the new edition's days. Writes nothing.
    """
    if Edition.objects.filter(slug=slug).exists():
        raise ProgrammeError(gettext("An edition with the web address “%(slug)s” exists already.") % {"slug": slug})
    try:
        end_date = start_date + (edition.end_date - edition.start_date)
        shift = date_shift(edition.start_date, start_date, keep=keep)
        chosen = (
            edition.events.select_related("venue__city").annotate(
                session_total=models.Count("sessions", distinct=True), role_total=models.Count("roles", distinct=True)
            )
        ).order_by(models.F("starts_at").asc(nulls_last=True), "pk")
        if events is not None:
            chosen = chosen.filter(pk__in=[event.pk for event in events])
        planned = []
        for event in chosen:
            starts_at = wall_clock_shift(event.starts_at, by=shift, zone=event.zone) if event.starts_at else None
            if starts_at is not None:
                first = starts_at.astimezone(event.zone).date()
                last = wall_clock_shift(event.ends_at, by=shift, zone=event.zone).astimezone(event.zone).date()
                if first < start_date or last > end_date:
                    raise ProgrammeError(
                        gettext(
                            "“%(event)s” would take place on %(date)s, outside the new edition's days (%(dates)s). "
                            "Choose another first day or the other way of moving the dates, or leave the event out."
                        )
                        % {"event": event, "date": date_range(first, last), "dates": date_range(start_date, end_date)}
                    )
            planned.append(PlannedEvent(event, starts_at, event.session_total, event.role_total))
    except OverflowError:
        # A first day typed near the calendar's end (9999) moves some date beyond it.
        raise ProgrammeError(gettext("The dates cannot be moved that far. Please choose another first day.")) from None
    return EditionPlan(edition, slug, start_date, end_date, shift, planned)


def copy_edition(
    edition: Edition,
    *,
    names: dict[str, str],
    slug: str,
    start_date: date,
    keep: str,
    events: list[Event] | None = None,
) -> Edition:
    """Create the new edition and its draft events as `plan_edition_copy` describes, all or nothing.

    `names` maps language codes to the new edition's name (English required). Motto, description and organizer
    are the old edition's; the new one is never the current edition until an organizer ticks it.
    """
    if not (names.get(mt_settings.DEFAULT_LANGUAGE) or "").strip():
        raise ProgrammeError(gettext("Please give the new edition a name in English."))
    with transaction.atomic():
        plan = plan_edition_copy(edition, slug=slug, start_date=start_date, keep=keep, events=events)
        copy = Edition(
            slug=slug,
            start_date=plan.start_date,
            end_date=plan.end_date,
            organizer_id=edition.organizer_id,
            is_current=False,
        )
        for language in mt_settings.AVAILABLE_LANGUAGES:
            for name in ("theme", "description"):
                localized = build_localized_fieldname(name, language)
                setattr(copy, localized, getattr(edition, localized))
            setattr(copy, build_localized_fieldname("name", language), names.get(language, "") or "")
        copy.save()
        for planned in plan.events:
            duplicate_event(planned.original, starts_at=planned.starts_at, edition=copy)
    return copy
