"""The admin of delegations: groups registered by one contact, with their people (events/delegations.py).

Organizers see each group's size, how many of its people have a seat or wait, and the people themselves, each
linked to their registration, where the registration actions apply as to anyone. Groups are registered through the
public form (its rules: seats, waiting list, e-mails), so the admin does not add them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from events import delegations, registrations
from events.models import Delegation, Registration
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.forms import ModelForm
from nanjingweek.typography import labelled

Status = Registration.Status


class MemberInline(AdminInputMixin, admin.TabularInline):
    """The group's people, read only: their changes go through their registrations and its actions."""

    model = Registration
    fk_name = "delegation"
    form = ModelForm
    extra = 0
    can_delete = False
    show_change_link = False
    fields = ("person", "email", "organization", "status", "ticket_code", "checked_in_at")
    readonly_fields = fields
    ordering = ("pk",)
    verbose_name = pgettext_lazy("delegation", "person")
    verbose_name_plural = pgettext_lazy("delegation", "people")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=pgettext_lazy("person", "name"))
    def person(self, registration: Registration) -> str:
        url = reverse("admin:events_registration_change", args=[registration.pk])
        if registration.name_romanized:
            return format_html('<a href="{}">{}</a> ({})', url, registration.name, registration.name_romanized)
        return format_html('<a href="{}">{}</a>', url, registration.name)


class DelegationAdminForm(ModelForm):
    class Meta:
        model = Delegation
        fields = ("contact_name", "contact_email", "organization", "organization_kind", "country", "language")


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    form = DelegationAdminForm
    list_display = ("contact_name", "organization", "event", "size", "seated", "waiting", "status", "created_at")
    list_filter = ("status", "event__edition", "event")
    list_select_related = ("event",)
    search_fields = ("contact_name", "contact_email", "organization", "members__name", "members__name_romanized")
    date_hierarchy = "created_at"
    inlines = (MemberInline,)
    readonly_fields = (
        "event",
        "status",
        "when_not_all_fit",
        "token",
        "created_at",
        "consent_at",
        "confirmed_at",
        "cancelled_at",
        "anonymized_at",
    )
    fieldsets = (
        (None, {"fields": ("event", "status", "when_not_all_fit")}),
        (_("Contact person"), {"fields": ("contact_name", "contact_email", "language")}),
        (_("Organization"), {"fields": ("organization", "organization_kind", "country")}),
        (
            _("History"),
            {"fields": ("token", "created_at", "consent_at", "confirmed_at", "cancelled_at", "anonymized_at")},
        ),
    )
    actions = ("cancel",)

    def get_queryset(self, request):
        # The counts in one query with the list, however many groups a page shows (search by member names joins
        # the members too, so the counts are distinct).
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("members", distinct=True),
                seated_count=Count("members", filter=Q(members__status=Status.CONFIRMED), distinct=True),
                waiting_count=Count("members", filter=Q(members__status=Status.WAITLISTED), distinct=True),
            )
        )

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=pgettext_lazy("delegation", "people"), ordering="member_count")
    def size(self, delegation: Delegation) -> int:
        return delegation.member_count

    @admin.display(description=_("with a seat"), ordering="seated_count")
    def seated(self, delegation: Delegation) -> int:
        return delegation.seated_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, delegation: Delegation) -> int:
        return delegation.waiting_count

    @admin.action(description=_("Cancel selected delegations"), permissions=("change",))
    def cancel(self, request, queryset):
        changed = 0
        for delegation in queryset:
            try:
                delegations.cancel_delegation(delegation)
            except registrations.RegistrationError as error:
                self.message_user(request, labelled(str(delegation), str(error)), messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(
                request,
                ngettext("Cancelled %(count)d delegation.", "Cancelled %(count)d delegations.", changed)
                % {"count": changed},
                messages.SUCCESS,
            )
