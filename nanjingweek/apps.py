from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NanjingWeekConfig(AppConfig):
    name = "nanjingweek"
    verbose_name = _("Nanjing Week")

    def ready(self):
        # Renditions are made once, when an image is saved, never while a page is served.
        from nanjingweek.renditions import connect_rendition_signals

        connect_rendition_signals()
        # The admins of nanjingweek's own models (news, the site's owner). They use the shared helpers of
        # nanjingweek/admin.py, which the other apps' admins import too: registered here, not from admin.py, so that
        # the two modules do not import each other. And the deploy check that the registration rate limit is counted
        # in a cache all workers share (nanjingweek.W001).
        # And every write of published content, however it is made, changes the version the page cache keys on.
        from nanjingweek import admin_site, content_version, ratelimit, translation_review  # noqa: F401

        # The organizer's admin language is read into the session at login (its receiver lives there).
        from nanjingweek.accounts import admin_language  # noqa: F401

        content_version.connect()
        # When the English of a translated field changes, its translations are marked for review, however it is saved.
        translation_review.connect()
