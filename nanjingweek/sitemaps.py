"""The sitemap: `/sitemap.xml` is an index of one sitemap per section (`/sitemap-<section>.xml`), each listing its
public pages in all three languages with their hreflang alternates, split into files of `URLS_PER_FILE` URLs.

Alternates say what the pages' own `<link rel="alternate">` say (templates/base.html): one per language and
`x-default` = the English page (`/en/…`), not Django's default of the page without a prefix (a redirect).

`lastmod` on every URL, the latest change of what the page shows, in a fixed number of queries whatever the
programme's size (one or two per section, and up to four shared by the sections of a request; the index asks
all sections' counts in one):

- an event: its own `updated_at` (its sessions and partner roles are saved through its admin page, which
  touches it); a news article: its `updated_at`, or its publication time when that came later;
- an edition, venue, city, speaker or partner: the latest `updated_at` of the published events its page lists;
- the schedule: of the current edition's published events; home: that or the latest public news article;
  speakers: of the published events with sessions; news: of the public articles; privacy, contact and
  accessibility: the site owner's `updated_at`;
- a page that shows no record with a change time of its own (the lists of exhibitions and partners,
  cooperation, an exhibition, a venue or partner without public events …): the latest change of published
  content on the whole site — an upper bound, so that a crawler never skips a page changed since. Editions,
  cities, venues, speakers, exhibitions and organizations have no `updated_at` field: their own edits do not
  move their page's `lastmod`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from events import timeline
from events.models import City, Edition, Event, Session, Speaker, Venue
from exhibitions.models import Exhibition
from nanjingweek.models import NewsArticle, SiteOwner
from partners.models import Organization

# URLs per file (each object appears once per language): far below the protocol's 50,000 URLs and 50 MB — a URL
# with its four alternates is ~0.6 KB, so a full file is ~3 MB — and small enough to render quickly on a miss.
URLS_PER_FILE = 5000
# The language of the pages' own x-default link (templates/base.html).
X_DEFAULT_LANGUAGE = settings.LANGUAGE_CODE


def latest(*moments: datetime | None) -> datetime | None:
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def in_seconds(moment: datetime | None) -> datetime | None:
    """`lastmod` to the second, as the Last-Modified header has it."""
    return moment.replace(microsecond=0) if moment is not None else None


def latest_event_change(**related) -> Subquery:
    """The latest `updated_at` of the published events related to the outer row as `related` says."""
    events = Event.objects.published().filter(**related).order_by("-updated_at").values("updated_at")[:1]
    return Subquery(events, output_field=models.DateTimeField())


class Changes:
    """When the site's content last changed, asked once per request and shared by the sections of it."""

    @cached_property
    def events(self) -> dict[str, datetime | None]:
        """Of published events: all of them, the current edition's, and those with sessions (two queries)."""
        edition = Edition.objects.current(timeline.edition_today(timeline.now()))
        # Without any edition, no event is the current edition's: the filter names none.
        return Event.objects.published().aggregate(
            programme=Max("updated_at"),
            current_edition=Max("updated_at", filter=Q(edition_id=edition.pk if edition else None)),
            with_sessions=Max("updated_at", filter=Q(Exists(Session.objects.filter(event=OuterRef("pk"))))),
        )

    @cached_property
    def news(self) -> datetime | None:
        return NewsArticle.objects.published().aggregate(latest=Max(Greatest("updated_at", "published_at")))["latest"]

    @cached_property
    def owner(self) -> datetime | None:
        return SiteOwner.objects.values_list("updated_at", flat=True).first()

    @cached_property
    def site(self) -> datetime | None:
        """The latest change of published content anywhere: for pages that show nothing with a change time."""
        return latest(self.events["programme"], self.news, self.owner)


class TranslatedItems(Sequence):
    """Every item in every language as (item, language) pairs, read a slice at a time.

    Django's i18n sitemap builds the pairs of all items to paginate them, so every file, and the index to count
    them, would load every object of its section; this counts in the database and reads one file's objects.
    """

    def __init__(self, items, languages: list[str], count: int | None = None):
        self.items, self.languages, self._count = items, languages, count

    def __len__(self) -> int:
        if self._count is None:
            self._count = self.items.count() if isinstance(self.items, models.QuerySet) else len(self.items)
        return self._count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, step = index.indices(len(self))
        assert step == 1, "only the paginator's slices"
        per_item = len(self.languages)
        first = start // per_item
        pairs = [(item, language) for item in self.items[first : -(-stop // per_item)] for language in self.languages]
        return pairs[start - first * per_item : stop - first * per_item]


class TranslatedSitemap(Sitemap):
    """One section: its pages in every language with hreflang alternates and x-default as the pages say."""

    i18n = True
    alternates = True
    limit = URLS_PER_FILE

    def __init__(self, changes: Changes):
        self.changes = changes
        self.known_count: int | None = None  # of items, once the index has counted them

    def summarise(self) -> None:
        """Count the items and find the latest `lastmod` at once, where that saves the index a query."""

    @cached_property
    def paginator(self) -> Paginator:
        return Paginator(TranslatedItems(self.items(), self._languages(), self.known_count), self.limit)

    def addresses(self, item, base: str) -> dict[str, str]:
        """{language: absolute URL} of the item's page."""
        addresses = {}
        for code in self._languages():
            with translation.override(code):
                addresses[code] = base + self.location(item)
        return addresses

    def get_urls(self, page=1, site=None, protocol=None):
        """One file's URLs with their alternates, as Django's but faster at thousands: each page's address is
        reversed once per language (Django reverses it again for every alternate of every URL) and its
        alternates written once for its three URLs; `markup` is the <url> element the template writes. x-default
        is the English page. Sets `latest_lastmod`, which the view sends as Last-Modified."""
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        urls = []
        previous = None
        for item, language in self.paginator.page(page).object_list:
            if item is not previous:  # an item's languages follow each other
                previous, addresses = item, self.addresses(item, base)
                alternates = [
                    *({"lang_code": code, "location": url} for code, url in addresses.items()),
                    {"lang_code": "x-default", "location": addresses[X_DEFAULT_LANGUAGE]},
                ]
                links = "".join(
                    f'<xhtml:link rel="alternate" hreflang="{link["lang_code"]}" href="{escape(link["location"])}"/>'
                    for link in alternates
                )
                lastmod = self.lastmod(item)
                lastmod_element = f"<lastmod>{lastmod.astimezone(UTC).isoformat()}</lastmod>" if lastmod else ""
            location = addresses[language]
            element = f"<url><loc>{escape(location)}</loc>{lastmod_element}{links}</url>"
            urls.append(
                {
                    "item": (item, language),
                    "location": location,
                    "lastmod": lastmod,
                    "alternates": alternates,
                    "markup": mark_safe(element),  # every address in it escaped
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls


class StaticPagesSitemap(TranslatedSitemap):
    """Pages with no object of their own; each changes when what it lists does."""

    @cached_property
    def changed_at(self) -> dict[str, datetime | None]:
        changes = self.changes
        return {
            "home": latest(changes.events["current_edition"], changes.news),
            "events:schedule": changes.events["current_edition"],
            "exhibitions:list": None,
            "partners:list": None,
            "partners:cooperation": None,
            "privacy": changes.owner,
            "events:speakers": changes.events["with_sessions"],
            "news:list": changes.news,
            "contact": changes.owner,
            "accessibility": changes.owner,
        }

    def items(self):
        return list(self.changed_at)

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return in_seconds(self.changed_at[item] or self.changes.site)

    def get_latest_lastmod(self):
        return latest(*(self.lastmod(item) for item in self.items()))


class ObjectSitemap(TranslatedSitemap):
    """The pages of a model's public objects; `changed_at` is the SQL expression of their `lastmod`."""

    def objects(self) -> models.QuerySet:
        raise NotImplementedError

    def changed_at(self):
        raise NotImplementedError

    def items(self):
        return self.objects().annotate(page_changed_at=self.changed_at()).order_by("pk")

    def lastmod(self, item):
        return in_seconds(item.page_changed_at)

    @cached_property
    def summary(self) -> dict:
        """The number of objects and the latest `lastmod`, in one query."""
        return (
            self.objects()
            .annotate(page_changed_at=self.changed_at())
            .aggregate(count=Count("pk"), latest=Max("page_changed_at"))
        )

    def summary_query(self, name: str) -> models.QuerySet:
        """`summary` as one row (name, count, latest), to be joined with the other sections' (summarise_all)."""
        return (
            self.objects()
            .annotate(page_changed_at=self.changed_at())
            .annotate(section=Value(name, output_field=models.CharField()))
            .values("section")
            .annotate(count=Count("pk"), latest=Max("page_changed_at"))
            .values_list("section", "count", "latest")
            .order_by()
        )

    def summarise(self):
        self.known_count = self.summary["count"]

    def get_latest_lastmod(self):
        return in_seconds(self.summary["latest"])


class ListingSitemap(ObjectSitemap):
    """Objects whose page lists published events: `lastmod` is the latest of those, else the site's change."""

    events_of: str | None  # the lookup from an event to the outer object, e.g. "venue" or "sessions__speakers"

    def changed_at(self):
        # Cast: with no site change yet the value is NULL, which PostgreSQL would type as text in the index's UNION.
        site = Cast(Value(self.changes.site), output_field=models.DateTimeField())
        if self.events_of is None:
            return site
        return Coalesce(latest_event_change(**{self.events_of: OuterRef("pk")}), site)


class EventSitemap(ObjectSitemap):
    def objects(self):
        return Event.objects.published().only("pk", "slug", "updated_at")

    def changed_at(self):
        return F("updated_at")


class NewsSitemap(ObjectSitemap):
    """Public articles, asked afresh on every request: an article scheduled for later appears at its time."""

    def objects(self):
        return NewsArticle.objects.published().only("pk", "slug", "updated_at", "published_at")

    def changed_at(self):
        return Greatest("updated_at", "published_at")


class EditionSitemap(ListingSitemap):
    events_of = "edition"

    def objects(self):
        return Edition.objects.only("pk", "slug")


class VenueSitemap(ListingSitemap):
    events_of = "venue"

    def objects(self):
        return Venue.objects.only("pk", "slug")


class CitySitemap(ListingSitemap):
    events_of = "venue__city"

    def objects(self):
        return City.objects.only("pk", "slug")


class SpeakerSitemap(ListingSitemap):
    events_of = "sessions__speakers"

    def objects(self):
        return Speaker.objects.public().only("pk", "slug")


class PartnerSitemap(ListingSitemap):
    events_of = "roles__organization"

    def objects(self):
        return Organization.objects.only("pk", "slug")


class ExhibitionSitemap(ListingSitemap):
    """An exhibition's page lists no events (runs, exhibits and comparisons have no change time)."""

    events_of = None

    def objects(self):
        return Exhibition.objects.published().only("pk", "slug")


SECTIONS: dict[str, type[TranslatedSitemap]] = {
    "pages": StaticPagesSitemap,
    "events": EventSitemap,
    "editions": EditionSitemap,
    "venues": VenueSitemap,
    "cities": CitySitemap,
    "exhibitions": ExhibitionSitemap,
    "partners": PartnerSitemap,
    "news": NewsSitemap,
    "speakers": SpeakerSitemap,
}


def sections() -> dict[str, TranslatedSitemap]:
    """The sections for one request, sharing one `Changes`."""
    changes = Changes()
    return {name: section(changes) for name, section in SECTIONS.items()}


def summarise_all(maps: dict[str, TranslatedSitemap]) -> None:
    """Every object section's count and latest `lastmod` in one query, a UNION of their summaries: the index
    then costs the same few queries however many sections there are (it made one per section)."""
    objects = {name: section for name, section in maps.items() if isinstance(section, ObjectSitemap)}
    parts = [section.summary_query(name) for name, section in objects.items()]
    if parts:
        found = {name: (count, latest) for name, count, latest in parts[0].union(*parts[1:], all=True)}
        for name, section in objects.items():
            count, newest = found.get(name, (0, None))
            section.__dict__["summary"] = {"count": count, "latest": newest}
    for section in maps.values():
        section.summarise()


def sitemap_index(request):
    """`/sitemap.xml`: the sitemap of every section that has pages, each file with its latest `lastmod`."""
    listed = {}
    maps = sections()
    summarise_all(maps)
    for name, section in maps.items():
        if section.paginator.count:
            listed[name] = section
    return sitemap_views.index(
        request, listed, template_name="sitemaps/sitemap_index.xml", sitemap_url_name="sitemap_section"
    )


def sitemap_section(request, section):
    """`/sitemap-<section>.xml[?p=<page>]`: one file of a section's pages; 404 for an unknown section or page, and
    for a section without pages (the index leaves it out; the protocol has no empty <urlset>)."""
    maps = sections()
    if section in maps and not maps[section].paginator.count:
        raise Http404("No pages in this section.")
    return sitemap_views.sitemap(request, maps, section=section, template_name="sitemaps/sitemap.xml")
