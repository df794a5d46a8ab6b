"""A password length that depends on whose password it is: organizers' accounts open the admin, so they need more."""

from __future__ import annotations

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import ngettext


class StaffMinimumLengthValidator(MinimumLengthValidator):
    """At least `staff_min_length` characters for staff, Django's `min_length` (8) for anyone else.

    Staff means `is_staff` or `is_superuser`, and also an account that does not exist yet (the admin's "Add user"
    form and `createsuperuser` check the password against an unsaved user whose flags are not set yet): the only
    accounts this site has are the organizers'. Without a user at all the stricter rule applies too.
    """

    def __init__(self, min_length: int = 8, staff_min_length: int = 12):
        super().__init__(min_length=min_length)
        self.staff_min_length = staff_min_length

    @staticmethod
    def is_staff(user) -> bool:
        if user is None or getattr(user, "pk", None) is None:
            return True
        return bool(getattr(user, "is_staff", False) or getattr(user, "is_superuser", False))

    def validate(self, password, user=None):
        if not self.is_staff(user):
            super().validate(password, user)
            return
        if len(password) < self.staff_min_length:
            raise ValidationError(
                ngettext(
                    "This password is too short: an organizer’s password needs at least %(min_length)d character.",
                    "This password is too short: an organizer’s password needs at least %(min_length)d characters.",
                    self.staff_min_length,
                ),
                code="password_too_short",
                params={"min_length": self.staff_min_length},
            )

    def get_help_text(self):
        # The help text shows on the admin's password forms, which are the organizers'.
        return ngettext(
            "An organizer’s password needs at least %(min_length)d character.",
            "An organizer’s password needs at least %(min_length)d characters.",
            self.staff_min_length,
        ) % {"min_length": self.staff_min_length}
