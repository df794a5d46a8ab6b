"""The real URLconf plus views that fail on purpose, for tests/test_errors.py (ROOT_URLCONF override)."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from nanjingweek.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the handlers under test
from nanjingweek.urls import urlpatterns as site_urlpatterns

SECRET_DETAIL = "db password is hunter2"


def raise_error(request):
    raise RuntimeError(SECRET_DETAIL)


def raise_suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


def raise_permission_denied(request):
    raise PermissionDenied(SECRET_DETAIL)


urlpatterns = [
    *site_urlpatterns,
    *i18n_patterns(
        path("test-errors/500/", raise_error),
        path("test-errors/400/", raise_suspicious),
        path("test-errors/403/", raise_permission_denied),
        prefix_default_language=True,
    ),
]
