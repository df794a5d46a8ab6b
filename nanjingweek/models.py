"""Site-wide content beside home and privacy: the news (press releases and reports) and the site's owner.

- `NewsArticle`: written in three languages, public once it is published and its publication time has come.
- `SiteOwner`: the one record of who runs the site (the organizing committee), its address and contacts, and
  who is responsible for the content. The contact page (Impressum), the accessibility statement and the
  privacy notice all read it, so organizers correct an address in one place.
"""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import english_required, image_alt_required
from nanjingweek.html import safe_html
from nanjingweek.images import image_fields


class NewsArticleQuerySet(models.QuerySet):
    def published(self, now: datetime | None = None) -> NewsArticleQuerySet:
        """What visitors may read: published articles whose publication time has come, never drafts.

        An article published with a time ahead appears by itself at that time (no page caches it before).
        """
        return self.filter(status=NewsArticle.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def newest_first(self) -> NewsArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def with_related(self) -> NewsArticleQuerySet:
        """An article page's related events (with their venues), exhibitions and partners, in three queries."""
        from events.models import Event
        from exhibitions.models import Exhibition

        return self.prefetch_related(
            models.Prefetch(
                "related_events",
                queryset=Event.objects.published().with_venue(),
                to_attr="public_events",
            ),
            models.Prefetch(
                "related_exhibitions",
                queryset=Exhibition.objects.published(),
                to_attr="public_exhibitions",
            ),
            models.Prefetch("related_partners", to_attr="partners"),
        )


class NewsArticle(models.Model):
    """A press release or a report: title, lead and body in three languages, shown once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences: shown in lists, in the feed and in link previews.")
    )
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Paragraphs separated by a blank line. You may use these HTML tags: p, a (with href), strong, em, ul, "
            "ol, li, h2, h3, blockquote. Anything else is removed when the article is shown."
        ),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        help_text=_("Shown as the article's date. A published article with a later time appears at that time."),
    )
    image, image_width, image_height, image_alt = image_fields(
        "image", upload_to="news/", label=_("image"), alt_label=_("image description (alt text)")
    )
    related_events = models.ManyToManyField(
        "events.Event", verbose_name=_("related events"), blank=True, related_name="news_articles"
    )
    related_exhibitions = models.ManyToManyField(
        "exhibitions.Exhibition", verbose_name=_("related exhibitions"), blank=True, related_name="news_articles"
    )
    related_partners = models.ManyToManyField(
        "partners.Organization", verbose_name=_("related partners"), blank=True, related_name="news_articles"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = NewsArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("news article")
        verbose_name_plural = _("news")
        constraints = [
            english_required("title", "news_article"),
            image_alt_required("image", "image_alt", "news_article_image_has_alt"),
            models.CheckConstraint(condition=Q(status__in=["draft", "published"]), name="news_article_status_known"),
            models.CheckConstraint(
                condition=~Q(slug="feed"),
                name="news_article_slug_not_feed",
                violation_error_message=_("“feed” is the address of the news feed: please choose another slug."),
            ),
        ]
        indexes = [models.Index(fields=["status", "-published_at"], name="news_article_public")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    @property
    def body_html(self) -> SafeString:
        """The body in the page's language, cleaned to the allowed HTML (nanjingweek/html.py)."""
        return safe_html(self.body)

    @property
    def published_local(self) -> datetime:
        """The publication time in the site's time zone, for the date shown."""
        return timezone.localtime(self.published_at)


ONLY_ONE_OWNER = _("There is only one record of the site's owner: edit it instead.")


class SiteOwnerQuerySet(models.QuerySet):
    def get_solo(self) -> SiteOwner | None:
        """The record, or None while nobody has entered it (pages then say so)."""
        return self.filter(pk=SiteOwner.SOLE_ID).first()


class SiteOwner(models.Model):
    """Who runs the site, as the Impressum (§ 5 DDG) and the privacy notice (Art. 13 GDPR) must say. One row.

    The legal form, representative, register entry and VAT ID are for a provider that has them; a public body
    or a committee leaves the register and VAT fields empty. The person responsible for the content (§ 18 (2)
    MStV) is named with an address; empty, the provider's address is that person's.
    """

    SOLE_ID = 1
    ONLY_ONE = ONLY_ONE_OWNER

    # Always 1: a second record cannot exist, in the admin (refused there) or in the database (primary key).
    id = models.PositiveSmallIntegerField(primary_key=True, default=SOLE_ID, editable=False)
    name = models.CharField(pgettext_lazy("thing", "name"), max_length=200)
    legal_form = models.CharField(
        _("legal form"), max_length=200, blank=True, help_text=_("For example: registered association, public body.")
    )
    representative = models.CharField(
        _("represented by"),
        max_length=300,
        blank=True,
        help_text=_("The person or persons who legally represent the provider, with their function."),
    )
    address = models.TextField(_("postal address"), help_text=_("As on a letter, one line per line."))
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=50, blank=True, help_text=_("With the country code: +49 …"))
    register_entry = models.CharField(
        _("register entry"),
        max_length=200,
        blank=True,
        help_text=_("Register and number, if registered, e.g. Amtsgericht Leipzig, VR 1234."),
    )
    vat_id = models.CharField(_("VAT identification number"), max_length=30, blank=True, help_text=_("If any."))
    content_responsible = models.CharField(
        _("responsible for the content"),
        max_length=200,
        help_text=_("The person responsible for the content under § 18 (2) MStV."),
    )
    content_responsible_address = models.TextField(
        _("address of the person responsible for the content"),
        blank=True,
        help_text=_("Leave empty if it is the postal address above."),
    )
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    objects = SiteOwnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("site owner and contact")
        verbose_name_plural = _("site owner and contact")
        constraints = [
            english_required("name", "site_owner"),
            english_required("address", "site_owner"),
            english_required("content_responsible", "site_owner"),
            models.CheckConstraint(
                condition=Q(id=1),
                name="site_owner_only_one",
                violation_error_message=ONLY_ONE_OWNER,
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contact")

    @property
    def phone_link(self) -> str:
        """The phone number as a tel: link, without the spaces and brackets people write: tel:+492514567."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        return f"tel:{digits}" if digits else ""

    @property
    def responsible_address(self) -> str:
        """Where the person responsible for the content can be reached: their own address, else the provider's."""
        return self.content_responsible_address or self.address

    def clean(self):
        super().clean()
        if self._state.adding and SiteOwner.objects.filter(pk=self.SOLE_ID).exists():
            raise ValidationError(self.ONLY_ONE)


class OrganizerPreference(models.Model):
    """An organizer's own settings for the admin; today the language it speaks to them, whatever the site's default.

    Applied to admin pages by nanjingweek.accounts.admin_language; public pages never read it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="organizer_preference",
    )
    # Empty: the language the browser asks for (Accept-Language), else English.
    admin_language = models.CharField(_("language of the admin"), max_length=8, choices=settings.LANGUAGES, blank=True)

    class Meta:
        verbose_name = _("organizer's preference")
        verbose_name_plural = _("organizers' preferences")

    def __str__(self):
        return str(self.user)


class TranslationReview(models.Model):
    """One translated field of one object whose English text changed after it was translated into `language`.

    The rules that make and clear these marks are in nanjingweek/translation_review.py. `previous_text` is the
    English the translator last saw (kept through later English changes), `current_text` the English now.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+", verbose_name=_("content type")
    )
    # Every translated model has an integer primary key; an integer column lets the list filter compare it as is.
    object_id = models.PositiveBigIntegerField(_("object ID"))
    field_name = models.CharField(_("field"), max_length=100)
    language = models.CharField(_("language"), max_length=15)
    previous_text = models.TextField(_("previous English text"), blank=True)
    current_text = models.TextField(_("current English text"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("English changed by"),
    )
    changed_at = models.DateTimeField(_("English changed at"))

    class Meta:
        verbose_name = _("translation to review")
        verbose_name_plural = _("translations to review")
        ordering = ["content_type", "object_id", "field_name", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field_name", "language"], name="translation_review_unique"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.field_name} ({self.language})"
