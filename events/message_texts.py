"""What each registrant reads of an organizers' message: its subject and body in their language, falling back to
English. Reads only, writes nothing, so the e-mails (events/emails.py) can use it below the outbox that
events/messaging.py writes to."""

from __future__ import annotations

from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname

from events.models import Message


def message_text(message: Message, language: str) -> tuple[str, str]:
    """The message's subject and body in `language`, each falling back to English where it was left empty."""

    def text(field: str) -> str:
        return getattr(message, build_localized_fieldname(field, language), "") or getattr(
            message, build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE)
        )

    return text("subject"), text("body")


def written_in(message: Message, language: str) -> str:
    """The language the body is read in: `language` if the organizer wrote it, else English."""
    if getattr(message, build_localized_fieldname("body", language), ""):
        return language
    return mt_settings.DEFAULT_LANGUAGE


def fully_written_in(message: Message, language: str) -> bool:
    """Whether the organizer wrote both the subject and the body in `language` (nothing falls back to English)."""
    return all(getattr(message, build_localized_fieldname(field, language), "") for field in ("subject", "body"))


def message_context(message: Message, language: str) -> dict[str, str]:
    """What the e-mail templates need of a message (kind "message"), for a registrant reading `language`."""
    subject, body = message_text(message, language)
    return {"message_subject": subject, "message_body": body, "message_language": written_in(message, language)}
