"""The "Outcomes" section of an event page and the edition's sums (templates/includes/*_outcomes.html).

Shown only once the event has taken place; counts, never persons; the same queries for one and for many
photos, agreements, projects and attendees.
"""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.models import Event, Registration
from events.outcomes import edition_outcomes
from nanjingweek import page_clock
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
START = datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
END = START + timedelta(hours=8)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def at(monkeypatch, moment: datetime) -> None:
    """The site's clock stops at `moment` (what every "now" of the request reads)."""
    monkeypatch.setattr(timezone, "now", lambda: moment)


def outcomes_section(parse_html, response):
    found = parse_html(response.content).find_all("section", class_="outcomes")
    return found[0] if found else None


def filled_event(**overrides) -> Event:
    """An event with everything an outcomes section shows, in three languages where it has text."""
    event = make_event(
        starts_at=START,
        ends_at=END,
        participant_count=70,
        outcome_report_en="Seventy guests.\n\nThe exhibition moves on.",
        outcome_report_de="Siebzig Gäste.\n\nDie Ausstellung zieht weiter.",
        outcome_report_zh_hans="七十位嘉宾。\n\n展览将移至新址。",
        **overrides,
    )
    make_agreement(event=event, title_en="Heritage agreement", title_de="Denkmalvereinbarung")
    make_project(event=event, title_en="Digital twin lab", investment_amount=Decimal("5000000"))
    make_event_photo(event=event, caption_en="The panel", caption_de="Das Podium", credit_en="Photo: Li Na")
    return event


# --- Before and after ---------------------------------------------------------------------------------------


def test_outcomes_hidden_until_the_end_even_when_filled_in(client, parse_html, monkeypatch, media):
    event = filled_event()
    at(monkeypatch, END)

    response = client.get(f"/en/events/{event.slug}/")

    assert response.status_code == 200
    assert outcomes_section(parse_html, response) is None
    text = response.content.decode()
    assert "Seventy guests" not in text and "Heritage agreement" not in text and "Digital twin lab" not in text
    assert "photos/" not in text and "70" not in parse_html(response.content).find("dl", class_="facts").text


def test_outcomes_shown_a_second_after_the_end(client, parse_html, monkeypatch, media):
    event = filled_event()
    at(monkeypatch, END + timedelta(seconds=1))

    with translation.override("de"):
        response = client.get(f"/de/events/{event.slug}/")

    section = outcomes_section(parse_html, response)
    assert section is not None
    assert section.find("h2").text == "Ergebnisse"
    assert [p.text for p in section.find("div", class_="prose").find_all("p")] == [
        "Siebzig Gäste.",
        "Die Ausstellung zieht weiter.",
    ]
    assert section.find("p", class_="outcomes__count").text == "70 Personen haben teilgenommen."
    assert "Denkmalvereinbarung" in section.text
    assert "Digital twin lab" in section.find("table").text
    assert "5.000.000 €" in section.find("table").text.replace("\xa0", " ")
    figure = section.find("ul", class_="gallery").find("figure")
    assert figure.find("img").attrs["alt"] == "Guests at the forum"
    assert figure.find("img").attrs["lang"] == "en"
    assert figure.find("figcaption").text == "Das Podium Photo: Li Na"
    assert figure.find("small").find("span").attrs["lang"] == "en"


@pytest.mark.parametrize("status", ["cancelled", "postponed"])
def test_outcomes_never_shown_for_an_event_that_did_not_take_place(client, parse_html, monkeypatch, media, status):
    event = filled_event(status=status)
    at(monkeypatch, END + timedelta(days=30))

    assert outcomes_section(parse_html, client.get(f"/en/events/{event.slug}/")) is None


def test_outcomes_section_absent_when_nothing_was_recorded(client, parse_html):
    event = make_event(starts_at=START, ends_at=END)

    assert outcomes_section(parse_html, client.get(f"/en/events/{event.slug}/")) is None


# --- Participants: counts, never persons ---------------------------------------------------------------------


def test_breakdown_shows_counts_and_never_a_person(client, parse_html):
    event = make_event(starts_at=START, ends_at=END, participant_count=None)
    for index in range(6):
        make_attendee(
            event=event,
            name=f"Zhang Secretname{index}",
            name_romanized=f"Romanized{index}",
            email=f"mailbox{index}@example.org",
            organization=f"Secret Bureau {index}",
            organization_kind=Kind.GOVERNMENT,
            country="CN",
        )
    for _ in range(5):
        make_attendee(event=event, organization_kind=Kind.CULTURAL_INSTITUTION, country="DE")
    for index in range(4):
        make_attendee(event=event, organization_kind=Kind.MEDIA, country="FR", name=f"Claire Lonely{index}")
    make_attendee(event=event, organization_kind=Kind.ACADEMIA, country="AT", name="Only Austrian")

    with translation.override("de"):
        response = client.get(f"/de/events/{event.slug}/")
    text = response.content.decode()
    section = outcomes_section(parse_html, response)

    assert section.find("p", class_="outcomes__count").text == "16 Personen haben teilgenommen."
    kind_table, country_table = section.find_all("table")
    rows = [[cell.text for cell in row.find_all("th") + row.find_all("td")] for row in kind_table.find_all("tr")]
    assert rows == [
        ["Art der Organisation", "Teilnehmende"],
        ["Behörde", "6"],
        ["Kultureinrichtung", "5"],
        ["Sonstige", "5"],
    ]
    assert [row.find("th").text for row in country_table.find("tbody").find_all("tr")] == [
        "China",
        "Deutschland",
        "Sonstige",
    ]
    # A group of four (France) and of one (Austria) never appears on its own.
    assert "Frankreich" not in text and "Österreich" not in text
    for secret in ("Secretname", "Romanized", "mailbox", "example.org", "Secret Bureau", "Lonely", "Only Austrian"):
        assert secret not in text


def test_breakdown_of_a_group_of_exactly_five_is_shown(client, parse_html):
    event = make_event(starts_at=START, ends_at=END)
    for country, count in (("DE", 10), ("FR", 5)):
        for _ in range(count):
            make_attendee(event=event, country=country)

    section = outcomes_section(parse_html, client.get(f"/en/events/{event.slug}/"))

    country_table = section.find_all("table")[1]
    assert [[cell.text for cell in row.find_all()] for row in country_table.find("tbody").find_all("tr")] == [
        ["Germany", "10"],
        ["France", "5"],
    ]


def test_breakdown_of_fewer_than_five_attendees_is_not_shown(client, parse_html):
    event = make_event(starts_at=START, ends_at=END)
    for _ in range(4):
        make_attendee(event=event, country="FR")

    section = outcomes_section(parse_html, client.get(f"/en/events/{event.slug}/"))

    assert section.find("p", class_="outcomes__count").text == "4 people took part."
    assert section.find_all("table") == []
    assert "France" not in section.text


# --- Queries ---------------------------------------------------------------------------------------------------


def event_with_outcomes(size: int) -> Event:
    topic = make_topic()
    organization = make_organization()
    city = make_city(country="CN", timezone="Asia/Shanghai")
    event = make_event(starts_at=START, ends_at=END, outcome_report_en="A report.")
    for index in range(size):
        make_agreement(event=event, sector=topic)
        make_project(event=event, organization=organization, sector=topic, city=city)
        make_event_photo(event=event, caption_en=f"Photo {index}", credit_en="Photo: committee")
    for index in range(5 * size):
        make_attendee(event=event, country=["DE", "CN", "FR"][index % 3], organization_kind=Kind.GOVERNMENT)
    return event


@pytest.mark.parametrize("size", [1, 7])
def test_event_page_queries_do_not_grow_with_outcomes(client, django_assert_num_queries, media, size):
    event = event_with_outcomes(size)
    baseline = make_event(starts_at=START + timedelta(days=3650), ends_at=END + timedelta(days=3650))

    # Once over: four queries more than an upcoming event's page (breakdown, agreements, projects, photos).
    with django_assert_num_queries(5 + page_clock.QUERIES):
        assert client.get(f"/de/events/{baseline.slug}/").status_code == 200
    with django_assert_num_queries(5 + 4):
        response = client.get(f"/de/events/{event.slug}/")

    assert response.status_code == 200
    assert len(response.context["outcomes"].photos) == size


# --- The edition's sums --------------------------------------------------------------------------------------


def render_edition_outcomes(edition, language: str, now: datetime) -> str:
    with translation.override(language):
        return render_to_string(
            "includes/edition_outcomes.html",
            {"edition": edition, "edition_outcomes": edition_outcomes(edition, now=now)},
        )


def test_edition_outcomes_sum_up_participants_agreements_and_projects_per_currency(parse_html):
    edition = make_edition()
    forum = make_event(edition=edition, starts_at=START, title_de="Forum", participant_count=70)
    dialogue = make_event(edition=edition, starts_at=START - timedelta(days=2), participant_count=70)
    economic = make_event(edition=edition, starts_at=START - timedelta(days=200))
    for _ in range(14):
        make_agreement(event=economic)
    make_project(event=economic, investment_amount=Decimal("12000000"), investment_currency="EUR")
    make_project(event=economic, investment_amount=Decimal("8500000"), investment_currency="USD")

    html = parse_html(render_edition_outcomes(edition, "de", now=END + timedelta(days=1)))

    figures = [
        (figure.find("span", class_="figure__value").text, figure.find("span", class_="figure__label").text)
        for figure in html.find_all("li", class_="figure")
    ]
    assert figures == [
        ("140", "Teilnehmende"),
        ("14", "Unterzeichnete Vereinbarungen"),
        ("2", "Angekündigte Projekte"),
        ("12 Mio. Euro", "Investitionen der angekündigten Projekte"),
        ("8,5 Mio. US\u2011Dollar", "Investitionen der angekündigten Projekte"),
    ]
    rows = html.find("tbody").find_all("tr")
    assert [row.find("th").text for row in rows] == [economic.title_en, dialogue.title_en, "Forum"]
    assert rows[2].find("a").attrs["href"] == f"/de/events/{forum.slug}/#outcomes"
    assert [cell.text for cell in rows[0].find_all("td")] == ["21. April 2025", "", "14", "2"]
    assert [cell.text for cell in rows[1].find_all("td")] == ["5. November 2025", "70", "", ""]


def test_edition_outcomes_render_nothing_before_anything_took_place():
    edition = make_edition()
    make_event(edition=edition, starts_at=START, participant_count=70)

    assert render_edition_outcomes(edition, "en", now=START).strip() == ""


def test_edition_page_sums_up_its_outcomes(client, parse_html, monkeypatch):
    edition = make_edition(slug="edition-2025")
    make_event(edition=edition, starts_at=START, ends_at=END, participant_count=70)
    at(monkeypatch, END + timedelta(seconds=1))

    response = client.get("/en/editions/edition-2025/")

    section = parse_html(response.content).find("section", class_="outcomes")
    assert section.find("span", class_="figure__value").text == "70"
    assert len(section.find("tbody").find_all("tr")) == 1


def test_edition_page_shows_no_outcomes_before_its_events_ended(client, parse_html, monkeypatch):
    edition = make_edition(slug="edition-2025")
    make_event(edition=edition, starts_at=START, ends_at=END, participant_count=70)
    at(monkeypatch, END)

    response = client.get("/en/editions/edition-2025/")

    assert parse_html(response.content).find_all("section", class_="outcomes") == []
