"""schema.org data (JSON-LD) of the site-wide pages, escaped for a <script> element as events/structured_data.py is."""

from __future__ import annotations

import json

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nanjingweek.link_previews import DEFAULT_IMAGE  # the picture of a page without its own, for previews too


def script_safe(data: dict) -> SafeString:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_json_script_escapes))  # noqa: S308 - escaped


def image_url(image, *, absolute_url) -> str:
    """The absolute URL of `image` (an image field), or of the site's default picture when it has none: Google's
    Event result wants an image on every event."""
    return absolute_url(image.url if image else static(DEFAULT_IMAGE))


def organization_data(organization, *, absolute_url) -> dict:
    """A schema.org Organization: name, its page here, its logo and its own website as `sameAs`."""
    data = {"@type": "Organization", "name": organization.name, "url": absolute_url(organization.get_absolute_url())}
    if organization.logo:
        data["logo"] = absolute_url(organization.logo.url)
    if organization.website:
        data["sameAs"] = organization.website
    return data


def site_organization(*, absolute_url) -> dict:
    """The site's own name when no organization is entered: the organizing committee speaks for it."""
    return {"@type": "Organization", "name": _("China Nanjing Week"), "url": absolute_url(reverse("home"))}


def organization_json_ld(organization, *, absolute_url) -> SafeString:
    """A partner's page: the Organization, with its description and address (city, country) where entered."""
    data = {"@context": "https://schema.org", **organization_data(organization, absolute_url=absolute_url)}
    data["inLanguage"] = get_language()
    if organization.description:
        data["description"] = organization.description
    if organization.country or organization.city_id:
        address = {"@type": "PostalAddress"}
        if organization.city_id:
            address["addressLocality"] = organization.city.name
        country = organization.country or (organization.city.country if organization.city_id else "")
        if country:
            address["addressCountry"] = country
        data["address"] = address
    return script_safe(data)


def breadcrumb_json_ld(breadcrumbs, *, absolute_url) -> SafeString:
    """A schema.org BreadcrumbList of the trail the page shows (nanjingweek/breadcrumbs.py), positions from 1."""
    data = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": str(crumb.name), "item": absolute_url(crumb.url)}
            for position, crumb in enumerate(breadcrumbs, start=1)
        ],
    }
    return script_safe(data)


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
    return script_safe(data)
