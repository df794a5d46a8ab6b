"""Attendee tokens out of the logs.

The token in `/<lang>/registration/<token>/…` is the only key to a person's registration (name, e-mail,
ticket, the cancel button), so a log line that carries it is a copy of that key, kept as long as the logs are.
It travels in more places than the path: the Referer of the next page the attendee opens, and the language
switcher's `?next=/en/registration/<token>/` (percent-encoded there).

`mask_tokens()` rewrites any of these with the token replaced by "…"; `MaskAttendeeTokens` applies it to
Django's log records (`Not Found: /en/registration/…/`), nanjingweek.gunicorn_logger to gunicorn's access log.
"""

from __future__ import annotations

import logging
import re

MASK = "…"

# After `registration/` as written in a path, or percent-encoded inside a query value (once or twice).
_TOKEN_IN_PATH = re.compile(r"(registration(?:/|%2F|%252F))[^/?#&\s\"%]+", re.IGNORECASE)
# Query parameters that hold a token or a ticket code, should a link ever carry one.
_TOKEN_IN_QUERY = re.compile(r"([?&;](?:token|code|ticket)=)[^&;#\s\"]+", re.IGNORECASE)


def mask_tokens(text: str) -> str:
    """`GET /en/registration/Abc…xyz/cancel/?next=… HTTP/1.1` → `GET /en/registration/…/cancel/?next=… HTTP/1.1`."""
    if "registration" not in text.lower() and "=" not in text:
        return text
    return _TOKEN_IN_QUERY.sub(rf"\g<1>{MASK}", _TOKEN_IN_PATH.sub(rf"\g<1>{MASK}", text))


class MaskAttendeeTokens(logging.Filter):
    """A handler filter: the record's message with tokens masked (its arguments merged in first).

    Tracebacks are left as they are: they show code, not URLs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed call: left to the handler's own error report
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
