"""Every public page answers in all three languages, and its SQL queries do not grow with the programme."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from nanjingweek import page_clock
from partners.models import EventRole
from tests.factories import (
    BERLIN,
    make_agreement,
    make_city,
    make_comparison,
    make_edition,
    make_event,
    make_event_role,
    make_exhibit,
    make_exhibition,
    make_exhibition_run,
    make_key_figure,
    make_organization,
    make_partnership,
    make_project,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)

LANGUAGES = ["en", "de", "zh-hans"]


def build_programme(size: int):
    """An edition with `size` of everything a page lists: events, sessions, speakers, partners, exhibits."""
    edition = make_edition(is_current=True, slug="edition-2025")
    leipzig = make_city(slug="leipzig", name_en="Leipzig", name_zh_hans="莱比锡")
    nanjing = make_city(slug="nanjing", name_en="Nanjing", country="CN", timezone="Asia/Shanghai")
    venue = make_venue(slug="forum-venue", city=leipzig, latitude=Decimal("51.339"), longitude=Decimal("12.381"))
    nanjing_venue = make_venue(slug="nanjing-venue", city=nanjing)
    topic = make_topic(slug="heritage")
    organization = make_organization(slug="committee", kind="organizing_committee")
    events = []
    for index in range(size):
        event = make_event(
            slug=f"event-{index}",
            edition=edition,
            venue=venue if index % 2 == 0 else nanjing_venue,
            starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN) + timedelta(days=index % 5, hours=index),
            summary_en="A forum on heritage.",
        )
        event.topics.add(topic)
        speaker = make_speaker(slug=f"speaker-{index}", organization=make_organization(slug=f"org-{index}"))
        for session_index in range(size):
            session = make_session(event=event, title_en=f"Session {session_index}")
            session.speakers.add(speaker)
        make_event_role(event=event, organization=organization, role=EventRole.Role.ORGANIZER)
        make_event_role(event=event, organization=speaker.organization, role=EventRole.Role.SPONSOR)
        events.append(event)
    make_event(slug="announced", edition=edition, venue=venue, starts_at=None)
    make_event(slug="draft", edition=edition, venue=venue, status="draft")
    exhibition = make_exhibition(slug="city-walls", edition=edition)
    for index in range(size):
        make_exhibition_run(
            exhibition=exhibition,
            venue=venue,
            first_day=date(2025, 11, 7 + index % 20),
            last_day=date(2025, 11, 28),
            is_extension=index > 0,
        )
        make_exhibit(exhibition=exhibition, city_of_origin=nanjing if index % 2 else leipzig)
        make_comparison(exhibition=exhibition)
        make_project(organization=organization, city=nanjing, sector=topic)
        make_agreement(event=events[index % len(events)], sector=topic)
        make_key_figure(edition=edition, label_en=f"Figure {index}", value=Decimal(309 + index))
        make_key_figure(edition=edition, label_en=f"Money {index}", value=Decimal("2200000000"), currency="USD")
    make_partnership(city_a=nanjing, city_b=leipzig)
    return {
        "edition": edition,
        "event": events[0],
        "venue": venue,
        "city": leipzig,
        "exhibition": exhibition,
        "organization": organization,
    }


def page_paths(objects):
    return {
        "home": "/{lang}/",
        "schedule": "/{lang}/schedule/",
        "schedule filtered": "/{lang}/schedule/?city=leipzig&kind=forum&topic=heritage&tz=Asia/Shanghai",
        "schedule of past events": "/{lang}/schedule/?when=past&city=leipzig",
        "edition": f"/{{lang}}/editions/{objects['edition'].slug}/",
        "event": f"/{{lang}}/events/{objects['event'].slug}/",
        "event second clock": f"/{{lang}}/events/{objects['event'].slug}/?tz=Asia/Shanghai",
        "venue": f"/{{lang}}/venues/{objects['venue'].slug}/",
        "city": f"/{{lang}}/cities/{objects['city'].slug}/",
        "exhibitions": "/{lang}/exhibitions/",
        "exhibition": f"/{{lang}}/exhibitions/{objects['exhibition'].slug}/",
        "partners": "/{lang}/partners/",
        "partner": f"/{{lang}}/partners/{objects['organization'].slug}/",
        "cooperation": "/{lang}/cooperation/",
        "privacy": "/{lang}/privacy/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_answer_in_every_language(client, language):
    objects = build_programme(3)
    for name, path in page_paths(objects).items():
        response = client.get(path.format(lang=language))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode(), name


# Queries per page, the same for a programme of one and of many objects. The header's current edition costs
# none of its own: pages that know it give it to the header (nanjingweek/context_processors.py).
QUERY_BUDGET = {
    # Every edition (with its count of events held), the next events and the announced ones (one query), the
    # cities, the exhibitions and their runs, key figures, partners, news; the venues of the map of the stops.
    "home": 10,
    # Every edition, the venues' zones, the filter's cities and topics, the events, their venues and cities.
    "schedule": 7,
    "schedule filtered": 9,  # and the city and topic filtered by
    "schedule of past events": 8,
    # With its outcomes (the events that took place with their sums, investment per currency) and the venues of
    # the map of the stops.
    "edition": 10,
    # The event with the header's edition, topics, sessions, speakers with organizations, partner roles. The event
    # took place: its outcomes add four (breakdown, agreements, projects, photos), whatever their number. And one
    # for the news about the event (nanjingweek/views_news.py), however many there are.
    "event": 10,
    "event second clock": 10,
    "venue": 4,
    "city": 5,
    "exhibitions": 3,
    "exhibition": 6,
    "partners": 2,
    "partner": 4,
    "cooperation": 7,
    "privacy": 2,  # the site's owner, who is the controller
}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize("page", sorted(QUERY_BUDGET))
def test_public_page_queries_do_not_grow_with_data(client, django_assert_num_queries, size, page):
    objects = build_programme(size)
    path = page_paths(objects)[page].format(lang="de")
    with django_assert_num_queries(QUERY_BUDGET[page] + page_clock.QUERIES):
        response = client.get(path)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "header"), [("en", "Nanjing Week 2026"), ("de", "Nanjing-Woche 2026"), ("zh-hans", "南京周 2026")]
)
def test_event_page_header_names_the_current_edition_also_for_an_earlier_editions_event(
    client, django_assert_num_queries, language, header
):
    """The header's edition is loaded with the event (EventQuerySet.with_current_edition): the event's own when
    that is the current one, else the current one's names, with no query more either way."""
    current = make_edition(
        slug="edition-2026",
        name_en="Nanjing Week 2026",
        name_de="Nanjing-Woche 2026",
        name_zh_hans="南京周 2026",
        start_date=date(2999, 11, 1),
        end_date=date(2999, 11, 30),
    )
    earlier = make_edition(slug="edition-2025", name_en="Nanjing Week 2025", name_de="Nanjing-Woche 2025")
    venue = make_venue(city=make_city(slug="leipzig"))
    # Without dates, so that neither has outcomes: the two pages differ in their edition only.
    this_year = make_event(slug="this-year", edition=current, venue=venue, starts_at=None)
    last_year = make_event(slug="last-year", edition=earlier, venue=venue, starts_at=None)

    for event, clock in ((this_year, page_clock.QUERIES), (last_year, 0)):  # the moments are read once
        # The event with both editions' names, topics, sessions, partner roles, news.
        with django_assert_num_queries(5 + clock):
            response = client.get(f"/{language}/events/{event.slug}/")
        assert f'<span class="site-name__edition">{header}</span>' in response.content.decode(), event.slug


@pytest.mark.django_db
def test_draft_event_is_not_found(client):
    objects = build_programme(1)
    assert client.get("/en/events/draft/").status_code == 404
    assert client.get(f"/en/events/{objects['event'].slug}/").status_code == 200
