"""The admin's login form with an optional second factor, and the form that confirms a new authenticator app."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _

from nanjingweek.accounts import two_factor
from nanjingweek.forms import Form, OurMessagesMixin

CODE_WIDGET_ATTRS = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false", "size": 8}


class StaffAuthenticationForm(OurMessagesMixin, AdminAuthenticationForm):
    """User name and password, then a code from the authenticator app for those who set one up.

    The code field is always there (the form cannot know who is logging in before it is sent) and left empty by
    staff without a device. A wrong code counts as a failed login for the lockout, as a wrong password does: an
    attacker who knows the password must not be able to try a million codes.
    """

    otp_token = forms.CharField(
        label=_("Authentication code"),
        required=False,
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
        help_text=_("The six digits your authenticator app shows, if you have set up two-factor login."),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "token_required": _("Enter the six-digit code from your authenticator app as well."),
        "invalid_token": _("This code is not right, or it has been used already. Enter the code your app shows now."),
    }

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        device = two_factor.confirmed_device(user) if user is not None else None
        if device is None:
            return cleaned_data
        token = cleaned_data.get("otp_token") or ""
        if not token:
            raise forms.ValidationError(
                {"otp_token": forms.ValidationError(self.error_messages["token_required"], code="token_required")}
            )
        if not two_factor.verify(device, token):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned_data.get("username")},
                request=self.request,
            )
            raise forms.ValidationError(
                {"otp_token": forms.ValidationError(self.error_messages["invalid_token"], code="invalid_token")}
            )
        # django-otp's user_logged_in receiver stores the device in the session: this session passed both factors.
        user.otp_device = device
        return cleaned_data


class TwoFactorConfirmForm(Form):
    otp_token = forms.CharField(
        label=_("Code from the app"),
        max_length=16,
        strip=True,
        widget=forms.TextInput(attrs=CODE_WIDGET_ATTRS),
    )
