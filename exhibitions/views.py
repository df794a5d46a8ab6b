"""Public pages of the exhibitions."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from events.structured_data import exhibition_json_ld
from exhibitions.models import Exhibition
from nanjingweek.breadcrumbs import trail


class ExhibitionListView(ListView):
    template_name = "exhibitions/exhibition_list.html"
    context_object_name = "exhibitions"

    def get_queryset(self):
        return Exhibition.objects.published().with_runs()


class ExhibitionDetailView(DetailView):
    template_name = "exhibitions/exhibition_detail.html"
    context_object_name = "exhibition"

    def visible_objects(self):
        """The exhibitions this page may show: the published ones (a preview shows drafts too)."""
        return Exhibition.objects.published()

    def get_queryset(self):
        return self.visible_objects().with_details()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        exhibition = self.object
        context["structured_data"] = exhibition_json_ld(exhibition, absolute_url=self.request.build_absolute_uri)
        context["breadcrumbs"] = trail(
            (_("Exhibitions"), reverse("exhibitions:list")), (exhibition.title, exhibition.get_absolute_url())
        )
        return context
