"""Two-factor login for staff with a TOTP authenticator app (django-otp's TOTP devices).

A staff member has at most one device. Enrolment shows a new key (kept in the session, the same on every visit
to the page, so the QR code stays the same while they scan it) and saves the device once a first code from the
app matches it; from then on the admin's login asks for a code. With STAFF_REQUIRE_TWO_FACTOR on, a staff member
without a device is sent to enrolment before any other admin page.

Whether a session's user had a device when they logged in is kept in the session (`TWO_FACTOR_KEY`), so the
admin asks the database about devices once per login, not on every page. A session that has passed the second
factor carries django-otp's device id (`request.user.is_verified()`, from OTPMiddleware). So a session that
logged in without a device before the device was set up elsewhere keeps going until it ends (idle time, browser
close); one whose device is deleted must log in again.
"""

from __future__ import annotations

import time
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

TWO_FACTOR_KEY = "staff_two_factor"
PENDING_KEY_SESSION_KEY = "staff_two_factor_pending_key"
DEVICE_NAME = "Authenticator app"


def confirmed_device(user) -> TOTPDevice | None:
    """The user's confirmed TOTP device, if they set one up."""
    if not getattr(user, "pk", None):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_verified(user) -> bool:
    """Whether this session passed the second factor (False without OTPMiddleware, e.g. in a RequestFactory)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def required() -> bool:
    return settings.STAFF_REQUIRE_TWO_FACTOR


def session_has_device(request) -> bool:
    """Whether the session's user had a confirmed device at login (asked once, then remembered in the session)."""
    state = request.session.get(TWO_FACTOR_KEY)
    if state is None:
        # A session older than two-factor login, or made without logging in through a form.
        state = confirmed_device(request.user) is not None
        request.session[TWO_FACTOR_KEY] = state
    return bool(state)


def satisfied(request) -> bool:
    """The second factor does not stand in the way: passed in this session, or the user has no device."""
    return is_verified(request.user) or not session_has_device(request)


def must_enrol(request) -> bool:
    """Two-factor login is required and this staff member has not passed it (so has no device: see `satisfied`)."""
    user = request.user
    return required() and user.is_authenticated and user.is_staff and not is_verified(user)


@receiver(user_logged_in, dispatch_uid="nanjingweek.accounts.two_factor.remember_device")
def remember_device(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[TWO_FACTOR_KEY] = confirmed_device(user) is not None


def verify(device: TOTPDevice, token: str) -> bool:
    """Check a code against the device; django-otp refuses a code already used and slows down repeated guesses."""
    token = "".join(str(token).split())
    if not token.isascii() or not token.isdigit() or len(token) != device.digits:
        device.throttle_increment(commit=True)
        return False
    with transaction.atomic():
        # Locked, so that two requests with the same code cannot both pass (the device remembers the last one).
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        verified = locked.verify_token(token)
    if verified:
        device.refresh_from_db()
    return verified


def pending_device(request) -> TOTPDevice:
    """The device enrolment shows, not saved yet: its key waits in the session until a first code confirms it.

    The same key on every visit, so the QR code stays the same while the staff member scans it; nothing is
    written to the devices table before the code proves the app has the key.
    """
    key = request.session.get(PENDING_KEY_SESSION_KEY)
    if not isinstance(key, str) or len(key) != 40:
        key = random_hex(20)
        request.session[PENDING_KEY_SESSION_KEY] = key
    return TOTPDevice(user=request.user, name=DEVICE_NAME, key=key, confirmed=False)


def confirm(request, token: str) -> TOTPDevice | None:
    """Confirm the pending device with a first code: it becomes the user's only device, and this session passed."""
    device = pending_device(request)
    token = "".join(str(token).split())
    if not token.isascii() or not token.isdigit() or len(token) != device.digits:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), tolerance=device.tolerance):
        return None
    # The code just used is spent: the next login needs a later one.
    device.last_t = totp.t()
    device.drift = totp.drift
    device.confirmed = True
    with transaction.atomic():
        TOTPDevice.objects.filter(user=request.user).delete()
        device.save()
    del request.session[PENDING_KEY_SESSION_KEY]
    otp_login(request, device)
    request.session[TWO_FACTOR_KEY] = True
    return device


def secret(device: TOTPDevice) -> str:
    """The key as an app asks for it when typed in: base32 in groups of four (`ABCD EFGH …`)."""
    key = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[index : index + 4] for index in range(0, len(key), 4))


def qr_code_svg(device: TOTPDevice, title: str) -> str:
    """The device's otpauth:// address as an inline SVG QR code (no image service, no script)."""
    return segno.make_qr(device.config_url, error="m").svg_inline(
        scale=5, border=4, title=title, svgclass="two-factor__qr"
    )
