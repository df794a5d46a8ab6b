"""The admin speaks each organizer's own language, not the site's default nor the public pages' last choice.

Order for an admin page (``/admin/…``): the organizer's preference (OrganizerPreference, set on "Language of the
admin" in the user tools), else the language the browser asks for (Accept-Language), else English. Django's
LocaleMiddleware also reads the public switcher's cookie; in the admin it does not count, so a look at the German
site does not turn an organizer's admin German. Public pages keep their own rules (the URL's prefix).

The preference is read once per session (at login, or on the first admin page of an older session) and kept in it,
so an admin page costs no query for it.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from nanjingweek.forms import Form
from nanjingweek.languages import browser_language
from nanjingweek.links import page_url
from nanjingweek.models import OrganizerPreference

SESSION_LANGUAGE_KEY = "admin_language"


# --- The rule ----------------------------------------------------------------------------------------


def stored_preference(user) -> str:
    """The organizer's chosen admin language, or "" for none (the browser decides)."""
    return OrganizerPreference.objects.filter(user=user).values_list("admin_language", flat=True).first() or ""


def set_admin_language(user, language: str) -> OrganizerPreference:
    """Remember `language` ("" to follow the browser) as `user`'s admin language."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"not one of the site's languages: {language!r}")
    with transaction.atomic():
        preference, _created = OrganizerPreference.objects.update_or_create(
            user=user, defaults={"admin_language": language}
        )
    return preference


def admin_language(request) -> str:
    """The language of an admin page for this request: preference, then Accept-Language, then English."""
    session = getattr(request, "session", None)
    preference = ""
    if session is not None and SESSION_KEY in session:
        if SESSION_LANGUAGE_KEY not in session:
            # A session from before preferences existed: read it once.
            from django.contrib.auth import get_user

            session[SESSION_LANGUAGE_KEY] = stored_preference(get_user(request))
        preference = session[SESSION_LANGUAGE_KEY]
    return preference or browser_language(request) or settings.LANGUAGE_CODE


@receiver(user_logged_in, dispatch_uid="nanjingweek.accounts.admin_language.remember")
def remember_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_LANGUAGE_KEY] = stored_preference(user)


class AdminLanguageMiddleware:
    """Activate `admin_language` for admin pages; every other page keeps LocaleMiddleware's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(page_url("admin:index")):  # reversed once per language: every request asks
            language = admin_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


# --- The page ----------------------------------------------------------------------------------------


def _language_choices():
    # Each language in itself, as the public switcher names them, so that everyone finds their own.
    return [
        ("", _("The language my browser asks for")),
        *((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES),
    ]


class AdminLanguageForm(Form):
    admin_language = forms.ChoiceField(label=_("Language of the admin"), choices=_language_choices, required=False)


def admin_language_view(request, site):
    """The organizer's own choice of the admin's language."""
    form = AdminLanguageForm(
        request.POST if request.method == "POST" else None,
        initial={"admin_language": stored_preference(request.user)},
    )
    if form.is_valid():
        language = form.cleaned_data["admin_language"]
        set_admin_language(request.user, language)
        request.session[SESSION_LANGUAGE_KEY] = language
        # Said in the language chosen: the next page speaks it.
        with translation.override(language or browser_language(request) or settings.LANGUAGE_CODE):
            messages.success(request, gettext("The admin now speaks this language to you."))
        return redirect(reverse("admin:index", current_app=site.name))
    context = {
        **site.each_context(request),
        "title": _("Language of the admin"),
        "subtitle": None,
        "form": form,
    }
    return TemplateResponse(request, "admin/accounts/admin_language.html", context)
