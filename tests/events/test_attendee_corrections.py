"""Attendees correct their own details on their page (issue 10, deliverable 8): the rule, the page, the log.

The rule is events.registrations.correct_personal_data; the page's form is events/forms_attendee.py, its view
events/views_attendee.py; organizers read the log on the registration's admin page (tests/admin/test_attendee_admin.py).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events import emails, registrations
from events.models import Notification, Registration, RegistrationChange
from tests.browser.tools import format_problems, validate_html
from tests.factories import make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
CORRECTED = "Your details"


@pytest.fixture
def organizer(db):
    return User.objects.create_user("organizer", email="organizer@example.org", is_staff=True)


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def open_event(**overrides):
    now = timezone.now().replace(second=0, microsecond=0)
    values = {
        "registration_required": True,
        "capacity": 10,
        "starts_at": now + timedelta(days=7),
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=6),
        "title_en": "Forum on Common Heritage",
        "title_de": "Forum zum gemeinsamen Erbe",
        "title_zh_hans": "共同遗产论坛",
    }
    values.update(overrides)
    return make_event(**values)


def add_registration(event=None, *, status=Status.CONFIRMED, **overrides) -> Registration:
    values = {
        "name": "张三",
        "name_romanized": "Zhang San",
        "email": f"person-{Registration.objects.count() + 1}@example.org",
        "organization": "南京市文化和旅游局",
        "organization_kind": "government",
        "country": "CN",
        "language": "zh-hans",
        "status": status,
        "consent_at": timezone.now(),
    }
    if status in (Status.CONFIRMED, Status.WAITLISTED):
        values["confirmed_at"] = timezone.now()
    if status == Status.CANCELLED:
        values["cancelled_at"] = timezone.now()
    values.update(overrides)
    return Registration.objects.create(event=event or open_event(), **values)


def page_url(registration, language="en"):
    with translation.override(language):
        return reverse("events:registration", kwargs={"token": registration.token})


def correct_url(registration, language="en"):
    with translation.override(language):
        return reverse("events:registration_correct", kwargs={"token": registration.token})


def details(**overrides) -> dict:
    data = {
        "name": "张三",
        "name_romanized": "Zhang San",
        "organization": "南京市文化和旅游局",
        "organization_kind": "government",
        "country": "CN",
        "language": "zh-hans",
    }
    data.update(overrides)
    return data


def stored(registration) -> dict:
    registration.refresh_from_db()
    return {field: getattr(registration, field) for field in registrations.CORRECTABLE_FIELDS}


def change_log(registration) -> list:
    return list(RegistrationChange.objects.filter(registration=registration).values_list("changes", "by_attendee"))


# --- The rule -----------------------------------------------------------------------------------------


def test_correction_changes_the_fields_and_logs_each_before_and_after():
    registration = add_registration()

    change = registrations.correct_personal_data(
        registration,
        details(name=" 张珊 ", name_romanized=" Zhang Shan ", organization="Universität Leipzig", country="DE"),
    )

    assert stored(registration) == details(
        name="张珊", name_romanized="Zhang Shan", organization="Universität Leipzig", country="DE"
    )
    assert change_log(registration) == [
        (
            {
                "name": ["张三", "张珊"],
                "name_romanized": ["Zhang San", "Zhang Shan"],
                "organization": ["南京市文化和旅游局", "Universität Leipzig"],
                "country": ["CN", "DE"],
            },
            True,
        )
    ]
    assert (change.changed_by, change.by_attendee) == (None, True)


def test_correction_that_changes_nothing_writes_nothing():
    registration = add_registration()

    assert registrations.correct_personal_data(registration, details(name="  张三  ")) is None
    assert change_log(registration) == []


def test_correction_proposes_pinyin_for_a_chinese_name_left_without_latin_letters():
    registration = add_registration()

    registrations.correct_personal_data(registration, details(name="欧阳娜娜", name_romanized=""))

    assert (stored(registration)["name"], stored(registration)["name_romanized"]) == ("欧阳娜娜", "Ouyang Nana")


def test_correction_keeps_a_latin_name_without_a_second_script():
    registration = add_registration(name="Anna Schmidt", name_romanized="")

    registrations.correct_personal_data(registration, details(name="Anna Schmidt-Wu", name_romanized=""))

    assert stored(registration)["name_romanized"] == ""


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("name", "   "),
        ("name", "x" * 201),
        ("name", "Zhang\x00San"),
        ("organization", "Line\nbreak"),
        ("organization_kind", "pirates"),
        ("country", "XX"),
        ("language", "fr"),
    ],
)
def test_correction_refuses_what_the_registration_form_refuses(field, value):
    registration = add_registration()
    before = stored(registration)

    with pytest.raises(registrations.RegistrationError):
        registrations.correct_personal_data(registration, details(**{field: value}))

    assert stored(registration) == before
    assert change_log(registration) == []


def test_correction_cannot_change_the_email_address():
    registration = add_registration()

    with pytest.raises(ValueError, match="email"):
        registrations.correct_personal_data(registration, {"email": "other@example.org"})


def test_attendee_corrects_until_registration_closes_and_not_after():
    now = timezone.now()
    registration = add_registration(open_event(registration_closes_at=now + timedelta(minutes=1)))

    registrations.correct_personal_data(registration, details(organization="Before"), now=now)
    with pytest.raises(registrations.RegistrationError, match="closed"):
        registrations.correct_personal_data(registration, details(organization="After"), now=now + timedelta(minutes=1))

    assert stored(registration)["organization"] == "Before"


def test_without_a_closing_time_corrections_close_when_the_event_ends():
    now = timezone.now()
    event = open_event(
        registration_closes_at=None, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1)
    )
    registration = add_registration(event)

    assert registrations.may_correct(registration, now=now + timedelta(minutes=59))
    assert not registrations.may_correct(registration, now=now + timedelta(hours=1))


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED])
def test_live_registrations_may_be_corrected(status):
    registration = add_registration(status=status)

    registrations.correct_personal_data(registration, details(organization="Neu"))

    assert stored(registration)["organization"] == "Neu"


def test_cancelled_registration_is_not_corrected_by_the_attendee():
    registration = add_registration(status=Status.CANCELLED)

    with pytest.raises(registrations.RegistrationError, match="cancelled"):
        registrations.correct_personal_data(registration, details(organization="Neu"))

    assert stored(registration)["organization"] == "南京市文化和旅游局"


def test_anonymized_registration_is_corrected_by_nobody(organizer):
    registration = add_registration(status=Status.CANCELLED)
    registrations.erase_personal_data(registration)

    for by in (None, organizer):
        with pytest.raises(registrations.RegistrationError, match="deleted"):
            registrations.correct_personal_data(registration, details(name="张三"), by=by)


def test_organizer_corrects_after_registration_closed_and_is_named_in_the_log(organizer):
    registration = add_registration(open_event(registration_closes_at=timezone.now() - timedelta(minutes=1)))

    change = registrations.correct_personal_data(registration, {"organization": "BSH"}, by=organizer)

    assert (change.changes, change.by_attendee, change.changed_by) == (
        {"organization": ["南京市文化和旅游局", "BSH"]},
        False,
        organizer,
    )


def test_erasure_deletes_the_log_of_corrections_with_the_old_data():
    registration = add_registration()
    other = add_registration(registration.event)
    registrations.correct_personal_data(registration, details(name="张珊"))
    registrations.correct_personal_data(other, details(name="李四"))
    registrations.cancel(registration)

    registrations.erase_personal_data(registration)

    assert list(RegistrationChange.objects.values_list("registration", flat=True)) == [other.pk]


def test_anonymizing_past_registrations_deletes_their_corrections():
    now = timezone.now()
    ended = now - timedelta(days=40)
    event = open_event(starts_at=ended - timedelta(hours=2), ends_at=ended, registration_closes_at=None)
    registration = add_registration(event)
    RegistrationChange.objects.create(registration=registration, changes={"name": ["张三", "张珊"]})

    assert registrations.anonymize_past_registrations(days=30, now=now) == 1
    assert RegistrationChange.objects.count() == 0


def test_a_changed_language_applies_to_the_next_email():
    registration = add_registration(language="zh-hans")

    registrations.correct_personal_data(registration, details(language="de"))
    registrations.cancel(registration)

    message = emails.render_email(Notification.objects.get(registration=registration, kind="cancelled"))
    assert "Forum zum gemeinsamen Erbe" in message.subject
    assert message.to == [registration.email]


def test_registering_a_chinese_name_without_latin_letters_stores_its_pinyin():
    event = open_event()

    registration = registrations.register(
        event, name=" 曾小明 ", email="zeng@example.cn", language="zh-hans", consent=True, name_romanized=""
    )

    assert (registration.name, registration.name_romanized) == ("曾小明", "Zeng Xiaoming")


def test_registering_keeps_the_latin_letters_typed():
    registration = registrations.register(
        open_event(), name="张伟", email="wei@example.cn", language="en", consent=True, name_romanized="Chang Wei"
    )

    assert registration.name_romanized == "Chang Wei"


# --- The page -----------------------------------------------------------------------------------------


def test_page_shows_the_form_filled_with_the_details_and_the_fixed_address(client, parse_html):
    registration = add_registration(organization="BSH")

    response = client.get(page_url(registration))

    tree = parse_html(response.content)
    form = tree.find("form", action=correct_url(registration))
    values = {
        field.attrs["name"]: field.attrs.get("value")
        for field in form.find_all("input")
        if field.attrs.get("type") == "text"
    }
    assert values == {"name": "张三", "name_romanized": "Zhang San", "organization": "BSH"}
    assert registration.email in response.content.decode()
    assert "cannot be changed here" in response.content.decode()


def test_page_offers_no_form_after_registration_closed(client):
    registration = add_registration(open_event(registration_closes_at=timezone.now() - timedelta(seconds=1)))

    content = client.get(page_url(registration)).content.decode()

    assert correct_url(registration) not in content
    assert CORRECTED not in content


@pytest.mark.parametrize("status", [Status.CANCELLED])
def test_page_offers_no_form_to_a_cancelled_registration(client, status):
    registration = add_registration(status=status)

    assert correct_url(registration) not in client.get(page_url(registration)).content.decode()


def test_post_corrects_logs_and_says_so(client):
    registration = add_registration()

    response = client.post(correct_url(registration), details(organization="Siemens", language="de"), follow=True)

    assert response.redirect_chain == [(page_url(registration), 302)]
    assert "Your details have been updated." in response.content.decode()
    assert stored(registration) == details(organization="Siemens", language="de")
    assert change_log(registration) == [
        ({"organization": ["南京市文化和旅游局", "Siemens"], "language": ["zh-hans", "de"]}, True)
    ]


def test_post_without_a_change_says_nothing_changed(client):
    registration = add_registration()

    response = client.post(correct_url(registration), details(), follow=True)

    assert "Nothing was changed" in response.content.decode()
    assert change_log(registration) == []


def test_post_after_registration_closed_is_refused_with_a_reason(client):
    registration = add_registration(open_event(registration_closes_at=timezone.now() - timedelta(seconds=1)))

    response = client.post(correct_url(registration), details(organization="Siemens"), follow=True)

    assert "Registration for this event has closed, so your details can no longer be changed here." in (
        response.content.decode()
    )
    assert stored(registration)["organization"] == "南京市文化和旅游局"


@pytest.mark.parametrize("invalid", [False, True])
def test_post_for_a_cancelled_or_anonymized_registration_is_refused(client, invalid):
    registration = add_registration(status=Status.CANCELLED)
    registrations.erase_personal_data(registration)

    data = details(name="" if invalid else "张三")
    response = client.post(correct_url(registration), data, follow=True)

    assert response.status_code == 200
    assert "The personal data of this registration has been deleted." in response.content.decode()
    assert stored(registration)["name"] == registrations.ANONYMIZED_NAME
    assert RegistrationChange.objects.count() == 0


def test_invalid_input_shows_the_forms_translated_error_and_changes_nothing(client):
    registration = add_registration()

    response = client.post(correct_url(registration, "zh-hans"), details(name="", country="XX"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "请填写您的姓名。" in content  # "Please enter your name." as the registration form says it
    assert 'aria-invalid="true"' in content
    assert stored(registration) == details()
    assert change_log(registration) == []


@pytest.mark.parametrize(
    "value",
    ["x" * 10_000, "Zhang\x00San", "Zhang\x07San", "Zhang\tSan", "\u202eevil", "🙂" * 50, "<script>alert(1)</script>"],
)
def test_odd_input_never_gives_a_server_error(client, value):
    registration = add_registration()

    response = client.post(correct_url(registration), details(name=value, organization=value, name_romanized=value))

    # NUL is refused before any view by nanjingweek/request_guards.py (400); the rest reach the form.
    assert response.status_code in ((400,) if "\x00" in value else (200, 302))
    registration.refresh_from_db()
    assert "\x00" not in registration.name and "\x07" not in registration.name
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_junk_choices_and_missing_fields_are_form_errors(client):
    registration = add_registration()

    response = client.post(correct_url(registration), {"name": ["a", "b"], "language": "../../etc", "country": ""})

    assert response.status_code == 200
    assert stored(registration) == details()


def test_csrf_is_required_and_the_pages_token_works():
    registration = add_registration()
    client = Client(enforce_csrf_checks=True)

    refused = client.post(correct_url(registration), details(organization="Siemens"))
    page = client.get(page_url(registration))
    token = page.context["csrf_token"]
    accepted = client.post(correct_url(registration), {**details(organization="Siemens"), "csrfmiddlewaretoken": token})

    assert (refused.status_code, accepted.status_code) == (403, 302)
    assert stored(registration)["organization"] == "Siemens"


def test_get_is_not_allowed_on_the_correction_address(client):
    assert client.get(correct_url(add_registration())).status_code == 405


def test_unknown_token_is_not_found(client):
    url = correct_url(add_registration()).replace("/registration/", "/registration/x")
    assert client.post(url, details()).status_code == 404


def test_correction_page_is_private(client):
    response = client.post(correct_url(add_registration()), details(name=""))

    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_page_with_the_form_is_valid_html(client, language):
    registration = add_registration()

    content = client.get(page_url(registration, language)).content.decode()

    problems = validate_html({f"registration page ({language})": content})
    assert not problems, format_problems(problems)


def test_page_in_chinese_names_the_form_in_chinese(client):
    registration = add_registration()

    content = client.get(page_url(registration, "zh-hans")).content.decode()

    assert "您的个人信息" in content
    assert "保存我的信息" in content
    assert "张三（Zhang San）" in content


def test_page_in_german_shows_latin_letters_first(client):
    registration = add_registration()

    content = client.get(page_url(registration, "de")).content.decode()

    assert 'Zhang San (<span lang="zh-Hans">张三</span>)' in content


# --- Wording: what cancelling gives up ------------------------------------------------------------------

SEAT_TO_NEXT = "your seat goes to the first person on the waiting list"


def test_waitlisted_attendees_page_says_nothing_about_giving_up_a_seat(client):
    registration = add_registration(status=Status.WAITLISTED)

    content = client.get(page_url(registration)).content.decode()

    assert SEAT_TO_NEXT not in content
    assert "seat goes" not in content
    assert "you leave the waiting list" in content


def test_unconfirmed_attendees_page_says_nothing_about_giving_up_a_seat(client):
    registration = add_registration(status=Status.AWAITING_CONFIRMATION)

    content = client.get(page_url(registration)).content.decode()

    assert "seat goes" not in content
    assert "no seat is held for you yet" in content


def test_confirmed_attendees_page_says_their_seat_goes_to_the_waiting_list(client):
    registration = add_registration(status=Status.CONFIRMED)

    assert SEAT_TO_NEXT in client.get(page_url(registration)).content.decode()


def duplicate_registration_email(language: str, status=Status.CONFIRMED):
    registration = add_registration(status=status, language=language)
    registrations.register(registration.event, name="张三", email=registration.email, language=language, consent=True)
    notification = Notification.objects.get(registration=registration, kind=Notification.Kind.LINK_RESENT)
    return emails.render_email(notification)


def test_duplicate_registration_email_says_what_happened_in_plain_english():
    message = duplicate_registration_email("en")

    text = " ".join(message.body.split())
    assert (
        "we have received another registration for “Forum on Common Heritage” with this e-mail address. The address "
        "is already registered for this event, so nothing has changed. Here is the link to your registration page:"
    ) in text
    assert "once more" not in text


def test_duplicate_registration_email_reads_naturally_in_chinese():
    message = duplicate_registration_email("zh-hans")

    text = "".join(message.body.split())
    assert text.startswith("张三，您好：")
    assert "我们再次收到了使用此邮箱地址报名“共同遗产论坛”的申请。此邮箱地址已报名该活动" in text
    html = message.alternatives[0][0]
    assert "此邮箱地址已报名该活动，无需重复报名" in html


@pytest.mark.parametrize("status", [Status.WAITLISTED, Status.AWAITING_CONFIRMATION])
def test_cancellation_email_of_someone_without_a_seat_says_nothing_about_passing_it_on(status):
    registration = add_registration(status=status, language="en")

    registrations.cancel(registration)

    message = emails.render_email(Notification.objects.get(registration=registration, kind="cancelled"))
    assert "seat" not in message.body
    assert "seat" not in message.alternatives[0][0]


def test_registration_form_with_a_chinese_name_only_stores_its_pinyin_and_says_it_will(client):
    event = open_event()
    with translation.override("zh-hans"):
        url = reverse("events:register", kwargs={"slug": event.slug})

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "name": "诸葛亮",
            "name_romanized": "",
            "email": "kongming@example.cn",
            "country": "CN",
            "language": "zh-hans",
            "consent": "on",
            "website": "",
        },
    )

    assert "如果您用汉字填写姓名并将此栏留空，我们将自动填入姓名的拼音" in page
    assert response.status_code == 302
    assert Registration.objects.get(email="kongming@example.cn").name_romanized == "Zhuge Liang"
