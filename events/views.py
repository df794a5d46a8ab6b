"""Public pages of the programme. Thin: QuerySets choose, templates show."""

from itertools import groupby

from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, TemplateView

from events.models import City, Edition, Event, Venue
from exhibitions.models import ExhibitionRun


def group_by_local_day(events):
    """Dated events grouped by the day they start on in their own venue's time zone."""
    dated = [event for event in events if event.is_dated]
    dated.sort(key=lambda event: (event.local_start.date(), event.starts_at))
    return [(day, list(items)) for day, items in groupby(dated, key=lambda event: event.local_start.date())]


class ScheduleView(TemplateView):
    template_name = "events/schedule.html"

    def get_edition(self):
        return Edition.objects.current()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = self.get_edition()
        events = []
        if edition is not None:
            events = list(Event.objects.published().filter(edition=edition).with_venue().prefetch_related("topics"))
        context.update(
            edition=edition,
            days=group_by_local_day(events),
            undated=[event for event in events if not event.is_dated],
            event_count=len(events),
            editions=Edition.objects.all(),
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
