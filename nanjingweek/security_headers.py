"""The security headers Django and django-csp do not send: Permissions-Policy and Cross-Origin-Resource-Policy.

Django's SecurityMiddleware sends Referrer-Policy, Cross-Origin-Opener-Policy and X-Content-Type-Options,
django-csp the Content-Security-Policy; this middleware adds the rest to every response (README.md,
"Production"). It is the outermost middleware, so that responses another middleware answers by itself (a
health check, a 503, the 400 of an unknown host) carry the headers too.

Every feature in settings.PERMISSIONS_POLICY is off (an empty allowlist) unless a view asks for it with the
`permissions_policy` decorator: the check-in page needs the camera to read tickets, no other page needs
anything. A header a view sets itself is kept as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

# A view's features, merged over the settings' ones by the middleware.
RESPONSE_ATTRIBUTE = "permissions_policy"


def allowlist(origins: Iterable[str]) -> str:
    """`["self", "https://scan.example"]` → `(self "https://scan.example")`; `[]` → `()`, the feature off.

    `self` and `*` are tokens; an origin is a quoted string in the header's structured-field syntax.
    """
    items = [origin if origin in ("self", "*") else f'"{origin}"' for origin in origins]
    return "(" + " ".join(items) + ")"


def format_policy(features: Mapping[str, Iterable[str]]) -> str:
    """{"camera": ["self"], "usb": []} → `camera=(self), usb=()`."""
    return ", ".join(f"{feature}={allowlist(origins)}" for feature, origins in features.items())


def permissions_policy(**features: Iterable[str]) -> Callable:
    """`@permissions_policy(camera=["self"])`: these features allowed on the view's responses, the rest as set.

    Feature names with hyphens are written with underscores (`screen_wake_lock=["self"]`). For a class-based
    view, through `method_decorator(..., name="dispatch")`.
    """
    allowed = {name.replace("_", "-"): tuple(origins) for name, origins in features.items()}

    def decorator(view_func: Callable) -> Callable:
        @wraps(view_func)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:
            response = view_func(request, *args, **kwargs)
            setattr(response, RESPONSE_ATTRIBUTE, {**getattr(response, RESPONSE_ATTRIBUTE, {}), **allowed})
            return response

        return wrapped

    return decorator


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # Settings read per response, so that a changed setting (tests, override_settings) is honoured.
        features = {**settings.PERMISSIONS_POLICY, **getattr(response, RESPONSE_ATTRIBUTE, {})}
        if features:
            response.headers.setdefault("Permissions-Policy", format_policy(features))
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        # frame-ancestors for browsers that know only X-Frame-Options, also on the responses that middleware
        # further in answers by itself (the language redirect, the 400 of an unknown host), which Django's
        # XFrameOptionsMiddleware, near the view, never sees. A view exempted by @xframe_options_exempt stays so.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response
