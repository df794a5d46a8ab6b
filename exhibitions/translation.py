"""Translated fields (modeltranslation): English is required, German and Chinese fall back to it."""

from modeltranslation.translator import TranslationOptions, register

from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from nanjingweek import history


@register(Exhibition)
class ExhibitionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "cover_alt")
    required_languages = {"en": ("title",)}


@register(ExhibitionRun)
class ExhibitionRunTranslationOptions(TranslationOptions):
    fields = ("opening_hours",)


@register(Exhibit)
class ExhibitTranslationOptions(TranslationOptions):
    fields = ("title", "description", "image_alt", "period", "credit")
    required_languages = {"en": ("title",)}


@register(Comparison)
class ComparisonTranslationOptions(TranslationOptions):
    fields = ("title", "commentary")


# History of every change (nanjingweek/history.py), registered after the translations to get their columns.
for model in (Exhibition, ExhibitionRun, Exhibit, Comparison):
    history.track(model)
