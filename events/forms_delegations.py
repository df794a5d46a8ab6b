"""The group registration form: the contact, what to do if not all fit, and one row per person (a formset).

Validation only; events.delegations.register_delegation stores it. Without JavaScript the form shows a few empty
rows and an "Add more rows" button that sends the form back with more (up to the event's limit); empty rows are
ignored.
"""

from __future__ import annotations

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from events.delegations import Member
from events.forms import RegistrationForm
from events.models import Delegation, Event
from events.names import propose_romanization
from nanjingweek.forms import Form

# Rows shown at first, and added by each press of "Add more rows".
ROWS_STEP = 5
PREFIX = "members"


class DelegationForm(RegistrationForm):
    """The contact: the single form's fields and rules, worded for someone registering others.

    Their organization, its kind and country are the group's, and each person's unless their row says otherwise.
    """

    field_order = [
        "name",
        "email",
        "language",
        "organization",
        "organization_kind",
        "country",
        "when_not_all_fit",
    ]

    when_not_all_fit = forms.ChoiceField(
        label=_("If not everyone gets a seat"),
        choices=Delegation.WhenNotAllFit.choices,
        initial=Delegation.WhenNotAllFit.AS_MANY_AS_FIT,
        widget=forms.RadioSelect,
        help_text=_("Seats are given in the order you list the people."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["name_romanized"]
        fields = self.fields
        fields["name"].label = _("Your name")
        fields["name"].help_text = _("You are our contact for the group; you need not come yourself.")
        fields["email"].label = _("Your e-mail address")
        fields["email"].help_text = _(
            "We send the link to confirm the group registration to this address, and then all the tickets."
        )
        fields["organization"].label = _("Organization of the group")
        fields["organization"].help_text = _("Optional. Each person's, unless their row names another.")
        fields["consent"].label = _(
            "I agree that my data and the data of the people I list are stored and used to manage this registration, "
            "as the privacy notice says, and they have agreed to it too."
        )

    def delegation_data(self) -> dict:
        """The contact's keyword arguments of events.delegations.register_delegation."""
        data = self.cleaned_data
        return {
            "contact_name": data["name"],
            "contact_email": data["email"],
            "organization": data["organization"],
            "organization_kind": data["organization_kind"],
            "country": data["country"],
            "language": data["language"],
            "consent": data["consent"],
            "when_not_all_fit": data["when_not_all_fit"],
        }


class MemberForm(Form):
    """One person of the group. A row left empty is no person."""

    name = forms.CharField(
        label=pgettext_lazy("person", "Name"),
        max_length=200,
        error_messages={"required": _("Please enter the person's name, or empty the row.")},
    )
    name_romanized = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        required=False,
        help_text=_("Proposed in pinyin for a Chinese name if left empty."),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        help_text=_("Optional: the person then gets their own ticket too."),
    )
    organization = forms.CharField(
        label=_("Organization"),
        max_length=200,
        required=False,
        help_text=_("Optional: if not the group's."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def member(self) -> Member:
        data = self.cleaned_data
        return Member(
            name=data["name"],
            name_romanized=data["name_romanized"],
            email=data["email"],
            organization=data["organization"],
        )


class BaseMemberFormSet(BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("The form arrived incomplete. Please fill it in again."),
        "too_many_forms": ngettext_lazy(
            "A group for this event may have at most %(num)d person.",
            "A group for this event may have at most %(num)d people.",
            "num",
        ),
        "too_few_forms": _("Please list at least one person."),
    }

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if i > 0:
            # The help texts once, in the first row: fifteen times the same words would hide the fields.
            for field in form.fields.values():
                field.help_text = ""
        return form

    def filled_forms(self) -> list[MemberForm]:
        """The rows that name a person, in the order shown."""
        return [form for form in self.forms if form.has_changed()]

    def clean(self):
        if any(self.errors):
            return
        filled = self.filled_forms()
        if not filled:
            raise forms.ValidationError(self.error_messages["too_few_forms"], code="too_few_forms")
        first_row = {}
        for index, form in enumerate(self.forms):
            email = form.cleaned_data.get("email", "").strip().lower() if form.has_changed() else ""
            if not email:
                continue
            if email in first_row:
                form.add_error(
                    "email",
                    _("This e-mail address is given for person %(row)d already.") % {"row": first_row[email] + 1},
                )
            else:
                first_row[email] = index

    def members(self) -> list[Member]:
        return [form.member() for form in self.filled_forms()]


def member_formset_class(event: Event, rows: int):
    """The formset for `event`: at most its group limit, `rows` empty rows when shown unbound."""
    limit = event.max_delegation_size
    return formset_factory(
        MemberForm,
        formset=BaseMemberFormSet,
        extra=min(rows, limit),
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )


def first_rows(event: Event) -> int:
    return min(ROWS_STEP, event.max_delegation_size)


def member_formset(event: Event, data=None):
    """Bound to `data`, or unbound with the first few empty rows."""
    return member_formset_class(event, first_rows(event))(data, prefix=PREFIX)


def with_more_rows(event: Event, data) -> tuple[DelegationForm, BaseMemberFormSet]:
    """The form again, unbound (no errors yet), as typed, with ROWS_STEP more empty rows up to the event's limit.

    Chinese names typed without a Latin form get their pinyin proposed, for the contact to see and correct.
    """
    form = DelegationForm(data)
    initial = {name: form[name].value() for name in form.fields if name != form.HONEYPOT}
    typed = member_formset(event, data)
    rows = []
    for member in typed.forms[: event.max_delegation_size]:
        row = {name: (member[name].value() or "").strip() for name in member.fields}
        if row["name"] and not row["name_romanized"]:
            row["name_romanized"] = propose_romanization(row["name"])
        rows.append(row)
    # Typed rows first, then the empty ones; rows left empty in between stay where they were.
    count = min(len(rows) + ROWS_STEP, event.max_delegation_size)
    formset_class = member_formset_class(event, count)
    formset = formset_class(prefix=PREFIX)
    for member_form, row in zip(formset.forms, rows, strict=False):
        member_form.initial = row
    return DelegationForm(initial=initial), formset
