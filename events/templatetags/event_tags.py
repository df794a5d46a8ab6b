"""Dates, times, zones and places of events, composed in the reader's language (nanjingweek/typography.py).

On pages the times are ``<time datetime>`` elements and the zone an ``<abbr>`` with its full name; in plain-text
e-mails (autoescape off) the same tags give plain text.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale
from babel.dates import format_date
from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext
from modeltranslation.utils import build_localized_fieldname

from events import timeline
from events.models import Event
from events.registrations import RegistrationState, registration_state
from events.timezones import day_shift, utc_offset_label, zone_label, zone_long_name, zone_name, zone_title
from nanjingweek import typography
from nanjingweek.links import page_url
from nanjingweek.templatetags.site_tags import lang_attr, translated

register = template.Library()


@register.filter
def zone(moment):
    """The zone of an aware datetime as the reader's language names it after a time: 'CET', 'MEZ', '中欧标准时间'."""
    return zone_label(moment) if moment else ""


@register.filter
def utc_offset(moment):
    return utc_offset_label(moment) if moment else ""


@register.filter
def zone_display_name(zone_key):
    """A zone's name for people: 'Central European Time (Berlin)', never 'Europe/Berlin'."""
    return zone_name(zone_key) if zone_key else ""


@register.filter
def long_date(moment):
    """'7 November 2025', '7. November 2025', '2025年11月7日' — per the page's language."""
    return typography.long_date(moment) if moment else ""


@register.filter
def short_time(moment):
    return typography.clock_time(moment) if moment else ""


def _escaped(text, html):
    return conditional_escape(text) if html else text


def _time(moment, html):
    text = typography.clock_time(moment)
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(), text) if html else text


def _zone(moment, html):
    label = zone_label(moment)
    if not html:
        return label
    title = zone_title(moment)
    if label != zone_long_name(moment):
        return format_html('<abbr class="zone" title="{}">{}</abbr>', title, label)
    return format_html('<span class="zone" title="{}">{}</span>', title, label)


def _moments(start, end, html):
    """Date and time(s) of a span of time, without the zone; both dates when it runs over midnight."""
    day = _escaped(typography.long_date(start), html)
    if end is None:
        return typography.date_and_time(day, _time(start, html))
    if end.date() == start.date():
        return typography.day_and_time_range(day, _time(start, html), _time(end, html))
    return typography.moments_range(
        typography.date_and_time(day, _time(start, html)),
        typography.date_and_time(_escaped(typography.long_date(end), html), _time(end, html)),
    )


def _result(text, html):
    return mark_safe(text) if html else text  # noqa: S308 - every part was escaped


# What `when` and `second_clock` write depends on nothing but their arguments, the language and the catalogs: a
# schedule asks for the same spans on every rendering, so each text is composed once and then looked up. The keys
# hold what the text is made of (wall times, offsets and zones, not just the instants), and the whole memo is
# dropped when it grows past a bound or a test changes the languages or formats.
_TEXTS: dict[tuple, str] = {}
_TEXTS_BOUND = 20_000


def _remembered(key, compose):
    text = _TEXTS.get(key)
    if text is None:
        if len(_TEXTS) >= _TEXTS_BOUND:
            _TEXTS.clear()
        text = _TEXTS[key] = compose()
    return text


@receiver(setting_changed)
def _forget_texts(*, setting, **kwargs):
    if setting in typography.TEXT_SETTINGS:
        _TEXTS.clear()


def _wall(moment):
    """What a text shows of an aware moment: its wall time, offset and zone."""
    if moment is None:
        return None
    zone = moment.tzinfo
    key = getattr(zone, "key", None) or zone.tzname(moment)
    return (moment.replace(tzinfo=None), moment.utcoffset(), moment.dst(), key)


@register.simple_tag(takes_context=True)
def when(context, start, end=None, language=None):
    """A span of time with its date and zone, as the page's language writes it.

    '7 November 2025, 09:30–17:00 CET', '7. November 2025, 09:30–17:00 Uhr MEZ',
    '2025年11月7日 09:30—17:00（中欧标准时间）'.

    `start` and `end` are aware datetimes in the zone they are to be read in (``event.local_start``). `language`:
    the active one, for callers that know it (here and below: a list asks once rather than for every item).
    """
    if not start:
        return ""
    html = context.autoescape
    key = ("when", language or get_language(), html, _wall(start), _wall(end))
    return _remembered(key, lambda: _result(typography.with_zone(_moments(start, end, html), _zone(start, html)), html))


@register.simple_tag(takes_context=True)
def event_when(context, event, language=None):
    """When the event takes place (`when`), else the period it was announced for, else "Date to be announced".

    A tag rather than an include: lists write it for every event, and an include costs a template rendering each.
    """
    if event.is_dated:
        return when(context, event.local_start, event.local_end, language)
    if event.announced_period:
        return translated(event, "announced_period", language)
    return gettext("Date to be announced")


@register.simple_tag
def event_status(event):
    """The badge of a cancelled or postponed event; nothing for one that takes place as planned."""
    if event.status == "cancelled":
        return format_html('<strong class="badge badge--cancelled">{}</strong>', pgettext("event", "Cancelled"))
    if event.status == "postponed":
        return format_html('<strong class="badge badge--postponed">{}</strong>', pgettext("event", "Postponed"))
    return ""


@register.simple_tag(takes_context=True)
def times(context, start, end, local_zone):
    """The times of an agenda session in the venue's zone, without a date: '09:30–10:15', '09:30–10:15 Uhr'."""
    if not start:
        return ""
    html = context.autoescape
    start = start.astimezone(local_zone)
    if end is None:
        return _result(typography.at_time(_time(start, html)), html)
    return _result(typography.time_range(_time(start, html), _time(end.astimezone(local_zone), html)), html)


@register.simple_tag(takes_context=True)
def second_clock(context, start, end, other_zone, local_zone, language=None):
    """The same span on the reader's second clock, with the days it falls on marked.

    'China Standard Time: 16:30–00:00 (ends the next day)' / '中国标准时间：16:30—00:00（次日结束）'. Day shifts
    count from the venue's dates: a time is "next day" when its date there is later than at the venue.
    """
    if not start or not other_zone:
        return ""
    html = context.autoescape
    key = ("second_clock", language or get_language(), html, _wall(start), _wall(end), str(other_zone), str(local_zone))
    return _remembered(key, lambda: _second_clock(start, end, other_zone, local_zone, html))


def _second_clock(start, end, other_zone, local_zone, html):
    other_start, local_start = start.astimezone(other_zone), start.astimezone(local_zone)
    other_end = end.astimezone(other_zone) if end else None
    local_end = end.astimezone(local_zone) if end else None
    if other_end is None:
        shift = day_shift(other_start, local_start)
        text = typography.on_other_days(typography.at_time(_time(other_start, html)), shift, shift)
    elif local_start.date() == local_end.date():
        span = typography.time_range(_time(other_start, html), _time(other_end, html))
        text = typography.on_other_days(
            span, day_shift(other_start, local_start), day_shift(other_end, local_end)
        ) or _moments(other_start, other_end, html)
    else:
        # Over several days the reader needs the dates anyway: write them out in the other zone.
        text = _moments(other_start, other_end, html)
    text = typography.labelled(_escaped(zone_long_name(other_start), html), text)
    if html:
        return format_html('<span class="second-clock">{}</span>', mark_safe(text))  # noqa: S308 - escaped parts
    return text


@register.simple_tag(takes_context=True)
def venue_place(context, venue, link=True, plain=False, language=None):
    """Venue and city: 'House of Bavarian Business, Munich' — the city only where the name does not say it.

    Names are links and carry ``lang`` where they fall back to another language; ``plain=True`` gives bare
    (escaped) text for attributes such as a meta description.
    """
    html = context.autoescape
    # A list names the same few venues again and again: each is composed once per page (the root of the render
    # context lives as long as the page's rendering, as for Django's {% include %}).
    if venue.pk is None:
        return _venue_place(venue, link, plain, html)
    key = ("venue_place", venue.pk, venue.city_id, link, plain, html, language or get_language())
    memo = context.render_context.dicts[0]
    if key not in memo:
        memo[key] = _venue_place(venue, link, plain, html)
    return memo[key]


def _venue_place(venue, link, plain, html):
    if html and not plain:
        place, city = translated(venue, "name"), translated(venue.city, "name")
        if link:
            place = format_html('<a href="{}">{}</a>', venue.get_absolute_url(), place)
            city = format_html('<a href="{}">{}</a>', venue.city.get_absolute_url(), city)
    else:
        place, city = venue.name, venue.city.name
    if venue.names_its_city:
        return place
    return _result(typography.place_in_city(_escaped(place, html), _escaped(city, html)), html)


@register.simple_tag(takes_context=True)
def clock_url(context, url):
    """`url` with the visitor's second clock kept (``?tz=…``), so the choice follows them from page to page."""
    return _with_query(url, context.get("clock_query"))


def _with_query(url, query):
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


@register.simple_tag(takes_context=True)
def event_badge(context, event):
    """Where the event stands at the page's moment, as a badge: happening now, today (at its venue, not begun yet)
    or took place (`events.timeline.badge`). The moment is the view's `now`, else the clock's; nothing for an
    event still to come on another day, or cancelled or postponed (includes/event_status.html marks those)."""
    return _badge(event, context.get("now") or timeline.now())


def _badge(event, now):
    badge = timeline.badge(event, now)
    if badge is None:
        return ""
    return format_html('<strong class="badge badge--{}">{}</strong>', badge.key, badge.label)


def _escape(text) -> str:
    """conditional_escape for the card's parts, most of which come escaped already."""
    return text if not text or isinstance(text, SafeString) else conditional_escape(text)


@register.simple_tag(takes_context=True)
def event_cards(context, events):
    """Events in a list (schedule, home, venue, city pages), each an ``<li>`` with its card: title, state, when
    (and on the second clock), where, and the summary.

    Written here rather than in a template because a schedule shows hundreds of cards, and a template spends more
    on its loop, tags and includes than on what they write: this is the markup of each card, composed by the same
    tags as the rest of the page (a time span, a second clock, a badge, a place), with what every card of the list
    shares (language, moment, second clock, the words of kinds, states and date badges) read once. For HTML pages
    only. The events come from `EventQuerySet.for_cards` (their seats counted, for the "full" badge).
    """
    cards = _CardList.of_page(context)
    return mark_safe("".join([f"<li>{cards.card(event)}</li>" for event in events]))  # noqa: S308 - escaped parts


_SLUG_MARK = "event-slug"


class _CardList:
    """What the cards of a page share, composed once: a schedule of 300 events names a dozen kinds, a few states and
    a week of days, and a translation or a date format asked for on every card would cost more than the card. Kept
    in the root of the render context, which lives as long as the page's rendering (as `venue_place`'s memo)."""

    def __init__(self, context):
        self.context = context
        self.language = get_language()
        self.now = context.get("now") or timeline.now()
        self.second_zone = context.get("second_zone")
        self.clock_query = context.get("clock_query")
        # Django's get_kind_display hashes every choice's lazy label, translating each, for every card.
        self._kinds = {value: conditional_escape(label) for value, label in Event.Kind.choices}
        self._date_badges: dict = {}
        self._badges: dict = {}
        self._own = {name: build_localized_fieldname(name, self.language) for name in ("title", "summary")}
        # An event's address is its slug in the same path each time (Event.get_absolute_url); a slug is ASCII
        # letters, digits, hyphens and underscores, which a URL writes as they are.
        self._path_around_slug = page_url("events:detail", slug=_SLUG_MARK).split(_SLUG_MARK)

    @classmethod
    def of_page(cls, context) -> _CardList:
        memo = context.render_context.dicts[0]
        key = (
            "event_cards",
            get_language(),
            context.get("now"),
            context.get("second_zone"),
            context.get("clock_query"),
        )
        cards = memo.get(key)
        if cards is None or cards.context is not context:
            cards = memo[key] = cls(context)
        return cards

    def kind(self, event) -> str:
        return self._kinds.get(event.kind) or conditional_escape(event.kind)

    def badges(self, event) -> str:
        """The state badges after the title: cancelled or postponed, else where the event stands now, and "full"
        when registration is open but every seat is taken."""
        status = event.status
        if status != "published":
            key = status
        else:
            badge = timeline.badge(event, self.now)
            key = (badge.key if badge else None, _is_full(event, self.now))
        text = self._badges.get(key)
        if text is None:
            if status != "published":
                text = conditional_escape(event_status(event))
            else:
                parts = [_badge(event, self.now)]
                if key[1]:
                    parts.append(
                        format_html(
                            '<strong class="badge badge--full">{}</strong>',
                            pgettext("event badge", "Full – waiting list"),
                        )
                    )
                text = " ".join(conditional_escape(part) for part in parts if part)
            self._badges[key] = text
        return text

    def date_badge(self, day) -> str:
        text = self._date_badges.get(day)
        if text is None:
            text = self._date_badges[day] = _date_badge(day, self.language)
        return text

    def card(self, event) -> str:
        context, language, escape = self.context, self.language, _escape
        # A text in the page's language is shown as it is; one that falls back is marked with its language.
        title = getattr(event, self._own["title"])
        title = conditional_escape(title) if title else escape(translated(event, "title", language))
        before, after = self._path_around_slug
        url = conditional_escape(_with_query(f"{before}{event.slug}{after}", self.clock_query))
        if event.is_dated:
            start = event.local_start
            meta = escape(when(context, start, event.local_end, language))
            if self.second_zone:
                meta += "<br>" + escape(
                    second_clock(context, event.starts_at, event.ends_at, self.second_zone, start.tzinfo, language)
                )
            date_badge = self.date_badge(start.date())
        else:
            meta = escape(event_when(context, event, language))
            date_badge = ""
        summary = getattr(event, self._own["summary"])
        if summary:
            summary = f"<p>{conditional_escape(summary)}</p>"
        elif event.summary:
            summary = f"<p{escape(lang_attr(event, 'summary', language))}>{escape(event.summary)}</p>"
        return (
            f'<article class="event-card{" event-card--cancelled" if event.status == "cancelled" else ""}">\n'
            f"  {date_badge}"
            '<div class="event-card__body">\n'
            f'  <p class="event-card__kind">{self.kind(event)}</p>\n'
            f'  <h3 class="event-card__title"><a href="{url}">{title}</a> {self.badges(event)}</h3>\n'
            f'  <p class="event-card__meta">{meta}<br>\n'
            f"    {escape(venue_place(context, event.venue, language=language))}</p>\n"
            f"  {summary or ''}\n"
            "</div></article>"
        )


def _is_full(event, now) -> bool:
    """Whether registration is open but every seat is taken (new confirmations go to the waiting list)."""
    if not event.registration_required or event.capacity is None:
        return False
    state = registration_state(event, confirmed_count=event.confirmed_count, now=now)
    return state.code == RegistrationState.FULL


def _date_badge(day, language) -> str:
    """The day and month of the event's start at its venue, big enough to find a date while scrolling, in the order
    and the words the language writes them (CLDR's month-and-day pattern): '24 Dec', '24. Dez.', '12月 24日'. The
    card's text says the same in full, so screen readers skip the badge."""
    locale = typography.format_locale(language)
    parts = [
        format_html('<span class="date-badge__{}">{}</span>', name, format_date(day, pattern, locale=locale))
        for name, pattern in _month_day_parts(str(locale))
    ]
    return format_html('<time class="date-badge" datetime="{}" aria-hidden="true">{}{}</time>', day.isoformat(), *parts)


_FIELD = re.compile(r"([dLM])\1*")


@cache
def _month_day_parts(locale_name: str) -> tuple[tuple[str, str], ...]:
    """The locale's pattern for a day and an abbreviated month cut in two, each field with what follows it:
    ('day', 'd.'), ('month', 'MMM') in German; ('month', 'MMM'), ('day', 'd') in American English; ('month',
    'M月'), ('day', 'd日') in Chinese. Quoted literals are dropped: the badge shows the two fields only."""
    pattern = Locale.parse(locale_name).datetime_skeletons["MMMd"].pattern
    pattern = re.sub(r"'[^']*'", "", pattern)
    fields = list(_FIELD.finditer(pattern))
    parts = []
    for number, field in enumerate(fields):
        end = fields[number + 1].start() if number + 1 < len(fields) else len(pattern)
        name = "day" if field.group(1) == "d" else "month"
        parts.append((name, pattern[field.start() : end].strip()))
    return tuple(parts)
