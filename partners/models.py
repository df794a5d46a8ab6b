"""Who takes part: organizations and their roles at events, sister cities, projects, agreements and figures."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import english_required, image_alt_required
from nanjingweek.images import image_fields
from nanjingweek.locales import (
    country_choices,
    format_compact_money,
    format_count,
    format_money,
    format_number,
    is_currency_code,
)
from nanjingweek.typography import labelled

ISO_4217 = r"^[A-Z]{3}\Z"


def validate_currency(code: str) -> None:
    if not is_currency_code(code):
        raise ValidationError(_("“%(code)s” is not an ISO 4217 currency code."), params={"code": code})


def money_constraints(prefix: str, model_name: str) -> list[models.CheckConstraint]:
    """An amount is never negative and always comes with an ISO 4217 currency (and the other way round)."""
    amount, currency = f"{prefix}_amount", f"{prefix}_currency"
    return [
        models.CheckConstraint(
            condition=Q(**{f"{amount}__isnull": True, currency: ""})
            | Q(**{f"{amount}__isnull": False, f"{currency}__regex": ISO_4217}),
            name=f"{model_name}_{prefix}_has_currency",
            violation_error_message=_("An amount needs its currency as an ISO 4217 code, e.g. EUR, USD or CNY."),
        ),
        models.CheckConstraint(
            condition=Q(**{f"{amount}__isnull": True}) | Q(**{f"{amount}__gte": 0}),
            name=f"{model_name}_{prefix}_not_negative",
            violation_error_message=_("An amount cannot be negative."),
        ),
    ]


def money_fields(label):
    return (
        models.DecimalField(label, max_digits=18, decimal_places=2, null=True, blank=True),
        models.CharField(
            _("currency"), max_length=3, blank=True, validators=[validate_currency], help_text=_("ISO 4217, e.g. EUR")
        ),
    )


class OrganizationQuerySet(models.QuerySet):
    def with_logo(self):
        """Organizations that can be shown as a logo."""
        return self.exclude(logo="")


class Organization(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        CULTURAL_INSTITUTION = "cultural_institution", _("Cultural institution")
        ENTERPRISE = "enterprise", _("Enterprise")
        UNIVERSITY = "university", _("University")
        ASSOCIATION = "association", _("Association")
        MEDIA = "media", _("Media")
        ORGANIZING_COMMITTEE = "organizing_committee", _("Organizing committee")

    # An organization's name (名称), not a person's (姓名).
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    city = models.ForeignKey(
        "events.City",
        verbose_name=_("city"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organizations",
    )
    logo, logo_width, logo_height, logo_alt = image_fields(
        "logo", upload_to="logos/", label=_("logo"), alt_label=_("logo description (alt text)")
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            english_required("name", "organization"),
            image_alt_required("logo", "logo_alt", "organization_logo_has_alt"),
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}\Z"),
                name="organization_country_is_iso_code",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", kwargs={"slug": self.slug})


class EventRole(models.Model):
    """What an organization is at an event: organizer, sponsor, media partner …"""

    class Role(models.TextChoices):
        ORGANIZER = "organizer", _("Organizer")
        CO_ORGANIZER = "co_organizer", _("Co-organizer")
        SPONSOR = "sponsor", _("Sponsor")
        SUPPORTER = "supporter", _("Supporter")
        MEDIA_PARTNER = "media_partner", _("Media partner")

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="event_roles"
    )
    event = models.ForeignKey("events.Event", verbose_name=_("event"), on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.ORGANIZER)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event_id", "order", "pk"]
        verbose_name = _("partner role")
        verbose_name_plural = _("partner roles")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "event", "role"],
                name="one_role_per_organization_and_event",
                violation_error_message=_("This organization already has this role at this event."),
            ),
        ]

    def __str__(self):
        return f"{self.organization} · {self.get_role_display()} · {self.event}"

    def get_absolute_url(self):
        return self.event.get_absolute_url()


class SisterCityPartnership(models.Model):
    city_a = models.ForeignKey(
        "events.City", verbose_name=_("city"), on_delete=models.CASCADE, related_name="partnerships_as_first"
    )
    city_b = models.ForeignKey(
        "events.City", verbose_name=_("partner city"), on_delete=models.CASCADE, related_name="partnerships_as_second"
    )
    since_year = models.PositiveSmallIntegerField(_("since (year)"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["since_year", "pk"]
        verbose_name = _("sister-city partnership")
        verbose_name_plural = _("sister-city partnerships")
        constraints = [
            models.CheckConstraint(
                condition=~Q(city_a=F("city_b")),
                name="partnership_of_two_cities",
                violation_error_message=_("A city cannot be its own sister city."),
            ),
            models.UniqueConstraint(
                Least("city_a", "city_b"),
                Greatest("city_a", "city_b"),
                name="one_partnership_per_pair_of_cities",
                violation_error_message=_("These two cities already have a partnership."),
            ),
            models.CheckConstraint(
                condition=Q(since_year__gte=1000, since_year__lte=2999), name="partnership_year_plausible"
            ),
        ]

    def __str__(self):
        return f"{self.city_a} – {self.city_b} ({self.since_year})"

    def get_absolute_url(self):
        return reverse("partners:cooperation") + f"#partnership-{self.pk}"

    def anniversary(self, year: int | None = None) -> int:
        """Years of partnership in the given year (this year by default): Nanjing–Leipzig 1988 → 37th in 2025."""
        return (year or timezone.localdate().year) - self.since_year


class CooperationProject(models.Model):
    """An organization's project in a city, e.g. a German enterprise's plant in Nanjing."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("title"), max_length=200)
    city = models.ForeignKey("events.City", verbose_name=_("city"), on_delete=models.PROTECT, related_name="projects")
    sector = models.ForeignKey(
        "events.Topic",
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("announced at"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announced_projects",
        help_text=_("The event where the project was announced; its page lists the project once the event is over."),
    )
    investment_amount, investment_currency = money_fields(_("investment"))
    revenue_amount, revenue_currency = money_fields(_("annual revenue"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["organization_id", "-year", "pk"]
        verbose_name = _("cooperation project")
        verbose_name_plural = _("cooperation projects")
        constraints = [
            english_required("title", "project"),
            *money_constraints("investment", "project"),
            *money_constraints("revenue", "project"),
        ]

    def __str__(self):
        return labelled(str(self.organization), self.title)

    def get_absolute_url(self):
        return self.organization.get_absolute_url() + f"#project-{self.pk}"

    @property
    def investment(self) -> str:
        return format_money(self.investment_amount, self.investment_currency) if self.investment_currency else ""

    @property
    def revenue(self) -> str:
        return format_money(self.revenue_amount, self.revenue_currency) if self.revenue_currency else ""


class Agreement(models.Model):
    """A deal or consensus reached at an event."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    parties = models.ManyToManyField(Organization, verbose_name=_("parties"), blank=True, related_name="agreements")
    sector = models.ForeignKey(
        "events.Topic",
        verbose_name=_("sector"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    value_amount, value_currency = money_fields(_("value"))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [english_required("title", "agreement"), *money_constraints("value", "agreement")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("partners:cooperation") + f"#agreement-{self.pk}"

    @property
    def value(self) -> str:
        return format_money(self.value_amount, self.value_currency) if self.value_currency else ""


class KeyFigure(models.Model):
    """An official figure the committee publishes, with its date and source."""

    edition = models.ForeignKey(
        "events.Edition",
        verbose_name=_("edition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_figures",
    )
    label = models.CharField(_("label"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=2)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("ISO 4217, for amounts of money; leave empty for counts."),
    )
    unit = models.CharField(
        _("measure word"),
        max_length=50,
        blank=True,
        help_text=_(
            "For counts in languages that put a measure word after the number, e.g. Chinese 个 (309个). "
            "Leave it empty where the label says what is counted."
        ),
    )
    as_of = models.DateField(_("as of"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            english_required("label", "key_figure"),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=ISO_4217),
                name="key_figure_currency_is_iso_code",
                violation_error_message=_("The currency must be an ISO 4217 code, e.g. EUR, USD or CNY."),
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(value__gte=0),
                name="key_figure_money_not_negative",
                violation_error_message=_("An amount of money cannot be negative."),
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("partners:cooperation") + f"#figure-{self.pk}"

    @property
    def display_value(self) -> str:
        """Short, as people say it: "US$2.2 billion", „2,2 Mrd. US-Dollar“, “22亿美元”; counts as "309", "309个"."""
        if self.currency:
            # A headline figure may wrap, but never inside "US-Dollar": the hyphen becomes a non-breaking one.
            return format_compact_money(self.value, self.currency).replace("-", "\u2011")
        return format_count(self.value, self.unit)

    @property
    def exact_value(self) -> str:
        return format_money(self.value, self.currency) if self.currency else format_number(self.value)
