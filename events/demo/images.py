"""Pictures for the demo, drawn with Pillow at load time: stylised landmarks, banners and typographic logos.

Deterministic (the same slug always gives the same picture) and small: JPEG drawings of 720 × 480
pixels and PNG logos of 480 × 240, each well under 60 KB. They are illustrations, and their alt
texts in `events.demo.content` say so.

Lettering uses Debian's fonts: Noto Sans CJK (fonts-noto-cjk), which has Latin, German and Chinese
letters alike, else DejaVu Sans (fonts-dejavu-core) for Latin text. Without a font that has every letter
of a name, the name is written in what the font has (ä → ae, Chinese left out) after one warning that
names the packages: a logo never shows a missing-glyph box.
"""

from __future__ import annotations

import functools
import io
import logging
import random
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from nanjingweek.slugs import transliterate_german

logger = logging.getLogger(__name__)

Color = tuple[int, int, int]
Box = tuple[int, int, int, int]

WIDTH, HEIGHT = 720, 480
GROUND = 400  # y of the horizon line

STONE = (128, 128, 124)
STONE_DARK = (96, 96, 94)
BRICK = (150, 74, 52)
ROOF = (68, 88, 92)
PLASTER = (226, 214, 186)
SANDSTONE = (196, 168, 120)
PORPHYRY = (122, 100, 92)
GLASS = (170, 198, 214)
WINDOW = (60, 66, 78)


def _gradient(top: Color, bottom: Color, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image.Image:
    """A vertical gradient, drawn as one line per row (fast, and compresses well)."""
    width, height = size
    image = Image.new("RGB", size, top)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    return image


def _scene(sky_top: Color, sky_bottom: Color, ground: Color, sun: Color | None = None) -> Image.Image:
    image = _gradient(sky_top, sky_bottom)
    draw = ImageDraw.Draw(image)
    if sun:
        draw.ellipse((560, 60, 630, 130), fill=sun)
    draw.rectangle((0, GROUND, WIDTH, HEIGHT), fill=ground)
    return image


def _windows(draw: ImageDraw.ImageDraw, box: Box, columns: int, rows: int, color: Color = WINDOW) -> None:
    left, top, right, bottom = box
    cell_w, cell_h = (right - left) / columns, (bottom - top) / rows
    for column in range(columns):
        for row in range(rows):
            x, y = left + column * cell_w, top + row * cell_h
            draw.rectangle((x + cell_w * 0.3, y + cell_h * 0.2, x + cell_w * 0.7, y + cell_h * 0.8), fill=color)


def _arch(draw: ImageDraw.ImageDraw, centre_x: float, bottom: float, width: float, height: float, color: Color) -> None:
    """A round-headed opening: a rectangle under a half circle."""
    half = width / 2
    draw.rectangle((centre_x - half, bottom - height + half, centre_x + half, bottom), fill=color)
    draw.pieslice((centre_x - half, bottom - height, centre_x + half, bottom - height + width), 180, 360, fill=color)


def _battlements(draw: ImageDraw.ImageDraw, left: int, right: int, top: int, color: Color, merlon: int = 18) -> None:
    for x in range(left, right, merlon * 2):
        draw.rectangle((x, top - merlon, min(x + merlon, right), top), fill=color)


def _brick_courses(draw: ImageDraw.ImageDraw, box: Box, color: Color, course: int = 12) -> None:
    left, top, right, bottom = box
    for index, y in enumerate(range(top + course, bottom, course)):
        draw.line([(left, y), (right, y)], fill=color, width=1)
        offset = 0 if index % 2 else course
        for x in range(left + offset, right, course * 2):
            draw.line([(x, y - course), (x, y)], fill=color, width=1)


def draw_city_wall() -> Image.Image:
    """Nanjing's Ming city wall: a long brick wall with battlements, a tree line and a moat."""
    image = _scene((236, 170, 120), (250, 226, 190), (86, 110, 74), sun=(252, 236, 200))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, GROUND + 30, WIDTH, HEIGHT), fill=(92, 132, 150))  # the moat
    wall = (0, 220, WIDTH, GROUND + 30)
    draw.rectangle(wall, fill=STONE)
    _brick_courses(draw, wall, STONE_DARK, course=14)
    _battlements(draw, 0, WIDTH, 220, STONE)
    draw.rectangle((0, 220, WIDTH, 232), fill=STONE_DARK)
    for x in range(40, WIDTH, 150):  # trees along the top of the wall
        draw.ellipse((x, 150, x + 60, 206), fill=(70, 104, 64))
    return image


def draw_gate() -> Image.Image:
    """Zhonghua Gate: a massive gate with stacked round arches and a wall walk above."""
    image = _scene((150, 180, 210), (226, 232, 236), (176, 164, 140))
    draw = ImageDraw.Draw(image)
    body = (60, 170, 660, GROUND)
    draw.rectangle(body, fill=STONE)
    _brick_courses(draw, body, STONE_DARK, course=16)
    _battlements(draw, 60, 660, 170, STONE, merlon=20)
    for centre in (200, 360, 520):
        _arch(draw, centre, GROUND, 96, 170, (48, 46, 44))
    for centre in range(110, 660, 70):  # the troop-concealing vaults, shown as small arches higher up
        _arch(draw, centre, 230, 26, 34, STONE_DARK)
    return image


def draw_town_hall() -> Image.Image:
    """Leipzig's Old Town Hall: a long Renaissance front with gables, an arcade and an off-centre tower."""
    image = _scene((120, 160, 206), (214, 226, 238), (170, 160, 150))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 220, 680, GROUND), fill=PLASTER)
    draw.polygon([(40, 220), (360, 150), (680, 220)], fill=(120, 56, 44))
    for left in range(70, 660, 110):  # stepped gables
        draw.polygon([(left, 222), (left + 25, 170), (left + 55, 170), (left + 80, 222)], fill=PLASTER)
    _windows(draw, (60, 240, 660, 330), 12, 2)
    for centre in range(80, 680, 52):
        _arch(draw, centre, GROUND, 34, 56, (120, 104, 84))
    tower_left = 300
    draw.rectangle((tower_left, 90, tower_left + 50, 230), fill=PLASTER)
    draw.ellipse((tower_left + 12, 110, tower_left + 38, 136), fill=(40, 52, 70))  # the clock
    draw.polygon([(tower_left - 6, 90), (tower_left + 25, 40), (tower_left + 56, 90)], fill=ROOF)
    return image


def _church(tower_roof: str, body_color: Color, roof_color: Color) -> Image.Image:
    image = _scene((104, 132, 180), (220, 214, 222), (150, 150, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 250, 680, GROUND), fill=body_color)
    draw.polygon([(290, 250), (490, 110), (690, 250)], fill=roof_color)
    for centre in range(340, 680, 60):
        _arch(draw, centre, 380, 26, 100, WINDOW)
    draw.rectangle((160, 150, 260, GROUND), fill=body_color)
    _arch(draw, 210, GROUND, 40, 80, (80, 64, 56))
    _arch(draw, 210, 240, 30, 60, WINDOW)
    if tower_roof == "lantern":
        draw.rectangle((175, 100, 245, 150), fill=body_color)
        draw.polygon([(170, 100), (210, 40), (250, 100)], fill=roof_color)
        draw.line([(210, 40), (210, 14)], fill=(200, 170, 80), width=3)
    else:
        draw.polygon([(150, 150), (210, 20), (270, 150)], fill=roof_color)
        draw.ellipse((203, 12, 217, 26), fill=(200, 170, 80))
    return image


def draw_st_thomas() -> Image.Image:
    """St Thomas Church: a steep Gothic roof and a tower with a lantern."""
    return _church("lantern", (224, 214, 196), (96, 62, 52))


def draw_nikolai() -> Image.Image:
    """St Nicholas Church: a pale nave and a tower with a slender spire."""
    return _church("spire", (236, 230, 220), ROOF)


def draw_monument() -> Image.Image:
    """The Monument to the Battle of the Nations: a stepped stone mass with a dome, mirrored in a pool."""
    image = _scene((172, 150, 170), (236, 214, 200), (120, 130, 110))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, WIDTH, GROUND), fill=(140, 170, 180))  # the lake of tears
    draw.polygon([(200, 330), (260, 170), (460, 170), (520, 330)], fill=PORPHYRY)
    draw.rectangle((270, 120, 450, 175), fill=PORPHYRY)
    draw.chord((280, 40, 440, 200), 180, 360, fill=(108, 88, 82))
    for x in range(290, 440, 24):
        draw.rectangle((x, 128, x + 10, 170), fill=(96, 78, 72))
    draw.polygon([(200, 330), (260, 400), (460, 400), (520, 330)], fill=(150, 140, 150))  # reflection
    return image


def draw_paulinum() -> Image.Image:
    """The Paulinum: a modern glass gable on Augustusplatz recalling the university church."""
    image = _scene((90, 130, 190), (200, 220, 236), (190, 186, 178))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 230, 250, GROUND), fill=(214, 214, 210))
    _windows(draw, (50, 250, 240, 390), 6, 4)
    draw.polygon([(260, GROUND), (260, 190), (400, 70), (540, 190), (540, GROUND)], fill=(230, 232, 234))
    draw.polygon([(290, GROUND), (290, 205), (400, 110), (510, 205), (510, GROUND)], fill=GLASS)
    for x in range(310, 500, 28):
        draw.line([(x, 150), (x, GROUND)], fill=(140, 160, 176), width=3)
    draw.polygon([(370, GROUND), (370, 300), (400, 270), (430, 300), (430, GROUND)], fill=(60, 80, 100))
    draw.rectangle((550, 230, 690, GROUND), fill=(214, 214, 210))
    _windows(draw, (556, 250, 684, 390), 4, 4)
    return image


def draw_inscribed_brick() -> Image.Image:
    """A Ming wall brick seen close up, with its stamped inscription as columns of marks."""
    image = _gradient((60, 56, 54), (30, 28, 28))
    draw = ImageDraw.Draw(image)
    draw.rectangle((120, 150, 600, 350), fill=(150, 146, 138))
    draw.rectangle((120, 150, 600, 166), fill=(170, 166, 158))
    draw.rectangle((300, 178, 420, 336), outline=(96, 92, 86), width=3)
    for column, x in enumerate(range(316, 410, 26)):
        for y in range(190, 324 - (column % 2) * 20, 22):
            draw.rectangle((x, y, x + 12, y + 12), fill=(96, 92, 86))
    return image


def draw_city_skyline(seed: str, sky_top: Color, sky_bottom: Color) -> Image.Image:
    """A generic banner: a row of buildings with lit windows, different for every seed."""
    rng = random.Random(seed)
    image = _scene(sky_top, sky_bottom, (70, 74, 80))
    draw = ImageDraw.Draw(image)
    x = 0
    while x < WIDTH:
        width = rng.randint(50, 120)
        top = rng.randint(140, 320)
        shade = rng.randint(60, 110)
        draw.rectangle((x, top, x + width, GROUND), fill=(shade, shade + 6, shade + 16))
        _windows(
            draw,
            (x + 6, top + 10, x + width - 6, GROUND - 10),
            max(width // 22, 1),
            max((GROUND - top) // 28, 1),
            color=(240, 214, 150),
        )
        x += width + rng.randint(4, 16)
    return image


def draw_cover() -> Image.Image:
    """The exhibition cover: Nanjing's wall on the left, Leipzig's Old Town Hall on the right."""
    left, right = draw_city_wall(), draw_town_hall()
    image = Image.new("RGB", (WIDTH, HEIGHT))
    image.paste(left.crop((0, 0, WIDTH // 2, HEIGHT)), (0, 0))
    image.paste(right.crop((WIDTH // 4, 0, WIDTH // 4 + WIDTH // 2, HEIGHT)), (WIDTH // 2, 0))
    ImageDraw.Draw(image).line([(WIDTH // 2, 0), (WIDTH // 2, HEIGHT)], fill=(250, 250, 246), width=4)
    return image


DRAWINGS: dict[str, Callable[[], Image.Image]] = {
    "city-wall": draw_city_wall,
    "gate": draw_gate,
    "town-hall": draw_town_hall,
    "st-thomas": draw_st_thomas,
    "nikolai": draw_nikolai,
    "monument": draw_monument,
    "paulinum": draw_paulinum,
    "brick": draw_inscribed_brick,
    "cover": draw_cover,
}


def drawing(name: str) -> Image.Image:
    return DRAWINGS[name]()


# --- Lettering ------------------------------------------------------------------------------------------

# (file, face index), in order of preference. Face 2 of the Noto collection is "Noto Sans CJK SC": Simplified
# Chinese letter forms, with Latin letters and umlauts of its own.
FONT_FILES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0),
)
FONT_PACKAGES = ("fonts-noto-cjk", "fonts-dejavu-core")
# Asked of fontconfig when the files are elsewhere (another distribution): Chinese first, then any sans.
FONTCONFIG_PATTERNS = ("sans-serif:lang=zh-cn", "sans-serif")
MISSING = "\U0010ffff"  # a code point no font has: it draws the font's missing glyph (.notdef)

FontFile = tuple[str, int] | None  # None: Pillow's built-in font (Latin letters without umlauts)
_warned_about_fonts = False


def _fontconfig_fonts() -> list[tuple[str, int]]:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return []
    found = []
    for pattern in FONTCONFIG_PATTERNS:
        try:
            result = subprocess.run(
                [fc_match, "--format=%{file}:%{index}", pattern], capture_output=True, text=True, timeout=5
            )
        except (OSError, subprocess.SubprocessError):
            continue
        path, _colon, index = result.stdout.strip().rpartition(":")
        if result.returncode == 0 and path.endswith((".ttf", ".otf", ".ttc")) and index.isdigit():
            found.append((path, int(index)))
    return found


@functools.cache
def installed_fonts() -> tuple[tuple[str, int], ...]:
    """The lettering fonts on this machine, best first: the known Debian files, then what fontconfig offers."""
    known = [(path, index) for path, index in FONT_FILES if Path(path).is_file()]
    return tuple(dict.fromkeys([*known, *_fontconfig_fonts()]))


def load_font(font_file: FontFile, size: int) -> ImageFont.FreeTypeFont:
    if font_file is None:
        return ImageFont.load_default(size=size)
    path, index = font_file
    return ImageFont.truetype(path, size, index=index)


@functools.cache
def _probe(font_file: FontFile) -> ImageFont.FreeTypeFont:
    return load_font(font_file, 32)


@functools.cache
def _glyph(font_file: FontFile, char: str) -> tuple[tuple[int, int], bytes]:
    mask = _probe(font_file).getmask(char)
    return mask.size, bytes(mask)


def has_glyph(font_file: FontFile, char: str) -> bool:
    """Whether the font draws ``char`` as itself, not as its missing glyph. Spaces need no glyph."""
    return char.isspace() or _glyph(font_file, char) != _glyph(font_file, MISSING)


def _spelled_with(font_file: FontFile, text: str) -> str:
    """``text`` in the letters the font has: German letters written out (ä → ae), other accents dropped
    (é → e), and what it still lacks (Chinese, say) left out."""
    letters = []
    for char in text:
        for candidate in (char, transliterate_german(char), unicodedata.normalize("NFKD", char)):
            kept = "".join(part for part in candidate if not unicodedata.combining(part))
            if kept and all(has_glyph(font_file, part) for part in kept):
                letters.append(kept)
                break
    return " ".join("".join(letters).split())


def lettering(text: str, fonts: Iterable[FontFile] | None = None) -> tuple[FontFile, str]:
    """The font to write ``text`` with and the text to write: the first of ``fonts`` (the installed ones
    unless given) that has every letter of it; else the best one there is, with the text spelled in the
    letters it has, after one warning per process that names the Debian packages to install."""
    global _warned_about_fonts
    candidates = list(installed_fonts() if fonts is None else fonts)
    for font_file in candidates:
        if all(has_glyph(font_file, char) for char in text):
            return font_file, text
    font_file = candidates[0] if candidates else None
    shown = _spelled_with(font_file, text)
    if not _warned_about_fonts:
        _warned_about_fonts = True
        logger.warning(
            "Demo pictures: no installed font has every letter of %r, so it is written %r. "
            "Install Debian's fonts for German and Chinese lettering: apt-get install %s",
            text,
            shown,
            " ".join(FONT_PACKAGES),
        )
    return font_file, shown


def logo(text: str, background: Color, foreground: Color = (255, 255, 255)) -> Image.Image:
    """A typographic logo: the organization's short name centred on a coloured plate."""
    image = Image.new("RGB", (480, 240), background)
    draw = ImageDraw.Draw(image)
    font_file, shown = lettering(text)
    if shown:
        size = 72
        font = load_font(font_file, size)
        # Shrink long names until they fit with a margin.
        while draw.textlength(shown, font=font) > 420 and size > 20:
            size -= 4
            font = load_font(font_file, size)
        draw.text((240, 120), shown, font=font, fill=foreground, anchor="mm")
    draw.rectangle((20, 20, 460, 220), outline=foreground, width=3)
    return image


def jpeg_bytes(image: Image.Image, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# Drawings are deterministic, so one process draws each at most once (tests load the demo many times).


@functools.cache
def drawing_jpeg(name: str) -> bytes:
    return jpeg_bytes(drawing(name))


@functools.cache
def skyline_jpeg(seed: str, sky_top: Color, sky_bottom: Color) -> bytes:
    return jpeg_bytes(draw_city_skyline(seed, sky_top, sky_bottom))


@functools.cache
def logo_png(text: str, background: Color) -> bytes:
    return png_bytes(logo(text, background))
