"""Delegations under a rush, on PostgreSQL: groups and singles confirm at the same instant, each in its own thread
and connection, for the last seats. Only the event's lock orders them (events/delegations.py takes the same lock as
events/registrations.py), so however they interleave no event is overbooked, "all or none" takes none when it does
not fit, and nobody deadlocks. SQLite serialises writers anyway and proves nothing here: these tests skip there.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

import pytest

from events.delegations import Member, cancel_delegation, cancel_members, confirm_delegation, register_delegation
from events.models import Delegation, Notification, Registration
from events.registrations import cancel, confirm
from tests.events.test_registration_concurrency import race
from tests.events.test_registrations import make_open_event, make_registrations, statuses

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

Status = Registration.Status
GroupStatus = Delegation.Status
Kind = Notification.Kind
WhenNotAllFit = Delegation.WhenNotAllFit


def make_group(event, size: int, *, tag: str, when_not_all_fit=WhenNotAllFit.AS_MANY_AS_FIT) -> Delegation:
    members = [Member(name=f"{tag} {number}", email=f"{tag}-{number}@example.org") for number in range(1, size + 1)]
    return register_delegation(
        event,
        contact_name=f"Contact {tag}",
        contact_email=f"contact-{tag}@example.org",
        language="en",
        consent=True,
        members=members,
        when_not_all_fit=when_not_all_fit,
    )


def errors(results: list) -> list[Exception]:
    return [result for result in results if isinstance(result, Exception)]


def seated(event) -> int:
    return event.registrations.confirmed().count()


def test_groups_and_singles_racing_for_the_last_seats_never_overbook():
    event = make_open_event(capacity=30)
    make_registrations(event, 20, status=Status.CONFIRMED)  # ten seats left
    singles = make_registrations(event, 20)
    many = [make_group(event, 4, tag=f"many{index}") for index in range(5)]
    whole = [
        make_group(event, 3, tag=f"whole{index}", when_not_all_fit=WhenNotAllFit.ALL_OR_NONE) for index in range(5)
    ]

    calls = [partial(confirm, person) for person in singles]
    calls += [partial(confirm_delegation, delegation) for delegation in many + whole]
    results = race(calls)

    assert errors(results) == []
    assert seated(event) == 30  # every seat given, none twice
    # Each group is either whole or declined with nobody seated; a group of "as many as fit" seats its first ones.
    for delegation in whole:
        delegation.refresh_from_db()
        members = Counter(delegation.members.values_list("status", flat=True))
        assert members in ({Status.CONFIRMED: 3}, {Status.CANCELLED: 3}), members
        assert (delegation.status == GroupStatus.DECLINED) == (members == {Status.CANCELLED: 3})
    for delegation in many:
        in_order = list(delegation.members.order_by("pk").values_list("status", flat=True))
        assert in_order == sorted(in_order, key=lambda status: status != Status.CONFIRMED)
        assert set(in_order) <= {Status.CONFIRMED, Status.WAITLISTED}
    # Nobody seated after somebody who waits confirmed: the waiting list keeps the order seats were given in.
    last_seat = max(event.registrations.confirmed().values_list("confirmed_at", flat=True))
    assert all(when >= last_seat for when in event.registrations.waiting_list().values_list("confirmed_at", flat=True))
    # Every contact told once what happened to their group.
    told = Counter(Notification.objects.filter(delegation__isnull=False).values_list("kind", flat=True))
    assert told[Kind.DELEGATION_CONFIRM_REQUEST] == 10
    assert told[Kind.DELEGATION_CONFIRMED] + told[Kind.DELEGATION_DECLINED] == 10


def test_all_or_none_groups_racing_for_too_few_seats_take_none_or_all_never_part():
    event = make_open_event(capacity=10)
    make_registrations(event, 5, status=Status.CONFIRMED)  # five left: room for one group of four, not two
    groups = [make_group(event, 4, tag=f"g{index}", when_not_all_fit=WhenNotAllFit.ALL_OR_NONE) for index in range(8)]

    results = race([partial(confirm_delegation, delegation) for delegation in groups])

    assert errors(results) == []
    assert Counter(result.status for result in results) == {GroupStatus.CONFIRMED: 1, GroupStatus.DECLINED: 7}
    assert statuses(event) == {Status.CONFIRMED: 9, Status.CANCELLED: 28}


def test_as_many_as_fit_groups_racing_fill_exactly_the_free_seats_and_wait_for_the_rest():
    event = make_open_event(capacity=12)
    groups = [make_group(event, 5, tag=f"g{index}") for index in range(6)]

    results = race([partial(confirm_delegation, delegation) for delegation in groups])

    assert errors(results) == []
    assert statuses(event) == {Status.CONFIRMED: 12, Status.WAITLISTED: 18}


def test_a_group_confirming_while_it_is_cancelled_and_singles_cancel_never_deadlocks_nor_overbooks():
    event = make_open_event(capacity=8)
    seated_singles = make_registrations(event, 6, status=Status.CONFIRMED)
    first = make_group(event, 4, tag="first")
    confirm_delegation(first)  # two seated, two waiting
    second = make_group(event, 6, tag="second")
    leaving = list(first.members.filter(status=Status.CONFIRMED))

    calls = [partial(confirm_delegation, second), partial(cancel_delegation, first)]
    calls += [partial(cancel, person) for person in seated_singles[:3]]
    calls += [partial(cancel_members, first, [member.pk]) for member in leaving]
    results = race(calls)

    assert errors(results) == []
    assert seated(event) == 8  # freed seats passed on, never more than there are
    assert not first.members.exclude(status=Status.CANCELLED).exists()
