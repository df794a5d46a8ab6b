"""Public pages of the programme. Thin: QuerySets choose, templates show."""

from itertools import groupby

from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from events import timeline
from events.forms import ScheduleFilterForm
from events.models import City, Edition, Event, Speaker, Venue
from events.outcomes import edition_outcomes, event_outcomes
from events.querysets import current_edition_of
from events.registrations import registration_state
from events.structured_data import event_json_ld
from exhibitions.models import ExhibitionRun
from nanjingweek.breadcrumbs import trail
from nanjingweek.locales import sort_key
from nanjingweek.views_news import news_about_event


def group_by_local_day(events):
    """Dated events grouped by the day they start on in their own venue's time zone."""
    dated = [event for event in events if event.is_dated]
    dated.sort(key=lambda event: (event.local_start.date(), event.starts_at))
    return [(day, list(items)) for day, items in groupby(dated, key=lambda event: event.local_start.date())]


def with_query(request, **changes) -> str:
    """This page's address with some query parameters changed (a value) or dropped (None), the others kept."""
    query = request.GET.copy()
    for name, value in changes.items():
        if value:
            query[name] = value
        else:
            query.pop(name, None)
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def calendar_feed(url_name: str, query: str = "", **kwargs) -> str:
    """The path of a calendar feed (nanjingweek/urls.py) in the page's language, then `query` (urlencoded)."""
    language = urlencode({"lang": get_language()})
    return f"{reverse(url_name, kwargs=kwargs)}?{language}" + (f"&{query}" if query else "")


def programme_pdf_url(query) -> str:
    """The printable programme (events/views_programme.py) of the schedule's filters, in the page's language."""
    query = query.copy()
    query.pop("tz", None)  # paper has one clock: the venue's
    encoded = query.urlencode()
    return reverse("events:schedule_pdf") + (f"?{encoded}" if encoded else "")


class ScheduleView(TemplateView):
    """The current edition from now on: what is happening now, then by local day what is still to come, then what
    is announced without a date. `?when=past` shows what took place instead. Filtered by the query string, with
    an optional second clock; `now` comes from `events.timeline`, once per request, and nothing is cached."""

    template_name = "events/schedule.html"
    offer_when = True

    def get_edition(self, editions, current):
        return current

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timeline.now()
        today = timeline.edition_today(now)
        # Every edition, once: the page's own, the header's current one and the archive all come from this list.
        editions = list(Edition.objects.all())
        current_edition = timeline.current_edition(editions, today)
        edition = self.get_edition(editions, current_edition)
        venue_zones = City.objects.filter(venues__events__edition=edition).values_list("timezone", flat=True).distinct()
        form = ScheduleFilterForm(self.request.GET, zones=set(venue_zones), offer_when=self.offer_when)
        form.is_valid()
        events = []
        if edition is not None:
            # What the cards show: venue and city (the zone); not the edition, which is this page's.
            queryset = Event.objects.published().filter(edition=edition).for_cards()
            events = list(form.filter(queryset).distinct())
        # The feeds show the current edition's dated events whatever the page shows: `when` is no calendar's.
        calendar_query = self.request.GET.copy()
        calendar_query.pop("when", None)
        context.update(
            now=now,
            current_edition=current_edition,
            edition=edition,
            edition_phase=timeline.edition_phase(edition, today) if edition else None,
            form=form,
            is_filtered=any(form.cleaned_data.get(name) for name in ("city", "kind", "topic")),
            unfiltered_url=with_query(self.request, city=None, kind=None, topic=None),
            second_zone=form.second_zone,
            editions=editions,
            earlier_edition=next((other for other in editions if other != edition and other.end_date < today), None),
            calendar_feed=calendar_feed("schedule_ics", calendar_query.urlencode()),
            programme_pdf_url=programme_pdf_url(calendar_query),
            **self.programme(events, now, form),
        )
        return context

    def programme(self, events, now, form) -> dict:
        """What the page lists: running now, the days still to come and the undated ones — or, with `?when=past`,
        the days of what took place; with links between the two that keep the other filters."""
        programme = timeline.Programme.split(events, now)
        past = form.shows_past
        return {
            "shows_past": past,
            "running": [] if past else programme.running,
            "days": group_by_local_day(programme.past if past else programme.upcoming),
            "undated": [] if past else programme.announced,
            "event_count": len(programme.past if past else programme.ahead),
            "ahead_count": len(programme.ahead),
            "past_count": len(programme.past),
            "ahead_url": with_query(self.request, when=None),
            "past_url": with_query(self.request, when=ScheduleFilterForm.PAST),
        }


class EditionView(ScheduleView):
    """An edition's own page, the archive that stays correct: its whole programme by local day, each event marked
    where it stands (took place, happening now), the edition marked once it is over, and its outcomes."""

    template_name = "events/edition_detail.html"
    offer_when = False

    def get_edition(self, editions, current):
        edition = next((edition for edition in editions if edition.slug == self.kwargs["slug"]), None)
        if edition is None:
            raise Http404("No edition has this address.")
        return edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = context["edition"]
        context["edition_outcomes"] = edition_outcomes(edition, now=context["now"])
        context["breadcrumbs"] = trail((edition.name, edition.get_absolute_url()))
        return context

    def programme(self, events, now, form) -> dict:
        programme = timeline.Programme.split(events, now)
        return {
            "running": [],
            "days": group_by_local_day(events),
            "undated": programme.announced,
            "event_count": len(events),
        }


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get(self, request, *args, **kwargs):
        self.now = timeline.now()
        return super().get(request, *args, **kwargs)

    def visible_objects(self):
        """The events this page may show: the published ones (a preview shows drafts too, views_preview.py)."""
        return Event.objects.published()

    def get_queryset(self):
        return (
            self.visible_objects()
            .with_details()
            .with_participants()
            .with_confirmed_count()
            .with_current_edition(timeline.edition_today(self.now))
            .with_previous_start()
            .select_related("edition__organizer")  # the organizer search engines are told of, failing the event's
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        form = ScheduleFilterForm({"tz": self.request.GET.get("tz", "")}, zones={event.venue.city.timezone})
        form.is_valid()
        speakers = unique_speakers(event.agenda)
        registration = registration_state(event, confirmed_count=event.confirmed_count)
        json_ld = event_json_ld(
            event,
            absolute_url=self.request.build_absolute_uri,
            registration=registration,
            speakers=speakers,
            previous_start=event.previous_start,
        )
        context.update(
            # The header's edition, loaded with the event.
            current_edition=current_edition_of(event),
            clock_form=form,
            second_zone=form.second_zone,
            structured_data=[json_ld] if json_ld else [],
            breadcrumbs=trail(
                (event.edition.name, event.edition.get_absolute_url()), (event.title, event.get_absolute_url())
            ),
            speakers=speakers,
            registration_state=registration,
            related_news=news_about_event(event),
            outcomes=event_outcomes(event, now=self.now),
        )
        return context


def unique_speakers(sessions):
    """The event's speakers in order of first appearance on the agenda."""
    seen = {}
    for session in sessions:
        for speaker in session.speakers.all():
            seen.setdefault(speaker.pk, speaker)
    return list(seen.values())


class VenueDetailView(DetailView):
    template_name = "events/venue_detail.html"
    context_object_name = "venue"
    queryset = Venue.objects.select_related("city")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        venue = self.object
        context["breadcrumbs"] = trail(
            (venue.city.name, venue.city.get_absolute_url()), (venue.name, venue.get_absolute_url())
        )
        context["events"] = Event.objects.published().filter(venue=self.object).with_venue().with_confirmed_count()
        context["calendar_feed"] = calendar_feed("venue_ics", slug=self.object.slug)
        context["runs"] = ExhibitionRun.objects.filter(venue=self.object, exhibition__is_published=True).select_related(
            "exhibition", "venue__city"
        )
        return context


class CityDetailView(DetailView):
    template_name = "events/city_detail.html"
    context_object_name = "city"
    model = City

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["breadcrumbs"] = trail((self.object.name, self.object.get_absolute_url()))
        context["venues"] = self.object.venues.all()
        context["calendar_feed"] = calendar_feed("city_ics", slug=self.object.slug)
        context["events"] = (
            Event.objects.published().filter(venue__city=self.object).with_venue().with_confirmed_count()
        )
        context["runs"] = ExhibitionRun.objects.filter(
            venue__city=self.object, exhibition__is_published=True
        ).select_related("exhibition", "venue__city")
        return context


class SpeakerListView(ListView):
    """Everyone who speaks at a published event, in the order of the page's language (pinyin in Chinese)."""

    template_name = "events/speaker_list.html"
    context_object_name = "speakers"

    def get_queryset(self):
        key = sort_key(get_language())
        speakers = Speaker.objects.public().select_related("organization")
        return sorted(speakers, key=lambda speaker: key(speaker.name))


class SpeakerDetailView(DetailView):
    """A speaker with their sessions across events: upcoming first, then those that took place."""

    template_name = "events/speaker_detail.html"
    context_object_name = "speaker"

    def get_queryset(self):
        return Speaker.objects.public().select_related("organization").with_sessions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speaker = self.object
        context["breadcrumbs"] = trail(
            (_("Speakers"), reverse("events:speakers")), (speaker.name, speaker.get_absolute_url())
        )
        return context
