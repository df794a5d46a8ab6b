"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request, and when the browser closes.

Browser close is Django's SESSION_EXPIRE_AT_BROWSER_CLOSE: the session cookie carries no Expires or Max-Age.
Idle time is the time since the session's last request, kept in the session itself (`SEEN_KEY`, set at login) and
written at most once a minute, so that a busy admin page does not write its session on every request; each
write also moves the session's expiry in the database (SESSION_COOKIE_AGE, one minute more than the idle time),
so `clearsessions` removes what this middleware would refuse anyway.

Public visitors have no session: the middleware looks at nothing but the session cookie unless there is one,
so public pages neither read a session nor get `Vary: Cookie` from it.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils.translation import ngettext

SEEN_KEY = "staff_seen_at"
# How stale the recorded time may get before a request writes it again.
REFRESH_SECONDS = 60


def now() -> int:
    return int(time.time())


@receiver(user_logged_in, dispatch_uid="nanjingweek.accounts.sessions.start_idle_clock")
def start_idle_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = now()


class StaffSessionMiddleware:
    """Log out a session idle for longer than STAFF_SESSION_IDLE_MINUTES; otherwise note the request's time."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self.check(request)
        return self.get_response(request)

    def check(self, request) -> None:
        session = request.session
        if SESSION_KEY not in session:
            return
        idle_minutes = settings.STAFF_SESSION_IDLE_MINUTES
        current = now()
        seen = session.get(SEEN_KEY)
        if not isinstance(seen, int) or seen > current:
            session[SEEN_KEY] = current
        elif current - seen > idle_minutes * 60:
            logout(request)
            messages.info(
                request,
                ngettext(
                    "You were logged out after %(minutes)d minute without activity. Please log in again.",
                    "You were logged out after %(minutes)d minutes without activity. Please log in again.",
                    idle_minutes,
                )
                % {"minutes": idle_minutes},
            )
        elif current - seen >= REFRESH_SECONDS:
            session[SEEN_KEY] = current
