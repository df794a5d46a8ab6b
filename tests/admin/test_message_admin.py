"""Messages to registrants in the admin (events/admin_messages.py): write, preview, send once, then read only,
with every e-mail it became; organizers may, check-in staff may not."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.emails import render_email
from events.models import Message, Notification, Registration
from tests.admin.test_registration_admin import make_future_event, make_registration, message_texts

pytestmark = pytest.mark.django_db

Status = Registration.Status
Audience = Message.Audience
CHANGELIST = reverse("admin:events_message_changelist")
ADD = reverse("admin:events_message_add")


def change_url(message: Message) -> str:
    return reverse("admin:events_message_change", args=[message.pk])


def send_url(message: Message) -> str:
    return reverse("admin:events_message_send", args=[message.pk])


def make_message(event, **overrides) -> Message:
    values = {"subject_en": "Change of room", "body_en": "Hall B.", "audience": Audience.CONFIRMED}
    values.update(overrides)
    return Message.objects.create(event=event, **values)


@pytest.fixture
def check_in_client(client):
    user = User.objects.create_user("jonas", "jonas@nanjingweek.example", "correct horse battery staple")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Check-in staff"))
    client.force_login(user)
    return client


# --- Writing -----------------------------------------------------------------------------------------


def test_organizer_opens_the_list_and_the_add_page_with_language_tabs(organizer_client):
    assert organizer_client.get(CHANGELIST).status_code == 200
    response = organizer_client.get(ADD)

    assert response.status_code == 200
    content = response.content.decode()
    for field in ("subject_en", "subject_de", "subject_zh_hans", "body_en", "body_de", "body_zh_hans", "audience"):
        assert f'name="{field}"' in content
    assert 'name="_preview"' in content


def test_writing_a_message_requires_english_and_saving_it_opens_the_preview(organizer_client, organizer):
    event = make_future_event()
    without_english = organizer_client.post(
        ADD, {"event": event.pk, "audience": Audience.CONFIRMED, "subject_de": "Raumänderung", "body_de": "Saal B."}
    )
    assert without_english.status_code == 200
    assert set(without_english.context["adminform"].form.errors) == {"subject_en", "body_en"}
    assert not Message.objects.exists()

    response = organizer_client.post(
        ADD,
        {
            "event": event.pk,
            "audience": Audience.CONFIRMED_AND_WAITLISTED,
            "subject_en": "Change of room",
            "body_en": "Hall B.",
            "subject_de": "Raumänderung",
            "body_de": "Saal B.",
            "_preview": "Save and preview",
        },
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == send_url(message)
    assert (message.created_by, message.sent_at, message.audience) == (
        organizer,
        None,
        Audience.CONFIRMED_AND_WAITLISTED,
    )
    assert organizer_client.get(change_url(message)).status_code == 200


# --- Preview and send --------------------------------------------------------------------------------


def test_the_preview_counts_the_recipients_per_language_and_shows_each_languages_email(organizer_client):
    event = make_future_event(capacity=10)
    for language in ("de", "de", "zh-hans"):
        make_registration(event, Status.CONFIRMED, language=language)
    make_registration(event, Status.WAITLISTED)  # not in the audience
    make_registration(event, Status.CONFIRMED, email="")  # nobody to write to
    message = make_message(event, subject_de="Raumänderung", body_de="Saal B, Nordeingang.")

    response = organizer_client.get(send_url(message))

    assert response.status_code == 200
    assert response.context["count"] == 3
    assert [(p["code"], p["count"], p["complete"], p["subject"]) for p in response.context["previews"]] == [
        ("en", 0, True, "Change of room"),
        ("de", 2, True, "Raumänderung"),
        ("zh-hans", 1, False, "Change of room"),
    ]
    content = response.content.decode()
    assert "Saal B, Nordeingang." in content
    assert 'value="Send to 3 people"' in content
    assert "1 registrant of this audience has no e-mail address" in content
    assert not Notification.objects.exists()  # looking sends nothing


def test_send_to_n_people_sends_once_and_the_message_becomes_read_only(
    organizer_client, django_capture_on_commit_callbacks
):
    event = make_future_event(capacity=10)
    people = [make_registration(event, Status.CONFIRMED, language=lang) for lang in ("en", "de")]
    message = make_message(event, subject_de="Raumänderung", body_de="Saal B.")

    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(send_url(message))
    again = organizer_client.post(send_url(message))  # a second click, or another organizer

    assert response.status_code == 302
    assert response["Location"] == change_url(message)
    assert "The message is on its way to 2 people." in message_texts(response)
    assert again.status_code == 302
    assert "This message has been sent and can no longer be changed." in message_texts(again)
    assert Notification.objects.filter(message=message).count() == 2
    assert sorted((sent.to[0], sent.subject) for sent in mail.outbox) == sorted(
        [(people[0].email, "Change of room"), (people[1].email, "Raumänderung")]
    )
    message.refresh_from_db()
    assert message.sent_at is not None

    page = organizer_client.get(change_url(message))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in content and 'name="_preview"' not in content  # read only
    for person in people:
        assert person.name in content and person.email in content
    assert "2 e-mails: 2 sent, 0 waiting, 0 failed" in content
    assert content.count("Sent: ") >= 2  # each e-mail's state
    assert "Deutsch" in content or "German" in content

    edit = organizer_client.post(change_url(message), {"event": event.pk, "subject_en": "Changed", "body_en": "x"})
    delete = organizer_client.post(reverse("admin:events_message_delete", args=[message.pk]), {"post": "yes"})
    assert (edit.status_code, delete.status_code) == (403, 403)
    assert Message.objects.get(pk=message.pk).subject_en == "Change of room"


def test_an_audience_nobody_can_receive_offers_no_button_and_refuses_a_post(organizer_client):
    event = make_future_event()
    make_registration(event, Status.CANCELLED)
    message = make_message(event)

    page = organizer_client.get(send_url(message))
    response = organizer_client.post(send_url(message))

    assert page.status_code == 200
    assert 'type="submit"' not in page.content.decode().split('class="message-send"')[1]
    assert response.status_code == 200
    assert "Nobody in this audience can receive the message yet, so it was not sent." in message_texts(response)
    assert Message.objects.get(pk=message.pk).sent_at is None


def test_a_draft_edited_after_another_organizer_sent_it_is_refused(organizer_client, form_data):
    event = make_future_event()
    make_registration(event, Status.CONFIRMED)
    message = make_message(event)
    page = organizer_client.get(change_url(message))
    organizer_client.post(send_url(message))

    response = organizer_client.post(change_url(message), form_data(page, subject_en="Too late"))

    assert response.status_code == 403
    assert Message.objects.get(pk=message.pk).subject_en == "Change of room"


# --- Permissions -------------------------------------------------------------------------------------


def test_check_in_staff_can_neither_see_nor_send_messages(check_in_client):
    event = make_future_event()
    make_registration(event, Status.CONFIRMED)
    message = make_message(event)

    responses = [
        check_in_client.get(CHANGELIST),
        check_in_client.get(ADD),
        check_in_client.get(change_url(message)),
        check_in_client.get(send_url(message)),
        check_in_client.post(send_url(message)),
    ]

    assert [response.status_code for response in responses] == [403] * 5
    assert not Notification.objects.exists()
    assert Message.objects.get(pk=message.pk).sent_at is None


def test_anonymous_visitors_are_sent_to_the_login(client):
    message = make_message(make_future_event())

    response = client.post(send_url(message))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert not Notification.objects.exists()


# --- Query counts ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 12])
def test_the_list_costs_the_same_for_one_message_or_many(organizer_client, django_assert_num_queries, count):
    event = make_future_event(capacity=20)
    make_registration(event, Status.CONFIRMED)
    for _ in range(count):
        make_message(event)
    organizer_client.get(CHANGELIST)  # the session and the permissions, loaded once

    # 9 with the page's marks for translators (nanjingweek/admin_review.py), one query for all rows.
    with django_assert_num_queries(9):
        response = organizer_client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 15])
def test_a_sent_messages_page_costs_the_same_for_one_recipient_or_many(
    organizer_client, django_assert_num_queries, count
):
    event = make_future_event(capacity=20)
    for _ in range(count):
        make_registration(event, Status.CONFIRMED)
    message = make_message(event)
    organizer_client.post(send_url(message))
    organizer_client.get(change_url(message))

    # 8 with the message's marks for translators (nanjingweek/admin_review.py).
    with django_assert_num_queries(8):
        response = organizer_client.get(change_url(message))

    assert response.content.decode().count('class="field-recipient"') >= count


# --- Valid HTML --------------------------------------------------------------------------------------


def test_the_message_pages_and_emails_are_valid_html(organizer_client, django_capture_on_commit_callbacks):
    from tests.browser.tools import format_problems, validate_html

    # On the minute, as typed in the admin (a start with microseconds gives a datetime attribute vnu refuses).
    starts_at = (timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0)
    event = make_future_event(capacity=10, starts_at=starts_at)
    chinese = make_registration(event, Status.CONFIRMED, language="zh-hans")
    make_registration(event, Status.CONFIRMED, email="")
    message = make_message(event, body_en="Line one <b>\nLine two\n\nA new paragraph & more.")
    # (The add and change forms are Django's own, with its autocomplete widget; these pages are ours.)
    pages = {"preview": organizer_client.get(send_url(message)).content}
    assert b"Line one &lt;b&gt;\nLine two" in pages["preview"]
    with django_capture_on_commit_callbacks(execute=True):
        organizer_client.post(send_url(message))
    pages["sent"] = organizer_client.get(change_url(message)).content
    pages["list"] = organizer_client.get(CHANGELIST).content
    (sent_email,) = mail.outbox
    pages["e-mail"] = sent_email.alternatives[0][0]
    reminder = render_email(Notification(registration=chinese, kind=Notification.Kind.REMINDER))
    pages["reminder"] = reminder.alternatives[0][0]

    problems = validate_html(pages)

    assert problems == {}, format_problems(problems)
