from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("partners/", views.OrganizationListView.as_view(), name="list"),
    path("partners/<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("cooperation/", views.CooperationView.as_view(), name="cooperation"),
]
