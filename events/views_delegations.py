"""The group registration's pages: the form, "check your e-mail", and the contact's own page behind the token.

Thin: every rule lives in events.delegations (and events.registrations for the members). These views call it and
show its RegistrationError as a message.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from events import delegation_facts, delegations, registrations
from events.delegation_emails import members_for_display
from events.forms_delegations import DelegationForm, member_formset, with_more_rows
from events.models import Delegation, Registration
from events.views_registration import EventRegistrationMixin, header_edition, private_page, ticket_qr_svg
from nanjingweek import content_version
from nanjingweek.ratelimit import is_rate_limited

Status = Registration.Status
GroupStatus = Delegation.Status


class DelegationRegisterView(EventRegistrationMixin, View):
    """The form. "Add more rows" sends it back with more empty rows; only "Register the group" registers."""

    template_name = "events/register_delegation.html"

    def get(self, request, *args, **kwargs):
        state = registrations.registration_state(self.event)
        if not self.takes_groups(state):
            return self.render(state, None, None)
        return self.render(state, DelegationForm(), member_formset(self.event))

    def post(self, request, *args, **kwargs):
        state = registrations.registration_state(self.event)
        if not self.takes_groups(state):
            return self.render(state, None, None)
        if "add_rows" in request.POST:
            form, formset = with_more_rows(self.event, request.POST)
            return self.render(state, form, formset, added_rows=True)
        form, formset = DelegationForm(request.POST), member_formset(self.event, request.POST)
        if is_rate_limited(request, scope="registration", rate=settings.REGISTRATION_RATE_LIMIT):
            return self.render(state, form, formset, rate_limited=True, status=429)
        if form.is_honeypot_filled:
            # A bot: it is told what a person would be told, and nothing is stored.
            return redirect("events:delegation_sent", slug=self.event.slug)
        # Both validated, so that every mistake is marked at once.
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            try:
                delegations.register_delegation(self.event, **form.delegation_data(), members=formset.members())
            except registrations.RegistrationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("events:delegation_sent", slug=self.event.slug)
        return self.render(state, form, formset)

    def takes_groups(self, state) -> bool:
        return state.accepts_registrations and self.event.max_delegation_size > 0

    def render(self, state, form, formset, *, rate_limited=False, added_rows=False, status=200):
        if not state.accepts_registrations:
            refusal = registrations.refusal_message(state)
        elif self.event.max_delegation_size == 0:
            refusal = _("This event does not take group registrations.")
        else:
            refusal = None
        context = {
            "event": self.event,
            "state": state,
            "refusal": refusal,
            "form": form,
            "formset": formset,
            "limit": self.event.max_delegation_size,
            "may_add_rows": formset is not None and formset.total_form_count() < self.event.max_delegation_size,
            "added_rows": added_rows,
            "rate_limited": rate_limited,
        }
        return render(self.request, self.template_name, context, status=status)


class DelegationSentView(EventRegistrationMixin, TemplateView):
    """ "Check your e-mail", whatever happened to the addresses listed (new, known, or a bot's)."""

    template_name = "events/register_delegation.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            event=self.event, sent=True, hours=settings.REGISTRATION_CONFIRMATION_HOURS, **kwargs
        )


# --- The contact's page ------------------------------------------------------------------------------


def find_delegation(token: str) -> Delegation:
    return get_object_or_404(Delegation.objects.only("pk", "event_id", "token"), token=token)


@method_decorator(private_page, name="dispatch")
class DelegationDetailView(TemplateView):
    """The group's status, its people with their tickets, and the buttons that act on it. A GET changes nothing."""

    template_name = "events/delegation_detail.html"

    def get_context_data(self, **kwargs):
        version = content_version.current([content_version.CONTENT])[content_version.CONTENT]
        delegation = get_object_or_404(
            Delegation.objects.select_related("event__venue__city"), token=self.kwargs["token"]
        )
        event = delegation.event
        now = timezone.now()
        members = members_for_display(delegation, self.request.LANGUAGE_CODE)
        for member in members:
            if member.status == Status.CONFIRMED:
                member.ticket_qr = ticket_qr_svg(member.ticket_code)
        live = [member for member in members if member.is_live]
        context = super().get_context_data(**kwargs)
        context.update(
            current_edition=header_edition(version),
            delegation=delegation,
            event=event,
            members=members,
            seated=sum(member.status == Status.CONFIRMED for member in members),
            waiting=sum(member.status == Status.WAITLISTED for member in members),
            expires_at=delegation_facts.delegation_expires_at(delegation),
            is_expired=delegation.status == GroupStatus.AWAITING_CONFIRMATION
            and now >= delegation_facts.delegation_expires_at(delegation),
            may_cancel_members=any(member.checked_in_at is None for member in live),
            may_cancel=delegation.status in (GroupStatus.AWAITING_CONFIRMATION, GroupStatus.CONFIRMED)
            and not any(member.checked_in_at for member in live),
            seats_left=delegation_facts.seats_left(event) if delegation.status == GroupStatus.DECLINED else None,
        )
        return context


@method_decorator(private_page, name="dispatch")
class DelegationActionView(View):
    """POST only: call one rule on the group, then back to its page with what happened."""

    http_method_names = ["post"]

    def post(self, request, token):
        delegation = find_delegation(token)
        try:
            text = self.act(request, delegation)
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        else:
            if text:
                messages.success(request, text)
        return redirect(delegation.get_absolute_url())

    def act(self, request, delegation: Delegation) -> str:
        raise NotImplementedError


class DelegationConfirmView(DelegationActionView):
    def act(self, request, delegation):
        delegation = delegations.confirm_delegation(delegation)
        if delegation.status == GroupStatus.DECLINED:
            return ""  # the page says why, in its warning
        return _("Thank you: the group registration is confirmed. The tickets are below.")


class DelegationCancelMembersView(DelegationActionView):
    def act(self, request, delegation):
        chosen = [value for value in request.POST.getlist("member") if value.isdigit()]
        if not chosen:
            raise registrations.RegistrationError(_("Please tick the people you want to cancel."))
        cancelled = delegations.cancel_members(delegation, chosen)
        if not cancelled:
            # A second press of the button, or ids of nobody in this group.
            raise registrations.RegistrationError(_("Nobody was cancelled: the people ticked are cancelled already."))
        count = len(cancelled)
        return ngettext("%(count)d person has been cancelled.", "%(count)d people have been cancelled.", count) % {
            "count": count
        }


class DelegationCancelView(DelegationActionView):
    def act(self, request, delegation):
        if request.POST.get("sure") != "yes":
            raise registrations.RegistrationError(_("Please tick the box to confirm that you want to cancel."))
        delegations.cancel_delegation(delegation)
        return _("The group registration has been cancelled.")
