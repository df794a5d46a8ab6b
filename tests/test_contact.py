"""Contact and legal notice, the accessibility statement and the privacy notice's controller, all from the one
`SiteOwner` record; the footer links of every page; and that only one record can exist."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from nanjingweek import page_clock
from nanjingweek.models import SiteOwner
from tests.constraints import refused_by
from tests.factories import make_site_owner
from tests.test_third_party import foreign_urls

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "de", "zh-hans"]
PAGES = ["contact/", "accessibility/", "privacy/"]
NOT_ENTERED = {
    "en": "The contact details have not been entered yet",
    "de": "Die Kontaktdaten wurden noch nicht eingetragen",
    "zh-hans": "联系信息尚未填写",
}


@pytest.fixture
def owner() -> SiteOwner:
    return make_site_owner(
        name_de="Organisationskomitee der Nanjing-Woche",
        legal_form_en="Public body",
        representative_en="Li Ming, Secretary-General",
        address_zh_hans="中国江苏省南京市\n玄武区中山路88号",
        phone="+86 (25) 8000-1988",
        register_entry_en="Register of associations, VR 1234",
        vat_id="DE123456789",
        content_responsible_en="Wang Fang",
        content_responsible_address_en="Nikolaistraße 12\n04109 Leipzig\nGermany",
    )


def main_of(client, parse_html, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_html(response.content).find("main")


# --- The pages answer, with and without a record --------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_answers_without_a_record_and_says_so_honestly(client, parse_html, language, page):
    main = main_of(client, parse_html, f"/{language}/{page}")

    assert NOT_ENTERED[language] in main.text
    assert "info@" not in main.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_page_answers_with_a_record_and_names_it(client, parse_html, owner, language, page):
    main = main_of(client, parse_html, f"/{language}/{page}")

    name = {"de": "Organisationskomitee der Nanjing-Woche", "zh-hans": "南京周组委会"}.get(
        language, "Nanjing Week Organizing Committee"
    )
    assert name in main.text
    assert NOT_ENTERED[language] not in main.text
    mail = main.find("a", href="mailto:info@nanjingweek.example")
    assert mail.text == "info@nanjingweek.example"
    assert main.find("a", href="tel:+862580001988").text == "+86 (25) 8000-1988"
    lines = (
        ["中国江苏省南京市", "玄武区中山路88号"] if language == "zh-hans" else ["88 Zhongshan Road", "210005 Nanjing"]
    )
    assert all(line in main.find("address").text for line in lines)


def test_contact_page_gives_what_the_impressum_must_say(client, parse_html, owner):
    main = main_of(client, parse_html, "/de/contact/")

    assert main.find("h1").text == "Kontakt und Impressum"
    assert "§ 5 Digitale-Dienste-Gesetz" in main.text
    facts = {
        dt.text: dd.text
        for dl in main.find_all("dl")
        for dt, dd in zip(dl.find_all("dt"), dl.find_all("dd"), strict=True)
    }
    assert facts == {
        "E-Mail": "info@nanjingweek.example",
        "Telefon": "+86 (25) 8000-1988",
        "Rechtsform": "Public body",
        "Vertreten durch": "Li Ming, Secretary-General",
        "Registereintrag": "Register of associations, VR 1234",
        "Umsatzsteuer-Identifikationsnummer": "DE123456789",
    }
    # Text in the fallback language is marked as such.
    assert main.find("dd", lang="en").text == "Public body"
    responsible = main.find("section", **{"aria-labelledby": "responsible"})
    assert "§ 18 Abs. 2 Medienstaatsvertrag" in responsible.text
    assert responsible.find("address").text == "Wang Fang Nikolaistraße 1204109 LeipzigGermany"  # lines by <br>


def test_contact_page_leaves_out_the_fields_a_provider_does_not_have(client, parse_html):
    make_site_owner(phone="")

    main = main_of(client, parse_html, "/en/contact/")

    assert [dt.text for dt in main.find_all("dt")] == ["E-mail"]
    # Without an address of their own, the person responsible is reached at the provider's.
    responsible = main.find("section", **{"aria-labelledby": "responsible"})
    assert responsible.find("address").text == "Wang Fang 88 Zhongshan Road210005 NanjingChina"  # lines by <br>


def test_accessibility_statement_has_the_parts_of_a_federal_statement(client, parse_html, owner):
    main = main_of(client, parse_html, "/de/accessibility/")

    assert main.find("h1").text == "Erklärung zur Barrierefreiheit"
    assert [h2.text for h2 in main.find_all("h2")] == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barriere melden: Feedback und Kontakt",
        "Schlichtungsverfahren",
    ]
    text = main.text
    assert "teilweise vereinbar" in text
    assert "BITV 2.0" in text and "EN 301 549" in text and "WCAG 2.1" in text
    assert "am 1. Dezember 2026 erstellt" in text
    assert "axe-core" in text
    assert "Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz" in text
    assert "www.schlichtungsstelle-bgg.de" in text
    assert len(main.find("ul").find_all("li")) >= 4  # the known limitations


def test_privacy_notice_names_the_controller_from_the_record(client, parse_html, owner):
    main = main_of(client, parse_html, "/en/privacy/")
    heading = next(h2 for h2 in main.find_all("h2") if h2.text == "Who is responsible")
    section = heading.parent

    assert "The controller under the GDPR, who runs this website" in section.text
    address = main.find("address")
    assert address.find("strong").text == "Nanjing Week Organizing Committee"
    assert "88 Zhongshan Road" in address.text
    assert main.find("a", href="mailto:info@nanjingweek.example")


def test_changing_the_record_changes_every_page(client, parse_html, owner):
    SiteOwner.objects.filter(pk=owner.pk).update(email="kontakt@nanjingweek.example")

    for page in PAGES:
        main = main_of(client, parse_html, f"/en/{page}")
        assert main.find_all("a", href="mailto:kontakt@nanjingweek.example"), page


@pytest.mark.parametrize("page", PAGES)
def test_pages_need_two_queries_with_or_without_a_record(client, django_assert_num_queries, page, request):
    # The current edition for the header, the record for the page.
    with django_assert_num_queries(2 + page_clock.QUERIES):
        assert client.get(f"/de/{page}").status_code == 200
    make_site_owner()  # a change: the next page reads the moments again
    with django_assert_num_queries(2 + page_clock.QUERIES):
        assert client.get(f"/de/{page}").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_pages_reference_no_other_host(client, owner, language, page):
    response = client.get(f"/{language}/{page}")

    assert foreign_urls(response.content) == []


# --- The footer of every page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "contact", "accessibility"),
    [
        ("en", "Contact and legal notice", "Accessibility statement"),
        ("de", "Kontakt und Impressum", "Erklärung zur Barrierefreiheit"),
        ("zh-hans", "联系方式与法律声明", "无障碍声明"),
    ],
)
@pytest.mark.parametrize("path", ["", "news/", "contact/", "no-such-page/"])
def test_every_footer_links_contact_and_accessibility(client, parse_html, language, contact, accessibility, path):
    footer = parse_html(client.get(f"/{language}/{path}").content).find("footer")

    links = {link.attrs["href"]: link.text for link in footer.find_all("a")}
    assert links[f"/{language}/contact/"] == contact
    assert links[f"/{language}/accessibility/"] == accessibility
    assert f"/{language}/privacy/" in links


# --- Only one record ------------------------------------------------------------------------------------------------


def test_a_second_record_is_refused_by_the_model(owner):
    second = SiteOwner(
        name_en="Someone else", address_en="Elsewhere", email="x@example.org", content_responsible_en="X"
    )

    with pytest.raises(ValidationError) as refused:
        second.full_clean()

    assert "There is only one record of the site's owner: edit it instead." in refused.value.messages


def test_a_second_record_is_refused_by_the_database(owner):
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteOwner.objects.create(name_en="Someone else", address_en="Elsewhere", email="x@example.org")
    assert SiteOwner.objects.count() == 1


def test_a_record_with_another_key_is_refused_by_the_database():
    with refused_by("site_owner_only_one"):
        SiteOwner.objects.create(
            id=2, name_en="Other", address_en="Elsewhere", email="x@example.org", content_responsible_en="X"
        )


@pytest.mark.parametrize("field", ["name_en", "address_en", "content_responsible_en"])
def test_record_needs_its_english_name_address_and_responsible_person(field):
    with refused_by(f"site_owner_{field.removesuffix('_en')}_in_english"):
        make_site_owner(**{field: ""})


# --- The demo ------------------------------------------------------------------------------------------------------


def test_demo_loads_the_committees_record_and_keeps_one_an_organizer_entered(client, parse_html, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())

    owner = SiteOwner.objects.get()
    assert (owner.name_en, owner.name_de, owner.name_zh_hans) == (
        "Nanjing Week Organizing Committee",
        "Organisationskomitee der Nanjing-Woche",
        "南京周组委会",
    )
    assert owner.email and owner.content_responsible_de and owner.address_zh_hans
    assert "Leipzig" in owner.content_responsible_address_de
    main = main_of(client, parse_html, "/zh-hans/contact/")
    assert "玄武区中山路88号" in main.text

    SiteOwner.objects.update(email="real@nanjingweek.example")
    call_command("load_demo", stdout=io.StringIO())
    assert list(SiteOwner.objects.values_list("email", flat=True)) == ["real@nanjingweek.example"]
