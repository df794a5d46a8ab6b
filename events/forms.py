"""Forms of the public pages: the schedule's filters, registration and check-in. Validation only."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import get_language, get_language_info, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models import City, Event, Registration, Topic
from events.timezones import requested_zone, zone_name, zone_sort_key
from nanjingweek.forms import Form
from nanjingweek.locales import country_choices
from nanjingweek.widgets import Select

# Zones every visitor can pick as a second clock, beside the zones of the venues.
COMMON_ZONES = ["Asia/Shanghai", "Europe/Berlin", "UTC"]


class ScheduleFilterForm(Form):
    """The schedule's query string: ?city=leipzig&kind=forum&topic=tourism&tz=Asia/Shanghai&when=past — all optional.

    `when` chooses between what is still to come (the default: running, upcoming and announced events) and what
    took place (`past`); pages that show a whole edition at once leave it out (`offer_when=False`).
    """

    PAST = "past"
    field_order = ["when", "city", "kind", "topic", "tz"]

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
    when = forms.ChoiceField(
        label=pgettext_lazy("which events", "Show"),
        required=False,
        # The same words as the schedule's phase switch, in a context of their own: German shortens them there to
        # "Kommende Veranstaltungen", as the home page says, so that the choice fits a phone's select and pill.
        choices=[
            ("", pgettext_lazy("which events", "Current and upcoming events")),
            (PAST, pgettext_lazy("which events", "Past events")),
        ],
    )

    def __init__(self, data=None, *, zones=(), offer_when=True, **kwargs):
        super().__init__(data, **kwargs)
        if not offer_when:
            del self.fields["when"]
        self.fields["kind"].choices = [("", _("All kinds")), *Event.Kind.choices]
        offered = set(zones) | set(COMMON_ZONES)
        # A zone the visitor's browser reported is fine too, as long as it is a real IANA zone.
        if requested_zone((data or {}).get("tz")):
            offered.add(data["tz"])
        # The IANA ID is the value (it goes into shareable URLs); people read the zone's name in their language.
        self.fields["tz"].choices = [
            ("", _("Only the local time")),
            *((zone, zone_name(zone)) for zone in sorted(offered, key=zone_sort_key)),
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
    def shows_past(self) -> bool:
        """Whether the visitor asked for the events that took place (a value not understood counts as not)."""
        return "when" in self.fields and getattr(self, "cleaned_data", {}).get("when") == self.PAST

    @property
    def second_zone(self) -> zoneinfo.ZoneInfo | None:
        return requested_zone(self.cleaned_data.get("tz") if hasattr(self, "cleaned_data") else None)


def _language_choices():
    # Each language in its own name: a reader who cannot read the page's language still finds theirs.
    return [(code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES]


# The countries of Nanjing Week, where most people who register live: offered first, and again in their place.
FIRST_COUNTRIES = ("CN", "DE")


def _country_choices():
    countries = country_choices()
    names = dict(countries)
    return [
        ("", "—"),
        (_("Most often chosen"), [(code, names[code]) for code in FIRST_COUNTRIES]),
        (_("All countries and regions"), countries),
    ]


class RegistrationForm(Form):
    """What a person gives to register for an event. Validation only: events.registrations.register stores it."""

    # A field people never see (hidden by CSS, skipped by keyboard and screen readers); bots fill it in.
    HONEYPOT = "website"

    name = forms.CharField(
        label=pgettext_lazy("person", "Name"),
        max_length=200,
        error_messages={"required": _("Please enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    name_romanized = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        required=False,
        help_text=_(
            "Optional, e.g. Zhang San for 张三. If you write your name in Chinese characters and leave this empty, we "
            "fill in its pinyin; you can correct it on your registration page."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={"required": _("Please enter your e-mail address.")},
        help_text=_("We send you a link to confirm your registration to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        help_text=_("Optional. Leave empty if you come as a private person."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organization_kind = forms.ChoiceField(
        label=_("Kind of organization"),
        required=False,
        choices=[("", "—"), *Registration.OrganizationKind.choices],
        widget=Select,
    )
    # A callable: the country names are read from Babel in the page's language each time the form is shown.
    country = forms.ChoiceField(
        label=_("Country"),
        choices=_country_choices,
        # Some 250 options, the same for every page in one language: written once (nanjingweek/widgets.py).
        widget=Select(options_depend_on=get_language),
        error_messages={"required": _("Please choose the country or region you live in.")},
    )
    language = forms.ChoiceField(
        label=_("Language for e-mails"),
        choices=_language_choices,
        widget=Select,
        help_text=_("We write to you in this language."),
    )
    consent = forms.BooleanField(
        label=_("I agree that my data is stored and used to manage this registration, as the privacy notice says."),
        error_messages={"required": _("Please agree to the privacy notice to register.")},
    )
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()
        self.fields[self.HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get(self.add_prefix(self.HONEYPOT), "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name not in (self.HONEYPOT, "consent")]

    def registration_data(self) -> dict:
        """The keyword arguments of events.registrations.register."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_romanized": data["name_romanized"],
            "email": data["email"],
            "organization": data["organization"],
            "organization_kind": data["organization_kind"],
            "country": data["country"],
            "language": data["language"],
            "consent": data["consent"],
        }


class CheckInForm(Form):
    """A ticket code typed at the door or read from the QR code; dashes and spaces do not matter."""

    code = forms.CharField(
        label=_("Ticket code"),
        max_length=32,
        error_messages={"required": _("Please type the ticket code or scan it.")},
        help_text=_("As printed on the ticket, e.g. K7QX-M2PD-9F. Dashes and spaces do not matter."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "inputmode": "text",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
