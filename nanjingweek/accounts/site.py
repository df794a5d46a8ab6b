"""The organizers' admin site: Django's, with the second factor in its login and its permission check.

It is `admin.site` (through `nanjingweek.accounts.apps.AdminConfig` in INSTALLED_APPS), so every app registers
its admins as before. Differences from Django's site:

- the login form asks for a code from staff who set up an authenticator app (`forms.StaffAuthenticationForm`);
- a staff member with a device is only let in by a session that passed the code (django-otp's `is_verified()`);
- with STAFF_REQUIRE_TWO_FACTOR on, one without a device sees the enrolment page before any other admin page;
- `two-factor/` is that enrolment page, for everyone who wants it;
- every admin registered on it, Django's own and third-party ones too, answers impossible related-object keys
  with a form error rather than a 500 (`nanjingweek.admin_input.AdminInputMixin`, mixed in by `register`).
"""

from __future__ import annotations

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import urlencode

from nanjingweek.accounts import two_factor
from nanjingweek.accounts.forms import StaffAuthenticationForm
from nanjingweek.admin_input import AdminInputMixin


class StaffAdminSite(admin.AdminSite):
    login_form = StaffAuthenticationForm
    login_template = "admin/accounts/login.html"
    index_template = "admin/accounts/index.html"

    def register(self, model_or_iterable, admin_class=None, **options):
        # Django's GroupAdmin and UserAdmin, axes' and otp's admins come from their apps: the guard is mixed in
        # here rather than by re-registering each of them (and whatever admin an app brings tomorrow).
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, AdminInputMixin):
            attrs = {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__}
            admin_class = type(admin_class.__name__, (AdminInputMixin, admin_class), attrs)
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request):
        return super().has_permission(request) and two_factor.satisfied(request)

    def admin_view(self, view, cacheable=False):
        guarded = super().admin_view(view, cacheable)

        def inner(request, *args, **kwargs):
            if two_factor.must_enrol(request) and self.has_permission(request) and not self._exempt(request):
                target = reverse("admin:two_factor", current_app=self.name)
                return redirect(f"{target}?{urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})}")
            return guarded(request, *args, **kwargs)

        return update_wrapper(inner, guarded)

    def _exempt(self, request) -> bool:
        # Logging out stays possible for someone who has not enrolled yet.
        return request.path == reverse("admin:logout", current_app=self.name)

    def get_urls(self):
        from events.admin_dashboard import dashboard_view
        from nanjingweek.accounts.admin_language import admin_language_view
        from nanjingweek.accounts.views import two_factor_view

        # Wrapped by Django's admin_view, not ours: the enrolment page is where ours sends people.
        enrolment = super().admin_view(two_factor_view)
        return [
            path("two-factor/", enrolment, {"site": self}, name="two_factor"),
            path("language/", self.admin_view(admin_language_view), {"site": self}, name="admin_language"),
            path("events/dashboard/", self.admin_view(dashboard_view), {"site": self}, name="events_dashboard"),
            *super().get_urls(),
        ]

    def each_context(self, request):
        context = super().each_context(request)
        context["two_factor_required"] = two_factor.required()
        # Only staff who passed a code in this session can have a device here (has_permission): no query needed.
        context["two_factor_on"] = two_factor.is_verified(request.user)
        return context
