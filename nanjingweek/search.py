"""Search across the programme in any of its three languages: what is searched, and how.

A query finds events, exhibitions, exhibits, partners, speakers and news by any word of their text in any
language: every translated text column (modeltranslation's ``title_en``, ``title_de``, ``title_zh_hans`` …)
but the images' alt texts. Matching is a case-insensitive substring (``icontains``), the same on SQLite and
PostgreSQL: Chinese is written without spaces, and PostgreSQL's full-text parser does not segment it, so
文化遗产 must be found inside 文化遗产保护与旅游创新论坛; a trigram index would need the ``pg_trgm`` extension (a
migration) and would only make the same matching faster. Each word of the query must occur somewhere in the
object (in any language, in any column); objects whose title holds all the words come first.

The ORM escapes ``%`` and ``_`` in ``icontains``; the query is cleaned of control characters first (PostgreSQL
refuses NUL in text) and capped in length. Each kind costs one query whatever it finds: the first results and,
by a window function over the same query, how many there are in all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, IntegerField, Q, Value, When, Window
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

MAX_QUERY_LENGTH = 200
RESULTS_PER_GROUP = 20

# Characters that are no text: controls (NUL among them), format marks (bidirectional overrides, zero-width
# spaces), lone surrogates, private-use and unassigned code points.
_NOT_TEXT = {"Cc", "Cf", "Cs", "Co", "Cn"}
_SPACES = re.compile(r"\s+")


class QueryTooLong(ValueError):
    """The query is longer than MAX_QUERY_LENGTH characters: it is not searched."""


def clean_query(raw: str | None) -> str:
    """The query as it is searched: NFC, without characters that are no text, runs of space as one space.

    Raises QueryTooLong when what remains is longer than MAX_QUERY_LENGTH.
    """
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join(" " if char.isspace() else char for char in text if unicodedata.category(char) not in _NOT_TEXT)
    text = _SPACES.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryTooLong(text)
    return text


def query_terms(query: str) -> list[str]:
    """The words each of which a result must contain, once each, in the order given.

    Not case-folded here: the database compares without case, and folding would change words ("Straße" would
    become "strasse", which the text does not contain)."""
    return list(dict.fromkeys(query.split()))


def searched_columns(model: type[models.Model], fields: tuple[str, ...] | None = None) -> list[str]:
    """The database columns of `model`'s translated text fields in every language (or of `fields` only).

    Alt texts describe images, not the object, and are left out.
    """
    options = translator.get_options_for_model(model)
    names = fields if fields is not None else [name for name in options.all_fields if not name.endswith("_alt")]
    return [build_localized_fieldname(name, code) for name in names for code, _name in settings.LANGUAGES]


def _any_column(columns: list[str], term: str) -> Q:
    return reduce(or_, (Q(**{f"{column}__icontains": term}) for column in columns))


def _all_terms(columns: list[str], terms: list[str]) -> Q:
    return reduce(and_, (_any_column(columns, term) for term in terms))


@dataclass(frozen=True)
class Kind:
    """One group of results: a kind of object, the objects visitors may see, and how they are shown."""

    key: str
    label: str
    visible: Callable[[], models.QuerySet]
    title_field: str
    # Shown under the title: the first of these with text in the page's language (or its fallback).
    snippet_fields: tuple[str, ...] = ()
    # Ranked after the title and before the rest: short texts that say what the object is.
    prominent_fields: tuple[str, ...] = ()

    def search(self, terms: list[str], limit: int) -> KindResults:
        """The first `limit` objects that contain every term, titles first, and their number: one query."""
        queryset = self.visible()
        columns = searched_columns(queryset.model)
        title_match = _all_terms(searched_columns(queryset.model, (self.title_field,)), terms)
        ranks = [When(title_match, then=Value(0))]
        if self.prominent_fields:
            ranks.append(
                When(_all_terms(searched_columns(queryset.model, self.prominent_fields), terms), then=Value(1))
            )
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        found = (
            queryset.filter(_all_terms(columns, terms))
            .annotate(
                search_rank=Case(*ranks, default=Value(2), output_field=IntegerField()),
                search_total=Window(Count("pk")),
            )
            .order_by("search_rank", *ordering)[:limit]
        )
        objects = list(found)
        return KindResults(
            kind=self,
            hits=[Hit.of(self, obj) for obj in objects],
            count=objects[0].search_total if objects else 0,
        )


@dataclass(frozen=True)
class Hit:
    object: models.Model
    title_field: str
    snippet_field: str
    snippet: str

    @classmethod
    def of(cls, kind: Kind, obj: models.Model) -> Hit:
        snippet_field = next((field for field in kind.snippet_fields if getattr(obj, field, "")), "")
        return cls(obj, kind.title_field, snippet_field, getattr(obj, snippet_field, "") if snippet_field else "")


@dataclass(frozen=True)
class KindResults:
    kind: Kind
    hits: list[Hit]
    count: int

    @property
    def more(self) -> int:
        """How many were found beyond those shown."""
        return self.count - len(self.hits)


def _events():
    from events.models import Event

    return Event.objects.published().with_venue()


def _exhibitions():
    from exhibitions.models import Exhibition

    return Exhibition.objects.published()


def _exhibits():
    from exhibitions.models import Exhibit

    return Exhibit.objects.filter(exhibition__is_published=True).select_related("exhibition", "city_of_origin")


def _partners():
    from partners.models import Organization

    return Organization.objects.select_related("city")


def _speakers():
    from events.models import Speaker

    return Speaker.objects.public().select_related("organization")


def _news():
    from nanjingweek.models import NewsArticle

    return NewsArticle.objects.published()


KINDS = (
    Kind(
        "events",
        _("Events"),
        _events,
        "title",
        snippet_fields=("subtitle", "summary"),
        prominent_fields=("subtitle", "theme", "summary"),
    ),
    Kind("exhibitions", _("Exhibitions"), _exhibitions, "title", snippet_fields=("description",)),
    Kind("exhibits", _("Exhibits"), _exhibits, "title", snippet_fields=("period", "description")),
    Kind("partners", _("Partners"), _partners, "name", snippet_fields=("description",)),
    Kind("speakers", _("Speakers"), _speakers, "name", snippet_fields=("bio",), prominent_fields=("role",)),
    Kind(
        "news",
        _("News"),
        _news,
        "title",
        snippet_fields=("lead",),
        prominent_fields=("lead",),
    ),
)


def searched_kinds() -> list[Kind]:
    """The kinds this site searches, in the order the results page shows them. Asks the database nothing."""
    return list(KINDS)


def search(query: str, *, limit: int = RESULTS_PER_GROUP) -> list[KindResults]:
    """Every kind's results for a cleaned query (clean_query), kinds with nothing found included: one query
    per kind. Nothing is searched for an empty query."""
    terms = query_terms(query)
    if not terms:
        return []
    return [kind.search(terms, limit) for kind in KINDS]
