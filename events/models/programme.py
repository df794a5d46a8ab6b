"""The programme: editions, cities, venues, topics, events, their agenda sessions and speakers.

Registrations (the registration issue) will live here too, beside the events they fill.
"""

import zoneinfo
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from events.querysets import EditionQuerySet, EventQuerySet, SpeakerQuerySet
from nanjingweek.images import image_fields
from nanjingweek.links import page_url
from nanjingweek.locales import country_choices, country_name
from nanjingweek.typography import annotated, date_range, joined, quoted


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


def image_alt_required(image_field: str, alt_field: str, name: str) -> models.CheckConstraint:
    """An image shown to visitors needs English alt text (the other languages fall back to it)."""
    return models.CheckConstraint(
        condition=Q(**{image_field: ""}) | (Q(**{f"{alt_field}_en__isnull": False}) & ~Q(**{f"{alt_field}_en": ""})),
        name=name,
        violation_error_message=_("Describe the image for people who cannot see it (alt text, in English at least)."),
    )


def english_required(field: str, model_name: str) -> models.CheckConstraint:
    """English is the language every other one falls back to, so it can never be missing."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}_en__isnull": False}) & ~Q(**{f"{field}_en": ""}),
        name=f"{model_name}_{field}_in_english",
        violation_error_message=_("Give the English text; German and Chinese fall back to it."),
    )


def both_or_neither(first: str, second: str) -> Q:
    return Q(**{f"{first}__isnull": True, f"{second}__isnull": True}) | Q(
        **{f"{first}__isnull": False, f"{second}__isnull": False}
    )


# `name` is a thing's (名称) on these models, a person's (姓名) on Speaker and Registration.
THING_NAME = pgettext_lazy("thing", "name")
PERSON_NAME = pgettext_lazy("person", "name")


class Edition(models.Model):
    """One year's programme of China Nanjing Week."""

    name = models.CharField(THING_NAME, max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=False)
    theme = models.CharField(_("motto"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    organizer = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("organizer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organized_editions",
    )
    is_current = models.BooleanField(
        _("current edition"),
        default=False,
        help_text=_(
            "Leave unticked: the home page and the schedule show the edition that is running or comes next, else "
            "the latest. Tick to show this edition instead, whatever its dates; only one edition can be ticked."
        ),
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            english_required("name", "edition"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="edition_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_edition",
                violation_error_message=_("Another edition is already the current one."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:edition", slug=self.slug)

    def holds_days(self, first, last) -> bool:
        """Whether the days `first` to `last` lie within this edition's first and last day."""
        return self.start_date <= first and last <= self.end_date

    def clean(self):
        super().clean()
        # New dates must still hold every dated event of the edition (the rule `Event.clean` checks from the
        # other side): an edition is never shortened behind its own events.
        if self.pk is None or not (self.start_date and self.end_date) or self.end_date < self.start_date:
            return
        events = Event.objects.filter(edition=self).dated().select_related("venue__city").order_by("starts_at")
        outside = [event for event in events if not self.holds_days(event.local_start.date(), event.local_end.date())]
        if outside:
            titles = joined([quoted(event.title) for event in outside])
            raise ValidationError(
                ngettext(
                    "This event would lie outside these dates: %(events)s. Move it first, or choose dates that "
                    "hold it.",
                    "These events would lie outside these dates: %(events)s. Move them first, or choose dates "
                    "that hold them.",
                    len(outside),
                )
                % {"events": titles}
            )


class City(models.Model):
    name = models.CharField(THING_NAME, max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, help_text=_("ISO 3166 code"))
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=zone_choices,
        help_text=_("IANA time zone in which the city's events are shown, e.g. Europe/Berlin or Asia/Shanghai."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [
            english_required("name", "city"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}\Z"),
                name="city_country_is_iso_code",
                violation_error_message=_("The country must be a two-letter ISO 3166 code."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:city", slug=self.slug)

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class Venue(models.Model):
    name = models.CharField(THING_NAME, max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    address = models.TextField(_("address"), blank=True)
    # The address again in parts, for search engines (schema.org PostalAddress, events/structured_data.py), as the
    # post of the venue's country writes it, so in one language: the city and its country come from `city`.
    street_address = models.CharField(
        _("street and number"),
        max_length=200,
        blank=True,
        help_text=_(
            "As written in the venue's country, e.g. “Augustusplatz 10”: for search engines, with the postal code."
        ),
    )
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.ForeignKey(City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="venues")
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Seats, if known."))
    accessibility = models.TextField(
        _("accessibility notes"), blank=True, help_text=_("Step-free access, hearing loops, accessible toilets …")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            english_required("name", "venue"),
            models.CheckConstraint(
                condition=both_or_neither("latitude", "longitude"),
                name="venue_coordinates_both_or_neither",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="venue_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="venue_longitude_range",
            ),
        ]

    def __str__(self):
        # "Congress Hall at the Zoo, Leipzig", not "… Leipzig (Leipzig)"; 巴伐利亚经济之家（慕尼黑）.
        return self.name if self.names_its_city else annotated(self.name, self.city.name)

    def get_absolute_url(self):
        return page_url("events:venue", slug=self.slug)

    @property
    def names_its_city(self) -> bool:
        """Whether the name already says the city ("Kongresshalle am Zoo Leipzig"), so it is not repeated."""
        city = self.city.name
        return bool(city) and city.casefold() in self.name.casefold()


class Topic(models.Model):
    name = models.CharField(THING_NAME, max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            english_required("name", "topic"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:schedule") + f"?topic={self.slug}"


class Event(models.Model):
    class Kind(models.TextChoices):
        FORUM = "forum", _("Forum")
        DIALOGUE = "dialogue", _("Dialogue")
        EXHIBITION_OPENING = "exhibition_opening", _("Exhibition opening")
        ECONOMIC_FORUM = "economic_forum", _("Economic forum")
        CEREMONY = "ceremony", _("Ceremony")
        WORKSHOP = "workshop", _("Workshop")
        PERFORMANCE = "performance", _("Cultural performance")
        VISIT = "visit", pgettext_lazy("event kind", "Visit")
        OTHER = "other", pgettext_lazy("event kind", "Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        # „abgesagt“, not a registration's „storniert“; the same words as the badge in includes/event_status.html.
        CANCELLED = "cancelled", pgettext_lazy("event", "Cancelled")
        POSTPONED = "postponed", pgettext_lazy("event", "Postponed")

    edition = models.ForeignKey(Edition, verbose_name=_("edition"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.FORUM)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True, help_text=_("One or two sentences for lists and previews."))
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="events")
    starts_at = models.DateTimeField(
        _("starts"), null=True, blank=True, help_text=_("In the venue's local time. Leave empty if not dated yet.")
    )
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    announced_period = models.CharField(
        _("announced period"),
        max_length=200,
        blank=True,
        help_text=_('For events without a date yet, e.g. "in the coming months".'),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="events")
    image, image_width, image_height, image_alt = image_fields(
        "image", upload_to="events/", label=_("image"), alt_label=_("image description (alt text)")
    )
    participant_count = models.PositiveIntegerField(
        _("participants"),
        null=True,
        blank=True,
        help_text=_(
            "How many took part, as reported after the event. Leave it empty to count the attendees checked in "
            "at the door instead. Shown once the event is over."
        ),
    )
    outcome_report = models.TextField(
        _("report"),
        blank=True,
        help_text=_("What came of the event, in plain paragraphs (an empty line between them). Shown once it is over."),
    )
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty means no limit."))
    registration_required = models.BooleanField(_("registration required"), default=False)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    max_delegation_size = models.PositiveSmallIntegerField(
        _("largest delegation"),
        default=20,
        help_text=_("How many people one contact may register together as a group; 0: no group registrations."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, editable=False, help_text=_("Raised when date, place or status change.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = [F("starts_at").asc(nulls_last=True), "slug"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            english_required("title", "event"),
            models.CheckConstraint(
                condition=both_or_neither("starts_at", "ends_at"),
                name="event_start_and_end_together",
                violation_error_message=_("Give both start and end, or neither for an event without a date."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gte=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration cannot close before it opens."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(registration_closes_at__lte=F("ends_at")),
                name="event_registration_closes_by_end",
                violation_error_message=_("Registration must close by the time the event ends."),
            ),
            image_alt_required("image", "image_alt", "event_image_has_alt"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled", "postponed"]),
                name="event_status_known",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return page_url("events:detail", slug=self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        # A list loading some fields only (a schedule's cards, a calendar's events): Django looks each of the
        # model's fifty-odd fields up in the list of names loaded, for every row; in a set that is a sixth of the
        # time a 300-event schedule spends making its events.
        if len(values) != len(cls._meta.concrete_fields):
            field_names = frozenset(field_names)
        return super().from_db(db, field_names, values)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return self.venue.city.zone

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.zone) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.zone) if self.ends_at else None

    @property
    def is_dated(self) -> bool:
        return self.starts_at is not None

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def clean(self):
        super().clean()
        if self.starts_at is None and self.ends_at is None and not self.announced_period:
            raise ValidationError(
                {"announced_period": _("An event without a date needs an announced period, e.g. “in spring”.")}
            )
        outside = self.outside_edition()
        if outside:
            raise ValidationError({outside: self.outside_edition_message()})

    def outside_edition(self) -> str | None:
        """Which end of the event falls outside its edition's days ("starts_at" or "ends_at"), or None.

        The rule: a dated event lies within its edition's first and last day, by the date at its venue (a
        Nanjing event on 1 November at 07:00 is inside an edition that begins on 1 November, although it is
        still 31 October in Leipzig). Undated events are exempt; so is an event without edition or venue yet
        (the form reports those).
        """
        if self.starts_at is None or self.ends_at is None or not self.edition_id or not self.venue_id:
            return None
        edition = self.edition
        if not edition.holds_days(self.local_start.date(), self.local_start.date()):
            return "starts_at"
        if not edition.holds_days(self.local_end.date(), self.local_end.date()):
            return "ends_at"
        return None

    def outside_edition_message(self) -> str:
        """What an organizer reads when the event's date does not fit its edition: the edition's dates."""
        edition = self.edition
        return gettext(
            "The event must take place within the dates of its edition, %(edition)s: %(dates)s. The date at the "
            "venue counts."
        ) % {"edition": edition.name, "dates": date_range(edition.start_date, edition.end_date)}


class Speaker(models.Model):
    name = models.CharField(PERSON_NAME, max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    role = models.CharField(_("title or role"), max_length=200, blank=True)
    organization = models.ForeignKey(
        "partners.Organization",
        verbose_name=_("organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )
    bio = models.TextField(_("biography"), blank=True)
    photo, photo_width, photo_height, photo_alt = image_fields(
        "photo", upload_to="speakers/", label=_("photo"), alt_label=_("photo description (alt text)")
    )

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        constraints = [
            english_required("name", "speaker"),
            image_alt_required("photo", "photo_alt", "speaker_photo_has_alt"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("events:speaker", slug=self.slug)

    def name_in_other_script(self) -> tuple[str, str] | None:
        """(name, language) of the name as the other script writes it, where it differs from the shown one:
        the Chinese name beside the German or English one (Zhang Wei, 张伟), the English beside the Chinese."""
        other = "en" if get_language() == "zh-hans" else "zh-hans"
        name = getattr(self, build_localized_fieldname("name", other), "") or ""
        return (name, other) if name and name != self.name else None


class Session(models.Model):
    """An item on an event's agenda."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)
    speakers = models.ManyToManyField(Speaker, verbose_name=_("speakers"), blank=True, related_name="sessions")
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event_id", "order", F("starts_at").asc(nulls_last=True), "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            english_required("title", "session"),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")),
                name="session_ends_after_start",
                violation_error_message=_("A session cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.event.get_absolute_url() + f"#session-{self.pk}"

    @property
    def local_start(self):
        return self.starts_at.astimezone(self.event.zone) if self.starts_at else None

    @property
    def local_end(self):
        return self.ends_at.astimezone(self.event.zone) if self.ends_at else None

    def clean(self):
        super().clean()
        # An event not saved yet counts too: the programme import checks its sessions before saving anything.
        event = self.event if self.event_id or Session.event.is_cached(self) else None
        if event is None or event.starts_at is None or self.starts_at is None:
            return
        # Margins of a day: agendas often include a welcome dinner the evening before.
        if not (
            event.starts_at.date() - timedelta(days=1)
            <= self.starts_at.date()
            <= event.ends_at.date() + timedelta(days=1)
        ):
            raise ValidationError({"starts_at": _("The session must take place during its event.")})
