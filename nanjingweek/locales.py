"""Country names and money in the reader's language, from Babel's CLDR data."""

from decimal import Decimal

from babel import Locale
from babel.numbers import format_compact_currency, format_currency, format_decimal, list_currencies
from django.utils.translation import get_language, to_locale

# Pseudo-regions and reserved codes in CLDR that are not countries one registers from.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale for a Django language code (zh-hans → zh_Hans); English if Babel lacks it."""
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (ValueError, TypeError):
        return Locale.parse("en")


def country_choices() -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes with names in the active language, sorted by name."""
    territories = babel_locale().territories
    codes = [code for code in territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    return sorted(((code, territories[code]) for code in codes), key=lambda pair: pair[1])


def country_name(code: str, language: str | None = None) -> str:
    return babel_locale(language).territories.get(code, code)


# ISO 4217 codes that are not money one invests or earns: "no currency", testing, precious metals, fund units.
_NOT_CURRENCIES = {"XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA"}


def is_currency_code(code: str) -> bool:
    return code in list_currencies() and code not in _NOT_CURRENCIES


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """An amount in its own currency, written the way the reader's language writes money."""
    return format_currency(amount, currency, locale=babel_locale(language))


def format_compact_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """Large amounts the way people say them: "$2.2B", "2,2 Mrd. $", "US$22亿"."""
    return format_compact_currency(amount, currency, locale=babel_locale(language), fraction_digits=1)


def format_number(value: Decimal, language: str | None = None) -> str:
    """A count with the reader's digit grouping: 1,234 / 1.234."""
    return format_decimal(value.normalize() if isinstance(value, Decimal) else value, locale=babel_locale(language))
