"""Public pages of the exhibitions."""

from django.views.generic import DetailView, ListView

from exhibitions.models import Exhibition


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
