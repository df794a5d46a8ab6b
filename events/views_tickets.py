"""The attendee's ticket as a PDF file, behind the token of their page (events/tickets.py draws it).

Only a confirmed registration has a ticket: any other status, like an unknown token, is simply not found, so the
address says nothing about a registration that holds no seat.
"""

import logging

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from events import tickets
from events.models import Registration
from events.pdf_document import PdfFontMissing
from events.views_registration import private_page

logger = logging.getLogger(__name__)

# Seconds after which a browser may ask again for a ticket it could not get because the fonts were missing.
RETRY_AFTER_SECONDS = 300


@private_page
def registration_ticket(request, token):
    registration = get_object_or_404(
        Registration.objects.select_related("event__venue__city"), token=token, status=Registration.Status.CONFIRMED
    )
    try:
        pdf = tickets.ticket_pdf([registration])
    except PdfFontMissing:
        # An operator's matter (the server lacks the font package), not the attendee's: logged with the fix.
        logger.exception("No PDF ticket for registration %s", registration.pk)
        response = render(request, "events/ticket_unavailable.html", {"registration": registration}, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    response = HttpResponse(pdf, content_type="application/pdf")
    # ASCII only: the ticket code's alphabet.
    response["Content-Disposition"] = f'inline; filename="ticket-{registration.ticket_code}.pdf"'
    return response
