"""schema.org data (JSON-LD) of the site-wide pages, escaped for a <script> element as events/structured_data.py is."""

from __future__ import annotations

import json

from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def _script_safe(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308 - escaped


def news_article_json_ld(article, *, absolute_url, publisher=None) -> SafeString:
    """A schema.org NewsArticle in the page's language; the publisher is the site's owner when it is entered."""
    if publisher is not None:
        organization = {
            "@type": "Organization",
            "name": publisher.name,
            "url": absolute_url(publisher.get_absolute_url()),
        }
    else:
        organization = {"@type": "Organization", "name": _("China Nanjing Week"), "url": absolute_url(reverse("home"))}
    url = absolute_url(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": get_language(),
        "datePublished": article.published_at.isoformat(),
        "dateModified": max(article.updated_at, article.published_at).isoformat(),
        "author": organization,
        "publisher": organization,
    }
    if article.lead:
        data["description"] = article.lead
    if article.image:
        data["image"] = absolute_url(article.image.url)
    about = [
        *(
            {"@type": "Event", "name": event.title, "url": absolute_url(event.get_absolute_url())}
            for event in getattr(article, "public_events", [])
        ),
        *(
            {"@type": "ExhibitionEvent", "name": exhibition.title, "url": absolute_url(exhibition.get_absolute_url())}
            for exhibition in getattr(article, "public_exhibitions", [])
        ),
    ]
    if about:
        data["about"] = about
    return _script_safe(data)
