"""What `./dev bench` requests: every public page type, with real addresses taken from the database.

`pick_pages()` runs inside the bench's worker process (nanjingweek.bench.worker), where Django is set up on the
database being measured. The programme pages (event, venue, city, edition, exhibition) are taken from the current
edition, which is the synthetic one the bench generated (nanjingweek.bench.databases), so that they grow with it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

CEILING_PATH = "/bench/ceiling"
CEILING = "ceiling"

# The search word: every synthetic event's kind is one of these, and "forum" is the most common.
SEARCH_QUERY = "forum"
FILTER_KIND = "forum"
SECOND_ZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Page:
    """One row of the benchmark. `conditional`: requested again with If-None-Match set to the ETag of the page
    `conditional` names (the "304" row)."""

    key: str
    label: str
    path: str
    conditional: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Page:
        return cls(**data)


@dataclass
class Picked:
    pages: list[Page]
    # Page types that could not be measured, with why (e.g. no published news article).
    skipped: list[tuple[str, str]]
    edition: str
    edition_events: int

    def as_dict(self) -> dict:
        return {
            "pages": [page.as_dict() for page in self.pages],
            "skipped": [list(item) for item in self.skipped],
            "edition": self.edition,
            "edition_events": self.edition_events,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Picked:
        return cls(
            pages=[Page.from_dict(page) for page in data["pages"]],
            skipped=[tuple(item) for item in data["skipped"]],
            edition=data["edition"],
            edition_events=data["edition_events"],
        )


def ceiling_page() -> Page:
    return Page(CEILING, "ceiling (a view that returns “ok”)", CEILING_PATH)


def pick_pages() -> Picked:
    """The pages to measure on the database Django is set up on: fixed pages, and the first published, dated
    event of the current edition with its venue and city, that edition, its first exhibition (else any), the first
    published news article. A type without an object is skipped, with the reason."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import translation

    from events.models import Edition, Event
    from exhibitions.models import Exhibition
    from nanjingweek.models import NewsArticle

    pages: list[Page] = []
    skipped: list[tuple[str, str]] = []

    def add(key: str, label: str, name: str, *, query: str = "", language: str = "en", **kwargs) -> None:
        with translation.override(language):
            path = reverse(name, kwargs=kwargs or None)
        pages.append(Page(key, label, f"{path}?{query}" if query else path))

    edition = Edition.objects.current()
    events = Event.objects.published().filter(edition=edition) if edition else Event.objects.none()
    event = (
        events.filter(status=Event.Status.PUBLISHED, starts_at__isnull=False).select_related("venue__city").first()
        or Event.objects.published().select_related("venue__city").order_by("pk").first()
    )
    exhibition = None
    if edition is not None:
        exhibition = Exhibition.objects.published().filter(edition=edition).order_by("pk").first()
    exhibition = exhibition or Exhibition.objects.published().order_by("pk").first()
    article = NewsArticle.objects.published().order_by("pk").first()

    add("home", "home", "home")
    add("schedule", "schedule", "events:schedule")
    add("schedule-kind", f"schedule ?kind={FILTER_KIND}", "events:schedule", query=f"kind={FILTER_KIND}")
    add("schedule-tz", f"schedule ?tz={SECOND_ZONE}", "events:schedule", query=f"tz={SECOND_ZONE}")
    add("schedule-zh", "schedule in Chinese", "events:schedule", language="zh-hans")
    if edition is not None:
        add("edition", "edition page", "events:edition", slug=edition.slug)
    else:
        skipped.append(("edition page", "no edition"))
    if event is not None:
        add("event", "event page", "events:detail", slug=event.slug)
        add("venue", "venue", "events:venue", slug=event.venue.slug)
        add("city", "city", "events:city", slug=event.venue.city.slug)
    else:
        skipped += [(name, "no published event") for name in ("event page", "venue", "city", "event .ics")]
    add("speakers", "speakers", "events:speakers")
    add("exhibitions", "exhibitions", "exhibitions:list")
    if exhibition is not None:
        add("exhibition", "an exhibition", "exhibitions:detail", slug=exhibition.slug)
    else:
        skipped.append(("an exhibition", "no published exhibition"))
    add("partners", "partners", "partners:list")
    add("cooperation", "cooperation", "partners:cooperation")
    add("news", "news", "news:list")
    if article is not None:
        add("news-article", "a news article", "news:detail", slug=article.slug)
    else:
        skipped.append(("a news article", "no published article"))
    add("search", f"search ?q={SEARCH_QUERY}", "search", query=f"q={SEARCH_QUERY}")
    pages.append(Page("schedule-ics", "schedule.ics", reverse("schedule_ics")))
    if event is not None:
        pages.append(Page("event-ics", "an event’s .ics", reverse("event_ics", kwargs={"slug": event.slug})))
    pages.append(Page("sitemap", "sitemap.xml", reverse("sitemap")))
    try:
        # Once sitemap.xml is an index of sections, the events' section is the one that grows with the programme.
        pages.append(Page("sitemap-events", "sitemap of events", reverse("sitemap_section", args=["events"])))
    except NoReverseMatch:
        pass
    by_key = {page.key: page for page in pages}
    for key in ("schedule", "schedule-ics"):
        pages.append(Page(f"{key}-304", f"{by_key[key].label} If-None-Match (304)", by_key[key].path, key))
    return Picked(
        pages=pages,
        skipped=skipped,
        edition=edition.slug if edition else "",
        edition_events=events.count(),
    )
