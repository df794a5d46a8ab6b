from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NanjingWeekConfig(AppConfig):
    name = "nanjingweek"
    verbose_name = _("Nanjing Week")
