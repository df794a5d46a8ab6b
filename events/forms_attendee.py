"""The attendee's correction of their own details, on their page. Validation only: the rule is
events.registrations.correct_personal_data, which checks the same again under its lock."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events import registrations
from events.forms import RegistrationForm
from events.models import Registration
from nanjingweek.forms import NULL_CHARACTER, Form


class PersonalDataForm(Form):
    """Name in both scripts, organization and its kind, country, language: the registration form's own fields."""

    closes_at = None
    registered_email = ""

    name = RegistrationForm.base_fields["name"]
    name_romanized = forms.CharField(
        label=_("Name in Latin letters"),
        max_length=200,
        required=False,
        help_text=_(
            "E.g. Zhang San for 张三. Left empty, it is filled in with the pinyin of a name written in Chinese "
            "characters; please correct it if your name is spelled differently, as in your passport."
        ),
    )
    organization = RegistrationForm.base_fields["organization"]
    organization_kind = RegistrationForm.base_fields["organization_kind"]
    country = RegistrationForm.base_fields["country"]
    language = RegistrationForm.base_fields["language"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        # Its own ids: the page may show other forms, and the registration form's ids are the same names.
        kwargs.setdefault("auto_id", "personal-%s")
        super().__init__(*args, **kwargs)

    @classmethod
    def offered(cls, registration: Registration, *, now=None) -> "PersonalDataForm | None":
        """The form filled with the registration's details while the attendee may correct them, else None."""
        if not registrations.may_correct(registration, now=now):
            return None
        form = cls(initial={field: getattr(registration, field) for field in registrations.CORRECTABLE_FIELDS})
        form.offer_for(registration)
        return form

    def offer_for(self, registration: Registration) -> None:
        """What the page says beside the form: until when it is open, in the venue's zone, and the fixed address."""
        closes_at = registrations.corrections_close_at(registration.event)
        self.closes_at = timezone.localtime(closes_at, registration.event.zone) if closes_at else None
        self.registered_email = registration.email

    def clean(self):
        cleaned_data = super().clean()
        # One-line texts: a tab, a line break or an escape character is a paste gone wrong, never part of a name.
        for field in ("name", "name_romanized", "organization"):
            if registrations.has_control_character(cleaned_data.get(field) or ""):
                self.add_error(field, ValidationError(NULL_CHARACTER, code="null_characters_not_allowed"))
        return cleaned_data

    def changes(self) -> dict:
        """The keyword `changes` of events.registrations.correct_personal_data."""
        return {field: self.cleaned_data[field] for field in registrations.CORRECTABLE_FIELDS}
