"""The public pages' cache: rendered once per content version and window of time, never served stale.

`public_page(view)` wraps a public page or feed in the URLconf. An anonymous GET looks for the rendered page
under a key made of the scheme, host, path, language and the query (sorted), the content versions the page
depends on (nanjingweek/content_version.py: changed by every write of published content, and per event by its
registrations) and the window of time it was rendered in (nanjingweek/page_clock.py: until the next moment an
event begins or ends, registration opens or closes, an article appears, or a midnight turns). A page found is
sent as it was stored, gzip-compressed, without touching the database; a page not found is rendered and stored.

What is never stored: a request from someone with a session (organizers, staff) or a message waiting; a page that
used the CSRF token (a form), set a cookie, wrote the session, is not a 200, or said it is private. Those are sent
as rendered, marked `Cache-Control: private`, uncompressed: only pages without a secret in them are compressed, so
no response that carries a token and reflects a visitor's input can leak it by its compressed length (BREACH).

HTTP: every stored page has a weak `ETag` (a hash of its content) and a `Last-Modified` (when its content version
last changed, or its window began), and a conditional request for an unchanged page is answered `304 Not
Modified` from the cache. `Cache-Control: public` with `max-age` PUBLIC_PAGE_MAX_AGE (0 by default, with
`must-revalidate`: browsers and a CDN keep the page but ask again each time, which a 304 answers cheaply) unless
the view chose its own (the calendar feeds). `Vary: Accept-Encoding` — not `Cookie`: a page for someone with a
session is marked private, so no shared cache keeps it, and a staff member given the public page loses nothing.

The pages themselves are kept in each process's memory (the "pages" cache): only the small version tokens travel
to the shared cache, so a hit costs one round trip to Redis (or one query of the database cache), and a new
release starts with no page rendered by the old one.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import re
from dataclasses import dataclass
from datetime import datetime
from datetime import timezone as dt_timezone
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from events import timeline
from nanjingweek import content_version, page_clock

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Headers the page cache sets itself, or that describe one sending rather than the page.
NOT_STORED_HEADERS = {"content-length", "content-encoding", "etag", "last-modified", "set-cookie"}
NOT_SHARED = ("private", "no-store", "no-cache")
MESSAGES_COOKIE = "messages"
# The request headers that make a request conditional (django.utils.cache.get_conditional_response).
CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


@dataclass(frozen=True)
class StoredPage:
    """A 200 page as it is kept, with every header it is sent with ready: only 200s are stored (is_storable)."""

    headers: tuple[tuple[str, str], ...]
    compressed: bytes
    identity: bytes
    etag: str
    last_modified: int

    # The headers as Django's ResponseHeaders keeps them: checked once, when stored, not on every hit.
    header_store: dict[str, tuple[str, str]]

    def respond(self, request) -> HttpResponse:
        """The page for this request: 304 if the request's validators match, else the page, compressed if asked."""
        meta = request.META
        gzipped = ACCEPTS_GZIP.search(meta.get("HTTP_ACCEPT_ENCODING", "")) is not None
        response = HttpResponse(self.compressed if gzipped else self.identity)
        response.headers._store.update(self.header_store)
        if any(header in meta for header in CONDITIONAL_HEADERS):
            conditional = get_conditional_response(
                request, etag=self.etag, last_modified=self.last_modified, response=response
            )
            if conditional is not response:
                return conditional
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        return response


def public_page(view=None, *, versions=None):
    """Serve `view` from the page cache (see the module's docstring). `versions(**url_kwargs)` names the content
    versions the page depends on beyond the site-wide one, e.g. the event page its registrations."""
    if view is None:
        return lambda view: public_page(view, versions=versions)

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not settings.PAGE_CACHE_ENABLED or not is_anonymous_read(request):
            return mark_private(view(request, *args, **kwargs))
        names = (content_version.CONTENT, *(versions(**kwargs) if versions else []))
        found = look_up(request, names)
        stored = found.page
        if stored is None:
            changed = max(content_version.changed_at(token) for token in found.tokens.values())
            last_modified = max(changed, math.ceil(found.window.start))
            # For a page that says when it was made (a calendar's DTSTAMP): content_changed_at(request).
            request.page_last_modified = last_modified
            response = view(request, *args, **kwargs)
            if callable(getattr(response, "render", None)) and not response.is_rendered:
                response.render()
            if not is_storable(request, response):
                return mark_private(response)
            stored = store(response, last_modified=last_modified)
            lifetime = min(settings.PAGE_CACHE_SECONDS, found.window.end - found.now.timestamp())
            caches["pages"].set(found.key, stored, timeout=max(1, math.ceil(lifetime)))
            remember_versions(request, names)
        return stored.respond(request)

    return cached_view


def seats(**url_kwargs) -> list[str]:
    """`versions` of a page of event cards, which mark the events that are full (content_version.SEATS)."""
    return [content_version.SEATS]


@dataclass(frozen=True)
class Found:
    page: StoredPage | None
    tokens: dict[str, str]
    window: page_clock.Window
    key: str
    now: datetime


def look_up(request, names: tuple[str, ...]) -> Found:
    """The stored page for this request under the current versions of `names` and the current window of time."""
    tokens = content_version.current(list(names))
    now = timeline.now()
    window = page_clock.window(now, tokens[content_version.CONTENT])
    key = page_key(request, tokens, window.end)
    return Found(caches["pages"].get(key), tokens, window, key, now)


# --- Hits before the middleware and the view ----------------------------------------------------------------------

# The content versions of each address this process stored a public page for, so that PageCacheMiddleware can find
# the page without resolving the URL. Addresses of public pages only: attendee pages are never wrapped, and a page
# that was not stored (a form) is not listed.
_versions_by_address: dict[tuple, tuple[str, ...]] = {}
ADDRESSES_KEPT = 10_000


def address(request) -> tuple:
    return (request.get_host(), request.path, getattr(request, "urlconf", None))


def remember_versions(request, names: tuple[str, ...]) -> None:
    if len(_versions_by_address) >= ADDRESSES_KEPT:
        _versions_by_address.clear()  # a bound, as for the pages themselves; they are learned again on a miss
    _versions_by_address[address(request)] = names


class PageCacheMiddleware:
    """Sends a stored public page before the middleware after it, the URL resolver and the view run.

    A hit needs none of them: the request is anonymous (no session, no message, no credentials: the same test as
    `public_page`), and the page, its key and its versions are those `public_page` stored. The page is looked up
    exactly as there, under the current content versions read from the shared cache, so a change saved on any
    server is seen at once; only which versions an address depends on is remembered, and that never changes.
    Placed after LocaleMiddleware (the language is part of the key) and RequestGuardMiddleware (a refused request is
    refused first). What the middleware after it would add to a hit it adds itself: Content-Length
    (CommonMiddleware) and X-Frame-Options (XFrameOptionsMiddleware); tests/test_page_cache_middleware.py holds
    the headers of both ways of serving a hit equal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_ENABLED and is_anonymous_read(request):
            try:
                names = _versions_by_address.get(address(request))
            except DisallowedHost:
                names = None  # the 400 is the resolver's and the error page's to give
            if names is not None:
                stored = look_up(request, names).page
                if stored is not None:
                    response = stored.respond(request)
                    response.headers["Content-Length"] = str(len(response.content))
                    if settings.X_FRAME_OPTIONS:
                        response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS.upper())
                    return response
        return self.get_response(request)


def content_changed_at(request) -> datetime | None:
    """When what the page being rendered shows last changed, as its Last-Modified will say; None for a page the
    cache does not store (a staff member's, or with the cache turned off). A page made of the same content then
    has the same bytes, and the same ETag, on every server and after its stored copy expired."""
    last_modified = getattr(request, "page_last_modified", None)
    return datetime.fromtimestamp(last_modified, dt_timezone.utc) if last_modified is not None else None


def is_anonymous_read(request) -> bool:
    """A GET or HEAD from someone the site knows nothing about: no session, no message waiting, no credentials."""
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and MESSAGES_COOKIE not in cookies


def is_storable(request, response) -> bool:
    """Whether the rendered page is the same for every anonymous visitor and may be kept and shared."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: a form
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and messages.added_new:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in NOT_SHARED)


def store(response, *, last_modified: int) -> StoredPage:
    if "max-age" not in response.get("Cache-Control", ""):
        max_age = settings.PUBLIC_PAGE_MAX_AGE
        patch_cache_control(response, max_age=max_age, **({"must_revalidate": True} if max_age == 0 else {}))
    patch_cache_control(response, public=True)
    patch_vary_headers(response, ("Accept-Encoding",))
    etag = f'W/"{hashlib.blake2b(response.content, digest_size=16).hexdigest()}"'
    headers = [(name, value) for name, value in response.items() if name.lower() not in NOT_STORED_HEADERS]
    headers += [("ETag", etag), ("Last-Modified", http_date(last_modified))]
    content = response.content
    return StoredPage(
        headers=tuple(headers),
        header_store=HttpResponse(headers=dict(headers)).headers._store,
        # mtime=0: the same page compresses to the same bytes on every server.
        compressed=gzip.compress(content, compresslevel=6, mtime=0),
        identity=content,
        etag=etag,
        last_modified=last_modified,
    )


def page_key(request, tokens: dict[str, str], window_end: float) -> str:
    query = sorted(request.GET.lists())
    parts = [
        request.scheme,
        request.get_host(),
        request.path,
        get_language() or "",
        repr(query),
        *(f"{name}={token}" for name, token in sorted(tokens.items())),
        repr(window_end),
    ]
    return "page:" + hashlib.blake2b("\n".join(parts).encode(), digest_size=20).hexdigest()


def mark_private(response):
    """A page rendered for one visitor (or one request): no shared cache may keep it."""
    cache_control = response.get("Cache-Control", "").lower()
    if not any(word in cache_control for word in ("private", "no-store")):
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ("Cookie",))
    return response
