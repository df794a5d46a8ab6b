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


def render_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail in the registrant's language, as plain text and HTML."""
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
        if notification.kind == Notification.Kind.MESSAGE:
            # Imported here: events.messaging writes to the outbox, which imports this module.
            from events.messaging import message_context

            context.update(message_context(notification.message, registration.language))
        subject = render_to_string("events/email/subject.txt", context).strip()
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    return message
