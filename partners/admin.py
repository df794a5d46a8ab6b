"""The organizers' admin for partners: organizations (with their projects), roles, sister cities, deals, figures."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from nanjingweek.admin import (
    MissingTranslationFilter,
    TranslatedAdmin,
    TranslatedStackedInline,
    language_columns,
)
from nanjingweek.admin_history import HistoryAdminMixin
from nanjingweek.forms import ModelForm
from nanjingweek.locales import format_money
from partners.models import Agreement, CooperationProject, EventRole, KeyFigure, Organization, SisterCityPartnership


class CooperationProjectInline(TranslatedStackedInline):
    model = CooperationProject
    fields = (
        "title",
        ("city", "sector", "year"),
        "event",
        ("investment_amount", "investment_currency"),
        ("revenue_amount", "revenue_currency"),
        "description",
    )
    autocomplete_fields = ("city", "sector", "event")


@admin.register(Organization)
class OrganizationAdmin(TranslatedAdmin):
    list_display = ("name", "kind", "country", "city", "missing_translations")
    list_filter = ("kind", "country", MissingTranslationFilter)
    list_select_related = ("city",)
    search_fields = (*language_columns("name"), "slug", "website")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("city",)
    fields = ("name", "slug", "kind", ("country", "city"), "website", "description", "logo", "logo_alt")
    inlines = (CooperationProjectInline,)


@admin.register(EventRole)
class EventRoleAdmin(HistoryAdminMixin, admin.ModelAdmin):
    """Roles are usually edited inside the event; this list answers "where does this partner appear?"."""

    form = ModelForm
    list_display = ("organization", "role", "event", "order")
    list_filter = ("role", "event__edition")
    list_select_related = ("organization", "event")
    search_fields = language_columns("organization__name", "event__title")
    autocomplete_fields = ("organization", "event")


@admin.register(SisterCityPartnership)
class SisterCityPartnershipAdmin(TranslatedAdmin):
    list_display = ("__str__", "since_year", "years", "missing_translations")
    list_filter = (MissingTranslationFilter,)
    list_select_related = ("city_a", "city_b")
    search_fields = language_columns("city_a__name", "city_b__name")
    autocomplete_fields = ("city_a", "city_b")
    fields = (("city_a", "city_b"), "since_year", "description")

    @admin.display(description=_("anniversary this year"), ordering="-since_year")
    def years(self, partnership: SisterCityPartnership) -> str:
        years = partnership.anniversary()
        return ngettext("%(years)d year", "%(years)d years", years) % {"years": years}


@admin.register(CooperationProject)
class CooperationProjectAdmin(TranslatedAdmin):
    list_display = (
        "title",
        "organization",
        "city",
        "sector",
        "year",
        "event",
        "investment",
        "revenue",
        "missing_translations",
    )
    list_filter = ("sector", ("city", admin.RelatedOnlyFieldListFilter), "year", MissingTranslationFilter)
    list_select_related = ("organization", "city", "sector", "event")
    search_fields = language_columns("title", "organization__name", "city__name")
    autocomplete_fields = ("organization", "city", "sector", "event")
    fields = (
        "title",
        "organization",
        ("city", "sector", "year"),
        "event",
        ("investment_amount", "investment_currency"),
        ("revenue_amount", "revenue_currency"),
        "description",
    )

    @admin.display(description=_("investment"), ordering="investment_amount")
    def investment(self, project: CooperationProject) -> str:
        return project.investment

    @admin.display(description=_("annual revenue"), ordering="revenue_amount")
    def revenue(self, project: CooperationProject) -> str:
        return project.revenue


@admin.register(Agreement)
class AgreementAdmin(TranslatedAdmin):
    list_display = ("title", "event", "sector", "signed_on", "value", "order", "missing_translations")
    list_filter = ("sector", "event__edition", MissingTranslationFilter)
    list_select_related = ("event", "sector")
    search_fields = language_columns("title", "event__title")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("parties", "sector", "event")
    fields = (
        "title",
        "event",
        "signed_on",
        "parties",
        "sector",
        ("value_amount", "value_currency"),
        "description",
        "order",
    )

    @admin.display(description=_("value"), ordering="value_amount")
    def value(self, agreement: Agreement) -> str:
        if not agreement.value_currency or agreement.value_amount is None:
            return ""
        return format_money(agreement.value_amount, agreement.value_currency)


@admin.register(KeyFigure)
class KeyFigureAdmin(TranslatedAdmin):
    list_display = ("label", "figure", "as_of", "edition", "order", "missing_translations")
    list_filter = ("edition", MissingTranslationFilter)
    list_select_related = ("edition",)
    search_fields = language_columns("label", "source")
    date_hierarchy = "as_of"
    autocomplete_fields = ("edition",)
    fields = ("edition", "label", ("value", "currency"), "unit", "as_of", "source", "order")

    @admin.display(description=_("value"), ordering="value")
    def figure(self, figure: KeyFigure) -> str:
        return figure.exact_value
