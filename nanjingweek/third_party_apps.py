"""Names in the organizers' own language for the admin sections of two libraries: django-axes (login protection)
and django-otp's TOTP plugin (the authenticator apps of two-factor login). Their app configs have no translated
name ("AXES", "OTP_TOTP" in the index), and axes ships no Chinese catalog for its models' names, so both are given
here, in INSTALLED_APPS instead of the libraries' own configs. The labels stay "axes" and "otp_totp": tables,
migrations and permissions are the libraries'.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class LoginProtectionConfig(AxesAppConfig):
    verbose_name = _("Login protection")


class AuthenticatorAppsConfig(TOTPAppConfig):
    verbose_name = _("Two-factor login")


# The names axes gives its models, for our catalogs: Django finds a translation in any catalog, ours first.
AXES_MODEL_NAMES = (
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)
