"""The programme rules in events/services.py: status changes, revisions, duplication."""

from datetime import date, datetime, timedelta

import pytest

from events import services
from events.models import Event, Notification, Registration
from partners.models import EventRole
from tests import factories
from tests.factories import BERLIN, SHANGHAI

# --- Status ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "before", "after"),
    [
        (services.publish_events, Event.Status.DRAFT, Event.Status.PUBLISHED),
        (services.publish_events, Event.Status.CANCELLED, Event.Status.PUBLISHED),
        (services.publish_events, Event.Status.POSTPONED, Event.Status.PUBLISHED),
        (services.unpublish_events, Event.Status.PUBLISHED, Event.Status.DRAFT),
        (services.unpublish_events, Event.Status.CANCELLED, Event.Status.DRAFT),
        (services.cancel_events, Event.Status.PUBLISHED, Event.Status.CANCELLED),
        (services.cancel_events, Event.Status.POSTPONED, Event.Status.CANCELLED),
    ],
)
def test_status_service_changes_status_and_raises_revision(db, service, before, after):
    event = factories.make_event(status=before)

    changed = service(Event.objects.filter(pk=event.pk))

    event.refresh_from_db()
    assert changed == [event]
    assert (changed[0].status, changed[0].sequence) == (after, 1)
    assert (event.status, event.sequence) == (after, 1)


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.publish_events, Event.Status.PUBLISHED),
        (services.unpublish_events, Event.Status.DRAFT),
        (services.cancel_events, Event.Status.CANCELLED),
        # A draft was never announced: cancelling it would only make it public.
        (services.cancel_events, Event.Status.DRAFT),
    ],
)
def test_status_service_leaves_events_it_does_not_apply_to(db, service, status):
    event = factories.make_event(status=status)
    before = event.updated_at

    assert service([event]) == []

    event.refresh_from_db()
    assert (event.status, event.sequence, event.updated_at) == (status, 0, before)


def test_repeated_publish_changes_the_revision_once(db):
    event = factories.make_event(status=Event.Status.DRAFT)

    services.publish_events([event])
    services.publish_events([event])

    event.refresh_from_db()
    assert event.sequence == 1


def test_cancelled_event_is_kept(db):
    event = factories.make_event()

    services.cancel_events([event])

    assert list(Event.objects.published()) == [event]
    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED


def test_cancelling_tells_live_registrations_once(db):
    event = factories.make_event(registration_required=True)
    now = event.created_at
    confirmed = Registration.objects.create(
        event=event, name="Li Wei", email="li@example.org", status="confirmed", consent_at=now, confirmed_at=now
    )
    Registration.objects.create(
        event=event, name="Anna", email="anna@example.org", status="cancelled", consent_at=now, cancelled_at=now
    )

    services.cancel_events([event])
    services.cancel_events([event])

    assert list(Notification.objects.values_list("registration", "kind")) == [
        (confirmed.pk, Notification.Kind.EVENT_CANCELLED)
    ]


def test_status_change_touches_last_modified(db):
    event = factories.make_event(status=Event.Status.DRAFT)
    before = event.updated_at

    services.publish_events([event])

    event.refresh_from_db()
    assert event.updated_at > before


# --- Revisions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["status", "starts_at", "ends_at", "venue"])
def test_change_of_calendar_field_raises_revision(db, field):
    event = factories.make_event()

    assert services.record_event_change(event, changed_fields=[field, "title_en"]) is True

    assert event.sequence == 1
    assert Event.objects.get(pk=event.pk).sequence == 1


def test_change_of_texts_keeps_revision(db):
    event = factories.make_event()

    assert services.record_event_change(event, changed_fields=["title_en", "summary_de", "topics"]) is False

    assert Event.objects.get(pk=event.pk).sequence == 0


def test_saved_edit_keeps_a_revision_raised_since_the_form_was_loaded(db):
    event = factories.make_event(status=Event.Status.DRAFT)
    loaded_with_the_form = Event.objects.get(pk=event.pk)
    services.publish_events([event])

    loaded_with_the_form.status = Event.Status.PUBLISHED
    loaded_with_the_form.title_en = "Renamed"
    assert services.save_event_edit(loaded_with_the_form, changed_fields=["title_en"]) is False

    assert Event.objects.values_list("title_en", "sequence").get(pk=event.pk) == ("Renamed", 1)


def test_saved_edit_of_the_venue_raises_the_revision(db):
    event = factories.make_event()
    event.venue = factories.make_venue()

    assert services.save_event_edit(event, changed_fields=["venue"]) is True

    assert Event.objects.values_list("venue", "sequence").get(pk=event.pk) == (event.venue.pk, 1)


def test_saved_new_event_starts_at_revision_zero(db):
    event = Event(
        edition=factories.make_edition(),
        venue=factories.make_venue(),
        slug="new-forum",
        title_en="New forum",
        announced_period_en="in spring",
    )

    assert services.save_event_edit(event, changed_fields=["status", "venue"]) is False

    assert Event.objects.values_list("slug", "sequence").get() == ("new-forum", 0)


# --- Duplication -------------------------------------------------------------------------------------


@pytest.fixture
def forum(db):
    """The Leipzig heritage forum: a morning agenda, two partners, two topics, a registration window."""
    start = datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
    event = factories.make_event(
        slug="heritage-forum",
        # Wide enough for the copies below to stay within their edition's days (Event.clean).
        edition=factories.make_edition(start_date=date(2025, 11, 1), end_date=date(2027, 12, 31)),
        title_en="Cultural Heritage Protection and Tourism Innovation Forum",
        title_zh_hans="文化遗产保护与旅游创新论坛",
        starts_at=start,
        ends_at=start + timedelta(hours=6),
        registration_required=True,
        registration_opens_at=start - timedelta(days=30),
        registration_closes_at=start - timedelta(days=1),
        capacity=120,
    )
    event.topics.set([factories.make_topic(), factories.make_topic()])
    speaker = factories.make_speaker()
    for offset, title in ((30, "Keynote"), (90, "Panel")):
        session = factories.make_session(
            event=event,
            title_en=title,
            starts_at=start + timedelta(minutes=offset),
            ends_at=start + timedelta(minutes=offset + 45),
            order=offset,
        )
        session.speakers.add(speaker)
    factories.make_event_role(event=event, role=EventRole.Role.ORGANIZER)
    factories.make_event_role(event=event, role=EventRole.Role.SPONSOR)
    return event


def test_duplicate_moves_every_time_by_the_same_amount(forum):
    new_start = datetime(2026, 11, 6, 14, 0, tzinfo=BERLIN)

    copy = services.duplicate_event(forum, starts_at=new_start, edition=None)

    delta = new_start - forum.starts_at
    assert copy.starts_at == new_start
    assert copy.ends_at == forum.ends_at + delta
    assert copy.registration_opens_at == forum.registration_opens_at + delta
    assert copy.registration_closes_at == forum.registration_closes_at + delta
    assert [(s.title_en, s.starts_at, s.ends_at) for s in copy.sessions.all()] == [
        (s.title_en, s.starts_at + delta, s.ends_at + delta) for s in forum.sessions.all()
    ]


def test_duplicate_copies_texts_topics_speakers_and_partners(forum):
    copy = services.duplicate_event(forum, starts_at=None, edition=None)

    assert copy.pk != forum.pk
    assert (copy.title_zh_hans, copy.venue, copy.capacity) == (forum.title_zh_hans, forum.venue, 120)
    assert set(copy.topics.all()) == set(forum.topics.all())
    assert [list(s.speakers.all()) for s in copy.sessions.all()] == [
        list(s.speakers.all()) for s in forum.sessions.all()
    ]
    assert sorted(copy.roles.values_list("organization_id", "role")) == sorted(
        forum.roles.values_list("organization_id", "role")
    )
    # The original keeps its own agenda.
    assert forum.sessions.count() == 2


def test_duplicate_is_a_draft_with_a_new_slug_and_fresh_revision(forum):
    services.publish_events([forum])
    forum.refresh_from_db()

    copy = services.duplicate_event(forum, starts_at=datetime(2026, 11, 6, 9, 30, tzinfo=BERLIN), edition=None)

    assert (copy.slug, copy.status, copy.sequence) == ("heritage-forum-2026-11-06", Event.Status.DRAFT, 0)
    assert copy.created_at > forum.created_at


def test_duplicate_slug_uses_the_venues_local_date(db):
    event = factories.make_event(
        slug="nanjing-dialogue",
        venue=factories.make_venue(city=factories.make_city(timezone="Asia/Shanghai", country="CN")),
        starts_at=datetime(2025, 11, 7, 9, 0, tzinfo=SHANGHAI),
    )

    # 00:30 in Nanjing on 8 November is still the 7th in UTC and in Berlin.
    copy = services.duplicate_event(event, starts_at=datetime(2025, 11, 8, 0, 30, tzinfo=SHANGHAI), edition=None)

    assert copy.slug == "nanjing-dialogue-2025-11-08"


def test_duplicate_slugs_stay_unique_and_do_not_stack(forum):
    new_start = datetime(2026, 11, 6, 9, 30, tzinfo=BERLIN)

    first = services.duplicate_event(forum, starts_at=new_start, edition=None)
    second = services.duplicate_event(forum, starts_at=new_start, edition=None)
    of_copy = services.duplicate_event(first, starts_at=datetime(2027, 11, 5, 9, 30, tzinfo=BERLIN), edition=None)
    undated = services.duplicate_event(forum, starts_at=None, edition=None)

    assert [first.slug, second.slug, of_copy.slug, undated.slug] == [
        "heritage-forum-2026-11-06",
        "heritage-forum-2026-11-06-2",
        "heritage-forum-2027-11-05",
        "heritage-forum-copy",
    ]


def test_duplicate_slug_fits_the_column(db):
    edition = factories.make_edition(start_date=date(2025, 11, 1), end_date=date(2026, 1, 31))
    event = factories.make_event(slug="s" * 100, edition=edition)

    copy = services.duplicate_event(event, starts_at=datetime(2026, 1, 1, 9, 0, tzinfo=BERLIN), edition=None)

    assert len(copy.slug) == 100
    assert copy.slug.endswith("-2026-01-01")


def test_duplicate_into_another_edition_keeps_the_dates(forum):
    next_year = factories.make_edition(slug="china-nanjing-week-2026")

    copy = services.duplicate_event(forum, starts_at=None, edition=next_year)

    assert (copy.edition, copy.starts_at) == (next_year, forum.starts_at)
    assert forum.edition != next_year


@pytest.mark.parametrize(
    ("new_start", "refused"),
    [
        (datetime(2025, 11, 30, 23, 30, tzinfo=BERLIN), False),  # the last day
        (datetime(2025, 12, 1, 9, 30, tzinfo=BERLIN), True),  # a day after it
        (datetime(2025, 11, 1, 0, 0, tzinfo=BERLIN), False),  # the first day
        (datetime(2025, 10, 31, 23, 59, tzinfo=BERLIN), True),  # a day before it
    ],
    ids=["last day", "day after", "first day", "day before"],
)
def test_duplicate_outside_the_editions_days_is_refused_with_its_dates(db, new_start, refused):
    edition = factories.make_edition(
        name_en="China Nanjing Week 2025", start_date=date(2025, 11, 1), end_date=date(2025, 11, 30)
    )
    event = factories.make_event(edition=edition, starts_at=datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN))
    # Short, so that a copy starting late on the last day still ends on it.
    Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at + timedelta(minutes=20))
    event.refresh_from_db()

    if refused:
        with pytest.raises(services.ProgrammeError) as error:
            services.duplicate_event(event, starts_at=new_start, edition=None)
        assert str(error.value) == (
            "The event must take place within the dates of its edition, China Nanjing Week 2025: "
            "1–30 November 2025. The date at the venue counts."
        )
        assert Event.objects.count() == 1
    else:
        assert services.duplicate_event(event, starts_at=new_start, edition=None).edition == edition


def test_duplicate_of_undated_event_cannot_be_moved(db):
    event = factories.make_event(starts_at=None)

    with pytest.raises(services.ProgrammeError):
        services.duplicate_event(event, starts_at=datetime(2026, 1, 1, 9, 0, tzinfo=BERLIN), edition=None)

    assert Event.objects.count() == 1
    copy = services.duplicate_event(event, starts_at=None, edition=None)
    assert (copy.starts_at, copy.announced_period_en) == (None, "in the coming months")
