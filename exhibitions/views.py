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

    def get_queryset(self):
        return Exhibition.objects.published().with_details()
