"""The ticket e-mails read back as a mail client reads them: Python's e-mail parser, icalendar, a QR decoder."""

from __future__ import annotations

import email
import io
import re
from datetime import datetime
from email.policy import default
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import timezone, translation

from events import calendars, emails
from events.models import Delegation, Notification, Registration
from events.timezones import zone_label
from tests.factories import make_city, make_event, make_venue

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
Status = Registration.Status
SHANGHAI = ZoneInfo("Asia/Shanghai")


def nanjing_event(**overrides):
    venue = make_venue(
        city=make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"),
        name_en="Nanjing International Expo Center",
        address_en="Jiangdong Middle Road 300",
    )
    values = {
        "venue": venue,
        "title_en": "Forum on Common Heritage",
        "title_de": "Forum zum gemeinsamen Erbe",
        "title_zh_hans": "共同遗产论坛",
        "starts_at": datetime(2025, 11, 20, 9, 30, tzinfo=SHANGHAI),
        "ends_at": datetime(2025, 11, 20, 17, 0, tzinfo=SHANGHAI),
    }
    values.update(overrides)
    return make_event(**values)


def registration_for(event, *, status=Status.CONFIRMED, language="zh-hans", **overrides) -> Registration:
    values = {
        "event": event,
        "name": "张伟",
        "name_romanized": "Zhang Wei",
        "email": "zhang.wei@example.cn",
        "language": language,
        "status": status,
        "confirmed_at": timezone.now() if status in (Status.CONFIRMED, Status.WAITLISTED) else None,
    }
    values.update(overrides)
    return Registration.objects.create(**values)


def parsed(notification) -> email.message.EmailMessage:
    """The e-mail as its bytes travel, parsed back as a mail client does."""
    return email.message_from_bytes(emails.render_email(notification).message().as_bytes(), policy=default)


def parts(message) -> list[tuple[str, email.message.EmailMessage]]:
    return [(part.get_content_type(), part) for part in message.walk()]


@pytest.mark.parametrize(
    ("kind", "language"),
    [(Kind.CONFIRMED, "zh-hans"), (Kind.PROMOTED, "de"), (Kind.LINK_RESENT, "en"), (Kind.REMINDER, "de")],
)
def test_ticket_email_carries_the_qr_code_inline_the_code_the_calendar_file_and_the_pdf_link(kind, language):
    event = nanjing_event()
    registration = registration_for(event, language=language)

    message = parsed(Notification.objects.create(registration=registration, kind=kind))

    # mixed > related > alternative (text, html) + inline PNG, then the calendar file beside them.
    assert [content_type for content_type, _part in parts(message)] == [
        "multipart/mixed",
        "multipart/related",
        "multipart/alternative",
        "text/plain",
        "text/html",
        "image/png",
        "text/calendar",
    ]
    by_type = dict(parts(message))
    image = by_type["image/png"]
    assert image.get_content_disposition() == "inline"
    content_id = image["Content-ID"].strip("<>")
    html = by_type["text/html"].get_content()
    assert f'src="cid:{content_id}"' in html
    assert re.findall(r'<img [^>]*src="([^"]+)"', html) == [f"cid:{content_id}"]

    import zxingcpp
    from PIL import Image

    decoded = [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.get_content())))]
    assert decoded == [registration.ticket_code]

    code = f"{registration.ticket_code[:4]}-{registration.ticket_code[4:8]}-{registration.ticket_code[8:]}"
    text = by_type["text/plain"].get_content()
    pdf_link = f"http://127.0.0.1:8000/{language}/registration/{registration.token}/ticket.pdf"
    assert code in text and code in html
    assert pdf_link in text
    assert f'href="{pdf_link}"' in html

    ics = by_type["text/calendar"]
    assert ics.get_content_disposition() == "attachment"
    assert ics.get_filename() == f"{event.slug}.ics"
    assert ics.get_param("method") == "PUBLISH"
    calendar = icalendar.Calendar.from_ical(ics.get_content())
    (vevent,) = calendar.walk("VEVENT")
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vevent["UID"]) == calendars.event_uid(event) == f"event-{event.pk}@nanjingweek.org"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai" == str(vtimezone["TZID"])
    assert vevent.decoded("DTSTART") == datetime(2025, 11, 20, 9, 30, tzinfo=SHANGHAI)
    title = {"en": "Forum on Common Heritage", "de": "Forum zum gemeinsamen Erbe", "zh-hans": "共同遗产论坛"}[language]
    assert str(vevent["SUMMARY"]) == title


def test_the_attached_event_has_the_uid_of_the_public_feed(client):
    event = nanjing_event()
    message = parsed(Notification.objects.create(registration=registration_for(event), kind=Kind.CONFIRMED))
    attached = icalendar.Calendar.from_ical(dict(parts(message))["text/calendar"].get_content())

    feed = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}.ics").content)

    assert [str(item["UID"]) for item in attached.walk("VEVENT")] == [str(item["UID"]) for item in feed.walk("VEVENT")]


def test_ticket_email_is_in_the_registrants_language():
    event = nanjing_event()
    registration = registration_for(event, language="zh-hans")

    message = parsed(Notification.objects.create(registration=registration, kind=Kind.CONFIRMED))

    by_type = dict(parts(message))
    text, html = by_type["text/plain"].get_content(), by_type["text/html"].get_content()
    with translation.override("zh-hans"):
        assert zone_label(event.local_start) in text
    assert "共同遗产论坛" in text
    assert '<html lang="zh-hans">' in html
    assert "Ticket code" not in text + html
    assert "Download your ticket" not in html


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (Kind.LINK_RESENT, Status.AWAITING_CONFIRMATION),
        (Kind.LINK_RESENT, Status.WAITLISTED),
        (Kind.WAITLISTED, Status.WAITLISTED),
        (Kind.CONFIRM_REQUEST, Status.AWAITING_CONFIRMATION),
        (Kind.CANCELLED, Status.CANCELLED),
        (Kind.REMINDER, Status.CANCELLED),
    ],
)
def test_emails_without_a_seat_carry_no_ticket(kind, status):
    registration = registration_for(nanjing_event(), status=status, language="en")

    message = parsed(Notification.objects.create(registration=registration, kind=kind))

    assert [content_type for content_type, _part in parts(message)] == [
        "multipart/alternative",
        "text/plain",
        "text/html",
    ]
    html = dict(parts(message))["text/html"].get_content()
    assert "cid:" not in html
    assert "ticket.pdf" not in html + dict(parts(message))["text/plain"].get_content()


def test_an_event_without_a_date_gets_the_qr_code_but_no_calendar_file():
    event = nanjing_event(starts_at=None, ends_at=None, announced_period_en="in the coming months")
    message = parsed(Notification.objects.create(registration=registration_for(event), kind=Kind.CONFIRMED))

    types = [content_type for content_type, _part in parts(message)]

    assert "image/png" in types
    assert "text/calendar" not in types


def test_ticket_email_goes_through_the_mail_backend_whole():
    registration = registration_for(nanjing_event())
    emails.render_email(Notification.objects.create(registration=registration, kind=Kind.CONFIRMED)).send()

    (sent,) = mail.outbox
    message = email.message_from_bytes(sent.message().as_bytes(), policy=default)

    assert sent.to == ["zhang.wei@example.cn"]
    assert {"image/png", "text/calendar"} <= {part.get_content_type() for part in message.walk()}


def test_recipients_are_the_registrant_else_the_delegations_contact():
    event = nanjing_event()
    delegation = Delegation.objects.create(
        event=event, contact_name="Li Na", contact_email="li.na@example.cn", organization="Nanjing Museum"
    )
    own = registration_for(event, email="member@example.cn", delegation=delegation)
    without = registration_for(event, email="", delegation=delegation, name="王芳", name_romanized="")
    single = registration_for(event, email="single@example.cn")

    assert emails.recipients(own) == ["member@example.cn"]
    assert emails.recipients(without) == ["li.na@example.cn"]
    assert emails.recipients(single) == ["single@example.cn"]
    assert emails.render_email(Notification(registration=without, kind=Kind.CONFIRMED)).to == ["li.na@example.cn"]
