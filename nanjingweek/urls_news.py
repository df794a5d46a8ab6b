"""/<lang>/news/: the list, the Atom feed and one page per article."""

from django.urls import path

from nanjingweek.feeds import NewsFeed
from nanjingweek.views_news import NewsDetailView, NewsListView

app_name = "news"

urlpatterns = [
    path("", NewsListView.as_view(), name="list"),
    path("feed/", NewsFeed(), name="feed"),
    path("<slug:slug>/", NewsDetailView.as_view(), name="detail"),
]
