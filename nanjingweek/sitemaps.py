"""sitemap.xml: every public page in all three languages, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import City, Edition, Event, Speaker, Venue
from exhibitions.models import Exhibition
from nanjingweek.models import NewsArticle
from partners.models import Organization


class TranslatedSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticPagesSitemap(TranslatedSitemap):
    priority = 0.8
    changefreq = "daily"

    def items(self):
        return [
            "home",
            "events:schedule",
            "exhibitions:list",
            "partners:list",
            "partners:cooperation",
            "privacy",
            "events:speakers",
            "news:list",
            "contact",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class EventSitemap(TranslatedSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, event):
        return event.updated_at


class NewsSitemap(TranslatedSitemap):
    """Published articles, asked afresh on every request: an article scheduled for later appears at its time."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return NewsArticle.objects.published().order_by("pk")

    def lastmod(self, article):
        return max(article.updated_at, article.published_at)


class PublicObjectSitemap(TranslatedSitemap):
    """Pages of objects that are public as soon as they exist."""

    changefreq = "weekly"
    priority = 0.5

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def items(self):
        return self.queryset.order_by("pk")


sitemaps = {
    "pages": StaticPagesSitemap,
    "events": EventSitemap,
    "editions": PublicObjectSitemap(Edition.objects.all()),
    "venues": PublicObjectSitemap(Venue.objects.all()),
    "cities": PublicObjectSitemap(City.objects.all()),
    "exhibitions": PublicObjectSitemap(Exhibition.objects.published()),
    "partners": PublicObjectSitemap(Organization.objects.all()),
    "news": NewsSitemap,
    "speakers": PublicObjectSitemap(Speaker.objects.public()),
}
