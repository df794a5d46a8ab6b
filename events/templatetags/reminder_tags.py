"""What the reminder e-mail says of when the event begins: today, tomorrow, or on its date."""

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag
def days_until(moment) -> int | None:
    """Calendar days from now to `moment`, both in `moment`'s zone (the venue's): 0 today, 1 tomorrow.

    Counted when the e-mail is written, which is when it is sent (the outbox renders it then).
    """
    if moment is None:
        return None
    return (moment.date() - timezone.localtime(timezone.now(), moment.tzinfo).date()).days
