"""The organizers' admin for exhibitions: each exhibition with its runs, exhibits and comparisons on one page."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError

from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from nanjingweek.admin import (
    MissingTranslationFilter,
    TranslatedAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
    language_columns,
)
from nanjingweek.admin_preview import PreviewLinksMixin


def exhibition_being_edited(request) -> int | None:
    """The primary key of the exhibition whose change page this request is for, None on the add page."""
    object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
    if object_id is None:
        return None
    try:
        return Exhibition._meta.pk.to_python(unquote(object_id))
    except ValidationError:
        return None


def on_site_if_published(obj) -> str | None:
    """The public page of a run, exhibit or comparison; None while its exhibition is unpublished."""
    return obj.get_absolute_url() if obj.exhibition.is_published else None


class PartOfExhibitionMixin:
    """For the parts of an exhibition: "view on site" only when the exhibition is public."""

    def view_on_site(self, obj) -> str | None:
        return on_site_if_published(obj)


class PartInlineMixin(PartOfExhibitionMixin):
    def get_queryset(self, request):
        # Not for the lists: a select_related here would make the changelist ignore list_select_related.
        return super().get_queryset(request).select_related("exhibition")


class ExhibitionRunInline(PartInlineMixin, TranslatedTabularInline):
    model = ExhibitionRun
    fields = ("venue", "first_day", "last_day", "is_extension", "opening_hours")
    autocomplete_fields = ("venue",)


class ExhibitInline(PartInlineMixin, TranslatedStackedInline):
    model = Exhibit
    fields = ("title", "period", "city_of_origin", "image", "image_alt", "credit", "description", "order")
    autocomplete_fields = ("city_of_origin",)


class ComparisonInline(PartInlineMixin, TranslatedStackedInline):
    model = Comparison
    fields = ("title", ("left_exhibit", "right_exhibit"), "commentary", "order")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only this exhibition's exhibits can be compared on its page.
        if db_field.name in {"left_exhibit", "right_exhibit"}:
            exhibition_id = exhibition_being_edited(request)
            exhibits = Exhibit.objects.filter(exhibition_id=exhibition_id) if exhibition_id else Exhibit.objects.none()
            kwargs["queryset"] = exhibits.order_by("order", "pk")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("left_exhibit", "right_exhibit")


@admin.register(Exhibition)
class ExhibitionAdmin(PreviewLinksMixin, TranslatedAdmin):
    list_display = ("title", "edition", "is_published", "missing_translations")
    list_filter = ("edition", "is_published", MissingTranslationFilter)
    list_select_related = ("edition",)
    search_fields = (*language_columns("title"), "slug")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("edition", "organizers", "related_events")
    fields = (
        "edition",
        "title",
        "slug",
        "is_published",
        "description",
        "organizers",
        "related_events",
        "cover_image",
        "cover_alt",
    )
    inlines = (ExhibitionRunInline, ExhibitInline, ComparisonInline)

    def get_inlines(self, request, obj):
        # Comparisons pair exhibits that are already saved: offer them once the exhibition exists.
        return self.inlines if obj is not None else (ExhibitionRunInline, ExhibitInline)

    def view_on_site(self, exhibition: Exhibition) -> str | None:
        return exhibition.get_absolute_url() if exhibition.is_published else None


@admin.register(ExhibitionRun)
class ExhibitionRunAdmin(PartOfExhibitionMixin, TranslatedAdmin):
    list_display = ("exhibition", "venue", "first_day", "last_day", "is_extension", "missing_translations")
    list_filter = ("is_extension", ("venue__city", admin.RelatedOnlyFieldListFilter), MissingTranslationFilter)
    list_select_related = ("exhibition", "venue__city")
    search_fields = language_columns("exhibition__title", "venue__name", "venue__city__name")
    date_hierarchy = "first_day"
    autocomplete_fields = ("exhibition", "venue")
    fields = ("exhibition", "venue", ("first_day", "last_day"), "is_extension", "opening_hours")


@admin.register(Exhibit)
class ExhibitAdmin(PartOfExhibitionMixin, TranslatedAdmin):
    list_display = ("title", "exhibition", "city_of_origin", "period", "order", "missing_translations")
    list_filter = (
        ("exhibition", admin.RelatedOnlyFieldListFilter),
        ("city_of_origin", admin.RelatedOnlyFieldListFilter),
        MissingTranslationFilter,
    )
    list_select_related = ("exhibition", "city_of_origin")
    search_fields = language_columns("title", "period", "credit", "exhibition__title")
    autocomplete_fields = ("exhibition", "city_of_origin")
    fields = ("exhibition", "title", "period", "city_of_origin", "image", "image_alt", "credit", "description", "order")


@admin.register(Comparison)
class ComparisonAdmin(PartOfExhibitionMixin, TranslatedAdmin):
    list_display = ("__str__", "exhibition", "left_exhibit", "right_exhibit", "order", "missing_translations")
    list_filter = (("exhibition", admin.RelatedOnlyFieldListFilter), MissingTranslationFilter)
    list_select_related = ("exhibition", "left_exhibit", "right_exhibit")
    search_fields = language_columns("title", "left_exhibit__title", "right_exhibit__title", "exhibition__title")
    # The model refuses exhibits of another exhibition; on the exhibition's own page the choice is narrowed.
    autocomplete_fields = ("exhibition", "left_exhibit", "right_exhibit")
    fields = ("exhibition", "title", ("left_exhibit", "right_exhibit"), "commentary", "order")
