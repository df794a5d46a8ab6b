"""The admin's "History" page of programme content: who changed what, when, old → new; and "restore these texts".

Mixed into `TranslatedAdmin` (nanjingweek/admin.py), so every admin of a tracked model gets it; an admin of a
model without history (messages to attendees) keeps Django's own page of admin log entries. Django's LogEntry
is still written as before: its "recent actions" and the log keep working.

simple-history's revert form would bring back every field of an old version, dates and status included; it is
not offered. What is offered is narrower: the texts of a version, in all languages (nanjingweek/history.py).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.options import get_content_type_for_model
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from nanjingweek import history
from nanjingweek.history_display import ReadableChanges, format_moment


class HistoryAdminMixin(SimpleHistoryAdmin):
    object_history_template = "admin/history/object_history.html"
    object_history_list_template = "admin/history/object_history_list.html"
    history_list_per_page = 50

    def history_zone(self, obj):
        """The zone the page shows times in; the admins of dated things at a venue say the venue's."""
        return None

    def history_view(self, request, object_id, extra_context=None):
        if not history.is_tracked(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        try:
            self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            # Not a key at all ("2025-02-30" for a number): as Django's own page does, back to the list.
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        # simple-history's revert form (restores every field) is left out; the texts-only restore takes its place.
        kept = [url for url in super().get_urls() if getattr(url, "name", None) != f"{prefix}_simple_history"]
        if not history.is_tracked(self.model):
            return kept
        return [
            path(
                "<path:object_id>/history/<int:version_id>/restore-texts/",
                self.admin_site.admin_view(require_POST(self.restore_texts_view)),
                name=f"{prefix}_restore_texts",
            ),
            *kept,
        ]

    def revert_disabled(self, request, obj=None):
        return True

    def history_view_title(self, request, obj):
        return gettext("History: %s") % obj

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChanges(self.model, historical_record, zone=getattr(request, "history_zone", None))

    def render_history_view(self, request, template, context, **kwargs):
        obj = context["object"]
        records = list(context["page_obj"].object_list)
        can_restore = bool(history.text_columns(self.model)) and self.has_change_permission(request, obj)
        newest = records[0].pk if records and context["page_obj"].number == 1 else None
        for record in records:
            record.when = format_moment(timezone.localtime(record.history_date))
            user = record.history_user
            record.who = (user.get_full_name() or user.get_username()) if user is not None else ""
            record.reason_text = history.describe_reason(record.history_change_reason)
            record.restorable = (
                can_restore and record.pk != newest and record.history_type != "-" and history.texts_differ(record, obj)
            )
        # Django's log of the admin's saves, as its own history page lists it: it names the changes made in the
        # inlines too (a session's room, a partner added), which the object's own history does not hold.
        context["action_list"] = (
            LogEntry.objects.filter(
                object_id=str(obj.pk), content_type=get_content_type_for_model(self.model)
            ).select_related("user")
        )[: self.history_list_per_page]
        context["restore_offered"] = any(record.restorable for record in records)
        context["restore_url_name"] = f"admin:{self.opts.app_label}_{self.opts.model_name}_restore_texts"
        return super().render_history_view(request, template, context, **kwargs)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        # The zone is the object's, asked once for the page rather than once per record.
        records = list(historical_records)
        request.history_zone = self.history_zone(records[0].instance) if records else None
        super().set_history_delta_changes(request, records, foreign_keys_are_objs)

    def restore_texts_view(self, request, object_id, version_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        # On the historical model "pk" is the record's own id (history_id); the object's key is its attname.
        record = self.model.history.filter(**{self.opts.pk.attname: obj.pk}, history_id=version_id).first()
        if record is None:
            raise Http404
        history_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_history",
            args=[obj.pk],
            current_app=self.admin_site.name,
        )
        try:
            changed = history.restore_texts(obj, record)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(history_url)
        when = format_moment(timezone.localtime(record.history_date))
        if changed:
            with translation.override(None):
                # Stored untranslated, as Django's own log messages are.
                fields = [str(capfirst(self.model._meta.get_field(column).verbose_name)) for column in changed]
            self.log_change(request, obj, [{"changed": {"fields": sorted(set(fields))}}])
            self.message_user(request, gettext("Restored the texts of %(date)s.") % {"date": when}, messages.SUCCESS)
        else:
            self.message_user(request, gettext("The texts are those of %(date)s already.") % {"date": when})
        return redirect(history_url)
