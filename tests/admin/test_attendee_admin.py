"""Names in both scripts and the log of corrections in the organizers' admin (events/admin_attendee.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import registrations
from events.models import Registration, RegistrationChange, Speaker
from tests.factories import make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
CHANGELIST = reverse("admin:events_registration_changelist")


def open_event(**overrides):
    values = {
        "registration_required": True,
        "capacity": 10,
        "starts_at": timezone.now() + timedelta(days=30),
        "registration_closes_at": timezone.now() + timedelta(days=29),
    }
    values.update(overrides)
    return make_event(**values)


def add_registration(event, number=1, **overrides) -> Registration:
    values = {
        "name": "张三",
        "name_romanized": "Zhang San",
        "email": f"person{number}@example.org",
        "organization": "南京博物院",
        "organization_kind": "cultural_institution",
        "country": "CN",
        "language": "zh-hans",
        "status": Status.CONFIRMED,
        "confirmed_at": timezone.now(),
    }
    values.update(overrides)
    return Registration.objects.create(event=event, **values)


def change_url(registration) -> str:
    return reverse("admin:events_registration_change", args=[registration.pk])


# --- The list ------------------------------------------------------------------------------------------


def test_registration_list_shows_both_scripts_latin_first_in_an_english_admin(organizer_client):
    event = open_event()
    add_registration(event, 1)
    add_registration(event, 2, name="Anna Schmidt", name_romanized="")

    content = organizer_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Zhang San (张三)" in content
    assert "Anna Schmidt" in content and "Anna Schmidt (" not in content


def test_registration_list_in_a_chinese_admin_shows_characters_first(organizer_client):
    add_registration(open_event())

    content = organizer_client.get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert "张三（Zhang San）" in content


def test_registration_list_sorts_by_the_name_column(organizer_client):
    event = open_event()
    add_registration(event, 1, name="Zoe", name_romanized="")
    add_registration(event, 2, name="Anna", name_romanized="")

    response = organizer_client.get(CHANGELIST, {"o": "1"})

    assert [registration.name for registration in response.context["cl"].result_list] == ["Anna", "Zoe"]


@pytest.mark.parametrize("count", [1, 12])
def test_registration_list_costs_the_same_queries_for_one_and_many(organizer_client, count, django_assert_num_queries):
    event = open_event()
    for number in range(count):
        add_registration(event, number)
    organizer_client.get(CHANGELIST)  # the session and the permissions, once

    with django_assert_num_queries(11):
        organizer_client.get(CHANGELIST)


# --- The log on the registration's page ------------------------------------------------------------------


def test_registration_page_lists_the_attendees_corrections_read_only(organizer_client):
    event = open_event()  # Leipzig: Europe/Berlin
    registration = add_registration(event)
    moment = datetime(2025, 11, 3, 8, 15, tzinfo=timezone.get_fixed_timezone(0))
    registrations.correct_personal_data(
        registration,
        {"name": "张珊", "organization_kind": "academia", "country": "DE"},
        now=moment,
    )

    content = organizer_client.get(change_url(registration), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Changes of registration data" in content
    assert "the attendee" in content
    assert "Name: 张三 → 张珊" in content
    assert "Kind of organization: Cultural institution → Academia" in content
    assert "Country: China → Germany" in content
    # 08:15 UTC is 09:15 in Leipzig, with the zone named.
    assert "09:15" in content and "CET" in content
    assert 'name="changes-0-changes"' not in content  # nothing to edit
    assert "changes-0-DELETE" not in content


@pytest.mark.parametrize("count", [1, 8])
def test_registration_page_costs_the_same_queries_for_one_and_many_changes(
    organizer_client, count, django_assert_num_queries
):
    registration = add_registration(open_event())
    for number in range(count):
        registrations.correct_personal_data(registration, {"organization": f"Organization {number}"})
    organizer_client.get(change_url(registration))

    with django_assert_num_queries(7):
        organizer_client.get(change_url(registration))


def test_organizers_edit_is_logged_with_their_name(organizer_client, organizer, form_data):
    registration = add_registration(open_event(registration_closes_at=timezone.now() - timedelta(days=1)))
    url = change_url(registration)

    response = organizer_client.post(url, form_data(organizer_client.get(url), organization="BSH Hausgeräte"))

    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.organization == "BSH Hausgeräte"
    assert list(RegistrationChange.objects.values_list("changes", "by_attendee", "changed_by")) == [
        ({"organization": ["南京博物院", "BSH Hausgeräte"]}, False, organizer.pk)
    ]
    assert "Mei Lin" in organizer_client.get(url).content.decode()


def test_organizer_clearing_the_latin_name_of_a_chinese_one_gets_the_pinyin_logged_and_kept(
    organizer_client, form_data
):
    registration = add_registration(open_event(), name_romanized="Chang San")
    url = change_url(registration)

    assert organizer_client.post(url, form_data(organizer_client.get(url), name_romanized="")).status_code == 302

    registration.refresh_from_db()
    assert registration.name_romanized == "Zhang San"
    assert list(RegistrationChange.objects.values_list("changes", flat=True)) == [
        {"name_romanized": ["Chang San", "Zhang San"]}
    ]


def test_organizers_save_without_changes_logs_nothing(organizer_client, form_data):
    registration = add_registration(open_event())
    url = change_url(registration)

    assert organizer_client.post(url, form_data(organizer_client.get(url))).status_code == 302
    assert RegistrationChange.objects.count() == 0


# --- Speakers: pinyin for a name in Chinese only ------------------------------------------------------


SPEAKER_ADD = reverse("admin:events_speaker_add")


def test_speaker_given_only_a_chinese_name_gets_its_pinyin_as_english_name_and_slug(organizer_client, form_data):
    data = form_data(organizer_client.get(SPEAKER_ADD), name_en="", name_zh_hans="欧阳娜娜", slug="")

    response = organizer_client.post(SPEAKER_ADD, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(Speaker.objects.values_list("name_en", "name_zh_hans", "slug")) == [
        ("Ouyang Nana", "欧阳娜娜", "ouyang-nana")
    ]


def test_speakers_english_name_typed_by_the_organizer_is_kept(organizer_client, form_data):
    data = form_data(organizer_client.get(SPEAKER_ADD), name_en="Nana Ouyang", name_zh_hans="欧阳娜娜", slug="")

    assert organizer_client.post(SPEAKER_ADD, data).status_code == 302
    assert Speaker.objects.get().name_en == "Nana Ouyang"


@pytest.mark.parametrize("chinese", ["", "Zhang Wei"])
def test_speaker_without_an_english_or_chinese_only_name_is_asked_for_one(organizer_client, form_data, chinese):
    data = form_data(organizer_client.get(SPEAKER_ADD), name_en="", name_zh_hans=chinese, slug="")

    response = organizer_client.post(SPEAKER_ADD, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_en"] == ["Please fill in this field."]
    assert Speaker.objects.count() == 0


def test_speaker_edit_keeps_the_english_name(organizer_client, form_data):
    speaker = Speaker.objects.create(name_en="Zhang Wei", name_zh_hans="张伟", slug="zhang-wei")
    url = reverse("admin:events_speaker_change", args=[speaker.pk])

    assert organizer_client.post(url, form_data(organizer_client.get(url), role_en="Curator")).status_code == 302
    speaker.refresh_from_db()
    assert (speaker.name_en, speaker.role_en) == ("Zhang Wei", "Curator")
