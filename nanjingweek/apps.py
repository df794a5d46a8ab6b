from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NanjingWeekConfig(AppConfig):
    name = "nanjingweek"
    verbose_name = _("Nanjing Week")

    def ready(self):
        # Renditions are made once, when an image is saved, never while a page is served.
        from nanjingweek.renditions import connect_rendition_signals

        connect_rendition_signals()
