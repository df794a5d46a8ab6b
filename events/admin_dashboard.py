"""The organizers' dashboard (`/admin/events/dashboard/`): how registrations stand and develop for every open event.

Open: registration required, published (not cancelled or postponed), not over; the newest edition's first, each
edition's by start. For each: the fill (confirmed of capacity, waiting list, awaiting confirmation, checked in),
new registrations per day over the last DAYS days (or since registration opened) as an SVG chart drawn here with
a table beside it, and who registered by kind of organization, country and language.

Four queries, however many events and registrations: the events, then three aggregates over all their
registrations at once (counts by status, by day, by kind/country/language). Days are the venue's days: the date
of each registration is taken in its event's zone inside the query (one CASE over the few zones there are).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from babel.dates import format_skeleton
from babel.numbers import format_percent
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, DateField, F, Q, When
from django.db.models.functions import TruncDate
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.admin_times import format_local
from events.models import Event, Registration
from nanjingweek.locales import country_name
from nanjingweek.typography import format_locale

DAYS = 30

# The chart's drawing, in SVG user units; it scales to the width of its column.
CHART_WIDTH = 600
CHART_HEIGHT = 180
CHART_LEFT = 36  # room for the scale's numbers
CHART_TOP = 12
CHART_BOTTOM = 28  # room for the first and last day
BAR_GAP = 0.2  # of a day's width


def open_events(now: datetime | None = None):
    """Events people register for now or may still: registration required, published, not over."""
    return (
        Event.objects.filter(registration_required=True, status=Event.Status.PUBLISHED)
        .upcoming(now)
        .with_venue()
        .order_by(F("edition__start_date").desc(), F("starts_at").asc(nulls_last=True), "slug")
    )


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: str


@dataclass(frozen=True)
class Bar:
    day: date
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    """Registrations per day, ready to draw: bars, the scale's top, and words for those who cannot see it."""

    bars: list[Bar]
    total: int
    scale_top: int
    scale_y: float
    baseline_y: float
    plot_left: int
    plot_right: int
    first_label: str
    last_label: str
    description: str
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT


@dataclass
class EventDashboard:
    event: Event
    confirmed: int = 0
    waiting: int = 0
    awaiting: int = 0
    checked_in: int = 0
    per_day: dict[date, int] = field(default_factory=dict)
    chart: Chart | None = None
    live: int = 0
    by_kind: list[Share] = field(default_factory=list)
    by_country: list[Share] = field(default_factory=list)
    by_language: list[Share] = field(default_factory=list)

    @property
    def capacity(self) -> int | None:
        return self.event.capacity

    @property
    def fill_percent(self) -> int | None:
        """Of the capacity, for the bar: 0–100 (a capacity lowered below the confirmed count shows as full)."""
        if not self.capacity:
            return None
        return min(100, round(100 * self.confirmed / self.capacity))

    @property
    def when(self) -> str:
        """The start in the venue's time with its zone, as the admin's event list shows it."""
        return format_local(self.event.local_start)

    @property
    def fill_label(self) -> str:
        if self.capacity is None:
            return ngettext(
                "%(confirmed)d confirmed, no limit", "%(confirmed)d confirmed, no limit", self.confirmed
            ) % {"confirmed": self.confirmed}
        if not self.capacity:
            return gettext("No seats: the capacity is 0.")
        return ngettext(
            "%(confirmed)d of %(capacity)d seat taken (%(percent)s)",
            "%(confirmed)d of %(capacity)d seats taken (%(percent)s)",
            self.capacity,
        ) % {
            "confirmed": self.confirmed,
            "capacity": self.capacity,
            "percent": format_percent(self.confirmed / self.capacity, locale=format_locale()),
        }


def dashboard(now: datetime | None = None) -> list[EventDashboard]:
    """Every open event with its figures, in four queries whatever their number."""
    now = now or timezone.now()
    boards = {event.pk: EventDashboard(event) for event in open_events(now)}
    if not boards:
        return []
    registrations = Registration.objects.filter(event_id__in=list(boards)).order_by()
    _add_fill(boards, registrations)
    _add_days(boards, registrations, now)
    _add_breakdowns(boards, registrations)
    return list(boards.values())


def _add_fill(boards: dict[int, EventDashboard], registrations) -> None:
    status = Registration.Status
    counts = registrations.values("event_id").annotate(
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=status.WAITLISTED)),
        awaiting=Count("pk", filter=Q(status=status.AWAITING_CONFIRMATION)),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    for row in counts:
        board = boards[row["event_id"]]
        board.confirmed, board.waiting = row["confirmed"], row["waiting"]
        board.awaiting, board.checked_in = row["awaiting"], row["checked_in"]


def _first_day(event: Event, today: date) -> date:
    """The chart's first day: DAYS days back, or the day registration opened if that was later."""
    first = today - timedelta(days=DAYS - 1)
    if event.registration_opens_at:
        opened = timezone.localtime(event.registration_opens_at, event.zone).date()
        first = min(max(first, opened), today)
    return first


def _add_days(boards: dict[int, EventDashboard], registrations, now: datetime) -> None:
    by_zone: dict[str, list[int]] = defaultdict(list)
    for pk, board in boards.items():
        by_zone[board.event.venue.city.timezone].append(pk)
    zones = {board.event.venue.city.timezone: board.event.zone for board in boards.values()}
    # The date of a registration in its event's zone, in the database: one CASE over the zones on the page.
    local_day = Case(
        *(When(event_id__in=pks, then=TruncDate("created_at", tzinfo=zones[key])) for key, pks in by_zone.items()),
        output_field=DateField(),
    )
    # A day more than the chart shows: a day in Nanjing begins hours before it begins in the server's zone.
    since = now - timedelta(days=DAYS + 1)
    rows = (
        registrations.filter(created_at__gte=since)
        .annotate(day=local_day)
        .values("event_id", "day")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        boards[row["event_id"]].per_day[row["day"]] = row["count"]
    for board in boards.values():
        today = timezone.localtime(now, board.event.zone).date()
        board.chart = chart(board.per_day, _first_day(board.event, today), today)


def _add_breakdowns(boards: dict[int, EventDashboard], registrations) -> None:
    """Who holds or waits for a seat (cancelled registrations left out), by kind, country and language."""
    kinds, countries, languages = (defaultdict(Counter) for _ in range(3))
    rows = (
        registrations.filter(status__in=Registration.LIVE_STATUSES)
        .values("event_id", "organization_kind", "country", "language")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        pk, count = row["event_id"], row["count"]
        kinds[pk][row["organization_kind"]] += count
        countries[pk][row["country"]] += count
        languages[pk][row["language"]] += count
    kind_labels = dict(Registration.OrganizationKind.choices)
    language_labels = dict(settings.LANGUAGES)
    not_given = gettext("Not given")
    for pk, board in boards.items():
        board.live = sum(kinds[pk].values())
        board.by_kind = _shares(kinds[pk], lambda code: kind_labels.get(code, code) if code else not_given)
        board.by_country = _shares(countries[pk], lambda code: country_name(code) if code else not_given)
        board.by_language = _shares(languages[pk], lambda code: language_labels.get(code, code))


def _shares(counts: Counter, label) -> list[Share]:
    total = sum(counts.values())
    locale = format_locale()
    shares = [
        Share(str(label(code)), count, format_percent(count / total, locale=locale)) for code, count in counts.items()
    ]
    # The largest first; equal ones by name, so the order does not change from one visit to the next.
    return sorted(shares, key=lambda share: (-share.count, share.label))


def day_label(day: date) -> str:
    """'7 Nov', '7. Nov.', '11月7日'."""
    return format_skeleton("MMMd", day, locale=format_locale())


def _scale_top(highest: int) -> int:
    """A round number at or above the highest bar: 1, 2, 5, 10, 20, 50 …"""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= highest:
                return step * factor
        step *= 10


def chart(per_day: dict[date, int], first: date, last: date) -> Chart:
    """The bars of registrations per day from `first` to `last`, days without any included (as zero)."""
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    counts = [per_day.get(day, 0) for day in days]
    top = _scale_top(max(counts, default=0) or 1)
    plot_right = CHART_WIDTH - 8
    plot_width = plot_right - CHART_LEFT
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    baseline = CHART_TOP + plot_height
    slot = plot_width / len(days)
    bars = []
    for index, (day, count) in enumerate(zip(days, counts, strict=True)):
        height = plot_height * count / top
        bars.append(
            Bar(
                day=day,
                label=day_label(day),
                count=count,
                x=round(CHART_LEFT + index * slot + slot * BAR_GAP / 2, 2),
                y=round(baseline - height, 2),
                width=round(slot * (1 - BAR_GAP), 2),
                height=round(height, 2),
            )
        )
    total = sum(counts)
    busiest = max(bars, key=lambda bar: bar.count)
    description = ngettext(
        "From %(first)s to %(last)s: %(total)d new registration.",
        "From %(first)s to %(last)s: %(total)d new registrations.",
        total,
    ) % {"first": bars[0].label, "last": bars[-1].label, "total": total}
    if total:
        description += " " + gettext("Most on %(day)s: %(count)d.") % {"day": busiest.label, "count": busiest.count}
    return Chart(
        bars=bars,
        total=total,
        scale_top=top,
        scale_y=CHART_TOP,
        baseline_y=baseline,
        plot_left=CHART_LEFT,
        plot_right=plot_right,
        first_label=bars[0].label,
        last_label=bars[-1].label,
        description=description,
    )


def dashboard_view(request, site):
    """For staff who may see registrations: Organizers and Check-in staff (the admin site checked is_staff)."""
    if not request.user.has_perm("events.view_registration"):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": _("Registrations dashboard"),
        "app_name": apps.get_app_config("events").verbose_name,
        "boards": dashboard(),
        "days": DAYS,
    }
    return TemplateResponse(request, "admin/events/dashboard.html", context)
