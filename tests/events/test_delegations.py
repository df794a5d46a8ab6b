"""The rules of delegations (events/delegations.py), called directly as the views and the admin call them.

Groups race with singles for seats in test_delegation_concurrency.py (PostgreSQL, real threads); the pages are in
test_delegation_views.py.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from events.delegation_emails import delegation_url, render_delegation_email
from events.delegations import (
    Member,
    cancel_delegation,
    cancel_members,
    confirm_delegation,
    register_delegation,
)
from events.emails import recipients, render_email
from events.models import Delegation, Notification, Registration, format_ticket_code
from events.outbox import send_owed_emails
from events.registrations import RegistrationError, cancel, confirm, expire_unconfirmed
from tests.events.test_registrations import make_open_event, make_registration, make_registrations, statuses

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
Status = Registration.Status
GroupStatus = Delegation.Status
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def people(count: int, *, emails: bool = True, first: int = 1) -> list[Member]:
    return [
        Member(name=f"Person {number}", email=f"person-{number}@example.cn" if emails else "")
        for number in range(first, first + count)
    ]


def group(event, members, **overrides) -> Delegation:
    values = {
        "contact_name": "王芳",
        "contact_email": "wang.fang@example.cn",
        "language": "zh-hans",
        "consent": True,
        "organization": "南京市人民政府外事办公室",
        "organization_kind": Registration.OrganizationKind.GOVERNMENT,
        "country": "CN",
        "members": members,
    }
    values.update(overrides)
    return register_delegation(event, **values)


def member_statuses(delegation: Delegation) -> list[str]:
    return list(delegation.members.order_by("pk").values_list("status", flat=True))


def contact_kinds(delegation: Delegation) -> list[str]:
    return list(Notification.objects.filter(delegation=delegation).values_list("kind", flat=True))


def member_kinds(delegation: Delegation) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(registration__delegation=delegation)
        .order_by("registration_id")
        .values_list("registration__name", "kind")
    )


# --- Registering -------------------------------------------------------------------------------------


def test_a_group_is_stored_awaiting_confirmation_with_its_people_in_the_order_listed():
    event = make_open_event(capacity=30)

    delegation = group(
        event, [Member("张伟"), Member("Anna Müller", email=" Anna@Example.de "), Member("欧阳娜娜", "Nana Ouyang")]
    )

    assert delegation.status == GroupStatus.AWAITING_CONFIRMATION
    assert list(delegation.members.order_by("pk").values_list("name", "name_romanized", "email", "status")) == [
        ("张伟", "Zhang Wei", "", Status.AWAITING_CONFIRMATION),  # pinyin proposed when only characters are given
        ("Anna Müller", "", "Anna@Example.de", Status.AWAITING_CONFIRMATION),
        ("欧阳娜娜", "Nana Ouyang", "", Status.AWAITING_CONFIRMATION),  # what was typed is kept
    ]
    # The group's organization, kind, country and language are each person's.
    assert set(delegation.members.values_list("organization", "organization_kind", "country", "language")) == {
        ("南京市人民政府外事办公室", "government", "CN", "zh-hans")
    }
    assert set(delegation.members.values_list("created_at", flat=True)) == {delegation.created_at}
    # Only the contact is written to, and only with the group's link; nobody has a seat yet.
    assert contact_kinds(delegation) == [Kind.DELEGATION_CONFIRM_REQUEST]
    assert member_kinds(delegation) == []


def test_a_member_keeps_their_own_organization_when_they_give_one():
    delegation = group(make_open_event(), [Member("Li Lei", organization="Nanjing University")])

    assert delegation.members.get().organization == "Nanjing University"


def test_the_same_address_twice_in_a_group_is_refused_whatever_its_case():
    event = make_open_event()

    with pytest.raises(RegistrationError, match="same e-mail address"):
        group(event, [Member("A", email="li@example.cn"), Member("B", email="LI@example.cn ")])

    assert Delegation.objects.count() == Registration.objects.count() == 0


def test_a_member_already_registered_is_not_added_twice_and_is_sent_their_own_link_again():
    event = make_open_event()
    own = make_registration(event, email="li.lei@example.cn", status=Status.CONFIRMED)

    delegation = group(event, [Member("Li Lei", email="LI.LEI@example.cn"), Member("Han Meimei")])

    assert list(delegation.members.values_list("name", flat=True)) == ["Han Meimei"]
    own.refresh_from_db()
    assert own.status == Status.CONFIRMED and own.delegation_id is None
    assert list(own.notifications.values_list("kind", flat=True)) == [Kind.LINK_RESENT]


@pytest.mark.parametrize(
    ("count", "limit", "refused"),
    [(0, 20, "at least one"), (20, 20, None), (21, 20, "at most 20 people"), (1, 0, "does not take group")],
)
def test_the_size_of_a_group_is_checked_on_both_sides_of_the_event_limit(count, limit, refused):
    event = make_open_event(capacity=None, max_delegation_size=limit)

    if refused:
        with pytest.raises(RegistrationError, match=refused):
            group(event, people(count))
        assert Delegation.objects.count() == 0
    else:
        assert group(event, people(count)).members.count() == count


def test_no_group_without_consent_or_when_registration_is_closed():
    with pytest.raises(RegistrationError, match="privacy notice"):
        group(make_open_event(), people(2), consent=False)
    closed = make_open_event(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(RegistrationError, match="closed"):
        group(closed, people(2))
    assert Delegation.objects.count() == 0


# --- Confirming --------------------------------------------------------------------------------------


def test_a_group_that_fits_is_seated_whole_and_everyone_with_an_address_is_told():
    event = make_open_event(capacity=20)
    make_registrations(event, 5, status=Status.CONFIRMED)
    delegation = group(event, [*people(2), Member("Without Address")])

    confirmed = confirm_delegation(delegation)

    assert confirmed.status == GroupStatus.CONFIRMED
    assert member_statuses(delegation) == [Status.CONFIRMED] * 3
    assert contact_kinds(delegation) == [Kind.DELEGATION_CONFIRM_REQUEST, Kind.DELEGATION_CONFIRMED]
    assert member_kinds(delegation) == [("Person 1", Kind.CONFIRMED), ("Person 2", Kind.CONFIRMED)]


def test_all_or_none_takes_no_seat_when_the_group_does_not_fit_and_says_how_many_were_left():
    event = make_open_event(capacity=10)
    make_registrations(event, 7, status=Status.CONFIRMED)
    delegation = group(event, people(4), when_not_all_fit=Delegation.WhenNotAllFit.ALL_OR_NONE, language="en")

    declined = confirm_delegation(delegation)

    assert declined.status == GroupStatus.DECLINED
    assert member_statuses(delegation) == [Status.CANCELLED] * 4
    assert statuses(event) == {Status.CONFIRMED: 7, Status.CANCELLED: 4}
    assert contact_kinds(delegation) == [Kind.DELEGATION_CONFIRM_REQUEST, Kind.DELEGATION_DECLINED]
    assert member_kinds(delegation) == []
    notification = Notification.objects.get(delegation=delegation, kind=Kind.DELEGATION_DECLINED)
    message = render_delegation_email(notification)
    assert "not enough seats for all 4 people" in message.body
    assert "Right now 3 seats are free." in message.body


def test_all_or_none_takes_every_seat_when_the_group_just_fits():
    event = make_open_event(capacity=10)
    make_registrations(event, 6, status=Status.CONFIRMED)
    delegation = group(event, people(4), when_not_all_fit=Delegation.WhenNotAllFit.ALL_OR_NONE)

    assert confirm_delegation(delegation).status == GroupStatus.CONFIRMED
    assert member_statuses(delegation) == [Status.CONFIRMED] * 4
    assert statuses(event) == {Status.CONFIRMED: 10}


def test_as_many_as_fit_fills_exactly_the_free_seats_and_waitlists_the_rest_in_the_order_listed():
    event = make_open_event(capacity=10)
    make_registrations(event, 7, status=Status.CONFIRMED)
    earlier = make_registration(event, status=Status.WAITLISTED, confirmed_at=timezone.now() - timedelta(hours=1))
    delegation = group(event, people(6))

    confirm_delegation(delegation)

    assert member_statuses(delegation) == [Status.CONFIRMED] * 3 + [Status.WAITLISTED] * 3
    assert statuses(event) == {Status.CONFIRMED: 10, Status.WAITLISTED: 4}
    # Behind whoever waited already, in the order listed.
    waiting = list(event.registrations.waiting_list().values_list("name", flat=True))
    assert waiting == [earlier.name, "Person 4", "Person 5", "Person 6"]
    assert member_kinds(delegation) == [(f"Person {number}", Kind.CONFIRMED) for number in (1, 2, 3)] + [
        (f"Person {number}", Kind.WAITLISTED) for number in (4, 5, 6)
    ]


def test_as_many_as_fit_puts_everyone_on_the_waiting_list_of_a_full_event():
    event = make_open_event(capacity=2)
    make_registrations(event, 2, status=Status.CONFIRMED)
    delegation = group(event, people(3))

    confirm_delegation(delegation)

    assert delegation.members.filter(status=Status.WAITLISTED).count() == 3


def test_an_event_without_a_limit_seats_any_group():
    event = make_open_event(capacity=None)
    delegation = group(event, people(20))

    confirm_delegation(delegation)

    assert member_statuses(delegation) == [Status.CONFIRMED] * 20


def test_confirming_twice_changes_nothing_and_owes_nothing_more():
    event = make_open_event(capacity=3)
    delegation = group(event, people(5))
    confirm_delegation(delegation)
    before = (member_statuses(delegation), Notification.objects.count())

    again = confirm_delegation(delegation)

    assert again.status == GroupStatus.CONFIRMED
    assert (member_statuses(delegation), Notification.objects.count()) == before


def test_a_declined_group_stays_declined_when_confirmed_again():
    event = make_open_event(capacity=1)
    delegation = group(event, people(2), when_not_all_fit=Delegation.WhenNotAllFit.ALL_OR_NONE)
    confirm_delegation(delegation)

    assert confirm_delegation(delegation).status == GroupStatus.DECLINED
    assert contact_kinds(delegation).count(Kind.DELEGATION_DECLINED) == 1


def test_a_group_link_expires_like_a_single_one_on_both_sides_of_the_boundary():
    event = make_open_event()
    delegation = group(event, people(2))
    boundary = delegation.created_at + timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS)

    with pytest.raises(RegistrationError, match="expired"):
        confirm_delegation(delegation, now=boundary + timedelta(microseconds=1))
    assert confirm_delegation(delegation, now=boundary).status == GroupStatus.CONFIRMED


def test_a_cancelled_group_cannot_be_confirmed():
    delegation = group(make_open_event(), people(2))
    cancel_delegation(delegation)

    with pytest.raises(RegistrationError, match="cancelled"):
        confirm_delegation(delegation)


def test_a_member_alone_cannot_take_a_seat_for_their_group():
    delegation = group(make_open_event(), people(2))

    with pytest.raises(RegistrationError, match="group"):
        confirm(delegation.members.first())
    assert member_statuses(delegation) == [Status.AWAITING_CONFIRMATION] * 2


def test_expiry_deletes_unconfirmed_groups_with_their_people_and_keeps_the_rest():
    event = make_open_event()
    old = group(event, people(3))
    old_single = make_registration(event)
    Delegation.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    Registration.objects.filter(delegation=old).update(created_at=timezone.now() - timedelta(days=3))
    Registration.objects.filter(pk=old_single.pk).update(created_at=timezone.now() - timedelta(days=3))
    fresh = group(event, people(2, first=10))
    confirmed = group(event, people(2, first=20))
    confirm_delegation(confirmed)
    Delegation.objects.filter(pk=confirmed.pk).update(created_at=timezone.now() - timedelta(days=3))

    assert expire_unconfirmed() == 4  # three members and one single registration

    assert set(Delegation.objects.all()) == {fresh, confirmed}
    assert Registration.objects.filter(delegation__isnull=True).count() == 0
    assert statuses(event) == {Status.AWAITING_CONFIRMATION: 2, Status.CONFIRMED: 2}


# --- Cancelling --------------------------------------------------------------------------------------


def test_the_contact_cancels_one_member_and_the_first_person_waiting_gets_the_seat():
    event = make_open_event(capacity=3)
    delegation = group(event, people(3))
    confirm_delegation(delegation)
    waiting = make_registration(event, status=Status.WAITLISTED)
    leaving = delegation.members.order_by("pk").first()

    cancelled = cancel_members(delegation, [str(leaving.pk)])

    assert cancelled == [leaving]
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert member_statuses(delegation) == [Status.CANCELLED, Status.CONFIRMED, Status.CONFIRMED]
    assert list(waiting.notifications.values_list("kind", flat=True)) == [Kind.PROMOTED]
    assert list(leaving.notifications.values_list("kind", flat=True)) == [Kind.CONFIRMED, Kind.CANCELLED]


def test_cancelling_members_touches_only_the_groups_own_people():
    event = make_open_event()
    delegation = group(event, people(2))
    confirm_delegation(delegation)
    stranger = make_registration(event, status=Status.CONFIRMED)

    assert cancel_members(delegation, [stranger.pk]) == []
    stranger.refresh_from_db()
    assert stranger.status == Status.CONFIRMED


def test_cancelling_the_whole_group_frees_its_seats_for_the_waiting_list_but_not_for_its_own_people():
    event = make_open_event(capacity=3)
    delegation = group(event, people(5))
    confirm_delegation(delegation)  # three seated, two of its own waiting
    outsider = make_registration(event, status=Status.WAITLISTED)

    cancel_delegation(delegation)

    assert member_statuses(delegation) == [Status.CANCELLED] * 5
    outsider.refresh_from_db()
    assert outsider.status == Status.CONFIRMED
    assert contact_kinds(delegation)[-1] == Kind.DELEGATION_CANCELLED
    assert Notification.objects.filter(registration__delegation=delegation, kind=Kind.PROMOTED).count() == 0
    assert cancel_delegation(delegation).status == GroupStatus.CANCELLED  # twice: harmless
    assert contact_kinds(delegation).count(Kind.DELEGATION_CANCELLED) == 1


def test_a_checked_in_member_cannot_be_cancelled_by_the_contact():
    event = make_open_event()
    delegation = group(event, people(2))
    confirm_delegation(delegation)
    member = delegation.members.first()
    Registration.objects.filter(pk=member.pk).update(checked_in_at=timezone.now())

    with pytest.raises(RegistrationError, match="checked in"):
        cancel_members(delegation, [member.pk])
    with pytest.raises(RegistrationError, match="checked in"):
        cancel_delegation(delegation)


# --- E-mails -----------------------------------------------------------------------------------------


def test_a_member_without_an_address_is_written_to_through_the_contact():
    event = make_open_event(capacity=1)
    delegation = group(event, [Member("Li Lei", email="li@example.cn"), Member("韩梅梅")])
    confirm_delegation(delegation)
    with_address, without = delegation.members.order_by("pk")

    assert recipients(with_address) == ["li@example.cn"]
    assert recipients(without) == ["wang.fang@example.cn"]
    cancel(with_address)  # the seat goes to 韩梅梅, who waited: the contact hears of it
    promoted = Notification.objects.get(registration=without, kind=Kind.PROMOTED)
    assert render_email(promoted).to == ["wang.fang@example.cn"]


def test_the_contacts_emails_go_out_in_their_language_with_the_groups_link_people_and_tickets(settings):
    settings.EMAIL_BACKEND = LOCMEM
    event = make_open_event(capacity=2, title_en="Forum", title_zh_hans="论坛")
    delegation = group(event, [Member("张伟"), Member("Anna Müller", email="anna@example.de"), Member("Li Lei")])
    confirm_delegation(delegation)
    send_owed_emails()

    to_contact = [message for message in mail.outbox if message.to == ["wang.fang@example.cn"]]
    assert len(to_contact) == 2
    request, confirmed = to_contact
    link = delegation_url(delegation)
    assert link == f"http://127.0.0.1:8000/zh-hans/registration/group/{delegation.token}/"
    for message in to_contact:
        html = message.alternatives[0][0]
        assert link in message.body and f'href="{link}"' in html
        assert "论坛" in message.subject
        assert '<html lang="zh-hans">' in html
    assert "张伟（Zhang Wei）" in request.body  # both scripts, Chinese first for a Chinese reader
    seated = delegation.members.filter(status=Status.CONFIRMED).order_by("pk")
    for member in seated:
        assert format_ticket_code(member.ticket_code) in confirmed.body
    waiting = delegation.members.get(status=Status.WAITLISTED)
    assert format_ticket_code(waiting.ticket_code) not in confirmed.body
    # The member with an address has their own ticket.
    assert [message.to for message in mail.outbox if message.to != ["wang.fang@example.cn"]] == [["anna@example.de"]]


@pytest.mark.parametrize("kind", [kind for kind in Kind.values if kind.startswith("delegation_")])
@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_every_contact_email_has_its_subject_text_and_html_in_the_contacts_language(kind, language):
    event = make_open_event(title_en="Forum & Dialogue <2025>", title_de="Forum & Dialog", title_zh_hans="论坛")
    delegation = group(event, people(2), language=language)

    message = render_delegation_email(Notification(delegation=delegation, kind=kind))

    title = {"en": "Forum & Dialogue <2025>", "de": "Forum & Dialog", "zh-hans": "论坛"}[language]
    assert message.subject.endswith(title) and "\n" not in message.subject
    assert title in message.body
    assert message.to == ["wang.fang@example.cn"]
    html = message.alternatives[0][0]
    assert f'<html lang="{language}">' in html
    assert "<2025>" not in html
    link = delegation_url(delegation)
    if kind == Kind.DELEGATION_CANCELLED:
        assert event.get_absolute_url().split("/", 2)[2] in message.body
    else:
        assert link in message.body and f'href="{link}"' in html


def test_every_contact_email_kind_has_its_own_subject():
    delegation = group(make_open_event(), people(1))
    kinds = [kind for kind in Kind.values if kind.startswith("delegation_")]

    subjects = {render_delegation_email(Notification(delegation=delegation, kind=kind)).subject for kind in kinds}

    assert len(subjects) == len(kinds)
