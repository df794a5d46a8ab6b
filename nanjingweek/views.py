"""Site-wide pages: home, privacy notice, the error pages and the language switcher's choice."""

from django.conf import settings
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
from events.models import City, Edition, Event
from exhibitions.models import Exhibition
from nanjingweek.models import SiteOwner
from nanjingweek.views_news import latest_news
from partners.models import KeyFigure, Organization


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
        edition = Edition.objects.current(today)
        context.update(now=now, edition=edition)
        context["latest_news"] = latest_news()
        if edition is None:
            return context
        events = Event.objects.published().filter(edition=edition).with_venue()
        # Running events start first, so they lead the next ones; Programme tells the two apart.
        programme = timeline.Programme.split(events.upcoming(now).dated()[: self.event_count], now)
        past = events.past(now)
        coming = programme.running or programme.upcoming
        context.update(
            edition_phase=timeline.edition_phase(edition, today),
            running=programme.running,
            next_events=programme.upcoming,
            announced=list(events.undated()[: self.event_count]),
            held_count=events.held(now).count(),
            past_url=f"{reverse('events:schedule')}?when={ScheduleFilterForm.PAST}",
            # Once an edition is over, its most recent events are still the best introduction to it.
            recent_events=[] if coming else list(past.order_by("-starts_at")[: self.event_count]),
            earlier_editions=list(Edition.objects.over(today).exclude(pk=edition.pk)[: self.earlier_edition_count]),
            cities=City.objects.filter(venues__events__in=events).distinct(),
            exhibitions=Exhibition.objects.published().filter(edition=edition).with_runs(),
            key_figures=KeyFigure.objects.filter(edition=edition),
            partners=Organization.objects.with_logo().filter(event_roles__event__in=events).distinct(),
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


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # No context processors here: whatever broke (the database, say) must not break the error page too.
    template = loader.get_template("500.html")
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
