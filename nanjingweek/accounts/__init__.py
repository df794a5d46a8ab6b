"""Organizer accounts: what stands between the internet and the admin (README.md, "Organizer accounts").

- Failed logins are counted by django-axes in the database, per user name and per address, and lock both out for
  LOGIN_LOCKOUT_MINUTES after LOGIN_FAILURE_LIMIT failures (`lockout.py` shows the admin's page for it).
- Two-factor login with a TOTP authenticator app (django-otp): optional per staff member, required for all when
  STAFF_REQUIRE_TWO_FACTOR is on (`two_factor.py` holds the rules, `site.py` the admin that applies them).
- Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request and when the browser closes (`sessions.py`).
- Staff passwords have at least 12 characters (`passwords.py`).
"""
