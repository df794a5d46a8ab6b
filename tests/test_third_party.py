"""No page makes a visitor's browser contact another host (GDPR: no CDN, no web fonts, no trackers).

Rendered pages are parsed and every URL-bearing attribute is checked: only relative URLs and the
site's own host are allowed. The admin is included, because django-modeltranslation's tabbed
admin loads jQuery UI from a CDN unless JQUERY_UI_URL points at our vendored copy.
"""

import re
from urllib.parse import urlsplit

import pytest
from django import forms
from django.contrib import admin
from django.contrib.staticfiles import finders
from django.urls import reverse
from modeltranslation.admin import TabbedTranslationAdmin, TranslationAdmin
from modeltranslation.translator import translator

from tests.conftest import build_tree

OWN_HOST = "testserver"
VENDORED_JQUERY_UI = "/static/vendor/jquery-ui/jquery-ui.min.js"
# Attributes through which a page makes the browser fetch (or, for links and forms, go to) a URL.
URL_ATTRIBUTES = ("src", "href", "action", "formaction", "poster", "data", "background", "cite", "manifest")
SRCSET_ATTRIBUTES = ("srcset", "imagesrcset")
# Schemes that name no host.
HOSTLESS_SCHEMES = {"mailto", "tel", "data"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""")

pytestmark = pytest.mark.django_db


def is_foreign(url: str) -> bool:
    parts = urlsplit(url.strip())
    if parts.scheme in HOSTLESS_SCHEMES:
        return False
    if not parts.scheme and not parts.netloc:
        return False  # relative: "/static/...", "privacy/", "#main"
    return parts.hostname != OWN_HOST  # absolute or protocol-relative ("//cdn.example/x.js")


def foreign_urls(html: str | bytes) -> list[str]:
    """Every URL in the page that points at another host, as `<tag attribute="url">`."""
    found = []
    document = build_tree(html)
    for element in document.iter():
        candidates = [(name, element.attrs[name]) for name in URL_ATTRIBUTES if name in element.attrs]
        for name in SRCSET_ATTRIBUTES:
            for candidate in element.attrs.get(name, "").split(","):
                if candidate.strip():
                    candidates.append((name, candidate.split()[0]))
        styles = [element.attrs.get("style", "")]
        if element.tag == "style":
            styles.append(element.text)
        for style in styles:
            for match in CSS_URL.finditer(style):
                candidates.append(("css", match.group(1) or match.group(2)))
        found += [f'<{element.tag} {name}="{url}">' for name, url in candidates if is_foreign(url)]
    return found


def test_foreign_urls_finds_every_kind_of_outside_reference():
    html = """<html><head>
      <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
      <script src="//ajax.googleapis.com/ajax/libs/jqueryui/1.12.1/jquery-ui.min.js"></script>
      <style>body { background: url("https://cdn.example/bg.png") }</style>
    </head><body>
      <svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>
      <img src="/media/a.png" srcset="/media/a.png 1x, https://img.example/a@2x.png 2x" alt="">
      <a href="http://testserver/en/">own host</a> <a href="mailto:info@nanjingweek.example">mail</a>
      <a href="https://tracker.example/">away</a> <form action="https://forms.example/post"></form>
    </body></html>"""

    assert foreign_urls(html) == [
        '<link href="https://fonts.googleapis.com/css?family=Roboto">',
        '<script src="//ajax.googleapis.com/ajax/libs/jqueryui/1.12.1/jquery-ui.min.js">',
        '<style css="https://cdn.example/bg.png">',
        '<img srcset="https://img.example/a@2x.png">',
        '<a href="https://tracker.example/">',
        '<form action="https://forms.example/post">',
    ]


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
@pytest.mark.parametrize(("path", "status"), [("", 200), ("privacy/", 200), ("no-such-page/", 404)])
def test_public_pages_reference_no_other_host(client, language, path, status):
    response = client.get(f"/{language}/{path}")

    assert response.status_code == status
    assert foreign_urls(response.content) == []


def test_admin_login_references_no_other_host(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert foreign_urls(response.content) == []


def test_admin_index_references_no_other_host(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert foreign_urls(response.content) == []


def translated_model_admins() -> list[admin.ModelAdmin]:
    return [
        model_admin for model, model_admin in admin.site._registry.items() if isinstance(model_admin, TranslationAdmin)
    ]


def test_tabbed_translation_admin_media_uses_the_vendored_jquery_ui():
    media = str(forms.Media(TabbedTranslationAdmin.Media))

    assert f'src="{VENDORED_JQUERY_UI}"' in media
    assert "googleapis" not in media
    assert finders.find(VENDORED_JQUERY_UI.removeprefix("/static/")) is not None


def test_admin_change_forms_of_translated_models_reference_no_other_host(admin_client, parse_html):
    model_admins = translated_model_admins()
    assert model_admins, "no model is registered in the admin with a TranslationAdmin"
    for model_admin in model_admins:
        opts = model_admin.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")

        response = admin_client.get(url)

        assert response.status_code == 200, url
        assert foreign_urls(response.content) == [], url
        scripts = [
            script.attrs["src"] for script in parse_html(response.content).find_all("script") if "src" in script.attrs
        ]
        assert VENDORED_JQUERY_UI in scripts, f"{url}: the tabbed admin's jQuery UI is missing"


def test_admin_uses_tabs_for_every_translated_model():
    # Organizers edit three languages side by side only with the tabbed admin (STYLE.md, i18n).
    registered_translated = [model for model in admin.site._registry if model in translator.get_registered_models()]
    not_tabbed = [
        model._meta.label
        for model in registered_translated
        if not isinstance(admin.site._registry[model], TabbedTranslationAdmin)
    ]

    assert not_tabbed == []
