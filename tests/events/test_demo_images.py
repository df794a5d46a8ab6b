"""The demo's pictures (events/demo/images.py): logos lettered with every letter of the name, never a missing-glyph
box, in German and Chinese with Debian's fonts and spelled out (ä → ae) without them; and the landmark drawings,
one family in the committee's palette with a landmark of its own each, and the news and gallery scenes with them."""

from __future__ import annotations

import io
import itertools
import logging
import re
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from events.demo import artwork, content, images, scenes
from nanjingweek.renditions import RENDITION_WIDTHS, render
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


# --- The illustrations: one palette, one family, a landmark of its own each -----------------------------------


def _hue_range(low: float, high: float) -> list[int]:
    """A lookup table for Pillow's hue band (0-255 for 0-360°): 255 inside [low, high) degrees."""
    return [255 if low <= value * 360 / 256 < high else 0 for value in range(256)]


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def colored_pixels(image: Image.Image, hues: list[int]) -> int:
    """Pixels of clear colour (not a grey, not near black) whose hue the table marks."""
    hue, saturation, value = image.convert("HSV").split()
    clear = ImageChops.multiply(
        saturation.point(lambda v: 255 if v > 64 else 0), value.point(lambda v: 255 if v > 40 else 0)
    )
    return _count(ImageChops.multiply(clear, hue.point(hues)))


# The palette's two hues: the committee's red (and its tints) and the jade accent; all else is its neutrals.
PALETTE_HUES = [max(r, j) for r, j in zip(_hue_range(0, 25), _hue_range(150, 195), strict=True)]
PALETTE_HUES = [max(h, r) for h, r in zip(PALETTE_HUES, _hue_range(340, 360), strict=True)]
OFF_PALETTE = [255 - value for value in PALETTE_HUES]


def decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.fixture(scope="module")
def pictures() -> dict[str, Image.Image]:
    return {name: decoded(images.drawing_jpeg(name)) for name in images.DRAWINGS}


@pytest.fixture(scope="module")
def scene_pictures() -> dict[str, Image.Image]:
    return {name: decoded(images.jpeg_bytes(draw())) for name, draw in scenes.DRAWINGS.items()}


def test_every_picture_a_loaded_event_or_exhibit_shows_is_a_drawing_of_the_family():
    used = {spec["image"] for spec in content.EVENTS if spec.get("image")}
    used |= {content.EXHIBITION["cover"]} | {spec["drawing"] for spec in content.EXHIBITS}

    assert used <= set(images.DRAWINGS)


def test_the_palette_check_catches_a_blue_sky_and_green_trees():
    # The guard below must be able to fail: the flat pictures before the house style had both.
    old_style = Image.new("RGB", (720, 480), (120, 160, 206))
    ImageDraw.Draw(old_style).ellipse((40, 150, 100, 206), fill=(70, 104, 64))

    assert colored_pixels(old_style, OFF_PALETTE) == 720 * 480


def test_drawings_keep_to_the_committees_red_its_neutrals_and_the_jade_accent(pictures, scene_pictures):
    for name, picture in (pictures | scene_pictures).items():
        # JPEG's blocks blur a few edges into other hues: at most one pixel in five hundred.
        assert colored_pixels(picture, OFF_PALETTE) <= picture.width * picture.height / 500, name


def test_the_news_and_gallery_pictures_are_signed_with_the_seal_too(scene_pictures):
    red = _hue_range(0, 12)
    for name, picture in scene_pictures.items():
        corner = picture.crop((artwork.WIDTH - 42, artwork.HEIGHT - 42, artwork.WIDTH - 16, artwork.HEIGHT - 16))
        assert colored_pixels(corner, red) > 26 * 26 / 2, name


def test_every_drawing_is_signed_with_the_red_seal_and_lit_by_a_red_sun(pictures):
    red = _hue_range(0, 12)
    for name, picture in pictures.items():
        seal = picture.crop((artwork.WIDTH - 42, artwork.HORIZON + 18, artwork.WIDTH - 16, artwork.HORIZON + 44))
        assert colored_pixels(seal, red) > 26 * 26 / 2, name
        if name != "brick":  # a still life indoors: no sun
            assert colored_pixels(picture.crop((0, 0, artwork.WIDTH, artwork.HORIZON)), red) > 2000, name


def test_every_landscape_stands_on_the_jade_river(pictures):
    jade = _hue_range(150, 195)
    for name, picture in pictures.items():
        if name == "brick":
            continue
        water = picture.crop((0, artwork.HORIZON + 4, artwork.WIDTH, artwork.HEIGHT))
        assert colored_pixels(water, jade) > water.width * water.height * 0.8, name


def test_each_drawing_shows_a_landmark_of_its_own(pictures):
    # Compared where the landmarks stand, above the river: no two pictures are the same scene recoloured.
    skylines = {
        name: picture.crop((0, 0, artwork.WIDTH, artwork.HORIZON)).convert("L") for name, picture in pictures.items()
    }
    for first, second in itertools.combinations(skylines, 2):
        difference = ImageChops.difference(skylines[first], skylines[second])
        changed = sum(difference.point(lambda v: 255 if v > 24 else 0).histogram()[255:])
        assert changed > artwork.WIDTH * artwork.HORIZON * 0.1, (first, second)


def test_drawings_are_the_same_every_time():
    images.drawing_jpeg.cache_clear()
    first = {name: images.drawing_jpeg(name) for name in ("city-wall", "skyline-nanjing", "cover")}
    images.drawing_jpeg.cache_clear()

    assert {name: images.jpeg_bytes(images.drawing(name)) for name in first} == first


def test_drawings_decode_at_every_width_the_pages_ask_for(pictures):
    assert {picture.size for picture in pictures.values()} == {(720, 480)}
    # WebP encoding is slow: a day, an evening and a dusk picture stand for the rest.
    for name in ("town-hall", "cover", "skyline-nanjing"):
        widths = [width for width in RENDITION_WIDTHS if width < 720]
        renditions = {width: decoded(webp) for width, webp in render(pictures[name], widths).items()}
        assert {width: (r.format, r.size) for width, r in renditions.items()} == {
            width: ("WEBP", (width, round(width / 1.5))) for width in widths
        }, name


def test_the_palette_is_the_stylesheets_light_tokens():
    # artwork.py copies the tokens by hand (the demo reads no CSS): a colour changed in site.css must change here.
    from django.conf import settings

    stylesheet = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    light = stylesheet[stylesheet.index(":root") : stylesheet.index("}", stylesheet.index(":root"))]
    tokens = {name: value.lower() for name, value in re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", light)}
    names = ["RED", "RED_STRONG", "RED_TINT", "JADE", "JADE_TINT", "INK", "INK_MUTED", "PAPER", "PAPER_ALT",
             "PAPER_SUNK", "LINE", "LINE_STRONG"]  # fmt: skip

    for name in names:
        assert artwork.hex_color(tokens[name.lower().replace("_", "-")]) == getattr(artwork, name), name
