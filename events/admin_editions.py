"""The editions' action "Copy to a new edition …": a form, a list of what will be created, then the copy.

The rules are in events/editions.py; this module asks for the new edition's name, slug and first day, shows the
plan (nothing is written before the organizer confirms) and calls `copy_edition`.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events import editions
from events.admin_times import format_local
from events.models import Edition, Event
from events.services import ProgrammeError
from nanjingweek.admin import language_name
from nanjingweek.forms import Form
from nanjingweek.typography import annotated


class CopyEditionForm(Form):
    slug = forms.SlugField(label=_("slug"), max_length=Edition._meta.get_field("slug").max_length)
    start_date = forms.DateField(label=_("first day"), widget=AdminDateWidget)
    keep = forms.ChoiceField(
        label=_("Dates of the events"),
        choices=editions.Keep.choices,
        widget=forms.RadioSelect,
        initial=editions.Keep.WEEKDAY,
    )
    events = forms.ModelMultipleChoiceField(
        label=_("Events to copy"), queryset=Event.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        self.edition = edition
        year = edition.start_date.year
        next_start = edition.start_date + timedelta(weeks=52)
        initial = {
            "slug": edition.slug.replace(str(year), str(next_start.year)) if str(year) in edition.slug else "",
            "start_date": next_start,
            "events": list(edition.events.values_list("pk", flat=True)),
        }
        super().__init__(*args, initial=initial, **kwargs)
        # The name in each language first; English is required, as on every edition.
        for code in reversed(mt_settings.AVAILABLE_LANGUAGES):
            name = build_localized_fieldname("name", code)
            self.fields = {
                name: forms.CharField(
                    label=annotated(gettext("Name"), language_name(code)),
                    max_length=Edition._meta.get_field(name).max_length,
                    required=code == mt_settings.DEFAULT_LANGUAGE,
                ),
                **self.fields,
            }
        self.fields["events"].queryset = edition.events.order_by("starts_at", "pk")
        self.fields["events"].help_text = _("Each is copied as a draft, with its sessions and partners.")
        self.fields["start_date"].help_text = _("The new edition lasts as many days as this one.")

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if Edition.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("An edition with this slug exists already. Please choose another."))
        return slug

    def names(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(build_localized_fieldname("name", code), "")
            for code in mt_settings.AVAILABLE_LANGUAGES
        }

    def plan_arguments(self) -> dict:
        return {
            "slug": self.cleaned_data["slug"],
            "start_date": self.cleaned_data["start_date"],
            "keep": self.cleaned_data["keep"],
            "events": list(self.cleaned_data["events"]),
        }


def _plan_rows(plan: editions.EditionPlan) -> list[dict]:
    """Each planned event with its old and new local start as the admin's lists write them."""
    return [
        {
            "title": str(planned.original),
            "old": format_local(planned.original.local_start) or planned.original.announced_period,
            "new": format_local(planned.new_local_start) or planned.original.announced_period,
            "sessions": planned.session_count,
            "roles": planned.role_count,
        }
        for planned in plan.events
    ]


class EditionCopyMixin:
    """For EditionAdmin: the action, its URL and its page."""

    @admin.action(description=_("Copy to a new edition …"), permissions=("add",))
    def copy_to_new_edition(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True)[:2])
        if len(chosen) != 1:
            self.message_user(request, _("Select exactly one edition to copy."), messages.WARNING)
            return None
        return redirect(reverse("admin:events_edition_copy", args=[chosen[0]]))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="events_edition_copy",
            ),
            *super().get_urls(),
        ]

    def copy_view(self, request, object_id):
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        event_admin = self.admin_site.get_model_admin(Event)
        if not (self.has_add_permission(request) and event_admin.has_add_permission(request)):
            raise PermissionDenied
        form = CopyEditionForm(request.POST or None, edition=edition)
        plan = None
        if request.method == "POST" and form.is_valid():
            try:
                if "confirm" in request.POST:
                    copy = editions.copy_edition(edition, names=form.names(), **form.plan_arguments())
                else:
                    plan = editions.plan_edition_copy(edition, **form.plan_arguments())
            except ProgrammeError as error:
                form.add_error(None, str(error))
            else:
                if plan is None:
                    return self._copied(request, edition, copy)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Copy to a new edition"),
            "subtitle": str(edition),
            "opts": self.opts,
            "original": edition,
            "form": form,
            "plan": plan,
            "rows": _plan_rows(plan) if plan else [],
            "media": forms.Media(js=["admin/js/core.js"]) + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/events/edition/copy.html", context)

    def _copied(self, request, edition, copy):
        self.log_addition(request, copy, [{"added": {}}])
        count = copy.events.count()
        self.message_user(
            request,
            format_html(
                ngettext(
                    "Created “{copy}” from “{original}”, with {count} draft event to review and publish.",
                    "Created “{copy}” from “{original}”, with {count} draft events to review and publish.",
                    count,
                ),
                copy=copy,
                original=edition,
                count=count,
            ),
            messages.SUCCESS,
        )
        changelist = reverse("admin:events_event_changelist")
        return redirect(f"{changelist}?{urlencode({'edition__id__exact': copy.pk})}")
