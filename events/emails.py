"""What the e-mails to registrants say: one message per Notification, in the registrant's language, as plain text
and HTML. The rules of registration (events/registrations.py) decide which e-mail is owed; the outbox
(events/outbox.py) sends it; this module only writes it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events.models import Notification, Registration, format_ticket_code


def attendee_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return settings.SITE_URL.rstrip("/") + reverse("events:registration", kwargs={"token": registration.token})


def recipients(registration: Registration) -> list[str]:
    """Where a registrant's e-mails go: their own address, or their delegation's contact's when they gave none."""
    if registration.email or registration.delegation_id is None:
        return [registration.email]
    return [registration.delegation.contact_email]


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail in the registrant's language, as plain text and HTML."""
    if notification.delegation_id:
        from events.delegation_emails import render_delegation_email  # it imports this module

        return render_delegation_email(notification)
    registration = notification.registration
    with translation.override(registration.language):
        context = {
            "kind": notification.kind,
            "registration": registration,
            "event": registration.event,
            "link": attendee_url(registration),
            "site_url": settings.SITE_URL,
            "ticket_code": format_ticket_code(registration.ticket_code),
        }
        subject = render_to_string("events/email/subject.txt", context).strip()
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=recipients(registration))
    message.attach_alternative(html, "text/html")
    return message
