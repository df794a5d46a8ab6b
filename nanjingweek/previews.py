"""Previews: a draft event, news article or exhibition shown as the public will see it, before it is published.

Two ways in, both to the public detail view of the object with drafts included (nanjingweek/views_preview.py):

- `/<lang>/preview/<kind>/<pk>/` for staff who may view that model in the admin. Anyone else gets the plain 404
  a visitor gets for a draft: the address tells nobody that something is there.
- `/<lang>/preview/<token>/`, a proofreading link the organizer copies from the admin and sends to someone outside
  the team. The token signs the kind, the primary key and the time it was made (Django's TimestampSigner, with a
  salt of its own so no other signed value of the site can stand in for it); it works without a login for
  PREVIEW_LINK_MAX_AGE seconds. It never names the slug: a draft's slug may still change.

The language is the address's prefix, so the language switcher keeps the preview. Either way the page is marked as a
preview, kept out of search engines and of every cache (the page cache never sees it: its URLs are not wrapped in
`public_page`), and never listed in the sitemap, which lists what `published()` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

SALT = "nanjingweek.previews.proofreading-link"


@dataclass(frozen=True)
class PreviewKind:
    """What can be previewed: `name` is the word in the URL and the token."""

    name: str
    model_label: str

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)

    @property
    def view_permission(self) -> str:
        opts = self.model._meta
        return f"{opts.app_label}.view_{opts.model_name}"


KINDS = {
    kind.name: kind
    for kind in (
        PreviewKind("event", "events.Event"),
        PreviewKind("news", "nanjingweek.NewsArticle"),
        PreviewKind("exhibition", "exhibitions.Exhibition"),
    )
}


class PreviewLinkExpired(Exception):
    """A proofreading link that was genuine but is older than PREVIEW_LINK_MAX_AGE."""


class PreviewLinkInvalid(Exception):
    """A proofreading link that this site did not make: cut short, changed, or signed for something else."""


def kind_of(obj: models.Model) -> PreviewKind:
    for kind in KINDS.values():
        if isinstance(obj, kind.model):
            return kind
    raise LookupError(f"{type(obj).__name__} has no preview")


def may_preview(request, kind: PreviewKind) -> bool:
    """Whether the request comes from someone who may open the staff preview: whoever the admin lets in
    (active staff, two-factor login where required) with view permission on the kind's model."""
    return admin.site.has_permission(request) and request.user.has_perm(kind.view_permission)


def is_public(obj: models.Model) -> bool:
    """Whether visitors see the object now; the model's own `published()` decides, as on the public pages."""
    return type(obj).objects.published().filter(pk=obj.pk).exists()


def make_token(obj: models.Model) -> str:
    """A signed token naming the object's kind and primary key, dated now."""
    return signing.TimestampSigner(salt=SALT).sign(f"{kind_of(obj).name}.{obj.pk}")


def read_token(token: str) -> tuple[PreviewKind, int]:
    """The kind and primary key a token names. Raises PreviewLinkExpired or PreviewLinkInvalid."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        value = signer.unsign(token, max_age=timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE))
    except signing.SignatureExpired as error:
        raise PreviewLinkExpired from error
    except signing.BadSignature as error:
        raise PreviewLinkInvalid from error
    name, _dot, pk = value.partition(".")
    if name not in KINDS or not pk.isdigit():
        raise PreviewLinkInvalid  # signed by this site with this salt, so never expected; refused all the same
    return KINDS[name], int(pk)


def staff_url(obj: models.Model, language: str) -> str:
    """The staff preview's path in `language`."""
    with translation.override(language):
        return reverse("preview:staff", kwargs={"kind": kind_of(obj).name, "pk": obj.pk})


def link_url(obj: models.Model, language: str, *, token: str | None = None) -> str:
    """A proofreading link in `language`, absolute (on SITE_URL), to be sent by e-mail or chat."""
    with translation.override(language):
        path = reverse("preview:link", kwargs={"token": token or make_token(obj)})
    return settings.SITE_URL.rstrip("/") + path


def link_expires(now: datetime | None = None) -> datetime:
    """When a proofreading link made now stops working."""
    return (now or timezone.now()) + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE)
