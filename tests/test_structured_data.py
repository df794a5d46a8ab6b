"""Structured data that search engines accept: every JSON-LD block of every public page type, with the demo.

Checked against Google's Event rich result (required: name, startDate, location; recommended: description,
endDate, eventStatus, eventAttendanceMode, image, offers, organizer, performer), its Breadcrumb result
(position, name, item) and schema.org's Organization on partner pages.
"""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from events.demo import content
from events.models import Event, Speaker
from partners.models import Organization
from tests.factories import make_attendee, make_event
from tests.test_demo_pages import add_varied_events, all_paths, public_pages

SCHEMA = "https://schema.org/"
EVENT_TYPES = {"Event", "ExhibitionEvent"}


@pytest.fixture
def demo(demo_once, db, settings):
    settings.MEDIA_ROOT = demo_once


def json_ld(client, parse_html, path) -> list[dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    return [
        json.loads(script.text)
        for script in parse_html(response.content).find_all("script", type="application/ld+json")
    ]


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def event_problems(data: dict, *, language: str) -> list[str]:
    """What Google's Event result would flag in one Event or ExhibitionEvent, or our rules on top of it."""
    problems = []
    for name in ("name", "startDate", "location", "description", "eventStatus", "eventAttendanceMode", "image"):
        if not data.get(name):
            problems.append(f"no {name}")
    if data.get("inLanguage") != language:
        problems.append(f"inLanguage {data.get('inLanguage')}")
    location = data.get("location", {})
    address = location.get("address", {})
    if location.get("@type") != "Place" or not location.get("name") or address.get("@type") != "PostalAddress":
        problems.append(f"location {location}")
    for name in ("streetAddress", "addressLocality", "addressCountry"):
        if not address.get(name):
            problems.append(f"no address {name}")
    if not all(is_absolute(url) for url in data.get("image", [])):
        problems.append(f"image {data.get('image')}")
    if not data.get("eventStatus", "").startswith(SCHEMA) or not data.get("eventAttendanceMode", "").startswith(SCHEMA):
        problems.append("status or attendance mode not a schema.org URL")
    organizers = data.get("organizer") or [{}]
    if not all(organizer.get("name") and is_absolute(organizer.get("url", "")) for organizer in organizers):
        problems.append(f"organizer {organizers}")
    if data["@type"] == "Event":
        if not data.get("endDate"):
            problems.append("no endDate")
        offer = data.get("offers")
        if data.get("eventStatus") == f"{SCHEMA}EventCancelled":
            if offer:
                problems.append("a cancelled event offers admission")
        elif not offer:
            problems.append("no offers")
        elif not (
            offer["price"] == 0
            and offer["priceCurrency"] == "EUR"
            and offer["availability"].startswith(SCHEMA)
            and is_absolute(offer["url"])
        ):
            problems.append(f"offers {offer}")
    return problems


def test_every_page_types_json_ld_has_what_search_engines_ask_for(client, parse_html, demo):
    add_varied_events()
    Event.objects.filter(slug=content.CULTURE_DAY_SLUG).update(
        registration_required=True, registration_opens_at=timezone.now() - timedelta(days=1)
    )
    pages = public_pages()
    problems = {}
    seen = {"Event": 0, "ExhibitionEvent": 0, "Organization": 0, "BreadcrumbList": 0, "NewsArticle": 0}
    for name, path in all_paths(pages).items():
        language = path.split("/")[1]
        blocks = json_ld(client, parse_html, path)
        types = [block["@type"] for block in blocks]
        page_type = name.rsplit(" (", 1)[0]  # "news forum-report (de)" → "news forum-report"
        for block in blocks:
            assert block["@context"] == "https://schema.org", name
            seen[block["@type"]] = seen.get(block["@type"], 0) + 1
            if block["@type"] in EVENT_TYPES:
                problems.update({f"{name}: {problem}": block for problem in event_problems(block, language=language)})
            if block["@type"] == "BreadcrumbList":
                items = block["itemListElement"]
                assert [item["position"] for item in items] == list(range(1, len(items) + 1)), name
                assert all(item["name"] and is_absolute(item["item"]) for item in items), name
                assert urlsplit(items[-1]["item"]).path == path.split("?")[0], name
            if block["@type"] == "Organization":
                assert block["name"] and is_absolute(block["url"]), name
                organization = Organization.objects.get(slug=page_type.removeprefix("partner "))
                assert is_absolute(block["logo"]) if organization.logo else "logo" not in block, name
        if page_type.startswith(
            ("event ", "venue ", "city ", "exhibition ", "partner ", "news ", "speaker ", "edition ")
        ):
            assert "BreadcrumbList" in types, name
        if page_type.startswith("partner "):
            assert "Organization" in types, name
        if page_type.startswith("exhibition "):
            assert "ExhibitionEvent" in types, name
    assert problems == {}
    # Every kind was seen, in every language: the forum, the exhibition's runs, the partners, the article.
    assert all(count >= 3 for count in seen.values()), seen


def test_the_forum_names_its_speakers_organizer_and_address_in_parts(client, parse_html, demo):
    blocks = json_ld(client, parse_html, f"/de/events/{content.FORUM_SLUG}/")
    (event,) = (block for block in blocks if block["@type"] == "Event")

    assert event["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Pfaffendorfer Straße 31",
        "postalCode": "04105",
        "addressLocality": "Leipzig",
        "addressCountry": "DE",
    }
    speakers = Speaker.objects.filter(sessions__event__slug=content.FORUM_SLUG).distinct()
    assert {performer["name"] for performer in event["performer"]} == {
        speaker.name_de or speaker.name_en for speaker in speakers
    }
    assert all(performer["@type"] == "Person" for performer in event["performer"])
    assert event["inLanguage"] == "de"
    # Free, without registration: the offer is the event's own page.
    assert event["offers"]["availability"] == f"{SCHEMA}InStock"
    assert event["offers"]["url"] == f"http://testserver/de/events/{content.FORUM_SLUG}/"


def test_exhibition_runs_are_exhibition_events_with_their_days(client, parse_html, demo):
    blocks = json_ld(client, parse_html, f"/zh-hans/exhibitions/{content.EXHIBITION['slug']}/")
    runs = [block for block in blocks if block["@type"] == "ExhibitionEvent"]

    assert len(runs) == len(content.EXHIBITION["runs"])
    assert all(len(run["startDate"]) == 10 and run["startDate"] <= run["endDate"] for run in runs)
    assert {run["inLanguage"] for run in runs} == {"zh-hans"}


@pytest.mark.django_db
def test_undated_event_gets_no_event_only_its_breadcrumbs(client, parse_html):
    event = make_event(starts_at=None)

    blocks = json_ld(client, parse_html, f"/en/events/{event.slug}/")

    assert [block["@type"] for block in blocks] == ["BreadcrumbList"]


@pytest.mark.django_db
def test_offer_follows_the_live_registration_state_through_the_page_cache(client, parse_html, settings):
    settings.PAGE_CACHE_ENABLED = True
    starts_at = timezone.now() + timedelta(days=30)
    opens_at = timezone.now() - timedelta(days=1)
    event = make_event(starts_at=starts_at, registration_required=True, registration_opens_at=opens_at, capacity=1)
    path = f"/en/events/{event.slug}/"

    def offer():
        (data,) = (block for block in json_ld(client, parse_html, path) if block["@type"] == "Event")
        return data["offers"]

    before = offer()
    assert before["availability"] == f"{SCHEMA}InStock"
    assert before["url"] == f"http://testserver/en/events/{event.slug}/register/"
    assert before["validFrom"] == opens_at.astimezone(event.zone).isoformat()
    assert before["validThrough"] == event.ends_at.astimezone(event.zone).isoformat()
    assert offer() == before  # served from the cache

    make_attendee(event=event, checked_in_at=None)

    assert offer()["availability"] == f"{SCHEMA}SoldOut"


@pytest.mark.django_db
def test_postponed_event_names_the_start_it_had(client, parse_html):
    event = make_event()
    first_start = event.starts_at
    event.status = Event.Status.POSTPONED
    event.starts_at = first_start + timedelta(days=14)
    event.ends_at = event.starts_at + timedelta(hours=8)
    event.save()

    (data,) = (block for block in json_ld(client, parse_html, f"/en/events/{event.slug}/") if block["@type"] == "Event")

    assert data["eventStatus"] == f"{SCHEMA}EventPostponed"
    assert data["previousStartDate"] == first_start.astimezone(event.zone).isoformat()
    assert data["startDate"] == event.starts_at.astimezone(event.zone).isoformat()


@pytest.mark.django_db
def test_postponed_event_not_yet_moved_has_no_previous_start(client, parse_html):
    event = make_event(status=Event.Status.POSTPONED)

    (data,) = (block for block in json_ld(client, parse_html, f"/en/events/{event.slug}/") if block["@type"] == "Event")

    assert "previousStartDate" not in data
    assert data["image"] == ["http://testserver/static/img/share-default.png"]
