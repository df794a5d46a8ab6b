"""/<lang>/preview/: drafts as the public will see them (nanjingweek/previews.py). Never wrapped in `public_page`:
no preview is ever stored in the page cache."""

from django.urls import path

from nanjingweek.views_preview import link_preview, staff_preview

app_name = "preview"

urlpatterns = [
    path("<slug:kind>/<int:pk>/", staff_preview, name="staff"),
    path("<str:token>/", link_preview, name="link"),
]
