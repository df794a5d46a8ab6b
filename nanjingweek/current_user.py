"""Who is making the current request, for code that runs where no request is passed (model signals).

`CurrentUserMiddleware` sets it for the length of each request; outside a request (commands, imports run from
the shell, tests that save directly) it is None. A context variable, so threads and async tasks each see their own.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.contrib.auth.models import AbstractBaseUser

_request_user: ContextVar = ContextVar("nanjingweek_request_user", default=None)


def current_user() -> AbstractBaseUser | None:
    """The signed-in user of the current request, or None (no request, or an anonymous visitor)."""
    request = _request_user.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


class CurrentUserMiddleware:
    """Remembers the request while it is handled; after AuthenticationMiddleware, which gives it its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request_user.set(request)
        try:
            return self.get_response(request)
        finally:
            _request_user.reset(token)
