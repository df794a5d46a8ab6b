"""The page a locked-out login gets (django-axes calls `lockout_response` through AXES_LOCKOUT_CALLABLE).

It is the admin's login frame with a translated explanation, answered with 429 and Retry-After. The user name
typed is not repeated: the page says the same to whoever asks, about any account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def lockout_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_response(request, original_response=None, credentials=None):
    context = {
        **admin.site.each_context(request),
        "title": None,
        "subtitle": None,
        "minutes": lockout_minutes(),
    }
    status = getattr(settings, "AXES_HTTP_RESPONSE_CODE", 429)
    response = render(request, "admin/accounts/lockout.html", context, status=status)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    response["Cache-Control"] = "no-store"
    return response


def attempted_username(request, credentials=None) -> str | None:
    """The user name of a login attempt as django-axes records it (AXES_USERNAME_CALLABLE): cut to its column.

    axes stores it in varchar(255) columns and cuts the user agent and the path to fit, not the user name: a 10 KB
    one made PostgreSQL refuse the row (a 500 at the login page, for anyone). Cut, the attempt is still counted,
    locks as any other (no account's name is that long: Django's is at most 150) and the form says the name and
    password do not match. Read where axes itself reads it: the credentials, else the form.
    """
    from axes.conf import settings as axes_settings
    from axes.models import AccessAttempt

    field = axes_settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    if not isinstance(username, str):
        return username
    return username[: AccessAttempt._meta.get_field("username").max_length]
