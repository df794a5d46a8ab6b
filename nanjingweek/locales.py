"""Country names and money in the reader's language, from Babel's CLDR data."""

import copy
import functools
import unicodedata
from decimal import Decimal

from babel import Locale
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    get_currency_name,
    get_currency_symbol,
    list_currencies,
    parse_pattern,
)
from django.utils import translation
from django.utils.translation import get_language, pgettext, to_locale

from nanjingweek.typography import format_locale

# CLDR names more regions than the places people live in and register from (ISO 3166-1, plus Kosovo):
# parts of a country with a code of their own (Ascension, Tristan da Cunha and Sark belong to St Helena and
# Guernsey; Ceuta, Melilla and the Canary Islands to Spain; Diego Garcia to the Chagos), islands nobody lives
# on (Clipperton, Bouvet, Heard and McDonald), groupings (EU, eurozone, UN, outlying Oceania) and the codes
# for testing and "unknown".
_NOT_COUNTRIES = frozenset(
    {"AC", "TA", "CQ", "EA", "IC", "DG", "CP", "BV", "HM", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
)


def babel_locale(language: str | None = None) -> Locale:
    """The Babel locale for a Django language code (zh-hans → zh_Hans); English if Babel lacks it."""
    try:
        return Locale.parse(to_locale(language or get_language() or "en"))
    except (ValueError, TypeError):
        return Locale.parse("en")


def alphabetical_key(name: str) -> tuple[str, str]:
    """German and English order (DIN 5007-1): Ä, Å and É beside A and E, ß as ss, capitals like small letters."""
    letters = "".join(char for char in unicodedata.normalize("NFKD", name) if not unicodedata.combining(char))
    return letters.casefold(), name


def pinyin_key(name: str) -> list[tuple[str, str]]:
    """Chinese order: character by character by pinyin and tone (阿 ā, 埃 āi, 巴 bā, 中 zhōng), as ICU sorts.

    pypinyin reads a character within its word (秘鲁 is Bìlǔ, not Mìlǔ); characters read alike stand in code
    point order, which follows radical and stroke count. Imported here, not at the top: its dictionaries take
    a third of a second and some 50 MB to load, which only a process that shows Chinese country names needs.
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True, errors=list)
    return list(zip(syllables, name, strict=True))


def sort_key(language: str | None = None):
    """The key that orders names as the language does: by pinyin in Chinese, alphabetically otherwise."""
    return pinyin_key if babel_locale(language).language == "zh" else alphabetical_key


@functools.lru_cache(maxsize=16)
def _sorted_countries(language: str) -> tuple[tuple[str, str], ...]:
    locale = babel_locale(language)
    territories = locale.territories
    codes = [code for code in territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES]
    key = sort_key(language)
    return tuple(sorted(((code, territories[code]) for code in codes), key=lambda pair: key(pair[1])))


def country_choices(language: str | None = None) -> list[tuple[str, str]]:
    """ISO 3166-1 alpha-2 codes and Kosovo, named in the language and sorted the way the language sorts.

    Sorted once per language and process: the Chinese order takes some 40 ms (and pypinyin's import 0.3 s).
    """
    return list(_sorted_countries(language or get_language() or "en"))


def country_name(code: str, language: str | None = None) -> str:
    return babel_locale(language).territories.get(code, code)


# ISO 4217 codes that are not money one invests or earns: "no currency", testing, precious metals, fund units.
_NOT_CURRENCIES = {"XXX", "XTS", "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA"}


def is_currency_code(code: str) -> bool:
    return code in list_currencies() and code not in _NOT_CURRENCIES


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """An amount in its own currency as the reader's language writes money; whole amounts without cents."""
    locale = format_locale(language)
    # parse_pattern caches its result: change a copy.
    pattern = copy.copy(parse_pattern(locale.currency_formats["standard"]))
    if Decimal(amount) == Decimal(amount).to_integral_value():
        pattern.frac_prec = (0, 0)
    return pattern.apply(Decimal(amount), locale, currency=currency, currency_digits=False)


def format_compact_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """Large amounts the way people say them: "US$2.2 billion", „2,2 Mrd. US-Dollar“, “22亿美元”.

    Which parts a language uses and in what order are three entries of its catalog (context "typography:
    … compact amount of money"), like Django's DATE_FORMAT; CLDR supplies the parts themselves.
    """
    locale = format_locale(language)
    with translation.override(language or translation.get_language()):
        # Translators: "symbol" (US$) or "name" (US-Dollar): how your language names the currency of a large sum.
        currency_style = pgettext("typography: the currency of a compact amount of money", "symbol")
        # Translators: "long" (2.2 billion) or "short" (2,2 Mrd., 22亿): how your language writes a large sum.
        number_style = pgettext("typography: the number of a compact amount of money", "long")
        pattern = pgettext("typography: a compact amount of money", "{currency}{number}")
    try:
        number = format_compact_decimal(
            amount, format_type="short" if number_style == "short" else "long", locale=locale, fraction_digits=1
        )
    except KeyError:  # CLDR has no long form for some languages: the short one is what people say there.
        number = format_compact_decimal(amount, format_type="short", locale=locale, fraction_digits=1)
    if currency_style == "name":
        label = get_currency_name(currency, count=amount, locale=locale)
    else:
        label = get_currency_symbol(currency, locale=locale)
    return pattern.format(currency=label, number=number)


def format_number(value: Decimal, language: str | None = None) -> str:
    """A count with the reader's digit grouping: 1,234 / 1.234."""
    return format_decimal(value.normalize() if isinstance(value, Decimal) else value, locale=format_locale(language))


def format_count(value: Decimal, measure_word: str = "", language: str | None = None) -> str:
    """A count and its measure word where the language has one: '309', '309个'."""
    number = format_number(value, language)
    if not measure_word:
        return number
    with translation.override(language or translation.get_language()):
        pattern = pgettext("typography: a number and its measure word or unit", "{number} {unit}")
    return pattern.format(number=number, unit=measure_word)
