"""Check-in at the door: the list of events to open, and one event's door (counts, finding people, the code box).

Staff pages: behind the permission `events.check_in_registration`, never cached (never `public_page`). Thin: the
rule that lets someone in is `events.registrations.check_in`; what the page reads comes from `events.door`.
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from events import door, registrations
from events.forms import CheckInForm
from events.models import Event, format_ticket_code
from nanjingweek.security_headers import permissions_policy


class DoorStaffMixin(PermissionRequiredMixin):
    permission_required = "events.check_in_registration"
    # Anonymous visitors log in where staff already do; logged-in users without the permission get a 403.
    login_url = reverse_lazy("admin:login")


@method_decorator(never_cache, name="dispatch")
class CheckInIndexView(DoorStaffMixin, View):
    """Today's and the coming events with registration, each a link to its door."""

    template_name = "events/check_in.html"

    def get(self, request):
        return render(request, self.template_name, {"door_events": door.events_at_the_door()})


@method_decorator(never_cache, name="dispatch")
# check-in.js reads the ticket's QR code with the camera: the one page where this site allows it.
@method_decorator(permissions_policy(camera=["self"]), name="dispatch")
class CheckInEventView(DoorStaffMixin, View):
    """One event's door: type or scan a ticket code, or find a person without their ticket and check them in."""

    template_name = "events/check_in_event.html"

    def dispatch(self, request, *args, **kwargs):
        # Permission first (PermissionRequiredMixin.dispatch), then the event: nobody learns which slugs exist.
        if not self.has_permission():
            return self.handle_no_permission()
        try:
            self.event = door.door_event(kwargs["slug"])
        except Event.DoesNotExist as missing:
            raise Http404 from missing
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, slug):
        return self.render(CheckInForm())

    def post(self, request, slug):
        form = CheckInForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        code = form.cleaned_data["code"]
        result = {"code": code}
        try:
            registration = registrations.check_in(code, by=request.user, event=self.event)
        except registrations.RegistrationError as refusal:
            registration = getattr(refusal, "registration", None)
            result.update(refusal=str(refusal), wrong_event=isinstance(refusal, registrations.WrongEvent))
        else:
            result["checked_in"] = True
            # The counts were read before this check-in.
            self.event.checked_in_count += 1
        if registration is not None:
            result.update(registration=registration, ticket_code=format_ticket_code(registration.ticket_code))
        # The form empty again, for the next person in the queue.
        return self.render(CheckInForm(), **result)

    def render(self, form, **result):
        query = self.request.GET.get("q", "")[: door.MAX_QUERY_LENGTH].strip()
        page = Paginator(door.attendees(self.event, query), door.PAGE_SIZE).get_page(self.request.GET.get("page"))
        context = {
            "event": self.event,
            "form": form,
            "counts": door.counts(self.event),
            "door_closed": registrations.door_closed_message(self.event, now=timezone.now()),
            "query": query,
            "page": page,
            **result,
        }
        return render(self.request, self.template_name, context)
