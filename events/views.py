"""Public pages of the programme. Thin: QuerySets choose, templates show."""

from itertools import groupby

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from events.forms import ScheduleFilterForm
from events.models import City, Edition, Event, Venue
from events.registrations import registration_state
from events.structured_data import event_json_ld
from exhibitions.models import ExhibitionRun


def group_by_local_day(events):
    """Dated events grouped by the day they start on in their own venue's time zone."""
    dated = [event for event in events if event.is_dated]
    dated.sort(key=lambda event: (event.local_start.date(), event.starts_at))
    return [(day, list(items)) for day, items in groupby(dated, key=lambda event: event.local_start.date())]


class ScheduleView(TemplateView):
    """Every public event of an edition by local day, filtered by the query string, with an optional second clock."""

    template_name = "events/schedule.html"

    def get_edition(self):
        return Edition.objects.current()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.get_edition()
        venue_zones = City.objects.filter(venues__events__edition=edition).values_list("timezone", flat=True).distinct()
        form = ScheduleFilterForm(self.request.GET, zones=set(venue_zones))
        form.is_valid()
        events = []
        if edition is not None:
            queryset = Event.objects.published().filter(edition=edition).with_venue().prefetch_related("topics")
            events = list(form.filter(queryset).distinct())
        context.update(
            edition=edition,
            form=form,
            is_filtered=any(form.cleaned_data.get(name) for name in ("city", "kind", "topic")),
            second_zone=form.second_zone,
            days=group_by_local_day(events),
            undated=[event for event in events if not event.is_dated],
            event_count=len(events),
            editions=Edition.objects.all(),
            calendar_query=self.request.GET.urlencode(),
        )
        return context


class EditionView(ScheduleView):
    def get_edition(self):
        return get_object_or_404(Edition, slug=self.kwargs["slug"])


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.published().with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        form = ScheduleFilterForm({"tz": self.request.GET.get("tz", "")}, zones={event.venue.city.timezone})
        form.is_valid()
        context.update(
            clock_form=form,
            second_zone=form.second_zone,
            json_ld=event_json_ld(event, absolute_url=self.request.build_absolute_uri),
            speakers=unique_speakers(event.agenda),
            registration_state=registration_state(event),
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
        context["events"] = Event.objects.published().filter(venue=self.object).with_venue()
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
        context["venues"] = self.object.venues.all()
        context["events"] = Event.objects.published().filter(venue__city=self.object).with_venue()
        context["runs"] = ExhibitionRun.objects.filter(
            venue__city=self.object, exhibition__is_published=True
        ).select_related("exhibition", "venue__city")
        return context
