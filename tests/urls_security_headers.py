"""The real URLconf with views that fail on purpose (tests/urls_errors.py) and one whose database is gone, for
tests/test_security_headers.py: error responses must carry the security headers like any other."""

from django.conf.urls.i18n import i18n_patterns
from django.db import OperationalError
from django.urls import path

from tests.urls_errors import handler400, handler403, handler404, handler500  # noqa: F401 - the site's handlers
from tests.urls_errors import urlpatterns as error_urlpatterns


def database_gone(request):
    # What a view meets when the database does not answer; the site turns it into its 503 page.
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


urlpatterns = [
    *error_urlpatterns,
    *i18n_patterns(path("test-errors/503/", database_gone), prefix_default_language=True),
]
