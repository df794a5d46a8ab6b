"""Translated fields (modeltranslation) of the site-wide content: English is required, the others fall back to it."""

from modeltranslation.translator import TranslationOptions, register

from nanjingweek import history
from nanjingweek.models import NewsArticle, SiteOwner


@register(NewsArticle)
class NewsArticleTranslationOptions(TranslationOptions):
    fields = ("title", "lead", "body", "image_alt")
    required_languages = {"en": ("title",)}


@register(SiteOwner)
class SiteOwnerTranslationOptions(TranslationOptions):
    # Names and addresses in Latin letters and in Chinese: 南京周组委会, 南京市玄武区…
    fields = (
        "name",
        "legal_form",
        "representative",
        "address",
        "register_entry",
        "content_responsible",
        "content_responsible_address",
    )
    required_languages = {"en": ("name", "address", "content_responsible")}


# History of every change (nanjingweek/history.py), registered after the translations to get their columns.
for model in (NewsArticle, SiteOwner):
    history.track(model)
