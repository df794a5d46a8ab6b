"""Root URLconf: public pages under a language prefix, admin and feeds outside it."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from events import calendars, conference_schedule
from nanjingweek import availability, views, views_contact, views_media, views_search
from nanjingweek.page_cache import public_page, seats
from nanjingweek.sitemaps import sitemap_index, sitemap_section

urlpatterns = [
    # Probes for load balancers (nanjingweek/availability.py): outside the language prefix, first, never cached.
    path("healthz", availability.healthz, name="healthz"),
    path("readyz", availability.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The language switcher remembers the choice here, outside the prefix it is about to change.
    path("language/<str:code>/", views.choose_language, name="choose_language"),
    # Calendar feeds stay outside the language prefix: subscriptions must not break when a visitor switches language.
    path("schedule.ics", public_page(calendars.schedule_calendar), name="schedule_ics"),
    # For conference apps (Giggity, ConfClerk, EventFahrplan, c3voc's tools).
    path("schedule.json", public_page(conference_schedule.schedule_json), name="schedule_json"),
    path("schedule.xml", public_page(conference_schedule.schedule_xml), name="schedule_xml"),
    path("events/<slug:slug>.ics", public_page(calendars.event_calendar), name="event_ics"),
    path("cities/<slug:slug>.ics", public_page(calendars.city_calendar), name="city_ics"),
    path("venues/<slug:slug>.ics", public_page(calendars.venue_calendar), name="venue_ics"),
    # The sitemap index (robots.txt names it) and one sitemap per section, paginated with ?p= (nanjingweek/sitemaps.py).
    path("sitemap.xml", public_page(sitemap_index), name="sitemap"),
    path("sitemap-<slug:section>.xml", public_page(sitemap_section), name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    # The read-only JSON API (nanjingweek/api/): outside the language prefix, the language is a parameter.
    path("api/v1/", include("nanjingweek.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", public_page(views.HomeView.as_view(), versions=seats), name="home"),
    path("privacy/", public_page(views.PrivacyView.as_view()), name="privacy"),
    path("search/", public_page(views_search.SearchView.as_view()), name="search"),
    path("contact/", public_page(views_contact.ContactView.as_view()), name="contact"),
    path("accessibility/", public_page(views_contact.AccessibilityView.as_view()), name="accessibility"),
    path("news/", include("nanjingweek.urls_news")),
    path("", include("events.urls")),
    path("exhibitions/", include("exhibitions.urls")),
    path("", include("partners.urls")),
    path("preview/", include("nanjingweek.urls_preview")),
    prefix_default_language=True,
)

if settings.SERVE_MEDIA:
    # A name that cannot be a file (too long, `..`, NUL) is a 404 there, not the file system's exception.
    media_prefix = settings.MEDIA_URL.lstrip("/")
    urlpatterns += [re_path(rf"^{media_prefix}(?P<path>.*)$", views_media.serve_media)]

handler400 = "nanjingweek.views.bad_request"
handler403 = "nanjingweek.views.permission_denied"
handler404 = "nanjingweek.views.page_not_found"
handler500 = "nanjingweek.views.server_error"
