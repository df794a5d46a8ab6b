"""Requests no page can answer sensibly are refused at the door with a 400, before any view or query sees them.

A NUL character (``%00``) is the one value every layer passes along and PostgreSQL then refuses: a text column
cannot hold it, so ``?status=%00`` in an admin list filter, a form field or a session cookie made psycopg raise
``DataError`` deep inside a view, a 500. SQLite stores it, so the same request answered differently on the two
databases. No form, slug, token or filter of this site has a use for NUL (nor does any browser send one when a
person types), so one check here is the total fix, not a guard in each of the views that happen to reach the
database with a visitor's text.

Invalid UTF-8 needs no guard: Django decodes the path, the query string and form fields with replacement
characters (U+FFFD), which every database stores.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest

NUL = "\x00"


class RejectedRequest(BadRequest):
    """A request refused by this module: answered by handler400 (nanjingweek.views.bad_request)."""


def _contains_nul(query_dict) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists())


def refusal_reason(request) -> str | None:
    """Why this request is refused, or None when it may go on. The reason goes to the log, never to the page."""
    if NUL in request.path_info:
        return "NUL in the path"
    if _contains_nul(request.GET):
        return "NUL in the query string"
    # The session key is looked up in the database as it came in the cookie.
    if NUL in request.COOKIES.get(settings.SESSION_COOKIE_NAME, ""):
        return "NUL in the session cookie"
    if request.method == "POST" and (_contains_nul(request.POST) or _contains_nul_in_file_names(request)):
        return "NUL in the form data"
    return None


def _contains_nul_in_file_names(request) -> bool:
    return any(NUL in upload.name for uploads in request.FILES.lists() for upload in uploads[1])


class RequestGuardMiddleware:
    """Answers 400 (the site's translated page) to a request whose path, query, form or session cookie holds NUL.

    Placed after LocaleMiddleware, so the page speaks the language of the address. Reading ``request.POST`` here
    is what CsrfViewMiddleware does next anyway; a body that is too large or has too many fields is refused by
    Django's own limits with a 400 as well.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reason = refusal_reason(request)
        if reason is not None:
            # Django's exception handling logs it as a bad request (django.security) and renders handler400.
            raise RejectedRequest(reason)
        return self.get_response(request)
