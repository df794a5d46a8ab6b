from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("editions/<slug:slug>/", views.EditionView.as_view(), name="edition"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="detail"),
    path("venues/<slug:slug>/", views.VenueDetailView.as_view(), name="venue"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city"),
]
