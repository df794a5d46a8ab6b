"""Countries: the places people live in, named and sorted the way each language does, China and Germany first.

German sorts umlauts among their base letters (DIN 5007-1: Ägypten beside Afghanistan), Chinese by pinyin
(阿富汗 … 巴西 … 中国), English with accents folded (Åland beside Albania).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from nanjingweek import locales
from nanjingweek.locales import country_choices, country_name
from tests.factories import make_event

LANGUAGES = ["en", "de", "zh-hans"]
# CLDR's codes for parts of other countries, uninhabited islands, groupings, testing and "unknown".
NOT_COUNTRIES = {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "BV", "HM", "QO", "EU", "EZ", "UN", "ZZ", "XA", "XB"}


def names(choices) -> list[str]:
    return [name for _code, name in choices]


@pytest.mark.parametrize("language", LANGUAGES)
def test_country_choices_are_the_places_people_live_in(language):
    codes = [code for code, _name in country_choices(language)]

    assert sorted(NOT_COUNTRIES & set(codes)) == []
    # ISO 3166-1's 249 codes without its two uninhabited islands, and Kosovo, which ISO has not assigned yet.
    assert len(codes) == len(set(codes)) == 248
    assert {"CN", "DE", "XK", "HK", "MO", "TW", "PS", "AX", "GG"} <= set(codes)


def test_country_choices_in_german_put_umlauts_among_their_base_letters():
    german = names(country_choices("de"))

    assert german[:6] == ["Afghanistan", "Ägypten", "Ålandinseln", "Albanien", "Algerien", "Amerikanisch-Samoa"]
    assert german[german.index("Oman") : german.index("Oman") + 3] == ["Oman", "Österreich", "Pakistan"]
    assert german[german.index("Südafrika") : german.index("Südafrika") + 2] == ["Südafrika", "Sudan"]
    assert german.index("Tunesien") + 1 == german.index("Türkei")
    assert german[-1] == "Zypern"


def test_country_choices_in_chinese_follow_pinyin():
    chinese = names(country_choices("zh-hans"))

    assert chinese[:3] == ["阿尔巴尼亚", "阿尔及利亚", "阿富汗"]  # ā ěr bā …, ā ěr jí …, ā fù …
    order = [chinese.index(name) for name in ("阿富汗", "巴西", "比利时", "秘鲁", "冰岛", "德国", "中非共和国", "中国")]
    assert order == sorted(order)
    # 秘鲁 is Bìlǔ (not mì): pypinyin reads the character in its word.
    assert chinese[chinese.index("比利时") + 1] == "秘鲁"
    assert chinese[-3:] == ["中国", "中国澳门特别行政区", "中国香港特别行政区"]


def test_country_choices_in_english_fold_accents():
    english = names(country_choices("en"))

    assert english[:4] == ["Afghanistan", "Åland Islands", "Albania", "Algeria"]
    assert (
        english.index("Côte d’Ivoire") < english.index("Croatia") < english.index("Curaçao") < english.index("Cyprus")
    )
    assert english[-1] == "Zimbabwe"


def test_country_choices_follow_the_active_language():
    with translation.override("de"):
        german = country_choices()
    with translation.override("zh-hans"):
        chinese = country_choices()

    assert (dict(german)["CN"], dict(chinese)["CN"]) == ("China", "中国")
    assert (country_name("DE", "zh-hans"), country_name("DE", "de"), country_name("DE", "en")) == (
        "德国",
        "Deutschland",
        "Germany",
    )


def test_country_choices_are_sorted_once_per_language():
    locales._sorted_countries.cache_clear()

    first = country_choices("zh-hans")
    again = country_choices("zh-hans")
    again.pop()  # a caller's list is its own: the cached order stays whole

    assert country_choices("zh-hans") == first
    assert locales._sorted_countries.cache_info()[:2] == (2, 1)  # hits, misses


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "groups", "first", "then"),
    [
        (
            "de",
            ["Häufig gewählt", "Alle Länder und Regionen"],
            ["China", "Deutschland"],
            ["Afghanistan", "Ägypten", "Ålandinseln", "Albanien"],
        ),
        ("zh-hans", ["常用", "所有国家和地区"], ["中国", "德国"], ["阿尔巴尼亚", "阿尔及利亚", "阿富汗", "阿根廷"]),
        (
            "en",
            ["Most often chosen", "All countries and regions"],
            ["China", "Germany"],
            ["Afghanistan", "Åland Islands", "Albania", "Algeria"],
        ),
    ],
)
def test_registration_form_offers_china_and_germany_first_then_every_country(
    client, parse_html, language, groups, first, then
):
    now = timezone.now()
    event = make_event(
        registration_required=True,
        capacity=10,
        starts_at=now + timedelta(days=7),
        registration_opens_at=now - timedelta(days=1),
    )
    with translation.override(language):
        url = reverse("events:register", kwargs={"slug": event.slug})

    select = parse_html(client.get(url).content).find("select", name="country")

    # The empty choice comes first and outside the groups, as a required <select> needs.
    assert [child.attrs["value"] for child in select.children if getattr(child, "tag", None) == "option"] == [""]
    assert [group.attrs["label"] for group in select.find_all("optgroup")] == groups
    frequent, every = select.find_all("optgroup")
    assert [option.text for option in frequent.find_all("option")] == first
    assert [option.attrs["value"] for option in frequent.find_all("option")] == ["CN", "DE"]
    # The full list, China and Germany in their places too, for a reader who looks there.
    assert [option.text for option in every.find_all("option")][:4] == then
    assert [option.text for option in every.find_all("option")] == names(country_choices(language))
