"""The trail from the home page to a page below it, shown above its heading and given to search engines as a
schema.org BreadcrumbList (nanjingweek/structured_data.py): the same list for both, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # a path; made absolute for search engines


def trail(*crumbs: tuple[str, str]) -> list[Crumb]:
    """Home, then each (name, path) down to the page itself, which comes last."""
    return [Crumb(_("Home"), reverse("home")), *(Crumb(name, url) for name, url in crumbs)]
