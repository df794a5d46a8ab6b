"""Site-wide pages: home, privacy notice, the error pages and the language switcher's choice."""

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import TemplateView

from events import timeline
from events.forms import ScheduleFilterForm
from events.models import City, Edition, Event, Venue
from exhibitions.models import Exhibition
from nanjingweek.models import SiteOwner
from nanjingweek.views_news import latest_news
from partners.models import EventRole, KeyFigure, Organization


class HomeView(TemplateView):
    """The current edition at a glance: what is happening now and what comes next (venue-local "today"), what is
    announced without a date, links to what took place; exhibitions, key figures and partners.

    `now` comes from `events.timeline`, once per request; nothing is cached, so the page changes with the day.
    """

    template_name = "home.html"
    event_count = 6
    earlier_edition_count = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timeline.now()
        today = timeline.edition_today(now)
        # Every edition once, each with the number of its events that took place: the current one (also for the
        # header), the earlier ones and the count come from this one query.
        held = Event.objects.filter(edition=OuterRef("pk")).held(now).order_by().values("edition")
        editions = list(
            Edition.objects.annotate(held_count=Coalesce(Subquery(held.annotate(count=Count("pk")).values("count")), 0))
        )
        edition = timeline.current_edition(editions, today)
        context.update(now=now, edition=edition, current_edition=edition)
        context["latest_news"] = latest_news()
        if edition is None:
            return context
        events = Event.objects.published().filter(edition=edition).with_venue()
        # The next dated events and those announced without a date, in one query (ordered as the model orders:
        # dated by start, then the undated). Running events start first, so they lead the next ones; Programme tells
        # the two apart. The cards show each one's seats (the "full" badge).
        ahead = list(events.upcoming(now).first_dated_and_undated(self.event_count).with_confirmed_count())
        programme = timeline.Programme.split([event for event in ahead if event.is_dated], now)
        past = events.past(now)
        coming = programme.running or programme.upcoming
        context.update(
            edition_phase=timeline.edition_phase(edition, today),
            running=programme.running,
            next_events=programme.upcoming,
            announced=[event for event in ahead if not event.is_dated],
            held_count=edition.held_count,
            past_url=f"{reverse('events:schedule')}?when={ScheduleFilterForm.PAST}",
            # Once an edition is over, its most recent events are still the best introduction to it.
            recent_events=[]
            if coming
            else list(past.with_confirmed_count().order_by("-starts_at")[: self.event_count]),
            earlier_editions=[other for other in timeline.editions_over(editions, today) if other != edition][
                : self.earlier_edition_count
            ],
            # Semi-joins, not joins made DISTINCT (which PostgreSQL paid for with a sort of every event's row).
            cities=City.objects.filter(pk__in=Venue.objects.filter(pk__in=events.values("venue_id")).values("city_id")),
            exhibitions=Exhibition.objects.published().filter(edition=edition).with_runs(),
            key_figures=KeyFigure.objects.filter(edition=edition),
            partners=Organization.objects.with_logo().filter(
                pk__in=EventRole.objects.filter(event__in=events).values("organization_id")
            ),
        )
        return context


class PrivacyView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        # The notice states the periods the site really applies.
        return super().get_context_data(
            confirmation_hours=settings.REGISTRATION_CONFIRMATION_HOURS,
            retention_days=settings.REGISTRATION_RETENTION_DAYS,
            # The controller (Art. 13 GDPR) is the site's owner, as organizers entered it.
            owner=SiteOwner.objects.get_solo(),
            **kwargs,
        )


@never_cache
def choose_language(request, code):
    """Remember the visitor's language and show them the page in it: where the language switcher links.

    The choice is kept in Django's language cookie (``settings.LANGUAGE_COOKIE_*``); LocaleMiddleware reads
    it before the browser's Accept-Language whenever an address has no language prefix, so `/` lands on
    `/de/` once Deutsch was chosen. A plain link, so it works without JavaScript; crawlers are kept out
    (``rel="nofollow"``, robots.txt) and find the pages through their hreflang links. ``next`` must be a
    page of this site; anything else (another host, another scheme, nothing) leads to the language's home.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        with translation.override(code):
            next_url = reverse("home")
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def render_error_page(request, template_name: str, status: int):
    """An error page in the site's frame, in the language of the address (else the visitor's), needing no host.

    The language is chosen here rather than taken from the thread: an error raised before LocaleMiddleware ran
    (an unknown Host under SECURE_SSL_REDIRECT, say) would otherwise show the previous request's language.
    Nothing on the page is built from the Host header (error_base.html has no canonical or hreflang links), so a
    request refused *because* of its host gets its 400 page instead of a second error.
    """
    language = page_language(request)
    with translation.override(language):
        response = render(request, template_name, status=status)
    response["Content-Language"] = language
    return response


def page_language(request) -> str:
    """The language of the address's prefix, else the visitor's choice (cookie, Accept-Language): no database."""
    return translation.get_language_from_request(request, check_path=True)


def bad_request(request, exception):
    return render_error_page(request, "400.html", 400)


def permission_denied(request, exception):
    return render_error_page(request, "403.html", 403)


def page_not_found(request, exception):
    return render_error_page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form came back without its security token (or with a stale one).

    Usually the page sat open for a long time, or the browser refuses cookies: the page says what to do, in the
    visitor's language, and keeps Django's reason for the log (django.security.csrf) instead of showing it.
    """
    return render_error_page(request, "403_csrf.html", 403)


@requires_csrf_token
def server_error(request):
    # No context processors here: whatever broke (the database, say) must not break the error page too.
    template = loader.get_template("500.html")
    with translation.override(page_language(request)):
        return HttpResponseServerError(template.render())


def robots_txt(request):
    """Crawlers may read every public page; the admin stays out. Points to the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /i18n/",
        # The language switcher's links: each only redirects to a page crawlers reach by its hreflang link.
        "Disallow: /language/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
