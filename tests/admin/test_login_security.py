"""Organizer accounts: lockout after failed logins, two-factor login, staff session expiry, staff password length.

Everything goes through the admin's real login form with the test client against the real database: django-axes
counts in its tables, django-otp checks codes computed from the device's key as an authenticator app does.
"""

from __future__ import annotations

import io
import logging
import re
import time
from base64 import b32decode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import hotp, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from nanjingweek.accounts.passwords import StaffMinimumLengthValidator
from nanjingweek.accounts.sessions import SEEN_KEY
from tests.conftest import build_tree

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
INDEX = reverse("admin:index")
TWO_FACTOR = reverse("admin:two_factor")
PASSWORD = "correct horse battery staple"  # the organizer fixture's (tests/admin/conftest.py)


def log_in(client, username="mei", password=PASSWORD, address="192.0.2.10", **data):
    return client.post(LOGIN, {"username": username, "password": password, "next": INDEX, **data}, REMOTE_ADDR=address)


def is_logged_in(client) -> bool:
    return client.get(INDEX).status_code == 200


def code(key: bytes, steps_ahead: int = 0) -> str:
    """The code an authenticator app with this key shows now (or that many 30-second steps later)."""
    return f"{totp(key, drift=steps_ahead):06d}"


def next_code(device: TOTPDevice) -> str:
    """The code the app shows in the time step after the device's last accepted one."""
    device.refresh_from_db()
    return f"{hotp(device.bin_key, device.last_t + 1):06d}"


def make_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


# --- Lockout ----------------------------------------------------------------------------------------


def test_an_account_is_locked_after_the_failure_limit_from_any_address(client, organizer, settings):
    assert settings.AXES_FAILURE_LIMIT == settings.LOGIN_FAILURE_LIMIT == 5
    answers = [log_in(client, password="wrong", address=f"198.51.100.{number}").status_code for number in range(5)]

    # The right password, from yet another address, while the account is locked.
    locked = log_in(client, address="198.51.100.99")

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert not is_logged_in(client)


def test_four_failures_do_not_lock_and_a_success_starts_the_count_again(client, organizer):
    for _attempt in range(4):
        assert log_in(client, password="wrong").status_code == 200
    assert log_in(client).status_code == 302
    client.logout()

    answers = [log_in(client, password="wrong").status_code for _attempt in range(4)]

    assert answers == [200, 200, 200, 200]
    assert log_in(client).status_code == 302


def test_an_address_is_locked_after_the_failure_limit_with_any_user_names(client, organizer):
    for number in range(5):
        log_in(client, username=f"guess{number}", password="wrong", address="203.0.113.7")

    from_there = log_in(client, address="203.0.113.7")
    from_elsewhere = log_in(client, address="203.0.113.8")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302
    assert is_logged_in(client)


def test_the_lockout_page_is_translated_in_the_admins_frame(client, organizer, parse_html):
    for _attempt in range(5):
        response = client.post(
            LOGIN, {"username": "mei", "password": "wrong"}, REMOTE_ADDR="192.0.2.10", HTTP_ACCEPT_LANGUAGE="de"
        )

    page = parse_html(response.content)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    assert page.find("html").attrs["lang"] == "de"
    assert page.find("div", id="site-name").text == "Verwaltung der Nanjing-Woche"
    assert page.find("h1").text == "Anmeldung gesperrt"
    assert "für 15 Minuten gesperrt" in page.find("p", class_="errornote").text
    assert page.find("a", href=LOGIN).text == "Zurück zur Anmeldung"


def test_failed_logins_are_logged_with_user_name_and_address_but_never_the_password(client, organizer, caplog):
    secret = "Sesam-öffne-dich-4711"
    with caplog.at_level(logging.INFO):
        for _attempt in range(5):
            log_in(client, password=secret, address="198.51.100.23")

    lines = [record.getMessage() for record in caplog.records]
    failures = [line for line in lines if re.match(r"AXES: (New|Repeated) login failure", line)]
    assert len(failures) == 5
    assert all('username: "mei"' in line and "198.51.100.23" in line for line in failures)
    assert any("Locking out" in line for line in lines)
    assert not [line for line in lines if secret in line]
    # Nor in what axes keeps in the database (the form data of each attempt).
    attempt = AccessAttempt.objects.get(username="mei")
    assert attempt.failures_since_start == 5
    assert secret not in attempt.post_data
    assert "password=********************" in attempt.post_data


def test_the_lock_ends_after_the_lockout_time(client, organizer, settings):
    for _attempt in range(5):
        log_in(client, password="wrong")
    attempts = AccessAttempt.objects.filter(username="mei")

    attempts.update(
        attempt_time=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES) + timedelta(seconds=30)
    )
    still_locked = log_in(client)
    attempts.update(attempt_time=timezone.now() - timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    after = log_in(client)

    assert still_locked.status_code == 429
    assert after.status_code == 302
    assert is_logged_in(client)
    assert not AccessAttempt.objects.filter(username="mei").exists()  # reset by the successful login


def test_an_operator_unlocks_an_account_with_axes_reset_username(client, organizer, superuser):
    for _attempt in range(5):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 429

    call_command("axes_reset_username", "mei", stdout=io.StringIO())

    assert log_in(client).status_code == 302


def test_superusers_see_and_delete_lockouts_in_the_admin(client, organizer, superuser):
    for _attempt in range(5):
        log_in(client, password="wrong")
    client.force_login(superuser)

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 200
    assert [attempt.username for attempt in response.context["cl"].result_list] == ["mei"]


# --- Two-factor login --------------------------------------------------------------------------------


def test_staff_without_a_device_log_in_with_the_password_alone(client, organizer):
    assert log_in(client).status_code == 302
    assert is_logged_in(client)


def test_staff_with_a_device_need_the_code_from_it(client, organizer, parse_html):
    device = make_device(organizer)

    without = log_in(client)
    assert without.status_code == 200
    assert "Enter the six-digit code" in parse_html(without.content).find("ul", class_="errorlist").text
    assert not is_logged_in(client)

    with_code = log_in(client, otp_token=code(device.bin_key))
    assert with_code.status_code == 302
    assert is_logged_in(client)


def test_a_code_is_refused_when_wrong_or_used_already(client, organizer):
    device = make_device(organizer)
    used = code(device.bin_key)
    assert log_in(client, otp_token=used).status_code == 302
    client.logout()

    again = log_in(client, otp_token=used)

    assert again.status_code == 200
    assert "used already" in again.content.decode()
    assert not is_logged_in(client)
    wrong = f"{(int(next_code(device)) + 1) % 1_000_000:06d}"
    assert log_in(client, otp_token=wrong).status_code == 200
    assert not is_logged_in(client)


def test_wrong_codes_count_towards_the_lockout(client, organizer):
    make_device(organizer)

    answers = [log_in(client, otp_token="000000" if n % 2 else "not a code").status_code for n in range(5)]

    assert answers == [200, 200, 200, 200, 429]


def test_a_session_without_the_code_does_not_reach_the_admin_of_staff_with_a_device(client, organizer):
    make_device(organizer)
    client.force_login(organizer)  # a session that passed no code (the password alone, or older than the device)

    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def enrolment_key(response) -> bytes:
    secret = build_tree(response.content).find("code", class_="two-factor__secret").text
    return b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))


def test_staff_enrol_an_authenticator_app_and_then_log_in_with_it(organizer_client, organizer, parse_html):
    page = organizer_client.get(TWO_FACTOR)
    assert page.status_code == 200
    tree = parse_html(page.content)
    assert tree.find("svg", class_="two-factor__qr")
    key = enrolment_key(page)
    assert enrolment_key(organizer_client.get(TWO_FACTOR)) == key  # the same QR code on every visit
    assert not TOTPDevice.objects.exists()  # nothing saved before a code confirms it

    wrong = organizer_client.post(TWO_FACTOR, {"otp_token": "12345"})
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.exists()

    confirmed = organizer_client.post(TWO_FACTOR, {"otp_token": code(key)})
    assert confirmed.status_code == 302
    device = TOTPDevice.objects.get()
    assert (device.user, device.confirmed, device.bin_key) == (organizer, True, key)
    index = organizer_client.get(INDEX)
    assert index.status_code == 200  # this session passed the code
    assert "On for your account." in parse_html(index.content).find("div", class_="two-factor-status").text

    organizer_client.post(reverse("admin:logout"))
    assert log_in(organizer_client).status_code == 200  # the password alone no longer does
    # The next code the app shows: the one used to confirm is spent.
    assert log_in(organizer_client, otp_token=next_code(device)).status_code == 302
    assert is_logged_in(organizer_client)


def test_enrolment_shrugs_off_junk_codes(organizer_client):
    for junk in ("", "１２３４５６", "9" * 17, "12 34 56 78", "<script>", "-1"):
        response = organizer_client.post(TWO_FACTOR, {"otp_token": junk, "next": "https://evil.example/"})
        assert response.status_code == 200, junk
    assert not TOTPDevice.objects.exists()


def test_required_two_factor_sends_staff_without_a_device_to_enrolment(organizer_client, settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = True

    response = organizer_client.get(reverse("admin:events_event_changelist"))

    assert response.status_code == 302
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fadmin%2Fevents%2Fevent%2F"
    assert organizer_client.get(response["Location"]).status_code == 200
    key = enrolment_key(organizer_client.get(TWO_FACTOR))
    done = organizer_client.post(TWO_FACTOR, {"otp_token": code(key), "next": "/admin/events/event/"})
    assert done["Location"] == "/admin/events/event/"
    assert organizer_client.get("/admin/events/event/").status_code == 200


def test_required_two_factor_still_lets_staff_log_out(organizer_client, settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = True

    response = organizer_client.post(reverse("admin:logout"))

    assert response.status_code == 200
    assert SESSION_KEY not in organizer_client.session


# --- Sessions -------------------------------------------------------------------------------------------


def set_seen(client, seconds_ago: int) -> None:
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_a_staff_session_ends_after_the_idle_time(organizer_client, settings):
    assert settings.STAFF_SESSION_IDLE_MINUTES == 60
    set_seen(organizer_client, 60 * 60 - 5)
    assert organizer_client.get(INDEX).status_code == 200

    set_seen(organizer_client, 60 * 60 + 1)
    response = organizer_client.get(INDEX, follow=True)

    assert response.redirect_chain[-1][0].startswith(LOGIN)
    assert "logged out after 60 minutes without activity" in response.content.decode()
    assert SESSION_KEY not in organizer_client.session


def test_a_staff_session_is_written_at_most_once_a_minute(organizer_client):
    set_seen(organizer_client, 30)
    stored = Session.objects.get(session_key=organizer_client.session.session_key)

    organizer_client.get(INDEX)

    assert Session.objects.get(pk=stored.pk).expire_date == stored.expire_date  # not written
    set_seen(organizer_client, 61)
    organizer_client.get(INDEX)
    assert abs(organizer_client.session[SEEN_KEY] - time.time()) < 5
    assert Session.objects.get(pk=stored.pk).expire_date > stored.expire_date


def test_the_staff_session_cookie_ends_with_the_browser(client, organizer):
    response = log_in(client)

    cookie = response.cookies["sessionid"]
    assert (cookie["expires"], cookie["max-age"]) == ("", "")
    assert cookie["httponly"] is True
    expiry = Session.objects.get(session_key=cookie.value).expire_date
    assert timedelta(minutes=60) < expiry - timezone.now() <= timedelta(minutes=61)


def test_public_pages_set_no_session_cookie(client):
    from tests.factories import make_event

    event = make_event(slug="forum")
    for path in ("/en/", "/de/schedule/", f"/zh-hans/events/{event.slug}/", "/en/privacy/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "sessionid" not in response.cookies, path
        assert "Cookie" not in response.get("Vary", ""), path  # nothing even looked at a session
    assert "sessionid" not in client.get(LOGIN).cookies  # not even the login page makes one before a login


# --- Passwords ------------------------------------------------------------------------------------------


def test_staff_passwords_need_twelve_characters_others_djangos_eight(organizer):
    visitor = User.objects.create_user("visitor")
    with pytest.raises(ValidationError) as short:
        validate_password("Lotus-7pond", organizer)  # 11 characters

    validate_password("Lotus-7ponds", organizer)  # 12
    validate_password("Lotus-7p", visitor)  # 8, not staff
    with pytest.raises(ValidationError):
        validate_password("Lotus-7", visitor)
    with pytest.raises(ValidationError):
        validate_password("Lotus-7pond", User(username="new"))  # an account being created (admin, createsuperuser)
    StaffMinimumLengthValidator().validate("nanjing-week-demo", organizer)  # the demo's password: 17 characters
    assert short.value.messages == ["This password is too short: an organizer’s password needs at least 12 characters."]


def test_the_staff_password_rule_speaks_the_organizers_language(organizer):
    with translation.override("de"), pytest.raises(ValidationError) as german:
        validate_password("Lotus-7pond", organizer)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as chinese:
        validate_password("Lotus-7pond", organizer)

    assert german.value.messages == [
        "Dieses Passwort ist zu kurz: Ein Konto mit Zugang zur Verwaltung braucht mindestens 12 Zeichen."
    ]
    assert chinese.value.messages == ["密码太短：管理后台账号的密码至少需要12个字符。"]
