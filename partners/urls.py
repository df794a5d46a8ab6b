from django.urls import path

from nanjingweek.page_cache import public_page
from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", public_page(views.OrganizationListView.as_view()), name="list"),
    path("partners/<slug:slug>/", public_page(views.OrganizationDetailView.as_view()), name="detail"),
    path("cooperation/", public_page(views.CooperationView.as_view()), name="cooperation"),
]
