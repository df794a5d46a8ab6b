"""The organizers' view of the e-mails owed to registrants (the outbox): read only, with a "send again" action.

Registered here; events/admin.py imports this module so that Django's admin finds it. The messages' admin
(events/admin_messages.py) shows its e-mails with the same delivery column.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events import outbox
from events.models import Notification
from nanjingweek.forms import ModelForm
from nanjingweek.typography import labelled


class SentFilter(admin.SimpleListFilter):
    """Sent or still owed: the e-mails to look at when the mail server had a bad day."""

    # Django writes "By …" before it: „Nach Versand“, not „Nach gesendet am“ (the field's name).
    title = pgettext_lazy("admin filter: whether an e-mail was sent", "sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return (("yes", _("Sent")), ("no", _("Not sent yet")), ("failed", pgettext("e-mail", "Failed")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True)
        if self.value() == "failed":
            return queryset.failed()
        return queryset


def _admin_time(moment: datetime) -> str:
    """As the admin shows its other times (created, sent): in the site's zone, the locale's short format."""
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The e-mails owed to registrants: read only, with where each stands and the mail server's last answer.

    The mail worker sends them (events/outbox.py); "send again" gives a failed one a fresh set of attempts.
    """

    form = ModelForm
    list_display = ("registration", "kind", "created_at", "delivery", "attempts", "last_error")
    list_filter = (SentFilter, "kind")
    list_select_related = ("registration__event",)
    search_fields = ("registration__name", "registration__email")
    readonly_fields = (
        "registration",
        "kind",
        "created_at",
        "delivery",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "failed_at",
        "last_error",
        "claimed_by",
        "claimed_until",
    )
    actions = ("send_again",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=pgettext_lazy("e-mail", "state"))
    def delivery(self, notification: Notification) -> str:
        state = outbox.delivery_state(notification)
        if state == outbox.SENT:
            return labelled(gettext("Sent"), _admin_time(notification.sent_at))
        if state == outbox.FAILED:
            # Red, as Django's own error notes are: these are the ones to look at.
            return format_html('<strong class="errornote">{}</strong>', pgettext("e-mail", "Failed"))
        if state == outbox.RETRY:
            return labelled(gettext("Next attempt"), _admin_time(notification.next_attempt_at))
        if state == outbox.SENDING:
            return gettext("Being sent")
        return gettext("Waiting to be sent")

    @admin.action(description=_("Send selected e-mails again"), permissions=("change",))
    def send_again(self, request, queryset):
        # The mail worker sends them within seconds; in the request only with a local backend (outbox.sends_in_request).
        ids = outbox.retry(queryset)
        if not outbox.sends_in_request():
            if ids:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d e-mail is on its way again.", "%(count)d e-mails are on their way again.", len(ids)
                    )
                    % {"count": len(ids)},
                )
            return
        sent = Notification.objects.filter(pk__in=ids, sent_at__isnull=False).count()
        failed = len(ids) - sent
        if sent:
            self.message_user(
                request, ngettext("Sent %(count)d e-mail.", "Sent %(count)d e-mails.", sent) % {"count": sent}
            )
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail could not be sent; see its last error.",
                    "%(count)d e-mails could not be sent; see their last error.",
                    failed,
                )
                % {"count": failed},
                messages.ERROR,
            )
