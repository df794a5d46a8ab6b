"""Who may see which events, and what a page needs loaded with them."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone


class EditionQuerySet(models.QuerySet):
    def current(self):
        """The edition marked current, else the latest one: the site always has something to show."""
        return self.order_by("-is_current", "-start_date").first()


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

    def dated(self) -> EventQuerySet:
        return self.filter(starts_at__isnull=False)

    def undated(self) -> EventQuerySet:
        return self.filter(starts_at__isnull=True)

    def with_venue(self) -> EventQuerySet:
        """Enough for lists: venue, city (its time zone) and edition in the same query."""
        return self.select_related("venue__city", "edition")

    def with_details(self) -> EventQuerySet:
        """Everything an event page shows, in a fixed number of queries whatever the programme's size."""
        from events.models import Session
        from partners.models import EventRole

        return self.with_venue().prefetch_related(
            "topics",
            Prefetch(
                "sessions",
                queryset=Session.objects.prefetch_related("speakers__organization"),
                to_attr="agenda",
            ),
            Prefetch(
                "roles",
                queryset=EventRole.objects.select_related("organization"),
                to_attr="partner_roles",
            ),
        )
