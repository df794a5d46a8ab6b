"""A programme spreadsheet uploaded in the admin, kept between its dry run and the organizer's confirmation.

The file itself is stored (not a signed token in the page): a season's spreadsheet is larger than a form field
should carry, and the row says who brought in which file, when, and what it changed (events/programme_import/).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgrammeImport(models.Model):
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file content"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    summary = models.JSONField(
        _("summary"), default=dict, blank=True, help_text=_("What the dry run showed, and what was applied.")
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("programme import")
        verbose_name_plural = _("programme imports")
        # Who may import is who may add and change events: no permissions of its own.
        default_permissions = ()

    def __str__(self):
        return self.name
