"""/<lang>/news/: the list, the Atom feed and one page per article."""

from django.urls import path

from nanjingweek.feeds import NewsFeed
from nanjingweek.page_cache import public_page
from nanjingweek.views_news import NewsDetailView, NewsListView

app_name = "news"

urlpatterns = [
    path("", public_page(NewsListView.as_view()), name="list"),
    path("feed/", public_page(NewsFeed()), name="feed"),
    path("<slug:slug>/", public_page(NewsDetailView.as_view()), name="detail"),
]
