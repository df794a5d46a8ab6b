"""Public pages of partners and cooperation."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event
from partners.models import Agreement, CooperationProject, EventRole, KeyFigure, Organization, SisterCityPartnership


class OrganizationListView(ListView):
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"
    queryset = Organization.objects.select_related("city")


class OrganizationDetailView(DetailView):
    template_name = "partners/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        public_roles = EventRole.objects.filter(event__in=Event.objects.published()).select_related(
            "event__venue__city"
        )
        return Organization.objects.select_related("city").prefetch_related(
            Prefetch("event_roles", queryset=public_roles, to_attr="public_roles"),
            Prefetch("projects", queryset=CooperationProject.objects.select_related("city", "sector")),
        )


class CooperationView(TemplateView):
    template_name = "partners/cooperation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            partnerships=SisterCityPartnership.objects.select_related("city_a", "city_b"),
            projects=CooperationProject.objects.select_related("organization", "city", "sector"),
            agreements=Agreement.objects.select_related("sector", "event").prefetch_related("parties"),
            key_figures=KeyFigure.objects.all(),
        )
        return context
