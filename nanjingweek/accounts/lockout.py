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
