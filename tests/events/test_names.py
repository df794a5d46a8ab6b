"""Names in two scripts (events/names.py): the pinyin proposed for a name in Chinese characters only, and the order
in which pages, tickets and badges show both."""

import pytest

from events.names import PersonName, has_han, has_latin, person_name, propose_romanization

pytest.importorskip("pypinyin")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("张伟", "Zhang Wei"),
        ("张伟明", "Zhang Weiming"),
        # Two-character family names stay one word; the rest is the given name.
        ("欧阳娜娜", "Ouyang Nana"),
        ("司马光", "Sima Guang"),
        ("诸葛亮", "Zhuge Liang"),
        # Family names read otherwise than in running text (单 dān, 曾 céng, 区 qū).
        ("单田芳", "Shan Tianfang"),
        ("曾小明", "Zeng Xiaoming"),
        ("区志坚", "Ou Zhijian"),
        # An apostrophe where a syllable beginning with a, o or e would run into the one before (Xi'an, not Xian).
        ("王西安", "Wang Xi'an"),
        # ü kept as ü, never v or u.
        ("吕布", "Lü Bu"),
        ("陈绿", "Chen Lü"),
        # Spaces typed between the characters do not count.
        ("张 伟", "Zhang Wei"),
        (" 张伟 ", "Zhang Wei"),
        ("单", "Shan"),
    ],
)
def test_chinese_names_are_proposed_in_pinyin_family_name_first(name, expected):
    assert propose_romanization(name) == expected


@pytest.mark.parametrize("name", ["", "   ", "Zhang Wei", "Müller", "Anna Schmidt", "张Wei", "Wei 张", "Łukasz", None])
def test_names_with_latin_letters_or_none_at_all_get_no_proposal(name):
    assert propose_romanization(name) == ""


def test_scripts_are_recognised():
    assert (has_han("张伟"), has_han("Zhang"), has_latin("Zhang"), has_latin("张伟"), has_latin("Ünal")) == (
        True,
        False,
        True,
        False,
        True,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", PersonName("张伟", "Zhang Wei")),
        ("de", PersonName("Zhang Wei", "张伟")),
        ("en", PersonName("Zhang Wei", "张伟")),
    ],
)
def test_the_pages_own_script_comes_first(language, expected):
    assert person_name("张伟", "Zhang Wei", language=language) == expected


@pytest.mark.parametrize("language", ["zh-hans", "de", "en"])
def test_a_name_in_one_script_is_shown_once(language):
    assert person_name("Anna Schmidt", "", language=language) == PersonName("Anna Schmidt")
    assert person_name(" Anna Schmidt ", "Anna Schmidt", language=language) == PersonName("Anna Schmidt")


def test_a_latin_name_with_characters_given_as_its_other_script_follows_the_page():
    assert person_name("Zhang Wei", "张伟", language="zh-hans") == PersonName("张伟", "Zhang Wei")
    assert person_name("Zhang Wei", "张伟", language="de") == PersonName("Zhang Wei", "张伟")


def test_both_scripts_print_with_the_other_in_brackets():
    assert (str(PersonName("Zhang Wei", "张伟")), str(PersonName("Anna"))) == ("Zhang Wei (张伟)", "Anna")
