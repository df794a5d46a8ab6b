"""Addresses of the pages that lists link to by the hundred, reversed once per language.

A schedule of 300 events links every event, its venue and its city: some 900 calls of Django's `reverse()`,
which walks the URLconf each time. The address depends only on the view's name and arguments, the language
(the prefix of `i18n_patterns`), the script prefix and the URLconf, so it is remembered under exactly these.
The URLconf is its resolver object, which Django replaces whenever the URLs change (`clear_url_caches`, also
in tests that swap the URLconf), so an address is never remembered across a change of URLs.
"""

from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def page_url(viewname: str, **kwargs) -> str:
    """`reverse(viewname, kwargs=kwargs)`, remembered; for pages addressed by simple values such as a slug."""
    return _page_url(viewname, tuple(kwargs.items()), get_language(), get_script_prefix(), get_resolver(get_urlconf()))


@lru_cache(maxsize=8192)
def _page_url(viewname, kwargs, language, script_prefix, resolver) -> str:
    return reverse(viewname, kwargs=dict(kwargs))
