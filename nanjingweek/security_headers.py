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

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
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
        self._formatted: tuple[object, str] = (None, "")

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        # Settings read per response, so that a changed setting (tests, override_settings) is honoured.
        own = getattr(response, RESPONSE_ATTRIBUTE, None)
        if own:
            features = {**settings.PERMISSIONS_POLICY, **own}
            if features:
                response.headers.setdefault("Permissions-Policy", format_policy(features))
        elif settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", self._settings_policy())
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        # frame-ancestors for browsers that know only X-Frame-Options, also on the responses that middleware
        # further in answers by itself (the language redirect, the 400 of an unknown host), which Django's
        # XFrameOptionsMiddleware, near the view, never sees. A view exempted by @xframe_options_exempt stays so.
        if not getattr(response, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

    def _settings_policy(self) -> str:
        """The settings' policy, formatted once per value of the setting (27 features: a tenth of a millisecond)."""
        policy = settings.PERMISSIONS_POLICY
        known, formatted = self._formatted
        if known is not policy:
            formatted = format_policy(policy)
            self._formatted = (policy, formatted)
        return formatted


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the site's policy built once per value of its settings instead of twice per
    response (the policy and the report-only one): the site's policy has no nonce, and no view changes it.

    A response or request that brings its own (django-csp's decorators, a nonce used) is left to django-csp.
    """

    OWN_POLICY = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")

    # (the policy setting, the report-only setting, their headers); at first two values no setting can be.
    _built: tuple = (object(), object(), "", "")

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (settings.DEBUG and response.status_code in (404, 500)) or self._brings_its_own(request, response):
            return super().process_response(request, response)
        for header, policy, exempt, setting in (
            (HEADER, self._policies()[0], "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (HEADER_REPORT_ONLY, self._policies()[1], "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            if not policy or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _brings_its_own(self, request, response) -> bool:
        return isinstance(getattr(request, "_csp_nonce", None), str) or any(
            getattr(response, name, None) is not None for name in self.OWN_POLICY
        )

    def _policies(self) -> tuple[str, str]:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        known_policy, known_report_only, *built = type(self)._built
        if known_policy is not policy or known_report_only is not report_only:
            built = [build_policy(), build_policy(report_only=True)]
            type(self)._built = (policy, report_only, *built)
        return built[0], built[1]
