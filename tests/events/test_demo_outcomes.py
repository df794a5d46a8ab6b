"""What came of the 2025 events in the demo (events/demo/outcomes.py), from the committee's press release."""

import re

import pytest
from django.utils import translation

from events import registrations
from events.demo import content
from events.demo.loader import load_demo
from events.demo.outcomes import ATTENDEE_COUNTRIES, ATTENDEE_KINDS
from events.models import Event, EventPhoto, Registration
from events.outcomes import OTHER, edition_outcomes, event_outcomes
from partners.models import Agreement, CooperationProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_once, db, settings):
    """The demo as loaded; its MEDIA_ROOT, where its pictures are."""
    settings.MEDIA_ROOT = demo_once
    return demo_once


def event(slug: str) -> Event:
    return Event.objects.with_details().with_participants().get(slug=slug)


def test_demo_seventy_participants_at_leipzig_and_munich(demo):
    assert [event(slug).participants for slug in (content.FORUM_SLUG, content.MUNICH_SLUG)] == [70, 70]


def test_demo_reports_of_leipzig_munich_and_stuttgart_in_three_languages(demo):
    reported = Event.objects.filter(outcome_report_en__gt="").order_by("slug")

    assert sorted(reported.values_list("slug", flat=True)) == sorted(
        [content.FORUM_SLUG, content.MUNICH_SLUG, content.STUTTGART_SLUG]
    )
    for reported_event in reported:
        assert reported_event.outcome_report_de and reported_event.outcome_report_zh_hans
    forum = Event.objects.get(slug=content.FORUM_SLUG)
    assert "Leipzig University" in forum.outcome_report_en and "one-week extension" in forum.outcome_report_en
    assert "莱比锡大学" in forum.outcome_report_zh_hans
    assert "14" in Event.objects.get(slug=content.STUTTGART_SLUG).outcome_report_de


def test_demo_stuttgart_agreements_and_may_projects_on_their_events(demo):
    stuttgart = event(content.STUTTGART_SLUG)
    may = event(content.MAY_EVENT_SLUG)

    assert len(event_outcomes(stuttgart).agreements) == Agreement.objects.count() == 14
    projects = event_outcomes(may).projects
    assert len(projects) == 15
    assert {project.sector.slug for project in projects} == {"digital", "trade"}
    # The enterprises' long-standing sites were not announced in May.
    assert CooperationProject.objects.filter(event__isnull=True).count() == len(content.COMPANY_PROJECTS)


def test_demo_leipzig_gallery_of_three_pictures_in_three_languages(demo):
    media = demo
    photos = list(EventPhoto.objects.filter(event__slug=content.FORUM_SLUG))

    assert len(photos) == 3
    for photo in photos:
        assert photo.image_width == 720
        assert all(
            getattr(photo, f"{field}_{suffix}")
            for field in ("caption", "credit", "image_alt")
            for suffix in ("en", "de", "zh_hans")
        )
        assert photo.image_alt_en.startswith("Illustration:")
        assert (media / f"renditions/{photo.image.name}-640w.webp").exists()
    assert EventPhoto.objects.exclude(event__slug=content.FORUM_SLUG).count() == 0


def test_demo_leipzig_breakdown_from_seventy_check_ins_without_persons(demo):
    attendees = Registration.objects.filter(event__slug=content.FORUM_SLUG)

    breakdown = event_outcomes(event(content.FORUM_SLUG)).breakdown

    assert attendees.filter(checked_in_at__isnull=False).count() == breakdown.counted == 70
    assert sum(count for _kind, count in ATTENDEE_KINDS) == sum(count for _c, count in ATTENDEE_COUNTRIES) == 70
    assert [(group.key, group.count) for group in breakdown.by_kind] == [
        ("cultural_institution", 24),
        ("government", 22),
        ("creative_industry", 16),
        (OTHER, 8),
    ]
    assert [(group.key, group.count) for group in breakdown.by_country] == [("DE", 38), ("CN", 32)]
    assert set(attendees.values_list("organization", "name_romanized")) == {("", "")}
    assert all(name.startswith("Participant ") for name in attendees.values_list("name", flat=True))
    assert Registration.objects.exclude(event__slug=content.FORUM_SLUG).filter(checked_in_at__isnull=False).count() == 0


def test_demo_attendees_left_alone_by_the_retention_job_and_not_doubled_by_a_reload(demo):
    assert registrations.anonymize_past_registrations() == 0

    load_demo()

    assert Registration.objects.filter(event__slug=content.FORUM_SLUG).count() == 70


def test_demo_edition_sums_what_came_of_2025(demo):
    forum = Event.objects.get(slug=content.FORUM_SLUG)

    outcomes = edition_outcomes(forum.edition)

    slugs = [summary.event.slug for summary in outcomes.events]
    assert {content.FORUM_SLUG, content.MUNICH_SLUG} <= set(slugs)
    assert outcomes.participants >= 140
    if content.STUTTGART_SLUG in slugs:  # in the same edition as the November events
        assert outcomes.agreements == 14


def test_demo_leipzig_page_shows_outcomes_in_every_language(demo, client, parse_html):
    expected = {
        "en": ("Outcomes", "70 people took part."),
        "de": ("Ergebnisse", "70 Personen haben teilgenommen."),
        "zh-hans": ("活动成果", "共有70人参加。"),
    }
    for language, (heading, count) in expected.items():
        with translation.override(language):
            response = client.get(f"/{language}/events/{content.FORUM_SLUG}/")
        section = parse_html(response.content).find("section", class_="outcomes")
        assert section.find("h2").text == heading
        assert section.find("p", class_="outcomes__count").text == count
        assert len(section.find("ul", class_="gallery").find_all("img")) == 3
        assert re.search(r"Participant \d", response.content.decode()) is None
