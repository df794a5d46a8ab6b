"""The public JSON API (nanjingweek/api/): each resource in the language asked for with the fallback marked,
only published content, the schedule's filters and `updated_since`, pagination, the page cache's ETag and 304,
constant queries, and an OpenAPI document that the answers match (schemathesis)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from events.models import Event
from nanjingweek import page_clock
from tests.browser.tools import validate_html
from tests.factories import (
    make_city,
    make_edition,
    make_event,
    make_event_role,
    make_exhibition,
    make_exhibition_run,
    make_key_figure,
    make_news_article,
    make_organization,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)
from tests.test_third_party import foreign_urls

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json"), response.content[:300]
    return response, response.json()


def test_an_event_in_german_marks_the_fields_shown_in_english(client):
    city = make_city(slug="nanjing", name_en="Nanjing", name_de="Nanking", timezone="Asia/Shanghai", country="CN")
    venue = make_venue(slug="hall", name_en="Hall", city=city)
    make_event(
        slug="forum",
        title_en="Forum",
        title_de="Forum (de)",
        summary_en="In English only",
        venue=venue,
        starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=SHANGHAI),
    )

    response, data = get(client, "/api/v1/events?lang=de")

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    (event,) = data["items"]
    assert (event["language"], event["title"], event["summary"]) == ("de", "Forum (de)", "In English only")
    assert event["fallback"] == ["summary"]
    assert event["time"] == {
        "start": "2025-11-07T09:30:00+08:00",
        "end": "2025-11-07T17:30:00+08:00",
        "time_zone": "Asia/Shanghai",
    }
    assert event["venue"]["city"] | {"url": ""} == {
        "language": "de",
        "fallback": [],
        "slug": "nanjing",
        "name": "Nanking",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "url": "",
    }
    assert "name" in event["venue"]["fallback"]  # the hall has only its English name
    assert event["url"] == "http://testserver/de/events/forum/"


def test_the_language_comes_from_accept_language_without_lang_and_the_answers_vary_by_it(client):
    make_event(title_en="Forum", title_zh_hans="论坛")

    chinese, chinese_data = get(client, "/api/v1/events", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    english, english_data = get(client, "/api/v1/events", HTTP_ACCEPT_LANGUAGE="fr")
    asked, asked_data = get(client, "/api/v1/events?lang=en", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert (chinese_data["items"][0]["language"], chinese_data["items"][0]["title"]) == ("zh-hans", "论坛")
    assert "论坛".encode() in chinese.content  # as UTF-8, not \u escapes
    assert (english_data["items"][0]["language"], english_data["items"][0]["title"]) == ("en", "Forum")
    assert asked_data["items"][0]["title"] == "Forum"
    assert "Accept-Language" in chinese["Vary"]
    assert chinese["ETag"] != english["ETag"]


def test_drafts_never_appear(client):
    published = make_event(slug="published")
    draft = make_event(slug="draft", status=Event.Status.DRAFT)
    make_exhibition(slug="hidden", is_published=False)
    make_news_article(slug="unpublished", status="draft")

    _response, events = get(client, "/api/v1/events")
    missing, _data = get(client, f"/api/v1/events/{draft.slug}")

    assert [event["slug"] for event in events["items"]] == [published.slug]
    assert missing.status_code == 404
    assert get(client, "/api/v1/exhibitions")[1]["items"] == []
    assert get(client, "/api/v1/news")[1]["items"] == []


def test_an_events_detail_has_its_agenda_and_speakers(client):
    event = make_event(slug="forum")
    speaker = make_speaker(slug="zhang-san", name_en="Zhang San")
    session = make_session(event=event, title_en="Opening", starts_at=event.starts_at, ends_at=event.starts_at)
    session.speakers.add(speaker)
    make_session(event=make_event(status=Event.Status.DRAFT), title_en="Secret").speakers.add(
        make_speaker(slug="hidden")
    )

    _response, data = get(client, "/api/v1/events/forum")
    _response, speakers = get(client, "/api/v1/speakers")

    assert [(s["title"], s["speakers"], s["time"]["time_zone"]) for s in data["sessions"]] == [
        ("Opening", ["zhang-san"], "Europe/Berlin")
    ]
    assert [s["slug"] for s in speakers["items"]] == ["zhang-san"]


def test_the_schedules_filters_and_updated_since(client):
    tourism = make_topic(slug="tourism")
    leipzig = make_city(slug="leipzig")
    in_leipzig = make_event(slug="in-leipzig", venue=make_venue(city=leipzig))
    in_leipzig.topics.add(tourism)
    make_event(slug="elsewhere", kind=Event.Kind.WORKSHOP)
    old = timezone.now() - timedelta(days=3)
    Event.objects.filter(slug="elsewhere").update(updated_at=old)

    def slugs(query):
        response, data = get(client, f"/api/v1/events?{query}")
        assert response.status_code == 200, data
        return [event["slug"] for event in data["items"]]

    assert slugs("city=leipzig") == ["in-leipzig"]
    assert slugs("topic=tourism") == ["in-leipzig"]
    assert slugs("kind=workshop") == ["elsewhere"]
    since = (old + timedelta(days=1)).isoformat()
    assert slugs(f"updated_since={since.replace('+', '%2B')}") == ["in-leipzig"]
    # The "+" of the offset sent unencoded, as a space: understood all the same.
    assert sorted(slugs(f"updated_since={(old - timedelta(seconds=1)).isoformat()}")) == [
        "elsewhere",
        "in-leipzig",
    ]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=2025-11-07T09:30:00", "updated_since"),  # no offset: which zone would it be?
        ("city=atlantis", "city"),
        ("edition=nope", "edition"),
        ("limit=0", "limit"),
        ("lang=fr", "lang"),
    ],
)
def test_a_bad_parameter_is_a_422_that_names_it(client, query, parameter):
    response, data = get(client, f"/api/v1/events?{query}", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 422
    assert [problem["parameter"] for problem in data["errors"]] == [parameter]
    assert all(problem["message"] for problem in data["errors"])


def test_pagination_gives_the_count_and_the_next_page(client):
    for day in range(3):
        make_event(slug=f"day-{day}", starts_at=datetime(2025, 11, 7 + day, 9, tzinfo=BERLIN))

    _response, first = get(client, "/api/v1/events?limit=2")
    _response, second = get(client, first["next"].removeprefix("http://testserver"))

    assert (first["count"], [e["slug"] for e in first["items"]], first["previous"]) == (3, ["day-0", "day-1"], None)
    assert ([e["slug"] for e in second["items"]], second["next"]) == (["day-2"], None)
    assert "offset=0" in second["previous"]


def test_an_unchanged_answer_is_a_304_and_a_change_is_seen_at_once(client):
    event = make_event(title_en="Before")
    response, _data = get(client, "/api/v1/events")

    again = client.get("/api/v1/events", HTTP_IF_NONE_MATCH=response["ETag"])
    head = client.head("/api/v1/events")
    event.title_en = "After"
    event.save()
    changed = client.get("/api/v1/events", HTTP_IF_NONE_MATCH=response["ETag"])

    assert response["ETag"].startswith('W/"')
    assert "public" in response["Cache-Control"]
    assert again.status_code == 304
    assert (head.status_code, head["ETag"], head.content) == (200, response["ETag"], b"")
    assert changed.status_code == 200
    assert changed.json()["items"][0]["title"] == "After"


def make_programme(count):
    """`count` of every resource, each with what its answer shows: venue, city, topics, runs, organization."""
    edition = make_edition()
    organization = make_organization(city=make_city())
    for number in range(count):
        event = make_event(edition=edition)
        event.topics.add(make_topic())
        make_session(event=event).speakers.add(make_speaker(organization=organization))
        make_exhibition_run(exhibition=make_exhibition(edition=edition, is_published=True))
        make_key_figure(edition=edition)
        make_news_article(slug=f"news-{number}")
        make_organization(city=make_city())


LISTS = ["events", "editions", "cities", "venues", "speakers", "exhibitions", "partners", "key-figures", "news"]


@pytest.mark.parametrize("count", [1, 4])
def test_each_list_costs_the_same_queries_for_one_and_many(count, django_assert_num_queries):
    make_programme(count)
    budgets = {"events": 3, "editions": 3, "exhibitions": 3}  # the page, its count, and one prefetch or lookup
    for name in LISTS:
        client = Client()
        with django_assert_num_queries(budgets.get(name, 2) + page_clock.QUERIES):
            response = client.get(f"/api/v1/{name}")
        assert response.status_code == 200, (name, response.content[:300])
        assert response.json()["count"] >= (1 if name == "editions" else count)
        page_clock_reset()


@pytest.mark.parametrize("count", [1, 4])
def test_an_events_detail_costs_the_same_queries_for_a_short_and_a_long_agenda(count, django_assert_num_queries):
    event = make_event(slug="forum")
    for _number in range(count):
        make_session(event=event).speakers.add(make_speaker(), make_speaker())
        make_event_role(event=event)
        event.topics.add(make_topic())

    # The event with venue, city and edition; its topics, sessions, their speakers, and its partners' roles.
    with django_assert_num_queries(5 + page_clock.QUERIES):
        response = Client().get("/api/v1/events/forum")

    assert response.status_code == 200
    assert len(response.json()["sessions"]) == len(response.json()["partners"]) == count


def page_clock_reset():
    """The page clock reads its moments once per content version; a new version makes each count the same."""
    from nanjingweek import content_version

    content_version.bump(content_version.CONTENT)


# --- The OpenAPI document ------------------------------------------------------------------------------------------


def test_the_openapi_document_is_openapi_3_and_names_every_operation(client):
    response, document = get(client, "/api/v1/openapi.json")

    schema = schemathesis.openapi.from_dict(document)
    assert document["openapi"].startswith("3.")
    # ok() raises for an operation schemathesis could not read from the document.
    assert {result.ok().label for result in schema.get_all_operations()} == {
        "GET /api/v1/",
        *(f"GET /api/v1/{name}" for name in LISTS),
        "GET /api/v1/events/{slug}",
    }


@pytest.fixture
def api_schema(db):
    """The OpenAPI document as the API serves it, with a small programme for the answers to be about."""
    make_programme(1)
    make_event(slug="undated", starts_at=None)
    # As Django's test client does: the end of a request must not close the connection that holds the test's
    # transaction (PostgreSQL would lose it).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=4,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_its_document_says(case):
    # Werkzeug's client asks for gzip and does not unpack it; the page cache compresses only when asked.
    case.call_and_validate(
        headers={"Accept-Encoding": "identity"}, checks=[not_a_server_error, response_schema_conformance]
    )


# --- The docs page -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_the_docs_page_describes_every_operation_from_this_site_only(client, parse_html, language):
    response = client.get(f"/api/v1/docs?lang={language}")

    root = parse_html(response.content)
    assert response.status_code == 200
    assert root.find("html").attrs["lang"] == language
    assert foreign_urls(response.content) == []
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert root.find_all("script") == []  # works without JavaScript, and the policy would block inline script
    headings = {heading.text.strip() for heading in root.find_all("h3")}
    assert {"GET /api/v1/events", "GET /api/v1/events/{slug}", "EventOut", "ErrorOut"} <= headings
    assert validate_html({"docs": response.content}) == {}
