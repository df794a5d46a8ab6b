"""/api/v1/: every operation, the OpenAPI document and the docs page served through the page cache.

The language is chosen (?lang=, else Accept-Language) and activated before the page cache looks: its key holds
the active language and the query string, so each language is stored apart, and `Vary: Accept-Language` tells
other caches the same. Content versions, ETag and 304 then work as for the pages.
"""

from functools import wraps

from django.urls import path
from django.utils import translation
from django.utils.cache import patch_vary_headers

from nanjingweek.api import docs
from nanjingweek.api.languages import requested_language
from nanjingweek.api.views import api
from nanjingweek.page_cache import public_page

app_name = "api"


def in_requested_language(view):
    @wraps(view)
    def language_marked(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language",))
        response["Content-Language"] = translation.get_language()
        return response

    cached = public_page(language_marked)

    @wraps(view)
    def api_view(request, *args, **kwargs):
        # HEAD is answered as GET, as Django's own views do (View.head), without the body; ninja knows GET only.
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            with translation.override(requested_language(request)):
                response = cached(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if head:
            response.content = b""
        return response

    return api_view


ninja_patterns, _ninja_app, _ninja_namespace = api.urls
urlpatterns = [
    path("docs", in_requested_language(docs.docs_page), name="docs"),
    *(
        path(str(pattern.pattern), in_requested_language(pattern.callback), name=pattern.name)
        for pattern in ninja_patterns
    ),
]
