"""What the admin makes of related-object values no object can have: an invalid choice, never a 500.

Django's admin trusts the submitted keys of related objects in two places (Django 5.2, found by
tests/test_hostile_sweep.py, issue 12):

- an invalid form is shown again, and an autocomplete widget (``AutocompleteSelect``, ``…Multiple``) looks the
  submitted values up with ``filter(pk__in=…)`` to show them: ``"abc"`` raises ``ValueError`` ("Field 'id' expected
  a number"), a number beyond 64 bits an ``OverflowError`` on SQLite. The field had already said "Select a valid
  choice"; the page showing it failed;
- ``ModelMultipleChoiceField`` checks each value's type, then looks them all up with ``__in``: Django guards
  ``exact`` and the comparisons against integers the database cannot hold, not ``in``, so SQLite raises
  ``OverflowError`` (PostgreSQL compares them as numeric and finds nothing, which is right).

`AdminInputMixin` gives every admin widgets and fields that leave such values out of the query; the field then
refuses them as an invalid choice, as it refuses a key that names no object. `StaffAdminSite.register`
(nanjingweek/accounts/site.py) mixes it into every admin registered on the site, Django's (users, groups) and
third-party ones (axes, otp) included; inlines name it in their bases (nanjingweek/admin.py's base inlines do).
tests/admin/test_admin_bad_input.py checks both.

This module imports nothing of the admin site, so that the site's module can import it.
"""

from __future__ import annotations

from django import forms
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, models


def key_field(db_field: models.Field) -> models.Field:
    """The field of the related model that a foreign key or many-to-many field's values name (its pk, or to_field)."""
    opts = db_field.remote_field.model._meta
    name = getattr(db_field.remote_field, "field_name", None)
    return opts.get_field(name) if name else opts.pk


def beyond_the_column(field: models.Field, value, using: str | None = None) -> bool:
    """Whether `value` is a whole number that `field`'s integer column cannot hold, so that no row has it."""
    if not isinstance(field, models.IntegerField):  # AutoField and BigAutoField included
        return False
    try:
        number = field.to_python(value)
    except ValidationError:
        return False
    if number is None:
        return False
    low, high = connections[using or DEFAULT_DB_ALIAS].ops.integer_field_range(field.get_internal_type())
    return (low is not None and number < low) or (high is not None and number > high)


def could_name_a_row(field: models.Field, value, using: str | None = None) -> bool:
    """Whether a lookup of `field` by `value` can be asked at all: the field reads it, and the column holds it."""
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return not beyond_the_column(field, value, using)


class _LooksUpOnlyPossibleKeys:
    """An autocomplete widget that shows the submitted objects without asking the database for impossible keys.

    The values left out name no object anyway: Django's widget would have shown nothing for them either.
    """

    def optgroups(self, name, value, attr=None):
        field = key_field(self.field)
        return super().optgroups(name, [item for item in value if could_name_a_row(field, item, self.db)], attr)


class AutocompleteSelectOfPossibleKeys(_LooksUpOnlyPossibleKeys, AutocompleteSelect):
    pass


class AutocompleteSelectMultipleOfPossibleKeys(_LooksUpOnlyPossibleKeys, AutocompleteSelectMultiple):
    pass


class ModelMultipleChoiceOfPossibleKeys(forms.ModelMultipleChoiceField):
    """Refuses a number the related model's key column cannot hold as an invalid choice, before the ``__in`` query."""

    def _check_values(self, value):
        field = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        field = field or self.queryset.model._meta.pk
        try:
            values = frozenset(value)
        except TypeError:
            return super()._check_values(value)  # Django's own answer: "Enter a list of values."
        for item in values:
            if beyond_the_column(field, item, self.queryset.db):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                )
        return super()._check_values(value)


class AdminInputMixin:
    """For a ModelAdmin or an inline: related-object fields that answer impossible keys with a form error.

    So do the keys ticked in a change list for an action (``_selected_action``). Also an empty ``?_to_field=`` on a
    change or delete page: Django's views only check a non-empty one against the fields allowed, then ask the model
    for a field named "" (``FieldDoesNotExist``, a 500). Empty means none given, as Django itself reads it when it
    answers a popup (``response_change``): the object by primary key.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectOfPossibleKeys(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultipleOfPossibleKeys(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        kwargs.setdefault("form_class", ModelMultipleChoiceOfPossibleKeys)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def response_action(self, request, queryset):
        # The change list's ticked keys go into filter(pk__in=…) as they came: "abc" was a ValueError, a number beyond
        # 64 bits an OverflowError on SQLite. Left out, they select nothing, as a key of a deleted object does.
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        possible = [key for key in selected if could_name_a_row(self.opts.pk, key, queryset.db)]
        if possible != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(ACTION_CHECKBOX_NAME, possible)
        return super().response_action(request, queryset)

    def get_object(self, request, object_id, from_field=None):
        return super().get_object(request, object_id, from_field or None)
