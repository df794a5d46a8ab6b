"""The organizers' admin for the site-wide content: news articles and the one record of the site's owner.

Imported at the end of nanjingweek/admin.py (which Django's admin discovers); that module holds the helpers
every app's admin shares, this one the admins of nanjingweek's own models.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nanjingweek.admin import MissingTranslationFilter, TranslatedAdmin, language_columns
from nanjingweek.admin_preview import PreviewLinksMixin
from nanjingweek.models import NewsArticle, SiteOwner


@admin.register(NewsArticle)
class NewsArticleAdmin(PreviewLinksMixin, TranslatedAdmin):
    list_display = ("title", "status", "published_at", "missing_translations")
    list_filter = ("status", MissingTranslationFilter)
    search_fields = (*language_columns("title", "lead", "body"), "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("related_events", "related_exhibitions", "related_partners")
    fieldsets = (
        (None, {"fields": ("title", "slug", ("status", "published_at"), "lead", "body")}),
        (_("Image"), {"fields": ("image", "image_alt")}),
        (_("Related"), {"fields": ("related_events", "related_exhibitions", "related_partners")}),
    )


@admin.register(SiteOwner)
class SiteOwnerAdmin(TranslatedAdmin):
    """One record: it can be added while there is none, and then only edited."""

    list_display = ("name", "email", "missing_translations")
    fieldsets = (
        (
            _("Provider"),
            {"fields": ("name", "legal_form", "representative", "address", ("email", "phone"))},
        ),
        (_("Register and tax"), {"fields": ("register_entry", "vat_id")}),
        (_("Responsible for the content"), {"fields": ("content_responsible", "content_responsible_address")}),
    )

    def has_add_permission(self, request):
        allowed = super().has_add_permission(request)
        # Every admin page asks every admin (the sidebar's "Add" links): only this list looks at the table, to
        # offer no "Add" once the record exists. Elsewhere the link stays and leads to the record (add_view).
        if allowed and getattr(request.resolver_match, "url_name", None) == "nanjingweek_siteowner_changelist":
            return not SiteOwner.objects.exists()
        return allowed

    def add_view(self, request, form_url="", extra_context=None):
        owner = SiteOwner.objects.get_solo()
        if owner is not None:
            # A second record is never made: whoever asks to add one (a GET or a POST) is shown the one there is.
            messages.info(request, SiteOwner.ONLY_ONE)
            return redirect(reverse("admin:nanjingweek_siteowner_change", args=[owner.pk]))
        return super().add_view(request, form_url, extra_context)
