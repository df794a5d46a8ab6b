"""The news as an Atom feed per language (`/<lang>/news/feed/`), with Django's syndication framework.

The feed carries its language (``xml:lang`` on the feed), absolute links, each article's lead as the
summary and its whole text, cleaned as on the page (nanjingweek/html.py), as the content.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from nanjingweek.models import NewsArticle, SiteOwner
from nanjingweek.typography import labelled

FEED_LENGTH = 20


class NewsAtomFeed(Atom1Feed):
    """Atom with each entry's full text in <content type="html">, which Django's Atom1Feed leaves out."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})


class NewsFeed(Feed):
    feed_type = NewsAtomFeed

    def get_object(self, request, *args, **kwargs):
        # The feed's author is the site's owner, when the record is entered.
        return SiteOwner.objects.get_solo()

    def title(self):
        return labelled(_("China Nanjing Week"), _("News"))

    def subtitle(self):
        return _("Press releases and reports of China Nanjing Week.")

    def link(self):
        return reverse("news:list")

    def feed_url(self):
        return reverse("news:feed")

    def author_name(self, owner):
        return owner.name if owner is not None else _("China Nanjing Week")

    def items(self):
        return NewsArticle.objects.published().newest_first()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Atom's summary is HTML (type="html"): the lead is plain text, so it is escaped here.
        return escape(article.lead)

    def item_link(self, article):
        return article.get_absolute_url()

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return max(article.updated_at, article.published_at)

    def item_extra_kwargs(self, article):
        return {"content": str(article.body_html)}
