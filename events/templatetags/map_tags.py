"""Maps of the city stops (events/maps.py) for templates: the edition's stops, a venue's locator."""

from django import template

from events import maps

register = template.Library()


@register.simple_tag
def stops_map(edition):
    """The map of the edition's stops (one query), or None: `{% stops_map edition as stops %}`."""
    return maps.edition_stops_map(edition)


@register.simple_tag
def venue_locator(venue):
    """The panel that locates the venue (no query once its city is loaded), or None."""
    return maps.venue_locator(venue)
