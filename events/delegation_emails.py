"""What the e-mails to a delegation's contact say (the Notification kinds DELEGATION_*), in the contact's language,
as plain text and HTML. The members' own e-mails are the registrants' ones (events/emails.py); the rules that owe
all of them are in events/delegations.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from events import delegation_facts
from events.models import Delegation, Notification, format_ticket_code
from events.names import person_name
from nanjingweek.typography import annotated


def delegation_url(delegation: Delegation) -> str:
    """The contact's page, absolute, in the contact's language."""
    with translation.override(delegation.language):
        return settings.SITE_URL.rstrip("/") + reverse("events:delegation", kwargs={"token": delegation.token})


def members_for_display(delegation: Delegation, language: str) -> list:
    """The group's people in the order listed, each with the name as a page in `language` shows it and the ticket
    code of those seated. Call it with `language` active: the brackets around the second script are translated."""
    members = list(delegation.members.order_by("pk"))
    for member in members:
        shown = person_name(member.name, member.name_romanized, language=language)
        # "张伟（Zhang Wei）", "Zhang Wei (张伟)": brackets as the language writes them.
        member.shown_name = annotated(shown.first, shown.second) if shown.second else shown.first
        member.shown_ticket_code = (
            format_ticket_code(member.ticket_code) if member.status == member.Status.CONFIRMED else ""
        )
    return members


def render_delegation_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail to the contact, in their language."""
    delegation = notification.delegation
    event = delegation.event
    with translation.override(delegation.language):
        members = members_for_display(delegation, delegation.language)
        context = {
            "kind": notification.kind,
            "delegation": delegation,
            "event": event,
            "members": members,
            "seated": sum(member.status == member.Status.CONFIRMED for member in members),
            "waiting": sum(member.status == member.Status.WAITLISTED for member in members),
            "listed": len(members),
            "link": delegation_url(delegation),
            "expires_at": delegation_facts.delegation_expires_at(delegation),
            # What the contact is told about a group declined: the seats free as the e-mail is written.
            "seats_left": delegation_facts.seats_left(event)
            if notification.kind == Notification.Kind.DELEGATION_DECLINED
            else None,
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string("events/email/delegation_subject.txt", context).strip()
        text = render_to_string("events/email/delegation_message.txt", context)
        html = render_to_string("events/email/delegation_message.html", context)
    message = EmailMultiAlternatives(subject=" ".join(subject.split()), body=text, to=[delegation.contact_email])
    message.attach_alternative(html, "text/html")
    return message
