"""The site's URLconf plus the ceiling: `/bench/ceiling`, the least a Django view can do ("ok"), answered by the
same server through the same middleware, so that each page's speed is read against it (nanjingweek.bench)."""

from django.http import HttpResponse
from django.urls import path

from nanjingweek import urls as site


def ceiling(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ceiling", ceiling, name="bench_ceiling"), *site.urlpatterns]

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
