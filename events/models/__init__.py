"""The events app's models: the programme (editions … sessions), what came of events, and the registrations."""

from events.models.imports import ProgrammeImport
from events.models.outcomes import EventPhoto
from events.models.programme import (
    City,
    Edition,
    Event,
    Session,
    Speaker,
    Topic,
    Venue,
    both_or_neither,
    english_required,
    image_alt_required,
    zone_choices,
)
from events.models.registrations import (
    Delegation,
    Message,
    Notification,
    Registration,
    RegistrationChange,
    format_ticket_code,
)

__all__ = [
    "City",
    "Delegation",
    "Edition",
    "Event",
    "EventPhoto",
    "Message",
    "Notification",
    "ProgrammeImport",
    "Registration",
    "RegistrationChange",
    "Session",
    "Speaker",
    "Topic",
    "Venue",
    "both_or_neither",
    "english_required",
    "format_ticket_code",
    "image_alt_required",
    "zone_choices",
]
