"""The attendee's side of registration: the form and their own page behind the token (the door: views_door.py).

Thin: every rule lives in events.registrations. These views call it and show its RegistrationError as a message.
"""

from functools import lru_cache

import segno
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from events import registrations, timeline
from events.forms import RegistrationForm
from events.forms_attendee import PersonalDataForm
from events.models import Edition, Event, Registration, format_ticket_code
from nanjingweek import content_version
from nanjingweek.ratelimit import is_rate_limited

Status = Registration.Status

# Tokens are URL-safe base64 (events.models.registrations.new_token: 43 characters for 256 bits); anything
# else is refused by the URL resolver with a 404 before the database is asked. 22 characters are 132 bits.
TOKEN_PATTERN = r"[A-Za-z0-9_-]{22,64}"


class RegistrationTokenConverter:
    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


def ticket_qr_svg(code: str) -> str:
    """The ticket code as a QR code, inline SVG made on the server (no script, no other host).

    A full QR code, never a Micro QR: phone cameras and the browser's BarcodeDetector read only the full kind.
    """
    title = _("QR code of ticket %(code)s") % {"code": format_ticket_code(code)}
    svg = segno.make_qr(code, error="m").svg_inline(scale=8, border=4, title=title, svgclass="ticket__qr")
    # segno escapes the title; the rest of the SVG is drawn from the code's fixed alphabet.
    return mark_safe(svg)


def private_page(view_func):
    """For pages whose URL holds the attendee's token: not cached, not indexed, never sent on as a referrer.

    "same-origin" and not "no-referrer": under no-referrer browsers send `Origin: null` with the page's own
    POST forms, which Django's CSRF check rightly refuses. same-origin gives the URL to this site only.
    """

    def wrapped(request, *args, **kwargs):
        response = view_func(request, *args, **kwargs)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(wrapped)


# --- The form ----------------------------------------------------------------------------------------


class EventRegistrationMixin:
    """The event from the URL: published or cancelled (never a draft), with its registration state."""

    def dispatch(self, request, *args, **kwargs):
        self.event = get_object_or_404(Event.objects.published().with_venue(), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class RegisterView(EventRegistrationMixin, View):
    template_name = "events/register.html"

    def get(self, request, *args, **kwargs):
        state = registrations.registration_state(self.event)
        return self.render(state, RegistrationForm() if state.accepts_registrations else None)

    def post(self, request, *args, **kwargs):
        state = registrations.registration_state(self.event)
        form = RegistrationForm(request.POST)
        if is_rate_limited(request, scope="registration", rate=settings.REGISTRATION_RATE_LIMIT):
            return self.render(state, form, rate_limited=True, status=429)
        if not state.accepts_registrations:
            return self.render(state, None)
        if form.is_honeypot_filled:
            # A bot: it is told what a person would be told, and nothing is stored.
            return redirect("events:registration_sent", slug=self.event.slug)
        if form.is_valid():
            try:
                registrations.register(self.event, **form.registration_data())
            except registrations.RegistrationError as error:
                form.add_error(None, str(error))
            else:
                # The same page whether the address was new or already registered: nobody learns who registered.
                return redirect("events:registration_sent", slug=self.event.slug)
        return self.render(state, form)

    def render(self, state, form, *, rate_limited=False, status=200):
        context = {
            "event": self.event,
            "state": state,
            "refusal": None if state.accepts_registrations else registrations.refusal_message(state),
            "form": form,
            "rate_limited": rate_limited,
        }
        return render(self.request, self.template_name, context, status=status)


class RegistrationSentView(EventRegistrationMixin, TemplateView):
    """ "Check your e-mail": the same words whatever happened to the address (new, known, or a bot's)."""

    template_name = "events/register.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, sent=True, hours=settings.REGISTRATION_CONFIRMATION_HOURS, **kwargs
        )


# --- The attendee's own page -------------------------------------------------------------------------


def get_registration(token: str, *, version: str | None) -> Registration:
    """The registration for the attendee's page, read fresh, with its event, venue and city as the page shows them."""
    registration = get_object_or_404(Registration, token=token)
    registration.event = _page_event(registration.event_id, version) if version else _load_event(registration.event_id)
    return registration


# Every attendee page of a rush shows the same event and the same edition in its header. Each process reads them once
# per content version (nanjingweek/content_version.py), which every write of an event, venue, city or edition
# replaces, so a page never shows one that changed since, a cancellation among them. The objects are shared between
# requests: pages only read them.


def _load_event(event_id: int) -> Event:
    return Event.objects.select_related("venue__city").get(pk=event_id)


@lru_cache(maxsize=256)
def _page_event(event_id: int, version: str) -> Event:
    return _load_event(event_id)


def header_edition(version: str | None) -> Edition | None:
    """The current edition for the site's header (nanjingweek.context_processors.site), by the pages' clock."""
    today = timeline.edition_today(timeline.now())
    return _header_edition(today, version) if version else Edition.objects.current(today)


@lru_cache(maxsize=8)
def _header_edition(today, version: str) -> Edition | None:
    return Edition.objects.current(today)


def find_registration(token: str) -> Registration:
    """The registration a POST acts on, by its token: only what the rules need to find it again under their locks,
    and its event's slug and limit, by which confirm() replaces the event page's registration version (and the
    lists' seats version) before its lock."""
    return get_object_or_404(
        Registration.objects.select_related("event").only("pk", "event_id", "token", "event__slug", "event__capacity"),
        token=token,
    )


@method_decorator(private_page, name="dispatch")
class RegistrationDetailView(TemplateView):
    """Status, event, ticket and the buttons that act on the registration. A GET never changes anything."""

    template_name = "events/registration_detail.html"

    def get_context_data(self, **kwargs):
        # None where the cache keeps nothing (no version to know a change by): then everything is read afresh.
        version = content_version.current([content_version.CONTENT])[content_version.CONTENT]
        registration = get_registration(self.kwargs["token"], version=version)
        now = timezone.now()
        context = super().get_context_data(**kwargs)
        context.update(
            current_edition=header_edition(version),
            registration=registration,
            event=registration.event,
            is_anonymized=registration.anonymized_at is not None,
            is_expired=registration.status == Status.AWAITING_CONFIRMATION and now >= registration.expires_at,
            may_cancel=registration.is_live and registration.checked_in_at is None,
            may_erase=registration.anonymized_at is None and registrations.may_erase(registration, now=now),
            waiting_position=registrations.waiting_list_position(registration),
            personal_data_form=PersonalDataForm.offered(registration, now=now),
        )
        if registration.status == Status.CONFIRMED:
            context.update(
                ticket_code=format_ticket_code(registration.ticket_code),
                ticket_qr=ticket_qr_svg(registration.ticket_code),
            )
        if registration.status == Status.CANCELLED:
            context["register_again"] = registrations.registration_state(registration.event).accepts_registrations
        return context


@method_decorator(private_page, name="dispatch")
class RegistrationActionView(View):
    """POST only: call one rule on the registration, then back to the page with what happened."""

    http_method_names = ["post"]
    # A checkbox the person must tick for actions that cannot be undone; works without JavaScript.
    requires_checkbox = False

    def post(self, request, token):
        registration = find_registration(token)
        if self.requires_checkbox and request.POST.get("sure") != "yes":
            messages.error(request, self.unticked_message())
            return redirect(registration.get_absolute_url())
        try:
            registration = self.act(registration)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.success_message(registration))
        return redirect(registration.get_absolute_url())

    def act(self, registration: Registration) -> Registration:
        raise NotImplementedError

    def success_message(self, registration: Registration) -> str:
        raise NotImplementedError

    def unticked_message(self) -> str:
        return ""


class ConfirmView(RegistrationActionView):
    def act(self, registration):
        return registrations.confirm(registration)

    def success_message(self, registration):
        if registration.status == Status.WAITLISTED:
            return _(
                "Thank you. The event is full, so you are on the waiting list; "
                "we will write to you if a seat becomes free."
            )
        return _("Your registration is confirmed. Your ticket is below.")


class CancelView(RegistrationActionView):
    requires_checkbox = True

    def act(self, registration):
        return registrations.cancel(registration)

    def success_message(self, registration):
        return _("Your registration has been cancelled.")

    def unticked_message(self):
        return _("Please tick the box to confirm that you want to cancel.")


class EraseView(RegistrationActionView):
    requires_checkbox = True

    def act(self, registration):
        return registrations.erase_personal_data(registration)

    def success_message(self, registration):
        return _("Your personal data has been deleted.")

    def unticked_message(self):
        return _("Please tick the box to confirm that you want your data deleted.")
