"""Where the same page lives in each of the site's languages."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.translation import get_language_info, get_supported_language_variant, override
from django.utils.translation.trans_real import parse_accept_lang_header

from nanjingweek.links import page_url


@dataclass(frozen=True)
class LanguageVersion:
    code: str
    name: str  # in the language itself, so that every reader finds their own
    url: str  # path and query, without scheme and host
    is_current: bool
    choose_url: str  # the switcher's link: remembers the choice, then leads to `url`


def language_prefixed_path(path: str, language_code: str) -> str:
    """The same path under another language prefix, for pages the URLconf cannot resolve (a 404)."""
    codes = [code for code, _name in settings.LANGUAGES]
    parts = path.split("/", 2)  # "", "<lang>", "rest"
    if len(parts) >= 2 and parts[1] in codes:
        rest = parts[2] if len(parts) == 3 else ""
        return f"/{language_code}/{rest}"
    return f"/{language_code}{path}"


def language_versions(request, current_language: str) -> list[LanguageVersion]:
    """The current page in every language, keeping its query string (filters, second clock).

    ``url`` is the page itself (for hreflang links); ``choose_url`` the switcher's link to it, which also
    remembers the choice (nanjingweek.views.choose_language).
    """
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    versions = []
    for code, _name in settings.LANGUAGES:
        translated = _translated_path(request, code)
        if translated == path and code != current_language:
            translated = language_prefixed_path(path, code)
        url = f"{translated}?{query}" if query else translated
        versions.append(
            LanguageVersion(
                code=code,
                name=get_language_info(code)["name_local"],
                url=url,
                is_current=code == current_language,
                choose_url=f"{page_url('choose_language', code=code)}?{urlencode({'next': url})}",
            )
        )
    return versions


def _translated_path(request, code: str) -> str:
    """translate_url(request.path, code), from the match the request was resolved by: Django's translate_url
    resolves the path again for every language, a third of the page frame's cost."""
    match = request.resolver_match
    if match is None or request.path != request.path_info:
        return translate_url(request.path, code)  # an error page, or a site under a script prefix
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            return reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.path


def browser_language(request) -> str | None:
    """The first of the site's languages the browser's Accept-Language names, or None."""
    for code, _quality in parse_accept_lang_header(request.headers.get("accept-language", "")):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return None
