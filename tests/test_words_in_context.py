"""Short words whose translation depends on what they are said of, told apart with pgettext.

An event is cancelled „abgesagt“, a registration „storniert“; a person has a 姓名, a city or an organization a
名称; „Sonstiges“ is another kind of event, „Sonstige“ another kind of organization.
"""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.admin_notifications import SentFilter
from events.forms import RegistrationForm
from events.models import City, Edition, Event, Registration, Speaker, Topic, Venue
from partners.models import Organization
from tests.factories import make_event

pytestmark = pytest.mark.django_db


def in_language(language: str, *texts) -> tuple[str, ...]:
    with translation.override(language):
        return tuple(str(text) for text in texts)


@pytest.mark.parametrize(
    ("language", "event", "registration"),
    [("en", "Cancelled", "Cancelled"), ("de", "Abgesagt", "Storniert"), ("zh-hans", "已取消", "已取消")],
)
def test_cancelled_event_and_cancelled_registration_each_read_as_the_language_says(language, event, registration):
    cancelled_event = make_event(status=Event.Status.CANCELLED)
    cancelled_registration = Registration.objects.create(
        event=cancelled_event,
        name="Anna Schmidt",
        email="anna@example.org",
        status=Registration.Status.CANCELLED,
        cancelled_at=timezone.now(),
    )

    with translation.override(language):
        shown = (cancelled_event.get_status_display(), cancelled_registration.get_status_display())

    assert shown == (event, registration)


def test_when_a_registration_was_cancelled_is_a_moment_not_a_state():
    field = Registration._meta.get_field("cancelled_at")

    assert in_language("de", field.verbose_name, Registration.Status.CANCELLED.label) == ("storniert am", "Storniert")
    assert in_language("zh-hans", field.verbose_name) == ("取消时间",)


@pytest.mark.parametrize(("language", "person", "thing"), [("de", "Name", "Name"), ("zh-hans", "姓名", "名称")])
def test_name_of_a_person_and_name_of_a_thing(language, person, thing):
    people = [Registration, Speaker]
    things = [Edition, City, Venue, Topic, Organization]

    with translation.override(language):
        assert [str(model._meta.get_field("name").verbose_name) for model in people] == [person] * len(people)
        assert [str(model._meta.get_field("name").verbose_name) for model in things] == [thing] * len(things)
        assert str(RegistrationForm().fields["name"].label) == person.capitalize()


def test_registration_page_labels_the_registrants_name_as_a_persons(client, parse_html):
    registration = Registration.objects.create(
        event=make_event(), name="张三", email="zhang.san@example.cn", language="zh-hans"
    )
    with translation.override("zh-hans"):
        url = reverse("events:registration", kwargs={"token": registration.token})

    facts = parse_html(client.get(url).content).find("dl")

    assert [term.text for term in facts.find_all("dt")] == ["活动", "时间", "地点", "姓名", "状态"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ("Other", "Other", "Visit")),
        ("de", ("Sonstiges", "Sonstige", "Besuch")),
        ("zh-hans", ("其他", "其他", "参观访问")),
    ],
)
def test_kinds_agree_with_what_they_are_kinds_of(language, expected):
    assert (
        in_language(
            language,
            Event.Kind.OTHER.label,
            Registration.OrganizationKind.OTHER.label,
            Event.Kind.VISIT.label,
        )
        == expected
    )


def test_admin_filter_of_sent_e_mails_is_named_for_the_filter_not_the_field():
    field = Registration.notifications.rel.related_model._meta.get_field("sent_at")

    assert in_language("de", SentFilter.title, field.verbose_name) == ("Versand", "gesendet am")
    assert in_language("zh-hans", SentFilter.title, field.verbose_name) == ("发送状态", "发送时间")
