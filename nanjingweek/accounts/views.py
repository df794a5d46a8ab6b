"""The admin page where a staff member sets up two-factor login with an authenticator app."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from nanjingweek.accounts import two_factor
from nanjingweek.accounts.forms import TwoFactorConfirmForm


def _next_url(request, site) -> str:
    candidate = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    safe = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if safe:
        return candidate
    return reverse("admin:index", current_app=site.name)


def two_factor_view(request, site):
    """Show the QR code and the key of a new device; a first code from the app confirms it."""
    context = {
        **site.each_context(request),
        "title": _("Two-factor login"),
        "subtitle": None,
        "next": _next_url(request, site),
    }
    if two_factor.is_verified(request.user):
        # Already on: this session passed a code from the user's device.
        return TemplateResponse(request, "admin/accounts/two_factor.html", {**context, "enabled": True})

    form = TwoFactorConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if two_factor.confirm(request, form.cleaned_data["otp_token"]):
            messages.success(request, _("Two-factor login is on: from now on the login asks for a code from the app."))
            return redirect(context["next"])
        form.add_error("otp_token", _("This code is not right. Enter the code the app shows now."))
    device = two_factor.pending_device(request)
    context.update(
        enabled=False,
        form=form,
        secret=two_factor.secret(device),
        qr_code=two_factor.qr_code_svg(device, title=_("QR code for your authenticator app")),
    )
    return TemplateResponse(request, "admin/accounts/two_factor.html", context)
