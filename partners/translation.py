"""Translated fields (modeltranslation): English is required, German and Chinese fall back to it."""

from modeltranslation.translator import TranslationOptions, register

from nanjingweek import history
from partners.models import Agreement, CooperationProject, EventRole, KeyFigure, Organization, SisterCityPartnership


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    fields = ("name", "description", "logo_alt")
    required_languages = {"en": ("name",)}


@register(SisterCityPartnership)
class SisterCityPartnershipTranslationOptions(TranslationOptions):
    fields = ("description",)


@register(CooperationProject)
class CooperationProjectTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


@register(Agreement)
class AgreementTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"en": ("title",)}


@register(KeyFigure)
class KeyFigureTranslationOptions(TranslationOptions):
    fields = ("label", "unit", "source")
    required_languages = {"en": ("label",)}


# History of every change (nanjingweek/history.py), registered after the translations to get their columns.
for model in (Organization, EventRole, SisterCityPartnership, CooperationProject, Agreement, KeyFigure):
    history.track(model)
