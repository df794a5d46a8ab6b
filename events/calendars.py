"""iCalendar feeds: the schedule and single events (written by the calendars work)."""

from django.http import Http404


def schedule_calendar(request):
    raise Http404


def event_calendar(request, slug):
    raise Http404
