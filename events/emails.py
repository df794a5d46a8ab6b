"""What the e-mails to registrants say: one message per Notification, in the registrant's language, as plain text
and HTML. The rules of registration (events/registrations.py) decide which e-mail is owed; the outbox
(events/outbox.py) sends it; this module only writes it.

An e-mail that carries the ticket (TICKET_KINDS, for a confirmed registration) is built as mail clients expect:

    multipart/mixed
      multipart/related
        multipart/alternative: text/plain, text/html
        image/png             the QR code, inline, shown by the HTML part through its cid: address
      text/calendar           the event's .ics, with the UID of the public feed

The QR code travels inside the message, so clients that block remote images still show it.
"""

from __future__ import annotations

from email.mime.image import MIMEImage
from email.mime.text import MIMEText
from io import BytesIO

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import SafeMIMEMultipart
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from events import calendars
from events.delegation_emails import render_delegation_email
from events.message_texts import message_context
from events.models import Notification, Registration, format_ticket_code
from nanjingweek.typography import labelled

# The e-mails that carry the ticket (QR code, code, calendar file, PDF link) when the registration is confirmed.
TICKET_KINDS = frozenset(
    {
        Notification.Kind.CONFIRMED,
        Notification.Kind.PROMOTED,
        Notification.Kind.LINK_RESENT,
        Notification.Kind.REMINDER,
    }
)


class TicketEmail(EmailMultiAlternatives):
    """An e-mail whose HTML part shows images sent with it (`related`: MIME parts with a Content-ID)."""

    def __init__(self, *args, related=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.related = list(related)

    def _create_alternatives(self, msg):
        msg = super()._create_alternatives(msg)
        if not self.related:
            return msg
        related = SafeMIMEMultipart(_subtype="related", encoding=self.encoding or settings.DEFAULT_CHARSET)
        related.attach(msg)
        for part in self.related:
            related.attach(part)
        return related


def attendee_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL.rstrip("/") + reverse("events:registration", kwargs={"token": registration.token})


def ticket_pdf_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL.rstrip("/") + reverse(
            "events:registration_ticket", kwargs={"token": registration.token}
        )


def recipients(registration: Registration) -> list[str]:
    """Where a registrant's e-mails go: their own address, else (a delegation member who gave none) the contact's."""
    if registration.email:
        return [registration.email]
    if registration.delegation_id:
        return [registration.delegation.contact_email]
    return []


def carries_ticket(notification: Notification) -> bool:
    return (
        notification.kind in TICKET_KINDS
        and notification.registration.status == Registration.Status.CONFIRMED
        and notification.registration.anonymized_at is None
    )


def qr_content_id(registration: Registration) -> str:
    """Unique within the message, as RFC 2392 asks, and the same whenever the e-mail is written again."""
    return f"ticket-{registration.ticket_code}@{calendars.UID_DOMAIN}"


QR_SCALE, QR_BORDER = 8, 4  # pixels a module, modules of quiet zone: 232 px for a ticket code (version 1)


def qr_png(code: str) -> tuple[bytes, int]:
    """The ticket code as a PNG QR code, the same symbol as on the attendee's page, and its width in pixels."""
    qr = segno.make_qr(code, error="m")
    buffer = BytesIO()
    qr.save(buffer, kind="png", scale=QR_SCALE, border=QR_BORDER)
    return buffer.getvalue(), qr.symbol_size(scale=QR_SCALE, border=QR_BORDER)[0]


def qr_part(registration: Registration, png: bytes) -> MIMEImage:
    part = MIMEImage(png, "png")
    part["Content-ID"] = f"<{qr_content_id(registration)}>"
    part.add_header("Content-Disposition", "inline", filename=f"ticket-{registration.ticket_code}.png")
    return part


def calendar_part(registration: Registration, ics: bytes) -> MIMEText:
    part = MIMEText(ics.decode(), "calendar", "utf-8")
    # The file's METHOD: a copy of the published event, not an invitation to answer.
    part.set_param("method", "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=f"{registration.event.slug}.ics")
    return part


def event_ics(registration: Registration) -> bytes | None:
    """The event as a calendar file in the registrant's language: the public feed's VEVENT (same UID, venue zone
    with its VTIMEZONE), so importing it and subscribing to the feed give one event, not two. None without a date."""
    event = registration.event
    if not event.is_dated:
        return None
    language = registration.language
    with translation.override(language):
        name = labelled(_("China Nanjing Week"), event.title)
        site = settings.SITE_URL.rstrip("/")
        return calendars.calendar_ical(
            [event], language=language, name=name, url_for=lambda item: site + item.get_absolute_url()
        )


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail in the registrant's language, as plain text and HTML; with the ticket for TICKET_KINDS."""
    if notification.delegation_id:
        return render_delegation_email(notification)
    registration = notification.registration
    ticket = carries_ticket(notification)
    related = []
    with translation.override(registration.language):
        context = {
            "kind": notification.kind,
            "registration": registration,
            "event": registration.event,
            "link": attendee_url(registration),
            "site_url": settings.SITE_URL,
            "ticket_code": format_ticket_code(registration.ticket_code),
            "ticket": ticket,
        }
        if ticket:
            png, pixels = qr_png(registration.ticket_code)
            related.append(qr_part(registration, png))
            context.update(
                ticket_pdf_url=ticket_pdf_url(registration), qr_cid=qr_content_id(registration), qr_pixels=pixels
            )
        if notification.kind == Notification.Kind.MESSAGE:
            context.update(message_context(notification.message, registration.language))
        subject = render_to_string("events/email/subject.txt", context).strip()
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
    message = TicketEmail(
        subject=" ".join(subject.split()),
        body=text,
        to=recipients(registration),
        related=related,
    )
    message.attach_alternative(html, "text/html")
    if ticket and (ics := event_ics(registration)) is not None:
        message.attach(calendar_part(registration, ics))
    return message
