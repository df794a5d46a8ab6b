"""The PDF ticket read back: its text (fonts embedded, not boxes), its fonts, its QR code, and who may have it."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from events import tickets
from events.models import Registration
from events.pdf_document import PdfFontMissing
from events.timezones import zone_label
from tests.factories import make_city, make_event, make_venue
from tests.pdfs import page_count, page_image, pdf_fonts, pdf_text, qr_codes

pytestmark = pytest.mark.django_db

Status = Registration.Status


def leipzig_event(**overrides):
    venue = make_venue(
        city=make_city(name_en="Leipzig", name_zh_hans="莱比锡", country="DE", timezone="Europe/Berlin"),
        name_en="Kongresshalle am Zoo",
        address_en="Pfaffendorfer Straße 31\n04105 Leipzig",
    )
    values = {
        "venue": venue,
        "title_en": "Forum on Common Heritage",
        "title_de": "Forum zum gemeinsamen Erbe",
        "title_zh_hans": "共同遗产论坛",
        "starts_at": datetime(2025, 11, 7, 9, 30, tzinfo=venue.city.zone),
        "ends_at": datetime(2025, 11, 7, 17, 0, tzinfo=venue.city.zone),
    }
    values.update(overrides)
    return make_event(**values)


def registration_for(event, *, status=Status.CONFIRMED, **overrides) -> Registration:
    values = {
        "event": event,
        "name": "张伟",
        "name_romanized": "Zhang Wei",
        "email": "zhang.wei@example.cn",
        "organization": "南京博物院",
        "language": "zh-hans",
        "status": status,
        "confirmed_at": timezone.now() if status in (Status.CONFIRMED, Status.WAITLISTED) else None,
        "cancelled_at": timezone.now() if status == Status.CANCELLED else None,
    }
    values.update(overrides)
    return Registration.objects.create(**values)


def ticket_url(registration, language="en"):
    with translation.override(language):
        return reverse("events:registration_ticket", kwargs={"token": registration.token})


def words(text: str) -> str:
    return " ".join(text.split())


def test_ticket_url_is_under_the_language_and_the_token():
    registration = registration_for(leipzig_event())

    assert ticket_url(registration, "de") == f"/de/registration/{registration.token}/ticket.pdf"


@pytest.mark.parametrize("language", ["en", "de", "zh-hans"])
def test_ticket_pdf_shows_both_scripts_of_the_name_the_event_time_zone_venue_and_code(client, language):
    event = leipzig_event()
    registration = registration_for(event)

    response = client.get(ticket_url(registration, language))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="ticket-{registration.ticket_code}.pdf"'
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) < 60_000  # subset fonts: some 30 kB, not the 19 MB collection
    text = words(pdf_text(pdf))
    title = {"en": "Forum on Common Heritage", "de": "Forum zum gemeinsamen Erbe", "zh-hans": "共同遗产论坛"}[language]
    assert title in text
    assert "张伟" in text and "Zhang Wei" in text
    # The page's own script first: characters in Chinese, Latin letters in English and German.
    assert (text.index("张伟") < text.index("Zhang Wei")) == (language == "zh-hans")
    assert "南京博物院" in text
    assert "Pfaffendorfer Straße 31" in text
    assert "Kongresshalle am Zoo" in text
    code = registration.ticket_code
    assert f"{code[:4]}-{code[4:8]}-{code[8:]}" in text
    with translation.override(language):
        assert zone_label(event.local_start) in text
    assert "Europe/Berlin" not in text
    if language == "zh-hans":
        assert "票码" in text
    if language == "de":
        assert "Ticketcode" in text


def test_ticket_pdf_writes_a_german_name_with_umlaut_and_sharp_s(client):
    registration = registration_for(
        leipzig_event(), name="Jürgen Groß", name_romanized="", organization="Stadt Leipzig", language="de"
    )

    text = words(pdf_text(client.get(ticket_url(registration, "de")).content))

    assert "Jürgen Groß" in text
    assert "Stadt Leipzig" in text
    assert "Forum zum gemeinsamen Erbe" in text


def test_ticket_pdf_embeds_subset_fonts_with_unicode_maps(client):
    registration = registration_for(leipzig_event())

    fonts = pdf_fonts(client.get(ticket_url(registration, "zh-hans")).content)

    assert fonts
    assert all((font["emb"], font["sub"], font["uni"]) == ("yes", "yes", "yes") for font in fonts)
    assert any("NotoSansCJKSC" in font["name"] for font in fonts)


def test_ticket_pdf_qr_code_decodes_to_the_ticket_code(client):
    registration = registration_for(leipzig_event())

    image = page_image(client.get(ticket_url(registration)).content, dpi=100)

    assert qr_codes(image) == [registration.ticket_code]


@pytest.mark.parametrize("status", [Status.AWAITING_CONFIRMATION, Status.WAITLISTED, Status.CANCELLED])
def test_no_ticket_without_a_seat(client, status):
    registration = registration_for(leipzig_event(), status=status)

    response = client.get(ticket_url(registration))

    assert response.status_code == 404
    assert "张伟".encode() not in response.content
    assert b"Zhang Wei" not in response.content


def test_no_ticket_for_an_unknown_or_malformed_token(client):
    registration_for(leipzig_event())

    assert client.get("/en/registration/" + "A" * 43 + "/ticket.pdf").status_code == 404
    assert client.get("/en/registration/short/ticket.pdf").status_code == 404


def test_a_delegations_tickets_are_one_pdf_with_a_page_each():
    event = leipzig_event()
    members = [
        registration_for(event, email="a@example.cn"),
        registration_for(event, name="Jürgen Groß", name_romanized="", email="b@example.de"),
        registration_for(event, name="王芳", name_romanized="Wang Fang", email="c@example.cn"),
    ]

    with translation.override("en"):
        pdf = tickets.ticket_pdf(Registration.objects.filter(pk__in=[m.pk for m in members]).order_by("pk"))

    pages = pdf_text(pdf).split("\f")
    assert page_count(pdf) == 3
    assert ["张伟" in pages[0], "Jürgen Groß" in pages[1], "王芳" in pages[2]] == [True, True, True]
    assert qr_codes(page_image(pdf, page=2, dpi=100)) == [members[1].ticket_code]


def test_without_the_font_the_ticket_is_refused_clearly_not_drawn_as_boxes(client, tmp_path):
    registration = registration_for(leipzig_event())

    with override_settings(TICKET_FONT_DIRS=[str(tmp_path)]):
        with pytest.raises(PdfFontMissing, match="fonts-noto-cjk"):
            tickets.ticket_pdf([registration])
        response = client.get(ticket_url(registration, "de"))

    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "Ihr PDF-Ticket kann gerade nicht erstellt werden" in page
    assert f'href="/de/registration/{registration.token}/"' in page


def test_the_registration_page_links_the_pdf_ticket(client):
    registration = registration_for(leipzig_event())

    page = client.get(f"/en/registration/{registration.token}/").content.decode()

    assert f'href="/en/registration/{registration.token}/ticket.pdf"' in page
