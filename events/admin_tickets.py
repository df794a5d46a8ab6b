"""Name badges from the admin: an action on selected registrations and a link on the event's page.

Both print the confirmed attendees only (events/tickets.py draws them), in the organizer's admin language, which
decides which script of a name comes first. Organizers see registrations through the "view registration" permission;
the event page's link needs it too, since the badges list every attendee by name.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import tickets
from events.models import Registration
from events.pdf_document import PdfFontMissing

logger = logging.getLogger(__name__)

VIEW_REGISTRATIONS = "events.view_registration"


def badge_order(registration: Registration) -> str:
    """Alphabetical by the name in Latin letters where there is one, so 张伟 files under Z beside Zimmermann."""
    return (registration.name_romanized or registration.name).casefold()


def badges_response(request, registrations, *, filename: str) -> HttpResponse | None:
    """The badges of the confirmed among `registrations` as a PDF download; None (and a message) without any, or
    when the fonts are missing."""
    attendees = sorted(
        registrations.filter(status=Registration.Status.CONFIRMED, anonymized_at__isnull=True).select_related(
            "event__venue__city"
        ),
        key=badge_order,
    )
    if not attendees:
        messages.warning(request, _("There are no confirmed attendees to print badges for."))
        return None
    try:
        pdf = tickets.badges_pdf(attendees)
    except PdfFontMissing:
        logger.exception("No name badges: the fonts are missing")
        messages.error(
            request,
            _("Name badges cannot be made: the server lacks the fonts for them. Please tell the site's administrator."),
        )
        return None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class RegistrationBadgesMixin:
    """For RegistrationAdmin: the action "print_badges"."""

    @admin.action(description=gettext_lazy("Print name badges (PDF)"), permissions=("view",))
    def print_badges(self, request, queryset):
        return badges_response(request, queryset, filename="badges.pdf")


class EventBadgesMixin:
    """For EventAdmin: /admin/events/event/<id>/badges.pdf, linked from the event's page."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/badges.pdf",
                self.admin_site.admin_view(self.badges_view),
                name="events_event_badges",
            ),
            *super().get_urls(),
        ]

    def badges_view(self, request, object_id):
        if not request.user.has_perm(VIEW_REGISTRATIONS):
            raise PermissionDenied
        event = self.get_object(request, unquote(object_id))
        if event is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        response = badges_response(request, event.registrations.all(), filename=f"badges-{event.slug}.pdf")
        return response or redirect(reverse("admin:events_event_change", args=[event.pk]))
