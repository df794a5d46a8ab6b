"""What came of an event, and of an edition: the rules that gather outcomes for the public pages.

An event shows its outcomes once it has taken place: published (neither cancelled nor postponed) and past its
end time (`took_place`, the same rule as `EventQuerySet.held`). Before that nothing of them shows, even if
organizers have filled them in already.

- Participants: the number organizers entered, else the attendees checked in at the door
  (`EventQuerySet.with_participants`, the one place of that rule).
- The participation breakdown counts the registrations that were **checked in** (they were there; a confirmed
  registration may have stayed at home) by kind of organization and by country, never a person: a group of
  fewer than `SMALLEST_GROUP` people is counted under "other" (`fold`). One query, whatever the number of
  registrations.
- Agreements signed at the event (`partners.Agreement.event`), projects announced there
  (`partners.CooperationProject.event`) and its photo gallery (`events.EventPhoto`).

`event_outcomes` costs four queries once the event is over (none before), `edition_outcomes` two, however
many photos, agreements, projects or registrations there are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext

from events.models import Edition, Event, EventPhoto, Registration
from nanjingweek.locales import country_name, format_compact_money, format_money, format_number
from partners.models import Agreement, CooperationProject

# Groups smaller than this are never shown on their own: with the event's date and place, a "1" or a "2"
# next to a country or a kind of organization can name a person.
SMALLEST_GROUP = 5
OTHER = "other"


def took_place(event: Event, now: datetime | None = None) -> bool:
    """Published and over by its end time: what `EventQuerySet.held` selects, said of one loaded event."""
    now = now or timezone.now()
    return event.status == Event.Status.PUBLISHED and event.ends_at is not None and event.ends_at < now


# --- Participation breakdown ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One line of a breakdown: a kind of organization or a country (or "other") and how many people."""

    dimension: str  # "kind" or "country"
    key: str  # an OrganizationKind value, an ISO country code, or OTHER
    count: int

    @property
    def is_other(self) -> bool:
        return self.key == OTHER

    @property
    def label(self) -> str:
        """In the language of the page, read when shown."""
        if self.is_other:
            # Translators: in a breakdown of participants, small groups and those who did not say, together.
            return pgettext("participation breakdown", "Other")
        if self.dimension == "country":
            return country_name(self.key)
        return str(Registration.OrganizationKind(self.key).label)

    @property
    def display_count(self) -> str:
        return format_number(self.count)


@dataclass(frozen=True)
class Breakdown:
    """Checked-in attendees by kind of organization and by country, small groups folded into "other"."""

    counted: int
    by_kind: list[Group]
    by_country: list[Group]

    def __bool__(self) -> bool:
        return bool(self.by_kind or self.by_country)

    @property
    def display_counted(self) -> str:
        return format_number(self.counted)


def fold(counts: Mapping[str, int], *, smallest: int = SMALLEST_GROUP) -> list[tuple[str, int]]:
    """Groups to show, largest first, with every group under `smallest` counted under OTHER (last).

    Never a group of fewer than `smallest`: when "other" itself would hold only one to four people, the
    smallest shown group joins it, until it is large enough. When everything ends up in "other" there is
    nothing to break down, and the answer is empty. Keys OTHER and "" (not said) count as other from the start.
    """
    shown = {key: count for key, count in counts.items() if key not in (OTHER, "") and count >= smallest}
    other = sum(counts.values()) - sum(shown.values())
    while 0 < other < smallest and shown:
        key = min(shown, key=lambda name: (shown[name], name))
        other += shown.pop(key)
    if not shown:
        return []
    groups = sorted(shown.items(), key=lambda item: (-item[1], item[0]))
    return [*groups, (OTHER, other)] if other else groups


def participation_breakdown(event: Event) -> Breakdown:
    """The event's checked-in registrations by kind of organization and by country (one query, no person read)."""
    rows = (
        Registration.objects.filter(event=event, checked_in_at__isnull=False)
        .order_by()
        .values_list("organization_kind", "country")
        .annotate(count=Count("pk"))
    )
    kinds: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    for kind, country, count in rows:
        kinds[kind] += count
        countries[country] += count
    return Breakdown(
        counted=sum(kinds.values()),
        by_kind=[Group("kind", key, count) for key, count in fold(kinds)],
        by_country=[Group("country", key, count) for key, count in fold(countries)],
    )


# --- One event --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventOutcomes:
    report: str
    participants: int | None
    breakdown: Breakdown
    agreements: list[Agreement]
    projects: list[CooperationProject]
    photos: list[EventPhoto]

    def __bool__(self) -> bool:
        return bool(
            self.report or self.participants or self.breakdown or self.agreements or self.projects or self.photos
        )

    @property
    def display_participants(self) -> str:
        return format_number(self.participants) if self.participants else ""


def participants_of(event: Event) -> int | None:
    """The `with_participants` annotation of a loaded event; read from the database if it was not annotated."""
    if hasattr(event, "participants"):
        return event.participants
    return Event.objects.with_participants().filter(pk=event.pk).values_list("participants", flat=True).first()


def event_outcomes(event: Event, *, now: datetime | None = None) -> EventOutcomes | None:
    """What came of the event, or None while it has not taken place (nothing of it is shown before the end)."""
    if not took_place(event, now):
        return None
    return EventOutcomes(
        report=event.outcome_report or "",
        participants=participants_of(event),
        breakdown=participation_breakdown(event),
        agreements=list(Agreement.objects.filter(event=event).select_related("sector")),
        projects=list(
            CooperationProject.objects.filter(event=event)
            .select_related("organization", "sector", "city")
            .order_by("sector__slug", "organization__slug", "pk")
        ),
        photos=list(EventPhoto.objects.filter(event=event)),
    )


# --- An edition -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A sum of money in one currency."""

    currency: str
    total: Decimal

    @property
    def compact(self) -> str:
        """As people say it: "€20 million", „20 Mio. €“, “2000万欧元”; never wrapped inside "US-Dollar"."""
        return format_compact_money(self.total, self.currency).replace("-", "\u2011")

    @property
    def exact(self) -> str:
        return format_money(self.total, self.currency)


@dataclass(frozen=True)
class EventSummary:
    """One event of an edition's outcomes table."""

    event: Event
    participants: int | None
    agreements: int
    projects: int

    @property
    def display_participants(self) -> str:
        return format_number(self.participants) if self.participants else ""

    @property
    def display_agreements(self) -> str:
        return format_number(self.agreements) if self.agreements else ""

    @property
    def display_projects(self) -> str:
        return format_number(self.projects) if self.projects else ""


@dataclass(frozen=True)
class EditionOutcomes:
    """The sums over an edition's events that took place, and those of them with something to show."""

    events: list[EventSummary] = field(default_factory=list)
    participants: int = 0
    agreements: int = 0
    projects: int = 0
    investments: list[Amount] = field(default_factory=list)  # one sum per currency, never across currencies

    def __bool__(self) -> bool:
        return bool(self.events)

    @property
    def display_participants(self) -> str:
        return format_number(self.participants)

    @property
    def display_agreements(self) -> str:
        return format_number(self.agreements)

    @property
    def display_projects(self) -> str:
        return format_number(self.projects)


def _count_of(model) -> Coalesce:
    rows = model.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def edition_outcomes(edition: Edition, *, now: datetime | None = None) -> EditionOutcomes:
    """Sums over the edition's events that took place, in two queries: participants where known, agreements
    signed, projects announced and their investment per currency. The events listed are those with any of these.
    """
    held = Event.objects.filter(edition=edition).held(now)
    events = list(
        held.with_venue()
        .with_participants()
        .annotate(agreement_count=_count_of(Agreement), project_count=_count_of(CooperationProject))
        .filter(Q(participants__isnull=False) | Q(agreement_count__gt=0) | Q(project_count__gt=0))
        .order_by("starts_at", "slug")
    )
    if not events:
        return EditionOutcomes()
    investments = (
        CooperationProject.objects.filter(event__in=held, investment_amount__isnull=False)
        .exclude(investment_currency="")
        .order_by("investment_currency")
        .values_list("investment_currency")
        .annotate(total=Sum("investment_amount"))
    )
    summaries = [
        EventSummary(event, event.participants, event.agreement_count, event.project_count) for event in events
    ]
    return EditionOutcomes(
        events=summaries,
        participants=sum(summary.participants or 0 for summary in summaries),
        agreements=sum(summary.agreements for summary in summaries),
        projects=sum(summary.projects for summary in summaries),
        investments=[Amount(currency, Decimal(total)) for currency, total in investments],
    )
