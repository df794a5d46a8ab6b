"""WSGI entry point (gunicorn nanjingweek.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nanjingweek.settings")

application = get_wsgi_application()
