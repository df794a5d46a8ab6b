"""What came of an event (events/outcomes.py): shown once it has taken place, counted without naming anyone.

The breakdown counts checked-in registrations; a group of fewer than five people is never shown on its own.
Both sides of each boundary: 4 and 5 people in a group, the end time and a second after it.
"""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from events import services
from events.models import Event, Registration
from events.outcomes import (
    OTHER,
    SMALLEST_GROUP,
    edition_outcomes,
    event_outcomes,
    fold,
    participation_breakdown,
    took_place,
)
from tests.factories import (
    BERLIN,
    make_agreement,
    make_attendee,
    make_city,
    make_edition,
    make_event,
    make_event_photo,
    make_organization,
    make_project,
    make_topic,
)

pytestmark = pytest.mark.django_db

Kind = Registration.OrganizationKind
Status = Registration.Status

START = datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
END = START + timedelta(hours=8)
SECOND = timedelta(seconds=1)


def attendees(event, count: int, **overrides) -> list[Registration]:
    return [make_attendee(event=event, **overrides) for _ in range(count)]


def groups(breakdown_part) -> list[tuple[str, int]]:
    return [(group.key, group.count) for group in breakdown_part]


# --- Folding small groups ---------------------------------------------------------------------------------


def test_fold_group_of_five_shown_group_of_four_counted_as_other():
    assert SMALLEST_GROUP == 5
    assert fold({"government": 10, "media": 5, "academia": 4, "enterprise": 1}) == [
        ("government", 10),
        ("media", 5),
        (OTHER, 5),
    ]


def test_fold_groups_of_five_all_shown_largest_first():
    assert fold({"media": 5, "government": 12, "academia": 5}) == [("government", 12), ("academia", 5), ("media", 5)]


def test_fold_other_and_not_said_count_as_other_from_the_start():
    assert fold({"government": 6, OTHER: 3, "": 2}) == [("government", 6), (OTHER, 5)]


def test_fold_an_other_of_fewer_than_five_takes_the_smallest_group_with_it():
    # "Other: 4" would tell about four people: the smallest shown group joins it.
    assert fold({"government": 20, "media": 6, "academia": 4}) == [("government", 20), (OTHER, 10)]


def test_fold_everything_in_other_is_no_breakdown():
    assert fold({"government": 10, "media": 3}) == []
    assert fold({"government": 4}) == []
    assert fold({}) == []


def test_fold_one_group_of_everyone_is_shown():
    assert fold({"government": 5}) == [("government", 5)]


# --- The breakdown of an event ------------------------------------------------------------------------------


def test_breakdown_counts_checked_in_registrations_by_kind_and_by_country():
    event = make_event()
    attendees(event, 7, organization_kind=Kind.GOVERNMENT, country="CN")
    attendees(event, 5, organization_kind=Kind.CULTURAL_INSTITUTION, country="DE")
    attendees(event, 4, organization_kind=Kind.MEDIA, country="DE")
    attendees(event, 2, organization_kind="", country="")
    # Registered but not there, or cancelled: not counted.
    make_attendee(event=event, checked_in_at=None, organization_kind=Kind.MEDIA)
    make_attendee(event=event, status=Status.CANCELLED, checked_in_at=None, cancelled_at=END)
    make_attendee(event=make_event(), organization_kind=Kind.GOVERNMENT)

    breakdown = participation_breakdown(event)

    assert breakdown.counted == 18
    assert groups(breakdown.by_kind) == [("government", 7), ("cultural_institution", 5), (OTHER, 6)]
    # Two who did not say their country would be an "other" of 2: the smallest group (CN, 7) joins them.
    assert groups(breakdown.by_country) == [("DE", 9), (OTHER, 9)]


def test_breakdown_country_group_of_four_folded_and_five_shown():
    event = make_event()
    attendees(event, 10, country="DE")
    attendees(event, 5, country="CN")
    attendees(event, 4, country="FR")
    attendees(event, 1, country="AT")

    assert groups(participation_breakdown(event).by_country) == [("DE", 10), ("CN", 5), (OTHER, 5)]


def test_breakdown_labels_in_the_language_of_the_page():
    event = make_event()
    attendees(event, 5, organization_kind=Kind.GOVERNMENT, country="CN")
    attendees(event, 5, organization_kind=Kind.ENTERPRISE, country="DE")
    attendees(event, 5, organization_kind=Kind.OTHER, country="")
    breakdown = participation_breakdown(event)

    with translation.override("de"):
        assert [group.label for group in breakdown.by_kind] == ["Unternehmen", "Behörde", "Sonstige"]
        assert [group.label for group in breakdown.by_country] == ["China", "Deutschland", "Sonstige"]
    with translation.override("zh-hans"):
        assert [group.label for group in breakdown.by_country] == ["中国", "德国", "其他"]


def test_breakdown_without_check_ins_is_empty():
    event = make_event()
    make_attendee(event=event, checked_in_at=None)

    breakdown = participation_breakdown(event)

    assert (breakdown.counted, breakdown.by_kind, breakdown.by_country, bool(breakdown)) == (0, [], [], False)


# --- Participants: entered, else counted at the door --------------------------------------------------------


def test_participants_entered_by_organizers_win_over_check_ins():
    event = make_event(participant_count=70)
    attendees(event, 3)

    assert Event.objects.with_participants().get(pk=event.pk).participants == 70


def test_participants_left_empty_are_the_attendees_checked_in():
    event = make_event(participant_count=None)
    attendees(event, 3)
    make_attendee(event=event, checked_in_at=None)

    assert Event.objects.with_participants().get(pk=event.pk).participants == 3


def test_participants_unknown_without_a_number_or_a_check_in():
    event = make_event(participant_count=None)
    make_attendee(event=event, checked_in_at=None)

    assert Event.objects.with_participants().get(pk=event.pk).participants is None


def test_participants_zero_entered_stays_zero():
    event = make_event(participant_count=0)
    attendees(event, 2)

    assert Event.objects.with_participants().get(pk=event.pk).participants == 0


# --- When outcomes show ------------------------------------------------------------------------------------


def test_took_place_only_after_the_end():
    event = make_event(starts_at=START, ends_at=END)

    assert took_place(event, now=END - SECOND) is False
    assert took_place(event, now=END) is False
    assert took_place(event, now=END + SECOND) is True


@pytest.mark.parametrize("status", ["cancelled", "postponed", "draft"])
def test_took_place_never_for_an_event_that_did_not_happen(status):
    event = make_event(starts_at=START, ends_at=END, status=status)

    assert took_place(event, now=END + timedelta(days=30)) is False


def test_took_place_never_for_an_undated_event():
    assert took_place(make_event(starts_at=None), now=END) is False


def test_held_queryset_agrees_with_took_place():
    held = make_event(starts_at=START, ends_at=END)
    running = make_event(starts_at=START, ends_at=END + timedelta(hours=1))
    make_event(starts_at=START, ends_at=END, status="cancelled")
    make_event(starts_at=None)

    assert list(Event.objects.held(END + SECOND)) == [held]
    assert list(Event.objects.held(END)) == []
    assert [took_place(event, END + SECOND) for event in (held, running)] == [True, False]


def test_event_outcomes_none_before_the_end_even_when_filled_in():
    event = make_event(starts_at=START, ends_at=END, participant_count=70, outcome_report_en="It went well.")
    make_agreement(event=event)

    assert event_outcomes(event, now=END) is None
    assert event_outcomes(event, now=END + SECOND).report == "It went well."


def test_event_outcomes_gathers_report_participants_agreements_projects_and_photos(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(starts_at=START, ends_at=END, outcome_report_en="Report.", outcome_report_de="Bericht.")
    attendees(event, 6)
    second, first = make_agreement(event=event, order=2), make_agreement(event=event, order=1)
    make_agreement(event=make_event())
    project = make_project(event=event)
    make_project()
    photos = [make_event_photo(event=event, order=2), make_event_photo(event=event, order=1)]

    with translation.override("de"):
        outcomes = event_outcomes(event, now=END + SECOND)

    assert outcomes.report == "Bericht."
    assert outcomes.participants == 6
    assert outcomes.agreements == [first, second]
    assert outcomes.projects == [project]
    assert outcomes.photos == [photos[1], photos[0]]
    assert bool(outcomes) is True


def test_event_outcomes_of_an_event_with_nothing_recorded_is_empty():
    event = make_event(starts_at=START, ends_at=END)

    outcomes = event_outcomes(event, now=END + SECOND)

    assert outcomes is not None and bool(outcomes) is False


# --- The edition's sums -------------------------------------------------------------------------------------


def test_edition_outcomes_sum_the_events_that_took_place():
    edition = make_edition()
    forum = make_event(edition=edition, starts_at=START, participant_count=70)
    dialogue = make_event(edition=edition, starts_at=START - timedelta(days=2), participant_count=None)
    attendees(dialogue, 6)
    economic = make_event(edition=edition, starts_at=START - timedelta(days=200))
    for _ in range(3):
        make_agreement(event=economic)
    city = make_city(country="CN", timezone="Asia/Shanghai")
    make_project(event=economic, city=city, investment_amount=Decimal("2000000"), investment_currency="EUR")
    make_project(event=economic, city=city, investment_amount=Decimal("500000"), investment_currency="EUR")
    make_project(event=economic, city=city, investment_amount=Decimal("8000000"), investment_currency="CNY")
    make_project(event=economic, city=city, investment_amount=None, investment_currency="")
    make_event(edition=edition, starts_at=START)  # took place, nothing recorded
    make_event(edition=edition, starts_at=START, status="cancelled", participant_count=30)
    make_event(edition=edition, starts_at=START + timedelta(days=400), participant_count=500)  # still to come
    make_event(participant_count=999, starts_at=START)  # another edition

    outcomes = edition_outcomes(edition, now=START + timedelta(days=1))

    assert [summary.event for summary in outcomes.events] == [economic, dialogue, forum]
    assert [(s.participants, s.agreements, s.projects) for s in outcomes.events] == [
        (None, 3, 4),
        (6, 0, 0),
        (70, 0, 0),
    ]
    assert (outcomes.participants, outcomes.agreements, outcomes.projects) == (76, 3, 4)
    assert [(amount.currency, amount.total) for amount in outcomes.investments] == [
        ("CNY", Decimal("8000000")),
        ("EUR", Decimal("2500000")),
    ]
    with translation.override("de"):
        assert [amount.exact for amount in outcomes.investments] == ["8.000.000\xa0CN¥", "2.500.000\xa0€"]


def test_edition_outcomes_empty_before_anything_took_place():
    edition = make_edition()
    make_event(edition=edition, starts_at=START, participant_count=70)

    assert bool(edition_outcomes(edition, now=START)) is False


@pytest.mark.parametrize("size", [1, 5])
def test_edition_outcomes_queries_do_not_grow(django_assert_num_queries, size):
    edition = make_edition()
    topic = make_topic()
    organization = make_organization()
    for index in range(size):
        event = make_event(edition=edition, starts_at=START + timedelta(days=index), participant_count=10)
        attendees(event, size)
        for _ in range(size):
            make_agreement(event=event, sector=topic)
            make_project(event=event, organization=organization, sector=topic)

    with django_assert_num_queries(2):
        outcomes = edition_outcomes(edition, now=START + timedelta(days=30))

    assert len(outcomes.events) == size
    assert outcomes.agreements == size * size


def test_edition_outcomes_default_now_is_the_present():
    edition = make_edition()
    make_event(edition=edition, starts_at=timezone.now() - timedelta(days=1), participant_count=12)
    make_event(edition=edition, starts_at=timezone.now() + timedelta(days=1), participant_count=40)

    assert edition_outcomes(edition).participants == 12


def test_duplicate_of_an_event_leaves_its_outcomes_behind(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = make_event(starts_at=START, ends_at=END, participant_count=70, outcome_report_en="Report.")
    event.outcome_report_zh_hans = "报告。"
    event.save()
    make_event_photo(event=event)
    make_agreement(event=event)
    make_project(event=event)

    copy = services.duplicate_event(event, starts_at=START + timedelta(days=7), edition=None)

    copy = Event.objects.with_participants().get(pk=copy.pk)
    assert (copy.participants, copy.outcome_report_en, copy.outcome_report_zh_hans) == (None, "", "")
    assert (copy.photos.count(), copy.agreements.count(), copy.announced_projects.count()) == (0, 0, 0)
