"""The preview pages (nanjingweek/previews.py): each kind's public detail view, with drafts, marked as a preview.

Thin: the public views render the page with their own templates and code; `PreviewMixin` only widens what they
may find and says on the page that it is a preview. The responses are private and not for search engines.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.cache import patch_cache_control

from events.models import Event
from events.views import EventDetailView
from exhibitions.models import Exhibition
from exhibitions.views import ExhibitionDetailView
from nanjingweek import previews
from nanjingweek.models import NewsArticle
from nanjingweek.views import render_error_page
from nanjingweek.views_news import NewsDetailView


@dataclass(frozen=True)
class PagePreview:
    """What base.html's preview banner says: whether visitors see the object already, and where."""

    is_public: bool
    public_url: str


class PreviewMixin:
    """Put before a public DetailView: finds drafts too (by primary key, as the URL gives it) and marks the page."""

    def visible_objects(self):
        return self.model._default_manager.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj = self.object
        context["page_preview"] = PagePreview(is_public=previews.is_public(obj), public_url=obj.get_absolute_url())
        return context


class EventPreviewView(PreviewMixin, EventDetailView):
    model = Event


class NewsPreviewView(PreviewMixin, NewsDetailView):
    model = NewsArticle


class ExhibitionPreviewView(PreviewMixin, ExhibitionDetailView):
    model = Exhibition


VIEWS = {
    "event": EventPreviewView.as_view(),
    "news": NewsPreviewView.as_view(),
    "exhibition": ExhibitionPreviewView.as_view(),
}


def staff_preview(request, kind: str, pk: int):
    """/<lang>/preview/<kind>/<pk>/: for staff with view permission on the model; a plain 404 for anyone else."""
    preview_kind = previews.KINDS.get(kind)
    if preview_kind is None or not previews.may_preview(request, preview_kind):
        raise Http404
    return private(VIEWS[kind](request, pk=pk))


def link_preview(request, token: str):
    """/<lang>/preview/<token>/: a proofreading link, for anyone holding it until it expires."""
    try:
        kind, pk = previews.read_token(token)
    except previews.PreviewLinkExpired:
        return private(render_error_page(request, "previews/link_expired.html", 410))
    except previews.PreviewLinkInvalid:
        return private(render_error_page(request, "previews/link_invalid.html", 404))
    return private(VIEWS[kind.name](request, pk=pk))


def private(response):
    """Kept by no cache, shared or not (a proofreading link is a secret), and by no search engine."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response
