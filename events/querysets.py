"""Who may see which events, and what a page needs loaded with them."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

if TYPE_CHECKING:
    from events.models import Edition


class EditionQuerySet(models.QuerySet):
    def current(self, today: date | None = None):
        """The edition the home page and the schedule show on the calendar date `today` (default: today in the
        site's zone, `events.timeline.edition_today`).

        The one running, else the next to begin; when none is running or coming, the most recent. Of two that
        are running at once, the one that began first. `is_current` overrides the dates: an edition an organizer
        ticked is current whatever its dates (at most one can be ticked). None only without any edition.
        """
        return self.current_first(today).first()

    def current_first(self, today: date | None = None) -> EditionQuerySet:
        """The editions in the order `current` chooses by, the current one first: for a subquery
        (`EventQuerySet.with_current_edition`). `events.timeline.current_edition` is its Python twin."""
        today = today or timezone.localdate()
        not_over = Q(end_date__gte=today)
        return self.order_by(
            F("is_current").desc(),
            ExpressionWrapper(not_over, output_field=models.BooleanField()).desc(),
            Case(When(not_over, then=F("start_date"))).asc(nulls_last=True),
            F("end_date").desc(),
            F("start_date").desc(),
            "pk",
        )

    def over(self, today: date | None = None) -> EditionQuerySet:
        """Editions whose last day lies before `today` (default: today in the site's zone), the latest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-end_date", "-start_date", "pk")


# What the header shows of the current edition (its name, in every language): loaded with an event by
# `EventQuerySet.with_current_edition`.
CURRENT_EDITION_FIELDS = ("id", "slug", "name", "name_en", "name_de", "name_zh_hans")


def current_edition_of(event) -> Edition | None:
    """The current edition, from an event loaded `with_current_edition`: the event's own edition when that is the
    current one, else an edition of the fields loaded (the others are deferred, read from the database if used)."""
    from events.models import Edition

    fields = {name: getattr(event, f"current_edition_{name}") for name in CURRENT_EDITION_FIELDS}
    if fields["id"] is None:
        return None
    if fields["id"] == event.edition_id and "edition" in event._state.fields_cache:
        return event.edition
    # from_db takes the values in the order of the model's fields, and defers the fields not named.
    names = [field.attname for field in Edition._meta.concrete_fields if field.attname in fields]
    return Edition.from_db(event._state.db, names, [fields[name] for name in names])


# What a list of event cards reads of each event (events/templatetags/event_tags.py, event_cards) and what the
# schedule divides them by, registration included (the "full" badge): the descriptions, reports and images are not
# loaded for 300 cards. Reading another field would cost a query per event, which the query budgets of
# tests/test_public_pages.py catch.
CARD_FIELDS = (
    "venue",
    "title",
    "slug",
    "summary",
    "starts_at",
    "ends_at",
    "announced_period",
    "status",
    "kind",
    "registration_required",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
)


class EventQuerySet(models.QuerySet):
    def published(self) -> EventQuerySet:
        """Events visitors may see: everything but drafts. Cancelled and postponed events stay visible, marked."""
        return self.exclude(status="draft")

    def upcoming(self, now: datetime | None = None) -> EventQuerySet:
        """Not over yet: running or still to come, and events announced without a date."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__gte=now) | Q(starts_at__isnull=True))

    def past(self, now: datetime | None = None) -> EventQuerySet:
        """Over: the end lies before now. Undated events are never past."""
        now = now or timezone.now()
        return self.filter(ends_at__lt=now)

    def running(self, now: datetime | None = None) -> EventQuerySet:
        """Happening now: begun and not over, start and end included (`events.timeline.phase` says RUNNING)."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gte=now)

    def to_come(self, now: datetime | None = None) -> EventQuerySet:
        """Dated and not begun yet (`events.timeline.phase` says UPCOMING)."""
        now = now or timezone.now()
        return self.filter(starts_at__gt=now)

    def held(self, now: datetime | None = None) -> EventQuerySet:
        """Took place: published (neither cancelled nor postponed) and over. Only these show their outcomes.

        `events.outcomes.took_place` says the same of one loaded event.
        """
        return self.filter(status="published").past(now)

    def with_participants(self) -> EventQuerySet:
        """`participants`: the number organizers entered after the event, else the attendees checked in at the
        door; None when neither is known (no number entered and nobody checked in).

        The one place of this rule: the event page and the edition's sums both read this annotation. A
        subquery, not a join, so it adds no query and no GROUP BY to the query it annotates.
        """
        from events.models import Registration

        checked_in = (
            Registration.objects.filter(event=OuterRef("pk"), checked_in_at__isnull=False)
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            participants=Coalesce(F("participant_count"), Subquery(checked_in), output_field=models.IntegerField()),
        )

    def with_confirmed_count(self) -> EventQuerySet:
        """`confirmed_count`: the seats taken (confirmed registrations), for `registration_state` to be given
        rather than to count in a query of its own."""
        from events.models import Registration

        confirmed = (
            Registration.objects.filter(event=OuterRef("pk"))
            .confirmed()
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(confirmed_count=Coalesce(Subquery(confirmed), 0))

    def with_current_edition(self, today: date | None = None) -> EventQuerySet:
        """`current_edition_id`, `current_edition_name` …: the fields the header shows of the edition
        `Edition.objects.current(today)` chooses (the same on every row; None without editions), which
        `current_edition_of(event)` makes an edition. A page of one event then needs no query for the header."""
        from events.models import Edition

        current = Edition.objects.current_first(today)
        # raw_values: the columns themselves, not modeltranslation's value in the active language.
        return self.annotate(
            **{f"current_edition_{name}": Subquery(current.raw_values(name)[:1]) for name in CURRENT_EDITION_FIELDS}
        )

    def with_previous_start(self) -> EventQuerySet:
        """`previous_start`: the latest start the event's history records (nanjingweek/history.py) other than its
        start now, None if it never moved: what a postponed event was first announced for. A subquery, no query."""
        from events.models import HistoricalEvent

        earlier = (
            HistoricalEvent.objects.filter(id=OuterRef("pk"), starts_at__isnull=False)
            .exclude(starts_at=OuterRef("starts_at"))
            .order_by("-history_date", "-history_id")
            .values("starts_at")[:1]
        )
        return self.annotate(previous_start=Subquery(earlier))

    def first_dated_and_undated(self, count: int) -> EventQuerySet:
        """The first `count` dated events (by start) and the first `count` announced without a date (by slug), in
        one query: a row number within each of the two, kept up to `count`. The home page shows both. The rows are
        numbered in a subquery of their keys alone, so the joins and annotations of the list are made for the
        chosen rows only."""
        undated = ExpressionWrapper(Q(starts_at__isnull=True), output_field=models.BooleanField())
        position = Window(RowNumber(), partition_by=[undated], order_by=[F("starts_at").asc(), F("slug").asc()])
        firsts = self.order_by().annotate(position=position).filter(position__lte=count).values("pk")
        return self.filter(pk__in=firsts)

    def dated(self) -> EventQuerySet:
        return self.filter(starts_at__isnull=False)

    def undated(self) -> EventQuerySet:
        return self.filter(starts_at__isnull=True)

    def with_venue(self) -> EventQuerySet:
        """Enough for lists: venue, city (its time zone) and edition in the same query."""
        return self.select_related("venue__city", "edition")

    def with_places(self) -> EventQuerySet:
        """Venue and city (its time zone), for long lists: each venue and city loaded once, in a query of its own,
        rather than once per event in a join (`with_venue`), which makes a list of 300 events a third cheaper."""
        return self.prefetch_related("venue__city")

    def for_cards(self) -> EventQuerySet:
        """What a long list of event cards shows (the schedule, an edition): the card's fields only, the places
        (`with_places`) and the seats taken (`with_confirmed_count`), in three queries whatever the list's length."""
        return self.with_places().only(*CARD_FIELDS).with_confirmed_count()

    def with_details(self) -> EventQuerySet:
        """Everything an event page shows, in a fixed number of queries whatever the programme's size."""
        from events.models import Session, Speaker
        from partners.models import EventRole

        return self.with_venue().prefetch_related(
            "topics",
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related(
                    Prefetch("speakers", queryset=Speaker.objects.select_related("organization"))
                ),
                to_attr="agenda",
            ),
            Prefetch(
                "roles",
                queryset=EventRole.objects.select_related("organization"),
                to_attr="partner_roles",
            ),
        )


class SpeakerQuerySet(models.QuerySet):
    def public(self) -> SpeakerQuerySet:
        """Speakers visitors may see: those with at least one session in a published event."""
        from events.models import Event, Session

        sessions = Session.objects.filter(speakers=OuterRef("pk"), event__in=Event.objects.published())
        return self.filter(Exists(sessions))

    def with_sessions(self) -> SpeakerQuerySet:
        """Their sessions in published events, with event, venue and city: `upcoming_sessions` (soonest first,
        undated events last) and `past_sessions` (latest first), as the events' upcoming() and past() divide them.
        """
        from events.models import Event, Session

        def sessions(events, *event_order):
            return (
                Session.objects.filter(event__in=events)
                .select_related("event__venue__city", "event__edition")
                .order_by(*event_order, "event__slug", "order", F("starts_at").asc(nulls_last=True), "pk")
            )

        published = Event.objects.published()
        return self.prefetch_related(
            Prefetch(
                "sessions",
                queryset=sessions(published.upcoming(), F("event__starts_at").asc(nulls_last=True)),
                to_attr="upcoming_sessions",
            ),
            Prefetch(
                "sessions",
                queryset=sessions(published.past(), F("event__starts_at").desc()),
                to_attr="past_sessions",
            ),
        )
