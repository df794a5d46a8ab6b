"""Names in both scripts and the log of corrections, in the organizers' admin (hooked into events/admin.py).

- The registration list shows each registrant's name in both scripts (events/names.py `person_name`).
- A registration's page lists its corrections read only: who (the attendee or which organizer), when (in the venue's
  zone) and what, each field before and after. An organizer's own edit of those fields is logged the same way,
  through the same rule as the attendee's (events.registrations.correct_personal_data).
- A speaker given a name in Chinese characters only gets its pinyin as the English name, as slugs are made from it
  (nanjingweek/admin.py `SlugFromSourcesFormMixin`): on the server, and the organizer may type another.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events import registrations
from events.models import Registration, RegistrationChange
from events.names import has_han, person_name, propose_romanization
from events.timezones import zone_label
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.forms import ModelForm
from nanjingweek.typography import annotated, labelled, with_zone

# --- The registrant's name in both scripts -------------------------------------------------------------


@admin.display(description=pgettext_lazy("person", "name"), ordering="name")
def registrant_name(registration: Registration) -> str:
    """张伟 (Zhang Wei) / Zhang Wei (张伟), in the order the admin's language reads names."""
    both = person_name(registration.name, registration.name_romanized, language=get_language() or "en")
    return annotated(both.first, both.second) if both.second else both.first


# --- The log of corrections ----------------------------------------------------------------------------


def _shown(field_name: str, value) -> str:
    """A stored value as organizers read it: the choice's label (Germany, Deutsch), — for nothing."""
    if value in (None, ""):
        return "—"
    field = Registration._meta.get_field(field_name)
    return str(dict(field.flatchoices).get(value, value)) if field.choices else str(value)


class RegistrationChangeInline(AdminInputMixin, admin.TabularInline):
    """Read only: the log is written by the rule, never edited."""

    model = RegistrationChange
    form = ModelForm
    verbose_name_plural = _("Changes of registration data")
    fields = ("when", "who", "what")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-changed_at", "-pk")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("changed_by", "registration__event__venue__city")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_view_permission(self, request, obj=None) -> bool:
        # Whoever may see the registration may see what happened to its data.
        return request.user.has_perm("events.view_registration")

    @admin.display(description=pgettext_lazy("when", "changed"))
    def when(self, change: RegistrationChange) -> str:
        event = change.registration.event
        local = timezone.localtime(change.changed_at, event.zone if event.venue_id else None)
        return with_zone(date_format(local, "SHORT_DATETIME_FORMAT"), zone_label(local))

    @admin.display(description=_("changed by"))
    def who(self, change: RegistrationChange) -> str:
        if change.by_attendee:
            return gettext("the attendee")
        if change.changed_by is None:
            return gettext("an organizer (account deleted)")
        user = change.changed_by
        return user.get_full_name() or user.get_username()

    @admin.display(description=_("changes"))
    def what(self, change: RegistrationChange) -> str:
        lines = []
        for field_name, (before, after) in change.changes.items():
            try:
                label = capfirst(Registration._meta.get_field(field_name).verbose_name)
            except FieldDoesNotExist:  # a field removed since: its name still says what changed
                label = field_name
            lines.append((labelled(label, f"{_shown(field_name, before)} → {_shown(field_name, after)}"),))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", lines))


class LoggedCorrectionsMixin:
    """A RegistrationAdmin whose organizers' edits of the correctable fields are logged like the attendee's."""

    def save_model(self, request, obj, form, change):
        corrected = [field for field in registrations.CORRECTABLE_FIELDS if field in form.changed_data]
        if change and corrected and obj.anonymized_at is None:
            # The rule saves and logs these fields (reading the stored values as "before"); the rest is saved below.
            registrations.correct_personal_data(
                obj, {field: form.cleaned_data[field] for field in corrected}, by=request.user
            )
            # As the rule stored them (a Latin name left empty may have got its pinyin): the save below keeps them.
            stored = Registration.objects.only(*corrected).get(pk=obj.pk)
            for field in corrected:
                setattr(obj, field, getattr(stored, field))
        super().save_model(request, obj, form, change)


# --- Speakers: pinyin for a name in Chinese only ------------------------------------------------------


class PinyinNameFormMixin:
    """name_en left empty while name_zh_hans is in Chinese characters: name_en becomes its pinyin (张伟 → Zhang Wei)."""

    def clean(self):
        chinese = (self.cleaned_data.get("name_zh_hans") or "").strip()
        if not self.cleaned_data.get("name_en") and "name_en" not in self.errors:
            proposed = propose_romanization(chinese) if has_han(chinese) else ""
            if proposed:
                self.cleaned_data["name_en"] = proposed
            else:
                self.add_error(
                    "name_en", ValidationError(self.fields["name_en"].error_messages["required"], code="required")
                )
        # Then the slug, which is made from name_en (SlugFromSourcesFormMixin, further down the bases).
        return super().clean()


class PinyinNameAdminMixin:
    """For SpeakerAdmin: name_en may be left empty when the Chinese name is given (`PinyinNameFormMixin`)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "name_en" not in form.base_fields or "name_zh_hans" not in form.base_fields:
            return form
        proposing = type(form)(form.__name__, (PinyinNameFormMixin, form), {})
        # ModelForm's metaclass builds the fields afresh: keep what the admin's other mixins made optional (the slug).
        for name, field in form.base_fields.items():
            proposing.base_fields[name].required = field.required
        proposing.base_fields["name_en"].required = False
        return proposing
