"""Registrations for events, and the e-mails owed to the people who registered.

The rules that change them live in events/registrations.py; this module only says what is stored.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models.programme import english_required
from nanjingweek.locales import country_choices

# Unambiguous when typed at the door from a printed ticket: no 0/O, 1/I/L.
TICKET_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TICKET_CODE_LENGTH = 10


def new_token() -> str:
    """256 random bits, URL-safe: the key to an attendee's own page."""
    return secrets.token_urlsafe(32)


def format_ticket_code(code: str) -> str:
    """K7QXM2PD9F → K7QX-M2PD-9F: easier to read aloud and type at the door."""
    return "-".join(code[index : index + 4] for index in range(0, len(code), 4))


def new_ticket_code() -> str:
    """About 49 random bits in ten characters people can read aloud and type."""
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        """Registrations that hold or wait for a seat, or may still be confirmed."""
        return self.filter(status__in=Registration.LIVE_STATUSES)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting_list(self):
        """Waiting in the order they confirmed: first confirmed, first served."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("confirmed_at", "pk")

    def expired(self, now=None):
        """Never confirmed within the configured time: they hold nothing and can go."""
        now = now or timezone.now()
        cutoff = now - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)
        return self.filter(status=Registration.Status.AWAITING_CONFIRMATION, created_at__lt=cutoff)


class Registration(models.Model):
    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        # „storniert“, not an event's „abgesagt“.
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    class OrganizationKind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        CULTURAL_INSTITUTION = "cultural_institution", _("Cultural institution")
        CREATIVE_INDUSTRY = "creative_industry", _("Creative industry")
        ENTERPRISE = "enterprise", _("Enterprise")
        ACADEMIA = "academia", _("Academia")
        MEDIA = "media", _("Media")
        OTHER = "other", pgettext_lazy("organization kind", "Other")

    LIVE_STATUSES = (Status.AWAITING_CONFIRMATION, Status.CONFIRMED, Status.WAITLISTED)

    # Indexed with the status (Meta.indexes), which serves lookups by event alone as well.
    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("event"),
        on_delete=models.PROTECT,
        related_name="registrations",
        db_index=False,
    )
    # A person's name (姓名), not a thing's (名称).
    name = models.CharField(pgettext_lazy("person", "name"), max_length=200)
    name_romanized = models.CharField(
        _("name in Latin letters"), max_length=200, blank=True, help_text=_("Optional, e.g. Zhang San for 张三.")
    )
    # Empty only for a member of a delegation who gave none: their e-mails go to the delegation's contact.
    email = models.EmailField(_("e-mail address"), max_length=254, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    organization_kind = models.CharField(
        _("kind of organization"), max_length=32, choices=OrganizationKind.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.AWAITING_CONFIRMATION)
    delegation = models.ForeignKey(
        "events.Delegation",
        verbose_name=_("delegation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    ticket_code = models.CharField(
        _("ticket code"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    created_at = models.DateTimeField(pgettext_lazy("when", "registered"), default=timezone.now, editable=False)
    consent_at = models.DateTimeField(pgettext_lazy("when", "consent given"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(pgettext_lazy("when", "confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(pgettext_lazy("when", "cancelled"), null=True, blank=True, editable=False)
    checked_in_at = models.DateTimeField(pgettext_lazy("when", "checked in"), null=True, blank=True, editable=False)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked in by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    anonymized_at = models.DateTimeField(pgettext_lazy("when", "anonymized"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event_id", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            # The seats an event has given, counted while its lock is held by every confirmation of a rush: only
            # the confirmed rows are read, however many people registered (events/registrations.py).
            models.Index(fields=["event", "status"], name="registration_event_status"),
        ]
        constraints = [
            # Case-insensitive; services strip whitespace before saving, so " A@x.org " and "a@x.org" are one person.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=Q(status__in=["awaiting_confirmation", "confirmed", "waitlisted"]) & ~Q(email=""),
                name="one_live_registration_per_email_and_event",
                violation_error_message=_("This e-mail address is already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_confirmation", "confirmed", "waitlisted", "cancelled"]),
                name="registration_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "waitlisted"]) | Q(confirmed_at__isnull=False),
                name="registration_confirmed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_only_confirmed_check_in",
            ),
        ]
        permissions = [("check_in_registration", _("Can check attendees in"))]

    def __str__(self):
        return f"{self.name} · {self.event}"

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def expires_at(self):
        return self.created_at + timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)


class Delegation(models.Model):
    """A group that one contact registers for an event in one go: its members are Registrations (Registration.members).

    The contact confirms their e-mail address once for the whole group; the members' seats are then taken together,
    under the event's lock like any single confirmation, as `when_not_all_fit` says when not all fit.
    The contact need not attend: they are not a member unless listed as one.
    """

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        # All or none was asked for and not all fitted: no seat was taken.
        DECLINED = "declined", _("Declined: not enough seats")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    class WhenNotAllFit(models.TextChoices):
        ALL_OR_NONE = "all_or_none", _("All or none: register nobody if not everyone gets a seat")
        AS_MANY_AS_FIT = "as_many_as_fit", _("As many as fit; the others on the waiting list")

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.PROTECT, related_name="delegations"
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact's e-mail address"), max_length=254)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    organization_kind = models.CharField(
        _("kind of organization"), max_length=32, choices=Registration.OrganizationKind.choices, blank=True
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    language = models.CharField(_("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en")
    when_not_all_fit = models.CharField(
        _("if not everyone gets a seat"),
        max_length=32,
        choices=WhenNotAllFit.choices,
        default=WhenNotAllFit.AS_MANY_AS_FIT,
    )
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.AWAITING_CONFIRMATION)
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("when", "registered"), default=timezone.now, editable=False)
    consent_at = models.DateTimeField(pgettext_lazy("when", "consent given"), null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(pgettext_lazy("when", "confirmed"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(pgettext_lazy("when", "cancelled"), null=True, blank=True, editable=False)
    anonymized_at = models.DateTimeField(pgettext_lazy("when", "anonymized"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["event_id", "created_at", "pk"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["awaiting_confirmation", "confirmed", "declined", "cancelled"]),
                name="delegation_status_known",
            ),
            models.CheckConstraint(
                condition=Q(when_not_all_fit__in=["all_or_none", "as_many_as_fit"]),
                name="delegation_when_not_all_fit_known",
            ),
        ]

    def __str__(self):
        return f"{self.organization or self.contact_name} · {self.event}"

    def get_absolute_url(self):
        return reverse("events:delegation", kwargs={"token": self.token})


class RegistrationChange(models.Model):
    """A correction of a registration's personal data, by the attendee on their page or by an organizer.

    `changes` maps each changed field to [before, after]; anonymization deletes these rows with the rest.
    """

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_at = models.DateTimeField(pgettext_lazy("when", "changed"), default=timezone.now, editable=False)
    changes = models.JSONField(_("changes"), default=dict)
    by_attendee = models.BooleanField(_("by the attendee"), default=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["registration_id", "changed_at", "pk"]
        verbose_name = _("change of registration data")
        verbose_name_plural = _("changes of registration data")

    def __str__(self):
        return f"{self.registration_id} · {self.changed_at:%Y-%m-%d %H:%M}"


class Message(models.Model):
    """An organizer's message to an event's registrants, written in up to three languages (modeltranslation):
    each person receives it in their own language, English where it was not written in theirs."""

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed attendees")
        WAITLISTED = "waitlisted", _("People on the waiting list")
        CONFIRMED_AND_WAITLISTED = "confirmed_and_waitlisted", _("Confirmed attendees and the waiting list")

    event = models.ForeignKey(
        "events.Event", verbose_name=_("event"), on_delete=models.PROTECT, related_name="messages"
    )
    audience = models.CharField(_("to"), max_length=32, choices=Audience.choices, default=Audience.CONFIRMED)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    # When its e-mails were written to the outbox, one per recipient; a message is sent once, never edited after.
    sent_at = models.DateTimeField(pgettext_lazy("when", "sent"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message to registrants")
        verbose_name_plural = _("messages to registrants")
        constraints = [
            models.CheckConstraint(
                condition=Q(audience__in=["confirmed", "waitlisted", "confirmed_and_waitlisted"]),
                name="message_audience_known",
            ),
            english_required("subject", "message"),
            english_required("body", "message"),
        ]

    def __str__(self):
        return self.subject


class NotificationQuerySet(models.QuerySet):
    def owed(self):
        """E-mails not yet sent and not given up, oldest first."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=True).order_by("created_at", "pk")

    def due(self, now=None):
        """Owed, their next attempt has come, and no worker holds them (a claim whose lease ran out counts as none)."""
        now = now or timezone.now()
        return (
            self.owed()
            .filter(next_attempt_at__lte=now)
            .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        )

    def failed(self):
        """Given up after the last allowed attempt: an organizer looks at them and may try again."""
        return self.filter(sent_at__isnull=True, failed_at__isnull=False)


class Notification(models.Model):
    """An e-mail owed to a registrant, written in the same transaction as the change it reports.

    The mail worker sends it (events/outbox.py); a failure is recorded and tried again later, less and less often,
    until EMAIL_MAX_ATTEMPTS, when it is marked failed for an organizer to see. A worker sending it holds a claim
    (claimed_by, claimed_until): other workers leave it alone until the claim's lease runs out.
    """

    class Kind(models.TextChoices):
        CONFIRM_REQUEST = "confirm_request", _("Please confirm your registration")
        CONFIRMED = "confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        CANCELLED = "cancelled", _("Registration cancelled")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        LINK_RESENT = "link_resent", _("Link sent again")
        REMINDER = "reminder", _("Reminder with the ticket")
        MESSAGE = "message", _("Message from the organizers")
        DELEGATION_CONFIRM_REQUEST = "delegation_confirm_request", _("Please confirm your group registration")
        DELEGATION_CONFIRMED = "delegation_confirmed", _("Group registration confirmed")
        DELEGATION_DECLINED = "delegation_declined", _("Group registration: not enough seats")
        DELEGATION_CANCELLED = "delegation_cancelled", _("Group registration cancelled")

    # One of the two: a registrant's e-mail, or one to a delegation's contact (the DELEGATION_* kinds).
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    # The organizers' message this e-mail carries (kind MESSAGE).
    message = models.ForeignKey(
        Message,
        verbose_name=_("message to registrants"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(pgettext_lazy("when", "sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    failed_at = models.DateTimeField(pgettext_lazy("when", "given up"), null=True, blank=True)
    claimed_by = models.CharField(_("being sent by"), max_length=100, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [
            # What the workers ask for every second or so: only the owed rows, a handful among the sent thousands.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True, failed_at__isnull=True),
                name="notification_owed",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration__isnull=False, delegation__isnull=True)
                | Q(registration__isnull=True, delegation__isnull=False),
                name="notification_for_registration_or_delegation",
            ),
            models.CheckConstraint(
                condition=Q(kind="message", message__isnull=False) | (~Q(kind="message") & Q(message__isnull=True)),
                name="notification_message_only_for_messages",
            ),
            # Each person once, however many workers or commands run at the same time.
            models.UniqueConstraint(
                "registration", "message", condition=Q(message__isnull=False), name="one_message_per_registration"
            ),
            models.UniqueConstraint("registration", condition=Q(kind="reminder"), name="one_reminder_per_registration"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.registration_id or self.delegation_id}"
