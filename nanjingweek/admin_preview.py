"""The "Preview" box on the change forms of events, news articles and exhibitions (nanjingweek/previews.py).

For each language: a link to the staff preview, and the proofreading link to copy and send to someone outside the
team, shown as text (selectable without JavaScript). A proofreading link is made afresh each time the form is shown
and works for PREVIEW_LINK_MAX_AGE seconds from then.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from nanjingweek import previews

FIELD = "preview_links"


class PreviewLinksMixin:
    """Put before the admin's base class; adds a read-only "Preview" fieldset at the top of the change form."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, FIELD) if obj is not None and FIELD not in fields else fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets  # nothing saved, nothing to show
        # An admin without fieldsets lists every read-only field in its one fieldset: the box has its own.
        rest = [
            (name, {**options, "fields": [field for field in options["fields"] if field != FIELD]})
            for name, options in fieldsets
        ]
        return [(_("Preview"), {"fields": (FIELD,)}), *rest]

    @admin.display(description=_("Preview links"))
    def preview_links(self, obj) -> str:
        token = previews.make_token(obj)  # one token for all languages: it names the object, not the language
        rows = [
            {
                "code": code,
                "language": name,
                "staff_url": previews.staff_url(obj, code),
                "link_url": previews.link_url(obj, code, token=token),
            }
            for code, name in settings.LANGUAGES
        ]
        return render_to_string(
            "admin/includes/preview_links.html",
            {"rows": rows, "expires": previews.link_expires(), "is_public": previews.is_public(obj)},
        )
