from urllib.parse import urlencode

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def site(request):
    """What every page's header needs: the site's name and the current edition.

    The edition is asked for only when the header shows it and the view has not said it already: a view that
    knows the current edition puts `current_edition` in its own context, which comes before this one, so that
    the page asks the database once (home, schedule, edition and event pages do).
    """
    from events import timeline
    from events.models import Edition

    # By the same clock as the pages (events.timeline), so a test that travels in time moves the header too.
    edition = SimpleLazyObject(lambda: Edition.objects.current(timeline.edition_today(timeline.now())))
    return {
        "site_name": _("China Nanjing Week"),
        "current_edition": edition,
    }


def second_clock(request):
    """The visitor's second clock (``?tz=``), for every page that shows times, and the query that keeps it.

    The choice travels in the query string rather than a cookie: a link with ``?tz=Asia/Shanghai`` shows the
    same page to whoever opens it, and caches can key on the URL.
    """
    from events.timezones import requested_zone

    zone = requested_zone(request.GET.get("tz"))
    return {"second_zone": zone, "clock_query": urlencode({"tz": str(zone)}) if zone else ""}
