"""Who is asking: the client's IP address, for the registration rate limit and the login lockout (django-axes).

Without a trusted proxy (TRUSTED_PROXY_COUNT=0, the default) it is REMOTE_ADDR, the peer of the app server's
socket, and X-Forwarded-For is ignored: any client can send that header with any address in it.

Behind TRUSTED_PROXY_COUNT proxies (a load balancer: 1; a CDN in front of it: 2), each of which appends the address
it was reached from to X-Forwarded-For (HAProxy's `option forwardfor`, nginx's `$proxy_add_x_forwarded_for`), the
last TRUSTED_PROXY_COUNT entries are those the proxies wrote, and the first of them is the client as the outermost
proxy saw it. Whatever a client put in front of them is not looked at. A request without the header (sent to the app
server past the balancer) or with an entry that is no IP address counts as REMOTE_ADDR.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    peer = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted < 1:
        return peer
    # Several X-Forwarded-For lines reach Django as one, joined by commas (WSGI), in the order they came.
    forwarded = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if not forwarded:
        return peer
    # Fewer entries than proxies: the request skipped the outer ones; the first entry is the farthest address known.
    candidate = forwarded[-trusted] if len(forwarded) >= trusted else forwarded[0]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return peer
