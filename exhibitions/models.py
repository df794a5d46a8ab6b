"""Exhibitions, where and when they run, their catalogue of exhibits and side-by-side comparisons."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import english_required, image_alt_required
from nanjingweek.images import image_fields


class ExhibitionQuerySet(models.QuerySet):
    def published(self):
        """Exhibitions visitors may see."""
        return self.filter(is_published=True)

    def with_runs(self):
        """Runs in date order with venue and city, for lists."""
        return self.prefetch_related(
            Prefetch("runs", queryset=ExhibitionRun.objects.select_related("venue__city"), to_attr="schedule")
        )

    def with_details(self):
        """Runs with their venues, exhibits and comparisons, in a fixed number of queries."""
        return self.with_runs().prefetch_related(
            "organizers",
            Prefetch("exhibits", queryset=Exhibit.objects.select_related("city_of_origin"), to_attr="catalogue"),
            Prefetch(
                "comparisons",
                queryset=Comparison.objects.select_related(
                    "left_exhibit__city_of_origin", "right_exhibit__city_of_origin"
                ),
                to_attr="side_by_side",
            ),
        )


class Exhibition(models.Model):
    edition = models.ForeignKey(
        "events.Edition",
        verbose_name=_("edition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitions",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    organizers = models.ManyToManyField(
        "partners.Organization",
        verbose_name=_("curators and organizers"),
        blank=True,
        related_name="exhibitions",
    )
    related_events = models.ManyToManyField(
        "events.Event",
        verbose_name=_("related events"),
        blank=True,
        related_name="exhibitions",
        help_text=_("Events the exhibition accompanies, e.g. the forum it opened with."),
    )
    cover_image, cover_width, cover_height, cover_alt = image_fields(
        "cover_image", upload_to="exhibitions/", label=_("cover image"), alt_label=_("cover description (alt text)")
    )
    is_published = models.BooleanField(_("published"), default=False)

    objects = ExhibitionQuerySet.as_manager()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        constraints = [
            english_required("title", "exhibition"),
            image_alt_required("cover_image", "cover_alt", "exhibition_cover_has_alt"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exhibitions:detail", kwargs={"slug": self.slug})


class ExhibitionRun(models.Model):
    """A stay of the exhibition at one venue; the travelling exhibition has several."""

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="runs"
    )
    venue = models.ForeignKey(
        "events.Venue", verbose_name=_("venue"), on_delete=models.PROTECT, related_name="exhibition_runs"
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    is_extension = models.BooleanField(
        _("extension"), default=False, help_text=_("An added run after the planned one, e.g. a one-week extension.")
    )
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("exhibition run")
        verbose_name_plural = _("exhibition runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="exhibition_run_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return f"{self.exhibition} · {self.venue} ({self.first_day:%Y-%m-%d} – {self.last_day:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.exhibition.get_absolute_url()

    def is_on(self, day=None) -> bool:
        day = day or timezone.localdate(timezone=self.venue.city.zone)
        return self.first_day <= day <= self.last_day


class Exhibit(models.Model):
    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="exhibits"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    image, image_width, image_height, image_alt = image_fields(
        "image", upload_to="exhibits/", label=_("image"), alt_label=_("image description (alt text)")
    )
    city_of_origin = models.ForeignKey(
        "events.City",
        verbose_name=_("city of origin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibits",
    )
    period = models.CharField(
        _("period or date"), max_length=200, blank=True, help_text=_("e.g. 1366–1393, Ming dynasty")
    )
    credit = models.CharField(_("credit"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["exhibition_id", "order", "pk"]
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        constraints = [
            english_required("title", "exhibit"),
            image_alt_required("image", "image_alt", "exhibit_image_has_alt"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.exhibition.get_absolute_url() + f"#exhibit-{self.pk}"


class Comparison(models.Model):
    """Two exhibits side by side — a Nanjing landmark and a Leipzig one — with a commentary."""

    exhibition = models.ForeignKey(
        Exhibition, verbose_name=_("exhibition"), on_delete=models.CASCADE, related_name="comparisons"
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    left_exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("left exhibit"), on_delete=models.CASCADE, related_name="compared_on_left"
    )
    right_exhibit = models.ForeignKey(
        Exhibit, verbose_name=_("right exhibit"), on_delete=models.CASCADE, related_name="compared_on_right"
    )
    commentary = models.TextField(_("commentary"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["exhibition_id", "order", "pk"]
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")
        constraints = [
            models.CheckConstraint(
                condition=~Q(left_exhibit=F("right_exhibit")),
                name="comparison_of_two_exhibits",
                violation_error_message=_("Compare two different exhibits."),
            ),
        ]

    def __str__(self):
        return self.title or f"{self.left_exhibit} ↔ {self.right_exhibit}"

    def get_absolute_url(self):
        return self.exhibition.get_absolute_url() + f"#comparison-{self.pk}"

    @property
    def exhibits(self):
        """The pair in display order: Nanjing's side first, as the organizers set it up."""
        return [self.left_exhibit, self.right_exhibit]

    def clean(self):
        super().clean()
        exhibition_id = self.exhibition_id
        for field in ("left_exhibit", "right_exhibit"):
            exhibit = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if exhibit is not None and exhibition_id and exhibit.exhibition_id != exhibition_id:
                raise ValidationError({field: _("Choose an exhibit of this exhibition.")})
