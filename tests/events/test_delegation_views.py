"""The group registration's pages: the form (with and without "Add more rows"), "check your e-mail", and the
contact's page behind the token with its confirm and cancel buttons. The rules are in test_delegations.py.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from events.delegation_emails import render_delegation_email
from events.delegations import Member, confirm_delegation, register_delegation
from events.models import Delegation, Notification, Registration, format_ticket_code
from tests.browser.tools import axe_violations, format_problems, validate_html
from tests.events.test_registration_views import open_event
from tests.events.test_registrations import make_registration

pytestmark = pytest.mark.django_db

Status = Registration.Status
GroupStatus = Delegation.Status
Kind = Notification.Kind
LANGUAGES = ["en", "de", "zh-hans"]

# Chinese and German names, as a delegation from Nanjing to Leipzig lists them.
NAMES = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞",
    "徐明", "孙丽", "马超", "朱琳", "Jürgen Weiß",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def form_url(event, language="en"):
    with translation.override(language):
        return reverse("events:register_delegation", kwargs={"slug": event.slug})


def sent_url(event, language="en"):
    with translation.override(language):
        return reverse("events:delegation_sent", kwargs={"slug": event.slug})


def page_url(delegation, language="en"):
    with translation.override(language):
        return reverse("events:delegation", kwargs={"token": delegation.token})


def contact_data(**overrides) -> dict:
    data = {
        "name": "王芳",
        "email": "wang.fang@example.cn",
        "language": "zh-hans",
        "organization": "南京市人民政府外事办公室",
        "organization_kind": "government",
        "country": "CN",
        "when_not_all_fit": "as_many_as_fit",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def rows_data(rows: list[dict], total: int | None = None) -> dict:
    total = len(rows) if total is None else total
    data = {
        "members-TOTAL_FORMS": str(total),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
    }
    for index in range(total):
        row = rows[index] if index < len(rows) else {}
        for field in ("name", "name_romanized", "email", "organization"):
            data[f"members-{index}-{field}"] = row.get(field, "")
    return data


def named(count: int, **extra) -> list[dict]:
    return [{"name": name, **extra} for name in NAMES[:count]]


def post_group(client, event, rows, *, language="en", total=None, **contact):
    return client.post(form_url(event, language), {**contact_data(**contact), **rows_data(rows, total)})


def make_group(event, count=3, **overrides) -> Delegation:
    values = {
        "contact_name": "王芳",
        "contact_email": "wang.fang@example.cn",
        "language": "en",
        "consent": True,
        "members": [Member(name=name, email=f"p{index}@example.cn") for index, name in enumerate(NAMES[:count])],
    }
    values.update(overrides)
    return register_delegation(event, **values)


def row_inputs(html: str) -> list[str]:
    return re.findall(r'name="members-(\d+)-name"', html)


# --- The form ----------------------------------------------------------------------------------------


def test_the_form_shows_five_empty_rows_and_the_event_page_and_single_form_link_it(client):
    event = open_event(max_delegation_size=20)

    response = client.get(form_url(event))

    html = response.content.decode()
    assert response.status_code == 200
    assert row_inputs(html) == ["0", "1", "2", "3", "4"]
    assert 'name="add_rows"' in html
    assert 'name="when_not_all_fit"' in html
    for page in (client.get(event.get_absolute_url()), client.get(reverse("events:register", args=[event.slug]))):
        assert f'href="{form_url(event)}"' in page.content.decode()


def test_an_event_that_takes_no_groups_says_so_and_links_no_group_form(client):
    event = open_event(max_delegation_size=0)

    response = client.get(form_url(event))

    assert response.status_code == 200
    assert "does not take group registrations" in response.content.decode()
    assert row_inputs(response.content.decode()) == []
    assert form_url(event) not in client.get(event.get_absolute_url()).content.decode()
    assert post_group(client, event, named(2)).status_code == 200
    assert Delegation.objects.count() == 0


def test_a_delegation_of_fifteen_registers_in_one_go(client, mailoutbox, django_capture_on_commit_callbacks):
    event = open_event(capacity=50)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_group(client, event, named(15, organization=""))

    assert response.status_code == 302 and response["Location"] == sent_url(event)
    delegation = Delegation.objects.get()
    assert list(delegation.members.order_by("pk").values_list("name", flat=True)) == NAMES
    assert delegation.members.get(name="张伟").name_romanized == "Zhang Wei"
    assert delegation.members.get(name="Jürgen Weiß").name_romanized == ""
    assert (delegation.contact_name, delegation.language, delegation.when_not_all_fit) == (
        "王芳",
        "zh-hans",
        "as_many_as_fit",
    )
    (message,) = mailoutbox
    assert message.to == ["wang.fang@example.cn"]
    assert page_url(delegation, "zh-hans") in message.body
    assert "张伟" in message.body and "Jürgen Weiß" in message.body
    sent = client.get(sent_url(event))
    assert sent.status_code == 200 and "Check your e-mail" in sent.content.decode()


def test_without_javascript_add_more_rows_keeps_what_was_typed_until_fifteen_are_listed(client):
    event = open_event(capacity=50, max_delegation_size=15)
    rows = named(5)
    rows[1]["email"] = "wang@example.cn"

    first = post_group(client, event, rows, consent="", add_rows="1")
    html = first.content.decode()

    assert first.status_code == 200
    assert row_inputs(html) == [str(index) for index in range(10)]
    assert 'value="张伟"' in html and 'value="Zhang Wei"' in html  # pinyin proposed, to be checked
    assert 'value="wang@example.cn"' in html
    assert "Please correct" not in html and "errorlist" not in html  # nothing validated yet
    assert Delegation.objects.count() == 0

    second = post_group(client, event, named(10), total=10, add_rows="1")
    assert row_inputs(second.content.decode()) == [str(index) for index in range(15)]
    assert 'name="add_rows"' not in second.content.decode()  # the event's limit reached

    done = post_group(client, event, named(15), total=15)
    assert done.status_code == 302
    assert Delegation.objects.get().members.count() == 15


def test_empty_rows_are_ignored(client):
    event = open_event()
    rows = [{"name": "张伟"}, {}, {"name": "李娜"}, {}, {}]

    assert post_group(client, event, rows).status_code == 302
    assert list(Delegation.objects.get().members.values_list("name", flat=True)) == ["张伟", "李娜"]


def test_a_group_without_anybody_listed_is_refused(client):
    response = post_group(client, open_event(), [], total=5)

    assert response.status_code == 200
    assert "Please list at least one person." in response.content.decode()
    assert Delegation.objects.count() == 0


def test_the_same_address_twice_is_refused_naming_the_row(client):
    rows = [{"name": "A", "email": "li@example.cn"}, {"name": "B"}, {"name": "C", "email": "LI@example.cn"}]

    response = post_group(client, open_event(), rows)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This e-mail address is given for person 1 already." in html
    assert html.count("errorlist") == 1
    assert Delegation.objects.count() == 0


def test_a_row_with_an_address_and_no_name_is_refused(client):
    response = post_group(client, open_event(), [{"name": "A"}, {"email": "b@example.cn"}])

    assert "Please enter the person&#x27;s name, or empty the row." in response.content.decode()
    assert Delegation.objects.count() == 0


def test_more_people_than_the_event_allows_are_refused(client):
    event = open_event(max_delegation_size=3)

    response = post_group(client, event, named(4))

    assert response.status_code == 200
    assert "at most 3 people" in response.content.decode()
    assert Delegation.objects.count() == 0


def test_an_address_registered_already_is_answered_as_the_single_form_answers_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()
    make_registration(event, email="li.lei@example.cn", status=Status.CONFIRMED)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_group(client, event, [{"name": "Li Lei", "email": "li.lei@example.cn"}, {"name": "韩梅梅"}])

    # The same answer as for any group: nothing says that address was known.
    assert response.status_code == 302 and response["Location"] == sent_url(event)
    assert list(Delegation.objects.get().members.values_list("name", flat=True)) == ["韩梅梅"]
    assert sorted(message.to[0] for message in mailoutbox) == ["li.lei@example.cn", "wang.fang@example.cn"]


def test_the_honeypot_stores_nothing_and_answers_as_for_a_person(client):
    response = post_group(client, open_event(), named(2), website="http://spam.example")

    assert response.status_code == 302
    assert Delegation.objects.count() == 0


def test_the_rate_limit_counts_registrations_not_added_rows(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "2/m"
    event = open_event()
    for _ in range(3):
        assert post_group(client, event, named(1), add_rows="1").status_code == 200

    answers = [post_group(client, event, named(1), email=f"c{index}@example.cn").status_code for index in range(3)]

    assert answers == [302, 302, 429]
    assert Delegation.objects.count() == 2


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["Bitte nennen Sie mindestens eine Person.", "Bitte stimmen Sie den Datenschutzhinweisen zu"]),
        ("zh-hans", ["请至少填写一人。", "请同意隐私声明"]),
    ],
)
def test_the_forms_errors_are_in_the_pages_language(client, language, expected):
    response = post_group(client, open_event(), [], language=language, total=5, consent="")

    html = response.content.decode()
    for text in expected:
        assert text in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "Eine Gruppe für diese Veranstaltung darf höchstens 3 Personen umfassen."), ("zh-hans", "最多 3 人")],
)
def test_the_limit_is_told_in_the_pages_language(client, language, expected):
    response = post_group(client, open_event(max_delegation_size=3), named(4), language=language)

    assert expected in response.content.decode()


# --- The contact's page ------------------------------------------------------------------------------


def test_the_contact_confirms_on_their_page_and_sees_everyones_ticket(client):
    event = open_event(capacity=2)
    delegation = make_group(event, 3)

    awaiting = client.get(page_url(delegation))
    assert awaiting.status_code == 200
    assert awaiting["X-Robots-Tag"] == "noindex, nofollow" and "no-cache" in awaiting["Cache-Control"]
    assert reverse("events:delegation_confirm", args=[delegation.token]) in awaiting.content.decode()

    response = client.post(reverse("events:delegation_confirm", args=[delegation.token]))
    assert response.status_code == 302 and response["Location"] == page_url(delegation)

    html = client.get(page_url(delegation)).content.decode()
    members = list(delegation.members.order_by("pk"))
    assert [member.status for member in Registration.objects.filter(delegation=delegation).order_by("pk")] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    for member in members[:2]:
        assert format_ticket_code(Registration.objects.get(pk=member.pk).ticket_code) in html
        assert member.get_absolute_url() in html
    assert html.count("<svg") == 2
    assert "The group registration is confirmed" in html or "confirmed" in html


def test_the_contact_cancels_one_member_and_a_waiting_person_is_promoted(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=3)
    delegation = make_group(event, 3)
    confirm_delegation(delegation)
    waiting = make_registration(event, status=Status.WAITLISTED, email="waiting@example.org")
    leaving = delegation.members.order_by("pk").first()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:delegation_cancel_members", args=[delegation.token]), {"member": leaving.pk}
        )

    assert response.status_code == 302
    leaving.refresh_from_db()
    waiting.refresh_from_db()
    assert (leaving.status, waiting.status) == (Status.CANCELLED, Status.CONFIRMED)
    assert sorted(message.to[0] for message in mailoutbox) == ["p0@example.cn", "waiting@example.org"]
    assert "1 person has been cancelled." in client.get(page_url(delegation)).content.decode()


def test_cancelling_nobody_or_a_stranger_changes_nothing(client):
    event = open_event()
    delegation = make_group(event, 2)
    confirm_delegation(delegation)
    stranger = make_registration(event, status=Status.CONFIRMED)
    url = reverse("events:delegation_cancel_members", args=[delegation.token])

    for data in ({}, {"member": "x"}, {"member": stranger.pk}):
        assert client.post(url, data).status_code == 302
    stranger.refresh_from_db()
    assert stranger.status == Status.CONFIRMED
    assert not delegation.members.filter(status=Status.CANCELLED).exists()


def test_the_whole_group_is_cancelled_only_with_the_box_ticked(client):
    delegation = make_group(open_event(), 2)
    confirm_delegation(delegation)
    url = reverse("events:delegation_cancel", args=[delegation.token])

    client.post(url)
    delegation.refresh_from_db()
    assert delegation.status == GroupStatus.CONFIRMED
    client.post(url, {"sure": "yes"})
    delegation.refresh_from_db()
    assert delegation.status == GroupStatus.CANCELLED
    assert set(delegation.members.values_list("status", flat=True)) == {Status.CANCELLED}


def test_a_declined_group_page_says_nobody_was_registered(client):
    event = open_event(capacity=1)
    delegation = make_group(event, 2, when_not_all_fit=Delegation.WhenNotAllFit.ALL_OR_NONE)
    client.post(reverse("events:delegation_confirm", args=[delegation.token]))

    html = client.get(page_url(delegation)).content.decode()

    assert "nobody has been" in html and "Right now 1 seat is free." in html


def test_an_unknown_group_token_is_not_found(client):
    delegation = make_group(open_event(), 1)
    unknown = delegation.token[:-1] + ("A" if delegation.token[-1] != "A" else "B")

    assert client.get(f"/en/registration/group/{unknown}/").status_code == 404
    assert client.post(f"/en/registration/group/{unknown}/confirm/").status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contacts_page_works_in_every_language(client, language):
    event = open_event(capacity=2)
    delegation = make_group(event, 3, language=language)
    confirm_delegation(delegation)

    response = client.get(page_url(delegation, language))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}"' in html
    assert {"en": "Forum on Common Heritage", "de": "Forum zum gemeinsamen Erbe", "zh-hans": "共同遗产论坛"}[
        language
    ] in html
    if language == "zh-hans":
        assert "张伟（Zhang Wei）" in html  # Chinese first, brackets full-width
    else:
        assert "Zhang Wei (张伟)" in html


def test_the_pages_and_emails_are_valid_html(client):
    event = open_event(capacity=2)
    documents = {f"form {language}": client.get(form_url(event, language)).content for language in LANGUAGES}
    documents["form with errors"] = post_group(client, event, [{"email": "x"}], consent="").content
    documents["more rows"] = post_group(client, event, named(3), add_rows="1").content
    documents["sent"] = client.get(sent_url(event)).content
    awaiting = make_group(event, 3)
    documents["awaiting"] = client.get(page_url(awaiting)).content
    confirmed = make_group(event, 3, contact_email="other@example.cn", members=[Member("A"), Member("B"), Member("C")])
    confirm_delegation(confirmed)
    documents["confirmed"] = client.get(page_url(confirmed)).content
    for kind in (kind for kind in Kind.values if kind.startswith("delegation_")):
        message = render_delegation_email(Notification(delegation=confirmed, kind=kind))
        documents[f"e-mail {kind}"] = message.alternatives[0][0]

    problems = validate_html(documents)

    assert problems == {}, "HTML errors (Nu Html Checker):\n" + format_problems(problems)


# --- Admin -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("groups", [1, 6])
def test_the_admin_lists_groups_with_their_counts_in_constant_queries(admin_client, django_assert_num_queries, groups):
    event = open_event(capacity=4)
    made = [
        make_group(event, 3, contact_email=f"c{index}@example.cn", members=[Member(f"P{index}-{n}") for n in range(3)])
        for index in range(groups)
    ]
    confirm_delegation(made[0])
    admin_client.get("/admin/events/delegation/")  # sessions, permissions: cached from here on

    with django_assert_num_queries(9):
        response = admin_client.get("/admin/events/delegation/")

    assert response.status_code == 200
    rows = re.findall(r"<tr[^>]*>.*?</tr>", response.content.decode(), re.S)
    first = next(row for row in rows if f"/admin/events/delegation/{made[0].pk}/" in row)
    assert re.findall(r'class="field-(?:size|seated|waiting)">(\d+)<', first) == ["3", "3", "0"]


def test_the_admin_shows_the_people_linked_to_their_registrations(admin_client):
    delegation = make_group(open_event(), 2)

    html = admin_client.get(f"/admin/events/delegation/{delegation.pk}/change/").content.decode()

    for member in delegation.members.all():
        assert f"/admin/events/registration/{member.pk}/change/" in html


# --- In a browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_browser_registers_a_group_adds_rows_confirms_and_cancels_one_accessibly(new_page, live_server, mailoutbox):
    event = open_event(capacity=20)
    page, requests = new_page(bypass_csp=True)
    problems = {}

    page.goto(form_url(event, "zh-hans"))
    problems["form"] = axe_violations(page)
    page.fill("#id_name", "王芳")
    page.fill("#id_email", "wang.fang@example.cn")
    page.select_option("#id_country", "CN")
    for index, name in enumerate(NAMES[:5]):
        page.fill(f"#id_members-{index}-name", name)
    page.click("button[name=add_rows]")
    page.wait_for_selector("#id_members-9-name")
    problems["more rows"] = axe_violations(page)
    assert page.input_value("#id_members-0-name_romanized") == "Zhang Wei"
    for index, name in enumerate(NAMES[5:7], start=5):
        page.fill(f"#id_members-{index}-name", name)
    page.check("#id_consent")
    page.press("#id_members-6-name", "Enter")  # Enter registers, it does not add rows
    page.wait_for_url(f"**{sent_url(event, 'zh-hans')}")

    (message,) = mailoutbox
    link = re.search(r"http://\S+/zh-hans/registration/group/[A-Za-z0-9_-]+/", message.body)[0]
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    problems["awaiting"] = axe_violations(page)
    page.click("form[action$='/confirm/'] button")
    page.wait_for_selector("svg.ticket__qr", state="attached")
    problems["confirmed"] = axe_violations(page)
    delegation = Delegation.objects.get()
    assert delegation.members.filter(status=Status.CONFIRMED).count() == 7
    first = delegation.members.order_by("pk").first()
    page.check(f"#cancel-member-{first.pk}")
    page.click("form[action$='/cancel-people/'] button[type=submit]")
    page.wait_for_selector(".messages")
    first.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert {name: found for name, found in problems.items() if found} == {}, format_problems(problems)
    assert requests.foreign() == []


@pytest.mark.parametrize(
    "management",
    [{}, {"members-TOTAL_FORMS": "abc"}, {"members-TOTAL_FORMS": "100000", "members-INITIAL_FORMS": "0"}],
)
@pytest.mark.parametrize("add_rows", [False, True])
def test_a_tampered_row_count_is_answered_with_a_message_not_an_error(client, management, add_rows):
    data = {**contact_data(), **management, "members-0-name": "张伟"}
    if add_rows:
        data["add_rows"] = "1"

    response = client.post(form_url(open_event()), data)

    assert response.status_code == 200
    assert len(row_inputs(response.content.decode())) <= 20
    assert Delegation.objects.count() == 0
