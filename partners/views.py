"""Public pages of partners and cooperation."""

from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView, TemplateView

from events.models import Event, Topic
from nanjingweek.breadcrumbs import trail
from nanjingweek.structured_data import organization_json_ld
from partners.charts import sector_bar_chart
from partners.models import Agreement, CooperationProject, EventRole, KeyFigure, Organization, SisterCityPartnership


class OrganizationListView(ListView):
    template_name = "partners/organization_list.html"
    context_object_name = "organizations"
    queryset = Organization.objects.select_related("city").order_by("kind", "slug")


class OrganizationDetailView(DetailView):
    template_name = "partners/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        public_roles = EventRole.objects.filter(event__in=Event.objects.published()).select_related(
            "event__venue__city"
        )
        return Organization.objects.select_related("city").prefetch_related(
            Prefetch("event_roles", queryset=public_roles, to_attr="public_roles"),
            Prefetch(
                "projects", queryset=CooperationProject.objects.select_related("city", "sector"), to_attr="project_list"
            ),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        context["structured_data"] = [organization_json_ld(organization, absolute_url=self.request.build_absolute_uri)]
        context["breadcrumbs"] = trail(
            (_("Partners"), reverse("partners:list")), (organization.name, organization.get_absolute_url())
        )
        return context


class CooperationView(TemplateView):
    """Sister cities, projects by sector, agreements by event and the key figures."""

    template_name = "partners/cooperation.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sectors = list(
            Topic.objects.annotate(
                project_count=Count("projects", distinct=True), agreement_count=Count("agreements", distinct=True)
            ).filter(Q(project_count__gt=0) | Q(agreement_count__gt=0))
        )
        context.update(
            this_year=timezone.localdate().year,
            partnerships=SisterCityPartnership.objects.select_related("city_a", "city_b"),
            projects=CooperationProject.objects.select_related("organization", "city", "sector").order_by(
                "sector__slug", "organization__slug", "pk"
            ),
            agreements=Agreement.objects.select_related("sector", "event__venue__city")
            .prefetch_related("parties")
            .order_by(F("event__starts_at").asc(nulls_last=True), "event_id", "order", "pk"),
            key_figures=KeyFigure.objects.all(),
            sector_chart=sector_bar_chart(sectors),
        )
        return context
