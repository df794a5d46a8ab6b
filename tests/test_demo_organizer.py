"""The demo account `./dev demo` prints: organizer / nanjing-week-demo, created once, reset on every run."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def admin_login(client, password="nanjing-week-demo"):
    """Log in through the admin's own form, as the demo's visitor does (lockout and second factor included)."""
    response = client.post(reverse("admin:login"), {"username": "organizer", "password": password, "next": "/admin/"})
    return response.status_code == 302 and client.get(reverse("admin:index")).status_code == 200


def test_ensure_demo_organizer_creates_an_admin_who_can_log_in(settings, client):
    settings.DEBUG = True

    call_command("ensure_demo_organizer")

    assert admin_login(client)
    user = get_user_model().objects.get(username="organizer")
    assert (user.is_active, user.is_staff, user.is_superuser) == (True, True, True)


def test_ensure_demo_organizer_is_idempotent_and_resets_the_password(settings, client):
    settings.DEBUG = True
    call_command("ensure_demo_organizer")
    user = get_user_model().objects.get(username="organizer")
    user.set_password("changed-by-someone")
    user.is_staff = False
    user.save()

    call_command("ensure_demo_organizer")

    assert get_user_model().objects.filter(username="organizer").count() == 1
    assert admin_login(client)


def test_ensure_demo_organizer_lifts_a_lockout_and_removes_a_two_factor_device(settings, client):
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.DEBUG = True
    call_command("ensure_demo_organizer")
    TOTPDevice.objects.create(user=get_user_model().objects.get(username="organizer"), confirmed=True)
    for _attempt in range(settings.LOGIN_FAILURE_LIMIT):
        admin_login(client, password="guessed")
    assert AccessAttempt.objects.filter(username="organizer").exists()
    assert not admin_login(client)

    call_command("ensure_demo_organizer")

    assert not TOTPDevice.objects.exists()
    assert admin_login(client)


def test_ensure_demo_organizer_works_without_the_organizers_group(settings):
    settings.DEBUG = True
    Group.objects.filter(name="Organizers").delete()  # a migration may have created it

    call_command("ensure_demo_organizer")

    assert list(get_user_model().objects.get(username="organizer").groups.all()) == []


def test_ensure_demo_organizer_joins_the_organizers_group_when_it_exists(settings):
    settings.DEBUG = True
    organizers, _created = Group.objects.get_or_create(name="Organizers")

    call_command("ensure_demo_organizer")
    call_command("ensure_demo_organizer")

    assert list(get_user_model().objects.get(username="organizer").groups.all()) == [organizers]


def test_ensure_demo_organizer_refuses_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("ensure_demo_organizer")

    assert not get_user_model().objects.filter(username="organizer").exists()
