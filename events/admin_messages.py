"""The organizers' messages to an event's registrants: write in up to three languages, preview, send once.

A message is a draft until it is sent from its preview page ("Send to N people", a POST), which calls
events.messaging.send_message: the e-mails go into the outbox, one per recipient, and the message can no longer be
changed or deleted. Its page then lists every e-mail it became, whom it went to and where each one stands.

Imported at the end of events/admin.py, whose helpers it shares.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events import message_texts, messaging
from events.admin_notifications import NotificationAdmin
from events.admin_times import format_local
from events.emails import render_email
from events.models import Message, Notification, Registration
from nanjingweek.admin import (
    MissingTranslationFilter,
    TranslatedAdmin,
    TranslatedModelForm,
    language_columns,
    language_name,
)
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.forms import ModelForm
from nanjingweek.typography import labelled

ALREADY_SENT = _("This message has been sent and can no longer be changed.")


class MessageAdminForm(TranslatedModelForm):
    def clean(self):
        cleaned_data = super().clean()
        # The page may have been opened before another organizer sent the message.
        if self.instance.pk and Message.objects.filter(pk=self.instance.pk, sent_at__isnull=False).exists():
            raise ValidationError(ALREADY_SENT, code="sent")
        return cleaned_data


class SentMessageFilter(admin.SimpleListFilter):
    title = pgettext_lazy("admin filter: whether a message was sent", "sent")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return (("yes", _("Sent")), ("no", pgettext_lazy("a message not sent yet", "Draft")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(sent_at__isnull=True)
        return queryset


class MessageEmailInline(AdminInputMixin, admin.TabularInline):
    """The e-mails a sent message became: to whom, in which language, and where each stands."""

    model = Notification
    fk_name = "message"
    form = ModelForm
    verbose_name = _("e-mail of this message")
    verbose_name_plural = _("e-mails of this message")
    fields = ("recipient", "address", "language", "delivery", "sent_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    # The same column as the list of all e-mails.
    delivery = NotificationAdmin.delivery

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("registration").order_by("registration__name", "pk")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=pgettext_lazy("person", "name"))
    def recipient(self, notification: Notification) -> str:
        return notification.registration.name

    @admin.display(description=_("e-mail address"))
    def address(self, notification: Notification) -> str:
        # A delegation's member without an address is written to through the delegation's contact.
        return notification.registration.email or gettext("through the delegation's contact")

    @admin.display(description=_("preferred language"))
    def language(self, notification: Notification) -> str:
        return notification.registration.get_language_display()


def _count_emails(**condition) -> Count:
    return Count("notifications", filter=Q(**condition), distinct=True)


@admin.register(Message)
class MessageAdmin(TranslatedAdmin):
    form = MessageAdminForm
    list_display = ("subject", "event", "audience", "state", "email_count", "created_by", "missing_translations")
    list_filter = (SentMessageFilter, "audience", ("event", admin.RelatedOnlyFieldListFilter), MissingTranslationFilter)
    list_select_related = ("event", "created_by")
    search_fields = (*language_columns("subject", "body", "event__title"),)
    autocomplete_fields = ("event",)
    readonly_fields = ("created_by", "created_at", "sent_at", "delivery_counts")
    fieldsets = (
        (
            None,
            {
                "fields": ("event", "audience", "subject", "body"),
                "description": _(
                    "English is required. Each registrant receives the message in their own language; where "
                    "you leave the German or Chinese subject or text empty, they receive the English one."
                ),
            },
        ),
        (_("Sending"), {"fields": ("created_by", "created_at", "sent_at", "delivery_counts")}),
    )
    inlines = (MessageEmailInline,)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                email_count=Count("notifications", distinct=True),
                sent_count=_count_emails(notifications__sent_at__isnull=False),
                failed_count=_count_emails(notifications__sent_at__isnull=True, notifications__failed_at__isnull=False),
            )
        )

    def get_fieldsets(self, request, obj=None):
        # Nothing has been sent yet while it is being written.
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[:1]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.sent_at is not None else ()

    def has_change_permission(self, request, obj=None) -> bool:
        # A sent message stays as it was sent: its page is read only.
        return super().has_change_permission(request, obj) and (obj is None or obj.sent_at is None)

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a sent message would delete the record of its e-mails.
        return super().has_delete_permission(request, obj) and (obj is None or obj.sent_at is None)

    def get_actions(self, request):
        # Deleting from the list would bypass the rule above; drafts are deleted from their page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=pgettext_lazy("e-mail", "state"), ordering="sent_at")
    def state(self, message: Message) -> str:
        if message.sent_at is None:
            return pgettext_lazy("a message not sent yet", "Draft")
        return labelled(gettext("Sent"), format_local(message.sent_at))

    @admin.display(description=_("e-mails"), ordering="email_count")
    def email_count(self, message: Message) -> int:
        return message.email_count

    @admin.display(description=_("delivery"))
    def delivery_counts(self, message: Message) -> str:
        if message.sent_at is None:
            return "—"
        waiting = message.email_count - message.sent_count - message.failed_count
        return ngettext(
            "%(total)d e-mail: %(sent)d sent, %(waiting)d waiting, %(failed)d failed",
            "%(total)d e-mails: %(sent)d sent, %(waiting)d waiting, %(failed)d failed",
            message.email_count,
        ) % {
            "total": message.email_count,
            "sent": message.sent_count,
            "waiting": waiting,
            "failed": message.failed_count,
        }

    # --- Save and preview; preview and send -------------------------------------------------------

    def response_add(self, request, obj, post_url_continue=None):
        if "_preview" in request.POST:
            return redirect(reverse("admin:events_message_send", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_preview" in request.POST:
            return redirect(reverse("admin:events_message_send", args=[obj.pk]))
        return super().response_change(request, obj)

    def get_urls(self):
        return [
            path("<path:object_id>/send/", self.admin_site.admin_view(self.send_view), name="events_message_send"),
            *super().get_urls(),
        ]

    def send_view(self, request, object_id):
        """The preview in every language, the number of recipients, and the button that sends (a POST)."""
        message = self.get_object(request, unquote(object_id))
        if message is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, message):
            raise PermissionDenied
        change_url = reverse("admin:events_message_change", args=[message.pk])
        if message.sent_at is not None:
            self.message_user(request, ALREADY_SENT, messages.INFO)
            return redirect(change_url)
        if not self.has_change_permission(request, message):
            raise PermissionDenied
        if request.method == "POST":
            try:
                sent = messaging.send_message(message)
            except messaging.MessagingError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.log_change(request, message, [{"changed": {"fields": ["sent_at"]}}])
                self._report(request, sent)
                return redirect(change_url)
        return TemplateResponse(request, "admin/events/message/send.html", self._send_context(request, message))

    def _report(self, request, sent: messaging.Sent) -> None:
        self.message_user(
            request,
            ngettext(
                "The message is on its way to %(count)d person.",
                "The message is on its way to %(count)d people.",
                sent.count,
            )
            % {"count": sent.count},
            messages.SUCCESS,
        )
        if sent.skipped:
            self.message_user(request, skipped_text(sent.skipped), messages.WARNING)

    def _send_context(self, request, message: Message) -> dict:
        by_language = dict(messaging.recipients(message).values_list("language").annotate(count=Count("pk")).order_by())
        previews = []
        for code, _name in Registration._meta.get_field("language").choices:
            sample = Registration(event=message.event, name=gettext("Name of the registrant"), language=code)
            email = render_email(Notification(registration=sample, message=message, kind=Notification.Kind.MESSAGE))
            previews.append(
                {
                    "code": code,
                    "language": language_name(code),
                    "count": by_language.get(code, 0),
                    "written_in": message_texts.written_in(message, code),
                    "complete": message_texts.fully_written_in(message, code),
                    # The plain-text part as it is sent; rendered with autoescape off, it is escaped by the page.
                    "subject": email.subject,
                    "text": email.body,
                }
            )
        count = sum(by_language.values())
        skipped = messaging.unreachable(message).count()
        return {
            **self.admin_site.each_context(request),
            "title": _("Preview and send"),
            "subtitle": str(message),
            "opts": self.opts,
            "original": message,
            "previews": previews,
            "count": count,
            "skipped_text": skipped_text(skipped) if skipped else "",
            "send_label": ngettext("Send to %(count)d person", "Send to %(count)d people", count) % {"count": count},
            "media": forms.Media(),
        }


def skipped_text(count: int) -> str:
    return ngettext(
        "%(count)d registrant of this audience has no e-mail address and does not receive it.",
        "%(count)d registrants of this audience have no e-mail address and do not receive it.",
        count,
    ) % {"count": count}
