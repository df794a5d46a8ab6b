from django.urls import path

from exhibitions import views
from nanjingweek.page_cache import public_page

app_name = "exhibitions"

urlpatterns = [
    path("", public_page(views.ExhibitionListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(views.ExhibitionDetailView.as_view()), name="detail"),
]
