"""The printable programme, /<lang>/schedule.pdf: the current edition's published events as an A4 PDF in the
language of the address (events/programme_pdf.py draws it), filtered like the schedule (?city, ?kind, ?topic).

Served through the page cache like the calendar feeds. No edition at all is a 404; an edition without published
events is a PDF that says so. Without the fonts (an operator's matter) the answer is a 503 that says when to ask
again, and the log says which package to install.
"""

import logging

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from events import programme_pdf, timeline
from events.forms import ScheduleFilterForm
from events.models import Edition, Event
from events.pdf_document import PdfFontMissing
from events.querysets import CARD_FIELDS
from nanjingweek import typography
from nanjingweek.page_cache import content_changed_at

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 300


def selection_text(form: ScheduleFilterForm) -> str:
    """Which events a filtered programme holds: 'Selection: Leipzig · Forum', or nothing for all of them."""
    data = getattr(form, "cleaned_data", {})  # a form not yet validated has chosen nothing
    chosen = [
        data["city"].name if data.get("city") else "",
        str(Event.Kind(data["kind"]).label) if data.get("kind") else "",
        data["topic"].name if data.get("topic") else "",
    ]
    chosen = [part for part in chosen if part]
    return typography.labelled(_("Selection"), " · ".join(chosen)) if chosen else ""


def schedule_pdf(request):
    edition = Edition.objects.current(timeline.edition_today(timeline.now()))
    if edition is None:
        raise Http404("No edition has been published.")
    form = ScheduleFilterForm(request.GET, offer_when=False)
    form.is_valid()  # invalid filters are ignored, as on the schedule page
    events = list(
        form.filter(Event.objects.published().filter(edition=edition)).with_places().only(*CARD_FIELDS, "kind")
    )
    try:
        pdf = programme_pdf.programme_pdf(
            edition,
            events,
            address=request.build_absolute_uri(reverse("events:schedule")),
            as_of=content_changed_at(request) or timezone.now(),
            selection=selection_text(form),
        )
    except PdfFontMissing:
        logger.exception("No printable programme")
        response = HttpResponse(
            _("The printable programme cannot be made right now. Please try again in a few minutes."),
            content_type="text/plain; charset=utf-8",
            status=503,
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    # ASCII only: slugs and language codes.
    response["Content-Disposition"] = f'inline; filename="nanjing-week-{edition.slug}-{get_language()}.pdf"'
    return response
