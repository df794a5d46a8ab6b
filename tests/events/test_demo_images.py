"""The demo's pictures (events/demo/images.py): logos lettered with every letter of the name, never a missing-glyph
box, in German and Chinese with Debian's fonts and spelled out (ä → ae) without them."""

from __future__ import annotations

import logging

import pytest
from PIL import ImageChops, ImageFont

from events.demo import content, images
from tests.browser import unavailable

LEIPZIG_UNIVERSITY = "Universität Leipzig"
CITY_WALL_MUSEUM = "南京城墙博物馆"
MISSING = "\U0010ffff"  # no font has it: every font draws its missing glyph for it
PLATE = (52, 52, 60)


def glyph_mask(font: ImageFont.FreeTypeFont, char: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(char)
    return mask.size, bytes(mask)


def missing_glyphs(font: ImageFont.FreeTypeFont, text: str) -> list[str]:
    """The letters of ``text`` the font draws as its missing glyph (.notdef), measured on its own, not with
    the module's check."""
    missing = glyph_mask(font, MISSING)
    return [char for char in text if not char.isspace() and glyph_mask(font, char) == missing]


@pytest.fixture
def lettering_fonts():
    """The fonts the demo letters with; their absence skips on a developer's machine and fails under CI."""
    if not images.installed_fonts():
        unavailable("no lettering font: `./dev test` installs Debian's fonts-noto-cjk and fonts-dejavu-core as root")
    return images.installed_fonts()


@pytest.fixture
def warnings_again(monkeypatch):
    # The warning is given once per process; each test starts as a fresh process would.
    monkeypatch.setattr(images, "_warned_about_fonts", False)


def test_missing_glyph_check_catches_the_box_pillows_own_font_draws_for_an_umlaut():
    # The guard of the tests below must itself be able to fail: Pillow's built-in font has no ä.
    assert missing_glyphs(ImageFont.load_default(size=32), LEIPZIG_UNIVERSITY) == ["ä"]


@pytest.mark.parametrize("text", [LEIPZIG_UNIVERSITY, "Straße Ökologie Übersee", CITY_WALL_MUSEUM, "南京 Nanjing"])
def test_logo_text_is_lettered_with_a_glyph_for_every_letter(lettering_fonts, text):
    font_file, shown = images.lettering(text)

    assert shown == text
    assert missing_glyphs(images.load_font(font_file, 72), text) == []


def test_every_demo_logo_is_lettered_in_full(lettering_fonts):
    texts = [spec["logo_text"] for spec in content.ORGANIZATIONS if spec.get("logo_text")]

    assert LEIPZIG_UNIVERSITY in texts
    for text in texts:
        font_file, shown = images.lettering(text)
        assert (shown, missing_glyphs(images.load_font(font_file, 72), text)) == (text, []), text


def test_leipzig_university_logo_shows_the_umlaut_with_its_dots(lettering_fonts):
    logo = images.logo(LEIPZIG_UNIVERSITY, PLATE)

    assert ImageChops.difference(logo, images.logo("Universitat Leipzig", PLATE)).getbbox() is not None


def test_chinese_is_lettered_in_the_simplified_chinese_face_of_noto_sans_cjk():
    noto = images.FONT_FILES[0]
    if noto not in images.installed_fonts():
        unavailable("Noto Sans CJK is missing: `./dev test` installs Debian's fonts-noto-cjk as root")

    assert images.load_font(noto, 72).getname() == ("Noto Sans CJK SC", "Regular")
    assert images.lettering(CITY_WALL_MUSEUM) == (noto, CITY_WALL_MUSEUM)


def test_without_fonts_german_letters_are_spelled_out_and_chinese_left_out_after_one_warning(
    monkeypatch, caplog, warnings_again
):
    monkeypatch.setattr(images, "installed_fonts", tuple)

    with caplog.at_level(logging.WARNING, logger=images.__name__):
        results = [images.lettering(text) for text in (LEIPZIG_UNIVERSITY, "南京 Nanjing", CITY_WALL_MUSEUM, "Café")]

    assert results == [(None, "Universitaet Leipzig"), (None, "Nanjing"), (None, ""), (None, "Cafe")]
    assert len(caplog.records) == 1
    assert "apt-get install fonts-noto-cjk fonts-dejavu-core" in caplog.records[0].getMessage()
    assert missing_glyphs(ImageFont.load_default(size=72), "Universitaet Leipzig Nanjing Cafe") == []


def test_without_fonts_the_logo_is_the_spelled_out_name_and_a_chinese_one_an_empty_plate(monkeypatch, warnings_again):
    monkeypatch.setattr(images, "installed_fonts", tuple)
    spelled_out = images.logo("Universitaet Leipzig", PLATE)

    assert ImageChops.difference(images.logo(LEIPZIG_UNIVERSITY, PLATE), spelled_out).getbbox() is None
    plate_inside = images.logo(CITY_WALL_MUSEUM, PLATE).crop((30, 30, 450, 210))
    assert plate_inside.getcolors() == [(420 * 180, PLATE)]


def test_a_latin_font_alone_keeps_the_umlauts_and_leaves_chinese_out(lettering_fonts, monkeypatch, warnings_again):
    dejavu = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0)
    if dejavu not in lettering_fonts:
        unavailable("DejaVu Sans is missing: `./dev test` installs Debian's fonts-dejavu-core as root")

    assert images.lettering(LEIPZIG_UNIVERSITY, fonts=[dejavu]) == (dejavu, LEIPZIG_UNIVERSITY)
    assert images.lettering("南京 Nanjing", fonts=[dejavu]) == (dejavu, "Nanjing")
