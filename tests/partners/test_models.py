"""Partners: organizations, roles, sister cities, projects, agreements and figures; invariants in the database."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, connection, transaction
from django.utils import timezone, translation

from partners.models import (
    Agreement,
    CooperationProject,
    EventRole,
    KeyFigure,
    Organization,
    SisterCityPartnership,
)
from tests.constraints import refused_by
from tests.factories import (
    make_agreement,
    make_city,
    make_event,
    make_event_role,
    make_key_figure,
    make_organization,
    make_project,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused_as_too_long(constraint: str):
    """PostgreSQL refuses a value longer than its column (DataError) before any CHECK runs; SQLite enforces no
    length, so there the CHECK constraint must do it."""
    if connection.vendor == "sqlite":
        with refused_by(constraint):
            yield
    else:
        with pytest.raises(DataError, match="too long"), transaction.atomic():
            yield


# --- Organization -----------------------------------------------------------------------------------


def test_organization_slug_taken_is_refused():
    make_organization(slug="siemens")
    make_organization(slug="siemens-nanjing")

    with refused_by("slug"):
        make_organization(slug="siemens")


@pytest.mark.parametrize("country", ["DE", "CN", ""])
def test_organization_country_iso_code_or_none_accepted(country):
    organization = make_organization(country=country)

    assert Organization.objects.get(pk=organization.pk).country == country


@pytest.mark.parametrize("country", ["de", "D", "1A"])
def test_organization_country_not_an_iso_code_is_refused(country):
    with refused_by("organization_country_is_iso_code"):
        make_organization(country=country)


def test_organization_country_three_letter_code_is_refused():
    with refused_as_too_long("organization_country_is_iso_code"):
        make_organization(country="DEU")


def test_organization_country_with_trailing_newline_is_refused():
    with refused_as_too_long("organization_country_is_iso_code"):
        make_organization(country="DE\n")


@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_organization_logo_without_english_alt_text_is_refused(missing):
    with refused_by("organization_logo_has_alt"):
        make_organization(logo="logos/bsh.png", logo_width=64, logo_height=48, logo_alt_en=missing)


def test_organization_logo_with_english_alt_text_or_no_logo_is_accepted():
    with_logo = make_organization(logo="logos/bsh.png", logo_width=64, logo_height=48, logo_alt_en="BSH logo")
    without_logo = make_organization(logo_alt_en=None)

    assert Organization.objects.get(pk=with_logo.pk).logo.name == "logos/bsh.png"
    assert Organization.objects.get(pk=without_logo.pk).logo.name == ""


# --- EventRole --------------------------------------------------------------------------------------

ONE_ROLE = "one_role_per_organization_and_event|partners_eventrole.organization_id"


def test_event_role_twice_for_the_same_organization_and_event_is_refused():
    role = make_event_role(role=EventRole.Role.SPONSOR)

    with refused_by(ONE_ROLE):
        make_event_role(event=role.event, organization=role.organization, role=EventRole.Role.SPONSOR)


def test_event_role_changed_into_a_duplicate_is_refused():
    sponsor = make_event_role(role=EventRole.Role.SPONSOR)
    supporter = make_event_role(event=sponsor.event, organization=sponsor.organization, role=EventRole.Role.SUPPORTER)

    with refused_by(ONE_ROLE):
        EventRole.objects.filter(pk=supporter.pk).update(role=EventRole.Role.SPONSOR)


def test_event_role_second_different_role_and_same_role_elsewhere_are_accepted():
    organization, event, other_event = make_organization(), make_event(), make_event()
    organizer = make_event_role(organization=organization, event=event, role=EventRole.Role.ORGANIZER)
    sponsor = make_event_role(organization=organization, event=event, role=EventRole.Role.SPONSOR)
    elsewhere = make_event_role(organization=organization, event=other_event, role=EventRole.Role.ORGANIZER)

    assert list(EventRole.objects.filter(organization=organization)) == [organizer, sponsor, elsewhere]


# SQLite names an index on expressions, PostgreSQL every constraint; SQLite names the columns of a plain one.
ONE_PARTNERSHIP = "one_partnership_per_pair_of_cities|partners_sistercitypartnership.city_a_id"


# --- SisterCityPartnership --------------------------------------------------------------------------


@pytest.fixture
def nanjing():
    return make_city(name_en="Nanjing", slug="nanjing", country="CN", timezone="Asia/Shanghai")


@pytest.fixture
def leipzig():
    return make_city(name_en="Leipzig", slug="leipzig")


def test_partnership_of_a_city_with_itself_is_refused(nanjing):
    with refused_by("partnership_of_two_cities"):
        SisterCityPartnership.objects.create(city_a=nanjing, city_b=nanjing, since_year=1988)


def test_partnership_duplicated_in_reverse_order_is_refused(nanjing, leipzig):
    SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=1988)

    with refused_by(ONE_PARTNERSHIP):
        SisterCityPartnership.objects.create(city_a=leipzig, city_b=nanjing, since_year=1988)


def test_partnership_duplicated_in_the_same_order_is_refused(nanjing, leipzig):
    SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=1988)

    with refused_by(ONE_PARTNERSHIP):
        SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=1990)


def test_partnership_with_another_city_is_accepted(nanjing, leipzig):
    first = SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=1988)
    munich = make_city(name_en="Munich", slug="munich")
    second = SisterCityPartnership.objects.create(city_a=munich, city_b=nanjing, since_year=2000)

    assert list(SisterCityPartnership.objects.all()) == [first, second]


@pytest.mark.parametrize("year", [1000, 1988, 2999])
def test_partnership_plausible_year_accepted(nanjing, leipzig, year):
    partnership = SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=year)

    assert SisterCityPartnership.objects.get(pk=partnership.pk).since_year == year


@pytest.mark.parametrize("year", [0, 999, 3000])
def test_partnership_implausible_year_is_refused(nanjing, leipzig, year):
    with refused_by("partnership_year_plausible"):
        SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=year)


def test_partnership_anniversary_is_computed_from_the_year_it_began(nanjing, leipzig):
    partnership = SisterCityPartnership.objects.create(city_a=nanjing, city_b=leipzig, since_year=1988)

    assert [partnership.anniversary(2025), partnership.anniversary(1988)] == [37, 0]
    assert partnership.anniversary() == timezone.localdate().year - 1988


# --- Money: amount and ISO 4217 currency, together --------------------------------------------------

MONEY = [
    pytest.param(make_project, "investment", "project", id="project-investment"),
    pytest.param(make_project, "revenue", "project", id="project-revenue"),
    pytest.param(make_agreement, "value", "agreement", id="agreement-value"),
]


def _money(prefix: str, amount, currency: str) -> dict:
    return {f"{prefix}_amount": amount, f"{prefix}_currency": currency}


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
@pytest.mark.parametrize(
    ("amount", "currency"),
    [(Decimal("1000000.00"), "EUR"), (Decimal("0"), "CNY"), (Decimal("0.01"), "USD"), (None, "")],
    ids=["eur", "zero", "cent", "none"],
)
def test_money_valid_amount_and_currency_accepted(build, prefix, model_name, amount, currency):
    instance = build(**_money(prefix, amount, currency))

    stored = type(instance).objects.get(pk=instance.pk)
    assert (getattr(stored, f"{prefix}_amount"), getattr(stored, f"{prefix}_currency")) == (amount, currency)


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
def test_money_negative_amount_is_refused(build, prefix, model_name):
    with refused_by(f"{model_name}_{prefix}_not_negative"):
        build(**_money(prefix, Decimal("-0.01"), "EUR"))


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
@pytest.mark.parametrize(
    ("amount", "currency"),
    [(Decimal("1000"), ""), (None, "EUR"), (Decimal("1000"), "eur"), (Decimal("1000"), "EU"), (Decimal("1"), "E1R")],
    ids=["amount-without-currency", "currency-without-amount", "lowercase", "two-letters", "digit"],
)
def test_money_amount_and_currency_must_go_together_as_iso_code(build, prefix, model_name, amount, currency):
    with refused_by(f"{model_name}_{prefix}_has_currency"):
        build(**_money(prefix, amount, currency))


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
def test_money_four_letter_currency_is_refused(build, prefix, model_name):
    with refused_as_too_long(f"{model_name}_{prefix}_has_currency"):
        build(**_money(prefix, Decimal("1000"), "EURO"))


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
def test_money_currency_with_trailing_newline_is_refused(build, prefix, model_name):
    with refused_as_too_long(f"{model_name}_{prefix}_has_currency"):
        build(**_money(prefix, Decimal("1000"), "EUR\n"))


@pytest.mark.parametrize(("build", "prefix", "model_name"), MONEY)
def test_money_currency_removed_later_is_refused(build, prefix, model_name):
    instance = build(**_money(prefix, Decimal("1000"), "EUR"))

    with refused_by(f"{model_name}_{prefix}_has_currency"):
        type(instance).objects.filter(pk=instance.pk).update(**{f"{prefix}_currency": ""})


@pytest.mark.parametrize("field", ["investment_currency", "revenue_currency"])
@pytest.mark.parametrize("code", ["ABC", "XYZ", "EUX"])
def test_money_currency_matching_the_pattern_but_not_iso_4217_fails_validation(field, code):
    project = CooperationProject(
        organization=make_organization(),
        city=make_city(),
        title_en="Plant",
        **{field: code, field.replace("currency", "amount"): Decimal("1000")},
    )

    with pytest.raises(ValidationError) as error:
        project.full_clean()

    assert list(error.value.message_dict) == [field]


def test_money_iso_4217_currency_passes_validation():
    project = CooperationProject(
        organization=make_organization(),
        city=make_city(),
        title_en="Plant",
        investment_amount=Decimal("1000"),
        investment_currency="EUR",
        revenue_amount=Decimal("44000000000"),
        revenue_currency="CNY",
    )

    project.full_clean()

    assert (project.investment_currency, project.revenue_currency) == ("EUR", "CNY")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "€1,000,000"), ("de", "1.000.000\xa0€"), ("zh-hans", "€1,000,000")],
)
def test_project_investment_is_written_the_way_the_active_language_writes_money(language, expected):
    project = make_project(investment_amount=Decimal("1000000.00"), investment_currency="EUR")

    with translation.override(language):
        assert project.investment == expected


@pytest.mark.parametrize(
    ("language", "investment", "revenue"),
    [
        ("en", "€1,000,000", "CN¥44,000,000,000"),
        ("de", "1.000.000\xa0€", "44.000.000.000\xa0CN¥"),
        ("zh-hans", "€1,000,000", "¥44,000,000,000"),
    ],
)
def test_project_amounts_stay_in_their_own_currencies(language, investment, revenue):
    project = make_project(
        investment_amount=Decimal("1000000"),
        investment_currency="EUR",
        revenue_amount=Decimal("44000000000"),
        revenue_currency="CNY",
    )

    with translation.override(language):
        assert (project.investment, project.revenue) == (investment, revenue)


def test_project_without_amounts_shows_nothing():
    project = make_project(investment_amount=None, investment_currency="")

    assert (project.investment, project.revenue) == ("", "")


# --- KeyFigure --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "currency"),
    [(Decimal("2200000000"), "USD"), (Decimal("0"), "CNY"), (Decimal("309"), ""), (Decimal("-3"), "")],
    ids=["money", "zero-money", "count", "negative-count"],
)
def test_key_figure_valid_value_accepted(value, currency):
    figure = make_key_figure(value=value, currency=currency)

    stored = KeyFigure.objects.get(pk=figure.pk)
    assert (stored.value, stored.currency) == (value, currency)


@pytest.mark.parametrize("currency", ["usd", "US", "U5D"])
def test_key_figure_currency_not_an_iso_code_is_refused(currency):
    with refused_by("key_figure_currency_is_iso_code"):
        make_key_figure(value=Decimal("2200000000"), currency=currency)


def test_key_figure_four_letter_currency_is_refused():
    with refused_as_too_long("key_figure_currency_is_iso_code"):
        make_key_figure(value=Decimal("2200000000"), currency="USDT")


def test_key_figure_currency_with_trailing_newline_is_refused():
    with refused_as_too_long("key_figure_currency_is_iso_code"):
        make_key_figure(value=Decimal("2200000000"), currency="USD\n")


def test_key_figure_negative_money_is_refused():
    with refused_by("key_figure_money_not_negative"):
        make_key_figure(value=Decimal("-0.01"), currency="USD")


def test_key_figure_currency_matching_the_pattern_but_not_iso_4217_fails_validation():
    figure = KeyFigure(label_en="Invested", value=Decimal("2200000000"), currency="ABC", as_of=date(2025, 11, 1))

    with pytest.raises(ValidationError) as error:
        figure.full_clean()

    assert list(error.value.message_dict) == ["currency"]


def test_key_figure_iso_4217_currency_passes_validation():
    figure = KeyFigure(label_en="Invested", value=Decimal("2200000000"), currency="USD", as_of=date(2025, 11, 1))

    figure.full_clean()

    assert figure.currency == "USD"


def test_agreement_without_value_is_accepted():
    agreement = make_agreement()

    assert list(Agreement.objects.values_list("value_amount", "value_currency")) == [(None, "")]
    assert agreement.signed_on == date(2025, 3, 20)
