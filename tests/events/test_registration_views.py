"""The attendee's pages: the registration form, the page behind the token, the e-mails, and check-in at the door.

Our own strings are not translated yet, so pages in German and Chinese are recognised by what is translated
already: Django's form errors, Babel's country names, the event's translated title, dates and the URL prefix.
"""

import re
from datetime import datetime, time, timedelta

import pytest
import segno
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from events import emails, registrations
from events.models import Edition, Event, Message, Notification, Registration, format_ticket_code
from events.timezones import zone_label
from nanjingweek.ratelimit import Rate, is_rate_limited, parse_rate
from tests.browser.tools import axe_violations, format_problems, validate_html
from tests.factories import make_edition, make_event

pytestmark = pytest.mark.django_db

Status = Registration.Status
LANGUAGES = ["en", "de", "zh-hans"]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # Every test client comes from 127.0.0.1: without this, the counters of one test would limit the next.
    cache.clear()
    yield
    cache.clear()


def open_event(**overrides) -> Event:
    """An event a week from now whose registration opened yesterday."""
    now = timezone.now().replace(second=0, microsecond=0)
    values = {
        "registration_required": True,
        "capacity": 10,
        "starts_at": now + timedelta(days=7),
        "registration_opens_at": now - timedelta(days=1),
        "registration_closes_at": now + timedelta(days=6),
        "title_en": "Forum on Common Heritage",
        "title_de": "Forum zum gemeinsamen Erbe",
        "title_zh_hans": "共同遗产论坛",
    }
    values.update(overrides)
    return make_event(**values)


def form_data(**overrides) -> dict:
    data = {
        "name": "张三",
        "name_romanized": "Zhang San",
        "email": "zhang.san@example.cn",
        "organization": "南京市文化和旅游局",
        "organization_kind": "government",
        "country": "CN",
        "language": "zh-hans",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def register_url(event, language="en"):
    with translation.override(language):
        return reverse("events:register", kwargs={"slug": event.slug})


def sent_url(event, language="en"):
    with translation.override(language):
        return reverse("events:registration_sent", kwargs={"slug": event.slug})


def page_url(registration, language="en", action=None):
    name = f"events:registration_{action}" if action else "events:registration"
    with translation.override(language):
        return reverse(name, kwargs={"token": registration.token})


def add_registration(event, *, status=Status.AWAITING_CONFIRMATION, language="en", **overrides) -> Registration:
    """A registration in a given state, written directly: for pages that show states, not for the rules."""
    values = {
        "name": "Anna Schmidt",
        "email": f"person-{Registration.objects.count() + 1}@example.org",
        "language": language,
        "status": status,
        "consent_at": timezone.now(),
    }
    if status in (Status.CONFIRMED, Status.WAITLISTED):
        values["confirmed_at"] = timezone.now()
    if status == Status.CANCELLED:
        values["cancelled_at"] = timezone.now()
    values.update(overrides)
    return Registration.objects.create(event=event, **values)


def post_registration(client, event, page_language="en", **data):
    return client.post(register_url(event, page_language), form_data(**data))


def notification_kinds(registration=None):
    notifications = Notification.objects.all() if registration is None else registration.notifications.all()
    return [notification.kind for notification in notifications.order_by("pk")]


def html_part(message) -> str:
    (html, mimetype), *_others = message.alternatives
    assert mimetype == "text/html"
    return html


def page_meta_referrer(response) -> str:
    return re.search(r'<meta name="referrer" content="([^"]+)">', response.content.decode())[1]


def grant_check_in(user):
    user.user_permissions.add(Permission.objects.get(codename="check_in_registration"))


# --- The form ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "germany"),
    [("en", "Germany"), ("de", "Deutschland"), ("zh-hans", "德国")],
)
def test_register_form_shows_in_every_language_with_its_own_defaults(client, parse_html, language, germany):
    event = open_event()

    response = client.get(register_url(event, language))

    assert response.status_code == 200
    page = parse_html(response.content)
    form = page.find("form", class_="registration-form")
    names = [element.attrs["name"] for element in form.iter() if element.tag in ("input", "select")]
    assert names == [
        "csrfmiddlewaretoken",
        "name",
        "name_romanized",
        "email",
        "organization",
        "organization_kind",
        "country",
        "language",
        "consent",
        "website",
    ]
    # The language preselected is the page's, each written in its own name.
    selected = form.find("select", name="language").find("option", selected="")
    assert selected.attrs["value"] == language
    assert [option.text for option in form.find("select", name="language").find_all("option")] == [
        "English",
        "Deutsch",
        "简体中文",
    ]
    # Countries named in the page's language.
    assert form.find("select", name="country").find("option", value="DE").text == germany
    # The consent links to the privacy notice in the same language.
    assert f"/{language}/privacy/" in [link.attrs["href"] for link in form.find_all("a")]


def test_register_form_hides_the_honeypot_from_people(client, parse_html):
    event = open_event()

    page = parse_html(client.get(register_url(event)).content)

    honeypot = page.find("input", name="website")
    assert honeypot.attrs["tabindex"] == "-1"
    assert honeypot.attrs["autocomplete"] == "off"
    wrapper = honeypot.parent
    assert wrapper.attrs["aria-hidden"] == "true"
    assert "visually-hidden" in wrapper.classes
    assert wrapper.find("label").text == "Leave this field empty"


@pytest.mark.parametrize("language", LANGUAGES)
def test_register_stores_a_chinese_name_and_mails_the_link_in_the_registrants_language(
    client, language, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, event, language, language="zh-hans")

    assert response.status_code == 302
    assert response["Location"] == sent_url(event, language)
    registration = Registration.objects.get()
    assert (registration.name, registration.name_romanized, registration.organization) == (
        "张三",
        "Zhang San",
        "南京市文化和旅游局",
    )
    assert (registration.status, registration.language, registration.country) == (
        Status.AWAITING_CONFIRMATION,
        "zh-hans",
        "CN",
    )
    assert registration.consent_at is not None
    assert notification_kinds() == [Notification.Kind.CONFIRM_REQUEST]
    (message,) = mailoutbox
    assert message.to == ["zhang.san@example.cn"]
    # In Chinese whatever the form's page language: the title, the link's prefix and the date format say so.
    assert "共同遗产论坛" in message.subject
    link = f"/zh-hans/registration/{registration.token}/"
    assert link in message.body
    assert "张三" in message.body
    assert f"{event.local_start.year}年{event.local_start.month}月{event.local_start.day}日" in message.body
    html = html_part(message)
    assert '<html lang="zh-hans">' in html
    assert f'href="http://127.0.0.1:8000{link}"' in html
    assert "共同遗产论坛" in html


def test_register_sent_page_tells_to_check_the_mail_and_is_not_indexed(client, parse_html):
    event = open_event()

    response = client.get(sent_url(event))

    page = parse_html(response.content)
    assert response.status_code == 200
    assert page.find("h1").text == "Check your e-mail"
    # On its way, not "sent": with a mail server the worker sends it a moment later, and may have to try again.
    assert page.find("p", class_="message--success").text.startswith("A message to the address you gave is on its way.")
    assert page.find("meta", name="robots").attrs["content"] == "noindex"
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "required", "invalid_email"),
    [
        (
            "en",
            "Please choose the country or region you live in.",
            "Please enter a valid e-mail address, such as name@example.com.",
        ),
        (
            "de",
            "Bitte wählen Sie das Land, in dem Sie leben.",
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
        ),
        ("zh-hans", "请选择您所在的国家或地区。", "请输入有效的电子邮箱地址，例如 name@example.com。"),
    ],
)
def test_register_with_errors_keeps_the_input_translates_the_errors_and_stores_nothing(
    client, parse_html, mailoutbox, language, required, invalid_email
):
    event = open_event()

    response = post_registration(client, event, language, email="not-an-address", country="", consent="")

    assert response.status_code == 200
    page = parse_html(response.content)
    assert page.find("input", name="name").attrs["value"] == "张三"
    assert page.find("input", name="email").attrs["value"] == "not-an-address"
    assert page.find("input", name="organization").attrs["value"] == "南京市文化和旅游局"
    assert page.find("select", name="language").find("option", selected="").attrs["value"] == "zh-hans"
    assert page.find("input", name="email").attrs["aria-invalid"] == "true"
    assert page.find("ul", id="id_email_error").text == invalid_email
    assert page.find("ul", id="id_country_error").text == required
    assert page.find("input", name="consent").attrs["aria-invalid"] == "true"
    assert page.find("div", role="alert")
    assert Registration.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("language", "too_long", "invalid_email", "stock"),
    [
        (
            "de",
            "Bitte geben Sie höchstens 200 Zeichen ein (Sie haben 201 eingegeben).",
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com.",
            ["Bitte sicherstellen", "Bitte gültige E-Mail-Adresse eingeben"],
        ),
        (
            "zh-hans",
            "最多可输入 200 个字符，您输入了 201 个。",
            "请输入有效的电子邮箱地址，例如 name@example.com。",
            ["确保该变量", "Email 地址", "输入一个有效的"],
        ),
    ],
)
def test_register_errors_state_the_limit_and_the_address_plainly(
    client, parse_html, language, too_long, invalid_email, stock
):
    event = open_event()

    response = post_registration(client, event, language, name="张" * 201, email="zhang.san@")

    page = parse_html(response.content)
    assert page.find("ul", id="id_name_error").text == too_long
    assert page.find("ul", id="id_email_error").text == invalid_email
    assert [text for text in stock if text in response.content.decode()] == []
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("language", "name", "email"),
    [
        ("en", "Please enter your name.", "Please enter your e-mail address."),
        ("de", "Bitte geben Sie Ihren Namen ein.", "Bitte geben Sie Ihre E-Mail-Adresse ein."),
        ("zh-hans", "请填写您的姓名。", "请填写您的电子邮箱地址。"),
    ],
)
def test_register_says_what_is_missing(client, parse_html, language, name, email):
    event = open_event()

    response = post_registration(client, event, language, name="", email="")

    page = parse_html(response.content)
    assert (page.find("ul", id="id_name_error").text, page.find("ul", id="id_email_error").text) == (name, email)
    assert page.find("label", for_="id_name").text == {"en": "Name", "de": "Name", "zh-hans": "姓名"}[language]


def test_register_without_consent_says_so_and_keeps_the_box_unticked(client, parse_html):
    event = open_event()

    response = post_registration(client, event, consent="")

    page = parse_html(response.content)
    assert page.find("ul", id="id_consent_error").text == "Please agree to the privacy notice to register."
    assert "checked" not in page.find("input", name="consent").attrs
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "Registration opens on"),
        (
            {
                "registration_opens_at": timezone.now() - timedelta(days=3),
                "registration_closes_at": timezone.now() - timedelta(days=1),
            },
            "Registration for this event is closed.",
        ),
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        ({"registration_required": False}, "No registration is needed for this event: just come along."),
    ],
    ids=["not-open-yet", "closed", "cancelled", "not-required"],
)
def test_register_page_says_why_registration_is_not_possible(client, parse_html, mailoutbox, overrides, reason):
    event = open_event(**overrides)

    shown = client.get(register_url(event))
    sent = post_registration(client, event)

    for response in (shown, sent):
        assert response.status_code == 200
        page = parse_html(response.content)
        assert page.find_all("form", class_="registration-form") == []
        assert reason in page.find("main").text
    assert Registration.objects.count() == 0
    assert mailoutbox == []


def test_register_page_opens_at_the_boundary(client, parse_html):
    # One side of the boundary is above (not open yet); this is the other: opened a second ago.
    event = open_event(registration_opens_at=timezone.now() - timedelta(seconds=1))

    page = parse_html(client.get(register_url(event)).content)

    assert page.find("form", class_="registration-form")


def test_register_page_of_a_full_event_offers_the_waiting_list(client, parse_html):
    event = open_event(capacity=1)
    add_registration(event, status=Status.CONFIRMED)

    page = parse_html(client.get(register_url(event)).content)

    assert page.find("form", class_="registration-form")
    assert "you join the waiting list" in page.find("p", class_="message--warning").text


def test_register_page_of_a_draft_event_is_not_found(client):
    event = open_event(status=Event.Status.DRAFT)

    assert client.get(register_url(event)).status_code == 404
    assert post_registration(client, event).status_code == 404
    assert client.get(sent_url(event)).status_code == 404
    assert Registration.objects.count() == 0


def test_register_honeypot_answers_like_success_and_stores_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, event, website="http://spam.example")

    assert response.status_code == 302
    assert response["Location"] == sent_url(event)
    assert Registration.objects.count() == 0
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_register_rate_limit_refuses_with_429_keeps_the_input_and_stores_nothing(
    client, parse_html, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.REGISTRATION_RATE_LIMIT = "2/m"
    event = open_event()

    with django_capture_on_commit_callbacks(execute=True):
        first = post_registration(client, event, email="one@example.org")
        second = post_registration(client, event, email="two@example.org")
        third = post_registration(client, event, email="three@example.org", name="李四")

    assert [first.status_code, second.status_code, third.status_code] == [302, 302, 429]
    page = parse_html(third.content)
    assert "Too many registrations have been sent from your network" in page.find("p", role="alert").text
    assert page.find("input", name="name").attrs["value"] == "李四"
    assert page.find("input", name="email").attrs["value"] == "three@example.org"
    assert sorted(Registration.objects.values_list("email", flat=True)) == ["one@example.org", "two@example.org"]
    assert len(mailoutbox) == 2


def test_register_rate_limit_counts_each_address_apart(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/h"
    event = open_event()

    here = client.post(register_url(event), form_data(email="one@example.org"), REMOTE_ADDR="192.0.2.1")
    again = client.post(register_url(event), form_data(email="two@example.org"), REMOTE_ADDR="192.0.2.1")
    elsewhere = client.post(register_url(event), form_data(email="three@example.org"), REMOTE_ADDR="192.0.2.2")

    assert [here.status_code, again.status_code, elsewhere.status_code] == [302, 429, 302]
    assert Registration.objects.count() == 2


def test_register_rate_limit_leaves_reading_the_form_alone(client, settings):
    settings.REGISTRATION_RATE_LIMIT = "1/m"
    event = open_event()

    responses = [client.get(register_url(event)) for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]


@pytest.mark.parametrize(
    ("text", "rate"),
    [("5/m", Rate(5, 60)), ("20/h", Rate(20, 3600)), (" 2 / s ", Rate(2, 1)), ("100/D", Rate(100, 86400)), ("", None)],
)
def test_rate_limit_reads_count_and_period(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["5", "5/w", "0/m", "-1/m", "five/m", "5/min"])
def test_rate_limit_refuses_what_it_cannot_read(text):
    with pytest.raises(ImproperlyConfigured):
        parse_rate(text)


def test_rate_limit_window_opens_again_when_the_period_is_over(rf):
    request = rf.post("/", REMOTE_ADDR="198.51.100.7")
    start = 1_800_000_000.0  # the start of a one-minute window

    hits = [is_rate_limited(request, scope="test", rate="2/m", now=start + offset) for offset in (0, 30, 59.9, 60)]

    assert hits == [False, False, True, False]


def test_register_twice_answers_alike_keeps_one_row_and_sends_the_link_again(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()

    with django_capture_on_commit_callbacks(execute=True):
        first = post_registration(client, event, language="en", email="anna@example.org")
        second = post_registration(client, event, language="en", email="  Anna@Example.ORG ", name="Somebody")

    assert (first.status_code, first["Location"]) == (second.status_code, second["Location"])
    assert client.get(first["Location"]).content == client.get(second["Location"]).content
    registration = Registration.objects.get()
    assert registration.name == "张三"
    assert notification_kinds(registration) == [Notification.Kind.CONFIRM_REQUEST, Notification.Kind.LINK_RESENT]
    assert [message.to for message in mailoutbox] == [["anna@example.org"], ["anna@example.org"]]
    assert mailoutbox[1].subject == "Your registration link: Forum on Common Heritage"
    assert registration.get_absolute_url() in mailoutbox[1].body


# --- The attendee's own page -------------------------------------------------------------------------


def test_registration_page_get_changes_nothing_and_keeps_the_token_private(client, parse_html):
    event = open_event()
    registration = add_registration(event)

    response = client.get(page_url(registration))

    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_CONFIRMATION
    assert Notification.objects.count() == 0
    assert response.status_code == 200
    # Not "no-referrer": browsers then send `Origin: null` with the page's forms and the CSRF check refuses them.
    assert response["Referrer-Policy"] == "same-origin"
    assert page_meta_referrer(response) == "same-origin"
    assert "no-store" in response["Cache-Control"]
    page = parse_html(response.content)
    assert page.find("meta", name="robots").attrs["content"].startswith("noindex")
    form = page.find("form", action=page_url(registration, action="confirm"))
    assert form.attrs["method"] == "post"
    assert form.find("input", name="csrfmiddlewaretoken")
    assert form.find("button").text == "Confirm my registration"
    assert page.find("a", href=f"/events/{event.slug}.ics?lang=en")


def test_registration_page_shows_the_event_in_the_venues_local_time(client, parse_html):
    event = open_event(starts_at=timezone.now().replace(microsecond=0) + timedelta(days=7))
    registration = add_registration(event)

    page = parse_html(client.get(page_url(registration)).content)

    start = page.find("time")
    assert start.attrs["datetime"] == event.local_start.isoformat()
    zone = page.find("abbr", class_="zone")
    # The zone by its name, with its offset for whoever needs it; never the IANA ID.
    assert (zone.text, zone.attrs["title"]) in [
        ("CET", "Central European Standard Time (UTC+1)"),
        ("CEST", "Central European Summer Time (UTC+2)"),
    ]


def test_registration_page_shows_a_change_of_its_event_venue_or_city_at_once(client, parse_html):
    # The page reads the event once per content version (views_registration.page_event): any write is a new one.
    event = open_event(title_en="Heritage Forum")
    registration = add_registration(event)
    client.get(page_url(registration))

    Event.objects.filter(pk=event.pk).update(title_en="Heritage and Tourism Forum", status=Event.Status.CANCELLED)
    event.venue.city.name_en = "Lipsia"
    event.venue.city.save()
    page = parse_html(client.get(page_url(registration)).content)

    facts = page.find("dl", class_="facts").text
    assert "Heritage and Tourism Forum" in facts and "Lipsia" in facts
    assert "This event has been cancelled." in page.find("article").text


def test_registration_page_header_shows_the_current_edition_as_it_changes_and_as_days_pass(
    client, parse_html, travel_to
):
    event = open_event()  # in an edition of its own around its date
    registration = add_registration(event)
    later = make_edition(
        start_date=event.edition.end_date + timedelta(days=30), end_date=event.edition.end_date + timedelta(days=40)
    )
    Edition.objects.filter(pk=event.edition.pk).update(name_en="Nanjing Week This Year")

    def header():
        return parse_html(client.get(page_url(registration)).content).find(class_="site-name__edition").text

    assert header() == "Nanjing Week This Year"
    Edition.objects.filter(pk=event.edition.pk).update(name_en="Nanjing Week, Renamed")
    assert header() == "Nanjing Week, Renamed"
    travel_to(timezone.make_aware(datetime.combine(event.edition.end_date + timedelta(days=2), time(12))))
    assert header() == later.name_en


def test_registration_page_links_no_other_address_of_itself(client, parse_html):
    # A private page: no canonical or hreflang links repeating its token for whatever reads the page's links.
    registration = add_registration(open_event())

    page = parse_html(client.get(page_url(registration)).content)

    assert page.find_all("link", rel="canonical") == page.find_all("link", rel="alternate") == []


def test_confirm_takes_a_seat_and_shows_the_ticket_with_its_qr_code(
    client, parse_html, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event()
    registration = add_registration(event, language="de")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(registration, action="confirm"))

    assert response.status_code == 302
    assert response["Location"] == page_url(registration)
    assert response["Referrer-Policy"] == "same-origin"
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    page = parse_html(client.get(response["Location"]).content)
    assert page.find("li", class_="message--success").text == "Your registration is confirmed. Your ticket is below."
    code = format_ticket_code(registration.ticket_code)
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2}", code)
    ticket = page.find("section", class_="ticket")
    assert ticket.find("strong", class_="ticket__number").text == code
    svg = ticket.find("svg", class_="ticket__qr")
    assert svg.find("title").text == f"QR code of ticket {code}"
    # The QR code carries the ticket code, not the token: the same drawing segno makes of the code.
    expected = segno.make_qr(registration.ticket_code, error="m").svg_inline(scale=8, border=4)
    assert svg.find("path").attrs["d"] == re.search(r' d="([^"]+)"', expected)[1]
    (message,) = mailoutbox
    assert message.subject.endswith(": Forum zum gemeinsamen Erbe")
    assert code in message.body
    assert code in html_part(message)
    assert f"/de/registration/{registration.token}/" in message.body


def test_confirm_of_a_full_event_puts_on_the_waiting_list_with_the_position(
    client, parse_html, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    add_registration(event, status=Status.CONFIRMED)
    first, second = add_registration(event), add_registration(event)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page_url(first, action="confirm"))
        response = client.post(page_url(second, action="confirm"))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.WAITLISTED, Status.WAITLISTED)
    page = parse_html(client.get(response["Location"]).content)
    assert "you are on the waiting list" in page.find("li", class_="message--success").text
    assert "in position 2" in page.find("p", class_="message--warning").text
    assert page.find_all("section", class_="ticket") == []
    first_page = parse_html(client.get(page_url(first)).content)
    assert "you are next in line" in first_page.find("p", class_="message--warning").text


def test_confirm_refused_shows_the_rules_message_and_changes_nothing(client, parse_html, settings):
    event = open_event()
    registration = add_registration(
        event, created_at=timezone.now() - timedelta(hours=settings.REGISTRATION_CONFIRMATION_HOURS, seconds=1)
    )

    response = client.post(page_url(registration, action="confirm"))

    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_CONFIRMATION
    page = parse_html(client.get(response["Location"]).content)
    assert page.find("li", class_="message--error").text == "This link has expired. Please register again."
    assert page.find("a", href=register_url(event)).text == "Register again"


def test_registration_actions_refuse_get(client):
    registration = add_registration(open_event())

    responses = [client.get(page_url(registration, action=action)) for action in ("confirm", "cancel", "erase")]

    assert [response.status_code for response in responses] == [405, 405, 405]
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_CONFIRMATION


def test_cancel_needs_the_box_ticked(client, parse_html):
    registration = add_registration(open_event(), status=Status.CONFIRMED)

    response = client.post(page_url(registration, action="cancel"))

    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    page = parse_html(client.get(response["Location"]).content)
    assert page.find("li", class_="message--error").text == "Please tick the box to confirm that you want to cancel."


def test_cancel_gives_the_seat_to_the_first_waiting_who_hears_it_in_their_language(
    client, parse_html, mailoutbox, django_capture_on_commit_callbacks
):
    event = open_event(capacity=1)
    holder = add_registration(event, status=Status.CONFIRMED, language="en")
    first = add_registration(
        event, status=Status.WAITLISTED, language="de", confirmed_at=timezone.now() - timedelta(minutes=2)
    )
    second = add_registration(
        event, status=Status.WAITLISTED, language="zh-hans", confirmed_at=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page_url(holder, action="cancel"), {"sure": "yes"})

    for registration in (holder, first, second):
        registration.refresh_from_db()
    assert (holder.status, first.status, second.status) == (Status.CANCELLED, Status.CONFIRMED, Status.WAITLISTED)
    page = parse_html(client.get(response["Location"]).content)
    assert page.find("li", class_="message--success").text == "Your registration has been cancelled."
    assert page.find_all("form", action=page_url(holder, action="cancel")) == []
    assert page.find("form", action=page_url(holder, action="erase"))
    by_address = {message.to[0]: message for message in mailoutbox}
    assert sorted(by_address) == sorted([holder.email, first.email])
    promoted = by_address[first.email]
    assert promoted.subject.endswith(": Forum zum gemeinsamen Erbe")
    assert notification_kinds(first) == [Notification.Kind.PROMOTED]
    assert f"/de/registration/{first.token}/" in promoted.body
    assert format_ticket_code(first.ticket_code) in promoted.body
    assert '<html lang="de">' in html_part(promoted)
    assert "Forum zum gemeinsamen Erbe" in html_part(promoted)
    second_page = parse_html(client.get(page_url(second, "zh-hans")).content)
    assert second_page.find("html").attrs["lang"] == "zh-hans"
    assert "共同遗产论坛" in second_page.find("main").text
    assert registrations.waiting_list_position(second) == 1


def test_erase_is_refused_before_cancelling_and_done_after(client, parse_html):
    registration = add_registration(open_event(), status=Status.CONFIRMED, name="王五")

    refused = client.post(page_url(registration, action="erase"), {"sure": "yes"})
    registration.refresh_from_db()
    kept = registration.name
    client.post(page_url(registration, action="cancel"), {"sure": "yes"})
    erased = client.post(page_url(registration, action="erase"), {"sure": "yes"})

    assert kept == "王五"
    assert refused["Location"] == erased["Location"] == page_url(registration)
    registration.refresh_from_db()
    assert registration.anonymized_at is not None
    assert registration.name != "王五"
    assert "@" not in registration.email.removesuffix("@invalid")
    page = parse_html(client.get(page_url(registration)).content)
    assert "王五" not in page.find("main").text
    assert [message.text for message in page.find_all("li", class_="message")] == [
        "Please cancel your registration first; then you can delete your data.",
        "Your registration has been cancelled.",
        "Your personal data has been deleted.",
    ]
    assert page.find("main").find_all("form") == []  # nothing left to do (the header's search box aside)


def test_erase_is_offered_once_the_event_is_over(client, parse_html):
    past = open_event(
        starts_at=timezone.now() - timedelta(days=2),
        registration_opens_at=timezone.now() - timedelta(days=9),
        registration_closes_at=timezone.now() - timedelta(days=3),
    )
    attended = add_registration(past, status=Status.CONFIRMED)
    coming = add_registration(open_event(), status=Status.CONFIRMED)

    over = parse_html(client.get(page_url(attended)).content)
    not_over = parse_html(client.get(page_url(coming)).content)

    assert over.find("form", action=page_url(attended, action="erase"))
    assert not_over.find_all("form", action=page_url(coming, action="erase")) == []


@pytest.mark.parametrize(
    "token",
    ["short", "x" * 65, "has.a.dot" + "x" * 30, "ä" * 43],
    ids=["too-short", "too-long", "dot", "not-ascii"],
)
def test_registration_page_refuses_malformed_tokens_before_asking_the_database(client, token):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/en/registration/{token}/")

    assert response.status_code == 404
    assert not [query for query in queries if "events_registration" in query["sql"]]


def test_registration_page_of_an_unknown_token_is_not_found_and_says_nothing_more(client):
    registration = add_registration(open_event())
    unknown = registration.token[:-1] + ("A" if registration.token[-1] != "A" else "B")

    responses = [client.get(f"/en/registration/{unknown}/")] + [
        client.post(f"/en/registration/{unknown}/{action}/", {"sure": "yes"}) for action in ("confirm", "cancel")
    ]

    assert [response.status_code for response in responses] == [404, 404, 404]
    assert registration.token.encode() not in responses[0].content
    registration.refresh_from_db()
    assert registration.status == Status.AWAITING_CONFIRMATION


# --- E-mails -----------------------------------------------------------------------------------------


def organizers_message(kind: str, event) -> Message | None:
    """The message an e-mail of kind "message" carries; its subject is the event's title, as the others end with."""
    if kind != Notification.Kind.MESSAGE:
        return None
    titles = {f"subject_{code}": getattr(event, f"title_{code}") or event.title_en for code in ("en", "de", "zh_hans")}
    return Message.objects.create(event=event, body_en="A word from the organizers.", **titles)


# The e-mails to registrants; those to a delegation's contact (DELEGATION_*) are in test_delegations.py.
REGISTRANT_KINDS = [kind for kind in Notification.Kind.values if not kind.startswith("delegation_")]


@pytest.mark.parametrize("kind", REGISTRANT_KINDS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_email_has_a_subject_text_and_html_with_the_link_in_the_registrants_language(kind, language):
    event = open_event(title_en="Forum & Dialogue <2025>")
    status = {
        "confirmed": Status.CONFIRMED,
        "promoted": Status.CONFIRMED,
        "reminder": Status.CONFIRMED,
        "waitlisted": Status.WAITLISTED,
    }
    registration = add_registration(event, status=status.get(kind, Status.AWAITING_CONFIRMATION), language=language)
    notification = Notification.objects.create(
        registration=registration, kind=kind, message=organizers_message(kind, event)
    )

    message = emails.render_email(notification)

    link = emails.attendee_url(registration)
    assert link == f"http://127.0.0.1:8000/{language}/registration/{registration.token}/"
    title = {"en": "Forum & Dialogue <2025>", "de": "Forum zum gemeinsamen Erbe", "zh-hans": "共同遗产论坛"}[language]
    # The reminder names the day after the title ("Reminder: “…” tomorrow, 09:30 CET").
    assert title in message.subject if kind == "reminder" else message.subject.endswith(title)
    assert "\n" not in message.subject
    assert title in message.body  # plain text: never HTML-escaped
    with translation.override(language):
        assert zone_label(event.local_start) in message.body
    assert "Europe/Berlin" not in message.body + html_part(message)
    assert "Augustusplatz 10" in message.body
    html = html_part(message)
    assert html.startswith("<!DOCTYPE html>")
    assert f'<html lang="{language}">' in html
    # Nothing from another host: the only image is the QR code sent inside the e-mail (cid:).
    assert not re.search(r"<link|<script|src=(?!\"cid:)", html)
    if language == "en":
        assert "Forum &amp; Dialogue &lt;2025&gt;" in html
        assert "<2025>" not in html
    if kind == "cancelled":
        with translation.override(language):
            event_link = f"http://127.0.0.1:8000{event.get_absolute_url()}"
        assert event_link in message.body
        assert f'href="{event_link}"' in html
    else:
        assert link in message.body
        assert f'href="{link}"' in html
    code = format_ticket_code(registration.ticket_code)
    assert (code in message.body, code in html) == ((kind in ("confirmed", "promoted", "reminder"),) * 2)


def test_every_email_kind_has_its_own_subject():
    event = open_event()
    subjects = set()
    for kind in REGISTRANT_KINDS:
        registration = add_registration(event)
        notification = Notification(registration=registration, kind=kind, message=organizers_message(kind, event))
        subjects.add(emails.render_email(notification).subject)

    assert len(subjects) == len(REGISTRANT_KINDS)


def test_confirmation_request_tells_when_the_link_expires_in_the_venues_zone():
    registration = add_registration(open_event())

    message = emails.render_email(Notification(registration=registration, kind=Notification.Kind.CONFIRM_REQUEST))

    expires = timezone.localtime(registration.expires_at, registration.event.zone)
    with translation.override("en"):
        assert f"by {date_format(expires, 'DATE_FORMAT')}, {date_format(expires, 'TIME_FORMAT')}" in message.body


# --- Check-in ----------------------------------------------------------------------------------------


@pytest.fixture
def door_staff(django_user_model):
    user = django_user_model.objects.create_user("door", password="x", is_staff=True)
    grant_check_in(user)
    return user


def test_check_in_page_sends_anonymous_visitors_to_the_login(client):
    response = client.get("/en/check-in/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next=/en/check-in/"


def check_in_url(event, language="en"):
    with translation.override(language):
        return reverse("events:check_in_event", kwargs={"slug": event.slug})


def door_event(**overrides) -> Event:
    """An event running now: its door is open today (check-in per event refuses tickets on other days)."""
    now = timezone.now().replace(second=0, microsecond=0)
    return open_event(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
        registration_opens_at=now - timedelta(days=2),
        registration_closes_at=now - timedelta(days=1),
        **overrides,
    )


@pytest.mark.parametrize(
    ("language", "missing", "too_long"),
    [
        ("en", "Please type the ticket code or scan it.", "Please enter at most 32 characters (you entered 33)."),
        (
            "de",
            "Bitte geben Sie den Ticketcode ein oder scannen Sie ihn.",
            "Bitte geben Sie höchstens 32 Zeichen ein (Sie haben 33 eingegeben).",
        ),
        ("zh-hans", "请输入或扫描票码。", "最多可输入 32 个字符，您输入了 33 个。"),
    ],
)
def test_check_in_form_says_plainly_what_is_wrong_with_the_code(
    client, parse_html, door_staff, language, missing, too_long
):
    client.force_login(door_staff)
    event = door_event()

    empty = parse_html(client.post(check_in_url(event, language), {"code": ""}).content)
    long = parse_html(client.post(check_in_url(event, language), {"code": "K" * 33}).content)

    assert empty.find("ul", id="id_code_error").text == missing
    assert long.find("ul", id="id_code_error").text == too_long


def test_check_in_page_is_forbidden_to_staff_without_the_permission(client, django_user_model):
    registration = add_registration(door_event(), status=Status.CONFIRMED)
    client.force_login(django_user_model.objects.create_user("editor", password="x", is_staff=True))

    shown = client.get("/en/check-in/")
    posted = client.post(check_in_url(registration.event), {"code": registration.ticket_code})

    assert (shown.status_code, posted.status_code) == (403, 403)
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_page_offers_typing_and_scanning_tools_for_javascript(client, parse_html, door_staff):
    client.force_login(door_staff)

    page = parse_html(client.get(check_in_url(door_event())).content)

    form = page.find("form", class_="check-in-form")
    assert form.find("input", name="code").attrs["autocomplete"] == "off"
    # check-in.js shows the tools: the photo everywhere, the camera where the page may stream one.
    assert "hidden" in form.find("div", class_="door-scan").attrs
    assert "hidden" in form.find("button", type="button").attrs
    photo = form.find("input", type="file")
    assert (photo.attrs["accept"], photo.attrs["capture"]) == ("image/*", "environment")
    assert page.find("script").attrs["src"].endswith("js/check-in.js")


def test_check_in_admits_a_confirmed_ticket_once_and_shows_when_the_first_time_was(client, parse_html, door_staff):
    registration = add_registration(door_event(), status=Status.CONFIRMED, name="张三", name_romanized="Zhang San")
    client.force_login(door_staff)
    typed = format_ticket_code(registration.ticket_code).lower().replace("-", " ")

    first = client.post(check_in_url(registration.event), {"code": typed})
    registration.refresh_from_db()
    second = client.post(check_in_url(registration.event), {"code": registration.ticket_code})

    assert registration.checked_in_by == door_staff
    admitted = parse_html(first.content).find("div", class_="check-in-result")
    assert admitted.attrs["role"] == "status"
    assert "message--success" in admitted.classes
    assert "Checked in" in admitted.text
    assert "Zhang San 张三" in admitted.text
    # The event is the door's own, named in the page's heading rather than in the verdict.
    assert "Forum on Common Heritage" in parse_html(first.content).find("h1").text
    refused = parse_html(second.content).find("div", class_="check-in-result")
    assert refused.attrs["role"] == "alert"
    assert "message--error" in refused.classes
    local = timezone.localtime(registration.checked_in_at, registration.event.zone)
    with translation.override("en"):
        day, time_of_day = date_format(local, "DATE_FORMAT"), date_format(local, "TIME_FORMAT")
        when = f"Already checked in on {day} at {time_of_day} by door."
    assert when in refused.text
    assert "张三" in refused.text
    # The form is empty again for the next person.
    assert "value" not in parse_html(second.content).find("input", name="code").attrs


@pytest.mark.parametrize(
    ("status", "refusal"),
    [
        (Status.CANCELLED, "This ticket has been cancelled."),
        (Status.WAITLISTED, "This registration is not confirmed, so it has no valid ticket."),
    ],
)
def test_check_in_refuses_tickets_that_are_not_valid(client, parse_html, door_staff, status, refusal):
    registration = add_registration(door_event(), status=status)
    client.force_login(door_staff)

    response = client.post(check_in_url(registration.event), {"code": registration.ticket_code})

    result = parse_html(response.content).find("div", class_="check-in-result")
    assert result.attrs["role"] == "alert"
    assert refusal in result.text
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_of_an_unknown_code_says_so(client, parse_html, door_staff):
    client.force_login(door_staff)

    response = client.post(check_in_url(door_event()), {"code": "ZZZZ-ZZZZ-ZZ"})

    result = parse_html(response.content).find("div", class_="check-in-result")
    assert "No ticket has this code." in result.text


# --- The event page ----------------------------------------------------------------------------------


def test_event_page_links_to_the_form_while_registration_is_open(client, parse_html):
    event = open_event(capacity=3)
    add_registration(event, status=Status.CONFIRMED)

    page = parse_html(client.get(event.get_absolute_url()).content)

    section = page.find("section", class_="registration-state")
    assert "2 seats left" in section.text
    assert section.find("a", href=register_url(event)).text == "Register"


@pytest.mark.parametrize(
    ("overrides", "link_shown"),
    [
        ({"capacity": 1}, True),  # full: the waiting list is still open
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, False),
    ],
)
def test_event_page_shows_the_state_of_registration(client, parse_html, overrides, link_shown):
    event = open_event(**overrides)
    add_registration(event, status=Status.CONFIRMED)

    page = parse_html(client.get(event.get_absolute_url()).content)

    section = page.find("section", class_="registration-state")
    assert bool(section.find_all("a", href=register_url(event))) is link_shown


def test_event_page_without_registration_shows_no_registration_block(client, parse_html):
    event = open_event(registration_required=False)

    page = parse_html(client.get(event.get_absolute_url()).content)

    assert page.find_all("section", class_="registration-state") == []


# --- Valid HTML --------------------------------------------------------------------------------------


def test_registration_pages_and_emails_are_valid_html(client, door_staff):
    event = open_event(capacity=1)
    documents = {}
    for language in LANGUAGES:
        documents[f"form {language}"] = client.get(register_url(event, language)).content
    documents["form with errors"] = post_registration(client, event, email="x", consent="").content
    documents["sent"] = client.get(sent_url(event)).content
    confirmed = add_registration(event, status=Status.CONFIRMED)
    for registration in (
        add_registration(event),
        confirmed,
        add_registration(event, status=Status.WAITLISTED),
        add_registration(event, status=Status.CANCELLED),
    ):
        documents[f"page {registration.status}"] = client.get(page_url(registration)).content
    for kind in REGISTRANT_KINDS:
        notification = Notification(registration=confirmed, kind=kind, message=organizers_message(kind, event))
        documents[f"e-mail {kind}"] = html_part(emails.render_email(notification))
    client.force_login(door_staff)
    at_the_door = add_registration(door_event(), status=Status.CONFIRMED)
    documents["check-in"] = client.get(check_in_url(at_the_door.event)).content
    documents["checked in"] = client.post(check_in_url(at_the_door.event), {"code": at_the_door.ticket_code}).content
    documents["refused"] = client.post(check_in_url(at_the_door.event), {"code": at_the_door.ticket_code}).content

    problems = validate_html(documents)

    assert problems == {}, "HTML errors (Nu Html Checker):\n" + format_problems(problems)


# --- In a browser ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_browser_registers_in_chinese_confirms_from_the_email_and_checks_in(
    new_page, live_server, mailoutbox, django_user_model
):
    # Running now, registration open until an hour from now: registered, confirmed and checked in today.
    now = timezone.now().replace(second=0, microsecond=0)
    event = open_event(
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        registration_closes_at=now + timedelta(hours=1),
    )
    staff = django_user_model.objects.create_user("door", password="door-password-2025", is_staff=True)
    grant_check_in(staff)
    # bypass_csp: axe is injected as an inline script.
    page, requests = new_page(bypass_csp=True)
    problems = {}

    page.goto(register_url(event, "zh-hans"))
    problems["form"] = axe_violations(page)
    page.fill("#id_name", "张三")
    page.fill("#id_email", "zhang.san@example.cn")
    page.select_option("#id_country", "CN")
    page.check("#id_consent")
    page.click("form.registration-form button[type=submit]")
    page.wait_for_url(f"**{sent_url(event, 'zh-hans')}")
    problems["sent"] = axe_violations(page)

    (message,) = mailoutbox
    link = re.search(r"http://\S+/zh-hans/registration/[A-Za-z0-9_-]+/", message.body)[0]
    page.goto(link.replace("http://127.0.0.1:8000", live_server.url))
    problems["awaiting"] = axe_violations(page)
    page.click("form[action$='/confirm/'] button")
    page.wait_for_selector("svg.ticket__qr")
    problems["ticket"] = axe_violations(page)
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert page.locator(".ticket__number").inner_text() == format_ticket_code(registration.ticket_code)
    assert page.locator("html").get_attribute("lang") == "zh-hans"

    page.goto("/en/check-in/")
    page.fill("#id_username", "door")
    page.fill("#id_password", "door-password-2025")
    page.click("input[type=submit]")
    page.wait_for_url("**/en/check-in/")
    problems["check-in"] = axe_violations(page)
    page.click(f"a[href='{check_in_url(event)}']")
    page.wait_for_url(f"**{check_in_url(event)}")
    problems["door"] = axe_violations(page)
    page.fill("#id_code", format_ticket_code(registration.ticket_code))
    page.click("form.check-in-form button[type=submit]")
    page.wait_for_selector(".check-in-result")
    problems["checked in"] = axe_violations(page)

    assert "Checked in" in page.locator(".check-in-result").inner_text()
    assert {name: found for name, found in problems.items() if found} == {}, format_problems(problems)
    assert requests.foreign() == []


FAKE_BARCODE_DETECTOR = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(%s); }
  detect() { return Promise.resolve([]); }
};
"""


NO_CAMERA = "Object.defineProperty(navigator, 'mediaDevices', {value: undefined});"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("init_script", "camera_shown"),
    [(None, True), (FAKE_BARCODE_DETECTOR % '["ean_13"]', True), (NO_CAMERA, False)],
    ids=["no-detector", "no-qr-support", "no-camera"],
)
def test_browser_check_in_offers_the_camera_where_the_page_may_use_one_and_a_photo_everywhere(
    new_page, live_server, client, django_user_model, init_script, camera_shown
):
    # Without a BarcodeDetector that reads QR codes, the vendored jsQR decodes (tests/browser/test_check_in_browser.py).
    staff = django_user_model.objects.create_user("door", password="x", is_staff=True)
    grant_check_in(staff)
    client.force_login(staff)
    page, requests = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    if init_script is not None:
        page.add_init_script(init_script)

    page.goto(check_in_url(door_event()))
    page.wait_for_load_state("load")

    assert page.locator("[data-scan]").is_visible() is camera_shown
    assert page.get_by_text("Scan from a photo").is_visible()
    assert page.locator("#id_code").is_editable()
    assert errors == []


FAKE_CAMERA_READING = """
window.BarcodeDetector = class {
  static getSupportedFormats() { return Promise.resolve(["qr_code"]); }
  detect() { return Promise.resolve([{ rawValue: %s, format: "qr_code" }]); }
};
navigator.mediaDevices.getUserMedia = () => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 64;
  canvas.getContext("2d").fillRect(0, 0, 64, 64);
  return Promise.resolve(canvas.captureStream());
};
"""


@pytest.mark.browser
def test_browser_check_in_sends_the_code_read_by_the_camera(new_page, live_server, client, django_user_model):
    registration = add_registration(door_event(), status=Status.CONFIRMED, name="张三")
    staff = django_user_model.objects.create_user("door", password="x", is_staff=True)
    grant_check_in(staff)
    client.force_login(staff)
    page, _requests = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.add_init_script(FAKE_CAMERA_READING % f'"{registration.ticket_code}"')

    page.goto(check_in_url(registration.event))
    page.click("[data-scan]")
    page.wait_for_selector(".check-in-result")

    assert "Checked in" in page.locator(".check-in-result").inner_text()
    registration.refresh_from_db()
    assert registration.checked_in_by == staff
