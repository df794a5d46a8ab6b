"""The attendee corrects their own details on their page (the token is the key). Thin: the rule is
events.registrations.correct_personal_data; its RegistrationError is shown as a message."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _

from events import registrations
from events.forms_attendee import PersonalDataForm
from events.views_registration import RegistrationDetailView, find_registration, private_page


@method_decorator(private_page, name="dispatch")
class PersonalDataView(RegistrationDetailView):
    """POST only. Valid: correct, then back to the page with what happened. Invalid: the page again, with the
    form's errors beside what was typed. After registration closes, or for a cancelled or anonymized registration,
    the page offers no form and a POST is refused with the rule's reason."""

    http_method_names = ["post"]

    def post(self, request, token):
        registration = find_registration(token)
        form = PersonalDataForm(request.POST)
        if not form.is_valid():
            # Shown again only while corrections are allowed; otherwise the rule's refusal says why not.
            self.bound_form = form
            context = self.get_context_data(token=token)
            if context.get("personal_data_form") is not None:
                return self.render_to_response(context)
            return self._refused(request, registration)
        try:
            change = registrations.correct_personal_data(registration, form.changes())
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        else:
            if change is None:
                messages.info(request, _("Nothing was changed: your details were already as given."))
            else:
                messages.success(request, _("Thank you. Your details have been updated."))
        return redirect(registration.get_absolute_url())

    def _refused(self, request, registration):
        try:
            # No change asked for: the rule only says why corrections are closed.
            registrations.correct_personal_data(registration, {})
        except registrations.RegistrationError as error:
            messages.error(request, str(error))
        return redirect(registration.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context.get("personal_data_form") is not None and getattr(self, "bound_form", None) is not None:
            self.bound_form.offer_for(context["registration"])
            context["personal_data_form"] = self.bound_form
        return context
