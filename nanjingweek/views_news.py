"""The news: a paginated list, one page per article and, for the home page, the latest few. Thin views.

What is public is decided by `NewsArticle.objects.published()`; drafts and articles whose time has not come
are not found (404), as if they did not exist.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from nanjingweek.breadcrumbs import trail
from nanjingweek.models import NewsArticle, SiteOwner
from nanjingweek.structured_data import news_article_json_ld

HOME_COUNT = 3


def latest_news(count: int = HOME_COUNT):
    """The newest public articles, for the home page: one query, run only if the page shows them."""
    return NewsArticle.objects.published().newest_first()[:count]


def news_about_event(event, count: int = HOME_COUNT):
    """The newest public articles related to an event, for its page: one query."""
    return NewsArticle.objects.published().filter(related_events=event).newest_first()[:count]


class NewsListView(ListView):
    """Newest first, ten to a page; a page that is not a number or does not exist is a 404 (Django's paginator)."""

    template_name = "news/news_list.html"
    context_object_name = "articles"
    paginate_by = 10

    def get_queryset(self):
        return NewsArticle.objects.published().newest_first()


class NewsDetailView(DetailView):
    template_name = "news/news_detail.html"
    context_object_name = "article"

    def visible_objects(self):
        """The articles this page may show: the public ones (a preview shows drafts too, views_preview.py)."""
        return NewsArticle.objects.published()

    def get_queryset(self):
        return self.visible_objects().with_related()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["structured_data"] = [
            news_article_json_ld(
                self.object, absolute_url=self.request.build_absolute_uri, publisher=SiteOwner.objects.get_solo()
            )
        ]
        context["breadcrumbs"] = trail(
            (_("News"), reverse("news:list")), (self.object.title, self.object.get_absolute_url())
        )
        return context
