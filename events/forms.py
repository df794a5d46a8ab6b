"""Forms of the public programme pages: validation only."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import City, Event, Topic

# Zones every visitor can pick as a second clock, beside the zones of the venues.
COMMON_ZONES = ["Asia/Shanghai", "Europe/Berlin", "UTC"]


class ScheduleFilterForm(forms.Form):
    """The schedule's query string: ?city=leipzig&kind=forum&topic=tourism&tz=Asia/Shanghai — all optional."""

    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.all(), to_field_name="slug", required=False, empty_label=_("All cities")
    )
    kind = forms.ChoiceField(label=pgettext_lazy("event kind", "Kind"), required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    tz = forms.ChoiceField(
        label=_("Also show times in"),
        required=False,
        # second-clock.js adds the visitor's own zone to the list under this label.
        widget=forms.Select(attrs={"data-own-zone-label": _("your time zone")}),
    )

    def __init__(self, data=None, *, zones=(), **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *Event.Kind.choices]
        offered = sorted(set(zones) | set(COMMON_ZONES))
        requested = (data or {}).get("tz")
        # A zone the visitor's browser reported is fine too, as long as it is a real IANA zone.
        if requested and requested not in offered and requested in zoneinfo.available_timezones():
            offered.append(requested)
        self.fields["tz"].choices = [
            ("", _("Only the local time")),
            *((zone, zone.replace("_", " ")) for zone in offered),
        ]

    def filter(self, events):
        """The events that match every valid filter; invalid ones are reported by the form and ignored."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        if data.get("city"):
            events = events.filter(venue__city=data["city"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("topic"):
            events = events.filter(topics=data["topic"])
        return events

    @property
    def second_zone(self) -> zoneinfo.ZoneInfo | None:
        name = self.cleaned_data.get("tz") if hasattr(self, "cleaned_data") else None
        return zoneinfo.ZoneInfo(name) if name else None
