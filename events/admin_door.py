"""The admin's ways to the door: a "Check-in" link on each event of the change list and on the event's page.

The door itself is a page of the site (events/views_door.py), in the staff member's language; the admin only
links to it, for events that take registrations and for people who may check attendees in.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event


def check_in_url(event: Event) -> str:
    return reverse("events:check_in_event", kwargs={"slug": event.slug})


def has_door(event: Event) -> bool:
    """Only events that take registrations have tickets to check in."""
    return bool(event.registration_required)


@admin.display(description=_("check-in"))
def check_in_link(event: Event) -> str:
    """A column of the event list: the link to the event's door, or a dash for events without registration."""
    if not has_door(event):
        return "—"
    return format_html('<a href="{}">{}</a>', check_in_url(event), _("Check-in"))
