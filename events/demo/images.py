"""Pictures for the demo, drawn with Pillow at load time: landmarks of the Week's cities, and typographic logos.

The landmarks are one family of illustrations in the house style of `events.demo.artwork` (the committee's
palette, a lattice sky, a red sun, a jade river with a wave motif, the committee's seal) and carry no text: the
page shows the translated title and alt text beside them. Their alt texts in `events.demo.content` say they are
illustrations and what they show.

Deterministic (the same name always gives the same picture) and small: JPEG drawings of 720 × 480 pixels and PNG
logos of 480 × 240, each under 60 KB.

The logos are the one place with lettering, since a logo is a name (the same in every language). They keep each
organization's own colour: the demo stands in for real logos, which an organizer uploads. Lettering uses
Debian's fonts: Noto Sans CJK (fonts-noto-cjk), which has Latin, German and Chinese letters alike, else DejaVu
Sans (fonts-dejavu-core) for Latin text. Without a font that has every letter of a name, the name is written in
what the font has (ä → ae, Chinese left out) after one warning that names the packages: a logo never shows a
missing-glyph box.
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

from events.demo import artwork
from events.demo.artwork import (
    FACE,
    HEIGHT,
    HORIZON,
    INK,
    INK_MUTED,
    JADE,
    JADE_TINT,
    LAMPLIGHT,
    LINE,
    LINE_STRONG,
    LIT,
    OPENING,
    PAPER,
    RED,
    RED_STRONG,
    RED_TINT,
    ROOF,
    ROOF_DARK,
    SCALE,
    SHADE,
    STONE,
    STONE_DARK,
    WIDTH,
    Canvas,
    Color,
    mix,
)
from nanjingweek.slugs import transliterate_german

logger = logging.getLogger(__name__)

__all__ = ["HEIGHT", "WIDTH", "drawing", "drawing_jpeg", "logo", "logo_png"]

# --- Landmarks ---------------------------------------------------------------------------------------------
# Each `paint_*` draws one landmark on a canvas whose sky is already there, standing on the horizon; the
# `draw_*` functions compose the whole picture around it. The light comes from the side of the sun: faces
# towards it are LIT or FACE, faces away from it SHADE or darker.


def _finish(canvas: Canvas, *, reflection: float = 0.22) -> Image.Image:
    artwork.river(canvas, reflection=reflection)
    artwork.seal(canvas)
    return canvas.finish()


def _tree_crowns(canvas: Canvas, seed: str, left: float, right: float, base: float, size: float = 30) -> None:
    rng = random.Random(seed)
    dark, light = mix(JADE, INK, 0.45), mix(JADE, LINE_STRONG, 0.35)
    x = left
    while x < right:
        radius = size * rng.uniform(0.7, 1.1)
        canvas.ellipse(x - radius, base - radius * 1.7, x + radius, base + radius * 0.2, dark)
        canvas.ellipse(x - radius * 0.6, base - radius * 1.6, x + radius * 0.5, base - radius * 0.5, light)
        x += radius * rng.uniform(1.6, 3.2)


BASTION = mix(FACE, SHADE, 0.6)  # the wall's stone where the evening sun falls on it


def paint_city_wall(canvas: Canvas) -> None:
    """Nanjing's Ming city wall: grey brick with battlements, a projecting bastion, trees along the top."""
    _tree_crowns(canvas, "city-wall", 20, 700, 232)
    canvas.rect(0, 236, WIDTH, HORIZON, STONE)
    canvas.courses(0, 248, WIDTH, HORIZON, STONE_DARK, course=14)
    canvas.rect(0, 232, WIDTH, 248, SHADE)  # the parapet, lit from above
    canvas.battlements(0, WIDTH, 232, SHADE)
    # The bastion: its front catches the evening light, its side is in shadow.
    canvas.polygon([(430, 212), (560, 212), (580, 224), (580, HORIZON), (560, HORIZON)], STONE_DARK)
    canvas.rect(430, 212, 560, HORIZON, BASTION)
    canvas.courses(430, 226, 560, HORIZON, SHADE, course=14)
    canvas.rect(430, 206, 560, 222, FACE)
    canvas.battlements(430, 560, 206, FACE, merlon=14)
    canvas.arch(495, 320, 18, 34, OPENING)
    canvas.rect(0, HORIZON - 10, WIDTH, HORIZON, STONE_DARK)  # the wet foot of the wall


def draw_city_wall() -> Image.Image:
    """The wall at evening over its moat, Purple Mountain behind, the sun low on the right."""
    canvas = artwork.landscape(artwork.EVENING, sun_at=(600, 170, 44))
    artwork.far_range(canvas, "zijin", mix(artwork.EVENING[1], LINE_STRONG, 0.3), base=300, height=90)
    paint_city_wall(canvas)
    return _finish(canvas)


def draw_gate() -> Image.Image:
    """Zhonghua Gate: a massive gate, three tall round arches, a row of small vaults above, lit from the left."""
    canvas = artwork.landscape(artwork.DAY, sun_at=(110, 104, 34))
    artwork.far_roofs(canvas, "gate", mix(artwork.DAY[1], LINE, 0.9), base=HORIZON, low=60, high=140)
    canvas.polygon([(640, 176), (690, 196), (690, HORIZON), (640, HORIZON)], STONE_DARK)  # the side, away from the sun
    canvas.rect(40, 176, 640, HORIZON, STONE)
    canvas.courses(40, 188, 640, HORIZON, STONE_DARK, course=16)
    canvas.rect(40, 170, 640, 188, SHADE)
    canvas.battlements(40, 640, 170, SHADE, merlon=20)
    for centre in range(85, 640, 62):  # the troop-concealing vaults, a row of small arches high up
        canvas.arch(centre, 238, 26, 36, STONE_DARK)
    for centre in (180, 340, 500):
        canvas.arch(centre, HORIZON, 104, 178, STONE_DARK)  # the arch's deep reveal
        canvas.arch(centre + 6, HORIZON, 84, 164, OPENING)
    return _finish(canvas)


def paint_town_hall(canvas: Canvas) -> None:
    """Leipzig's Old Town Hall: a long pale front under a red roof, small gables, an arcade, an off-centre tower."""
    canvas.polygon([(40, 226), (110, 150), (610, 150), (680, 226)], ROOF)
    canvas.polygon([(600, 150), (610, 150), (680, 226), (660, 226)], ROOF_DARK)  # the roof's hip, in shadow
    for left in range(80, 640, 92):  # the dormer gables, lit on the left, shaded on the right
        canvas.polygon([(left, 228), (left, 176), (left + 22, 150), (left + 44, 176), (left + 44, 228)], LIT)
        canvas.polygon([(left + 22, 150), (left + 44, 176), (left + 44, 228), (left + 22, 228)], FACE)
        canvas.arch(left + 22, 206, 12, 22, OPENING)
    canvas.rect(40, 226, 680, HORIZON, LIT)
    canvas.rect(40, 226, 680, 236, SHADE)  # the shadow under the eaves
    canvas.windows(56, 246, 664, 326, 14, 2)
    canvas.rect(40, 334, 680, HORIZON, FACE)
    for centre in range(70, 680, 46):
        canvas.arch(centre, HORIZON, 30, 54, SHADE)
        canvas.arch(centre + 2, HORIZON, 24, 48, OPENING)
    tower = 300
    canvas.rect(tower, 96, tower + 50, 232, LIT)
    canvas.rect(tower + 34, 96, tower + 50, 232, FACE)
    canvas.ellipse(tower + 11, 112, tower + 39, 140, PAPER)  # the clock
    canvas.line([(tower + 25, 126), (tower + 25, 116)], INK, 2)
    canvas.line([(tower + 25, 126), (tower + 33, 126)], INK, 2)
    canvas.polygon([(tower - 6, 98), (tower + 10, 78), (tower + 40, 78), (tower + 56, 98)], STONE_DARK)  # the hood
    canvas.rect(tower + 16, 56, tower + 34, 80, STONE_DARK)  # the lantern
    canvas.polygon([(tower + 12, 58), (tower + 25, 30), (tower + 38, 58)], STONE_DARK)
    canvas.line([(tower + 25, 30), (tower + 25, 14)], STONE_DARK, 2)


def draw_town_hall() -> Image.Image:
    canvas = artwork.landscape(artwork.DAY, sun_at=(610, 90, 32))
    artwork.far_roofs(canvas, "leipzig", mix(artwork.DAY[1], LINE, 0.85), low=40, high=130)
    paint_town_hall(canvas)
    return _finish(canvas)


def _church(canvas: Canvas, *, spire: bool, nave: Color, roof: Color, tower: Color) -> None:
    canvas.polygon([(290, 254), (480, 112), (670, 254)], roof)
    canvas.polygon([(480, 112), (670, 254), (610, 254)], mix(roof, INK, 0.3))  # the roof's far slope
    canvas.rect(300, 250, 660, HORIZON, nave)
    canvas.rect(600, 250, 660, HORIZON, mix(nave, LINE_STRONG, 0.35))
    for centre in range(336, 600, 56):
        canvas.arch(centre, 378, 28, 104, OPENING)
    canvas.rect(160, 156, 262, HORIZON, tower)
    canvas.rect(236, 156, 262, HORIZON, mix(tower, LINE_STRONG, 0.35))  # the tower's shaded side
    canvas.arch(208, HORIZON, 42, 84, OPENING)
    canvas.arch(208, 250, 30, 62, OPENING)
    if spire:
        canvas.polygon([(150, 158), (211, 16), (272, 158)], roof)
        canvas.polygon([(211, 16), (272, 158), (236, 158)], mix(roof, INK, 0.3))
    else:
        canvas.rect(176, 104, 246, 158, tower)
        canvas.rect(232, 104, 246, 158, mix(tower, LINE_STRONG, 0.35))
        canvas.arch(203, 150, 18, 34, OPENING)
        canvas.polygon([(168, 106), (211, 50), (254, 106)], roof)
        canvas.rect(202, 30, 220, 52, roof)  # the lantern
        canvas.polygon([(198, 32), (211, 10), (224, 32)], roof)


def draw_st_thomas() -> Image.Image:
    """St Thomas Church: a steep brown roof, tall arched windows, a tower with a lantern."""
    canvas = artwork.landscape(artwork.DAY, sun_at=(96, 96, 30))
    artwork.far_roofs(canvas, "thomas", mix(artwork.DAY[1], LINE, 0.85), low=30, high=100)
    _tree_crowns(canvas, "thomas", 600, 720, HORIZON - 4, size=34)
    _church(canvas, spire=False, nave=FACE, roof=ROOF_DARK, tower=LIT)
    return _finish(canvas)


def draw_nikolai() -> Image.Image:
    """St Nicholas Church: a pale nave under a dark roof and a white tower with a slender spire."""
    canvas = artwork.landscape(artwork.DAY, sun_at=(96, 96, 30))
    artwork.far_roofs(canvas, "nikolai", mix(artwork.DAY[1], LINE, 0.85), low=30, high=100)
    _tree_crowns(canvas, "nikolai", 0, 120, HORIZON - 4, size=34)
    _church(canvas, spire=True, nave=LIT, roof=STONE_DARK, tower=PAPER)
    return _finish(canvas)


def draw_monument() -> Image.Image:
    """The Monument to the Battle of the Nations: a stepped stone mass with a dome, backlit, mirrored in its pool."""
    canvas = artwork.landscape(artwork.EVENING, sun_at=(360, 92, 50))
    _tree_crowns(canvas, "monument-left", 0, 210, HORIZON - 4, size=30)
    _tree_crowns(canvas, "monument-right", 520, 730, HORIZON - 4, size=30)
    porphyry, porphyry_dark = mix(STONE_DARK, RED_STRONG, 0.25), mix(INK, RED_STRONG, 0.3)
    canvas.rect(150, 372, 570, HORIZON, porphyry_dark)  # the terraces
    canvas.rect(190, 346, 530, 372, porphyry)
    canvas.polygon([(226, 346), (276, 180), (444, 180), (494, 346)], porphyry)
    canvas.polygon([(360, 180), (444, 180), (494, 346), (360, 346)], porphyry_dark)
    canvas.rect(282, 128, 438, 184, porphyry)
    canvas.rect(360, 128, 438, 184, porphyry_dark)
    for x in range(290, 436, 20):  # the guardians round the crown
        canvas.rect(x, 136, x + 9, 178, mix(porphyry_dark, INK, 0.4))
    canvas.draw.chord(canvas.box(292, 58, 428, 194), 180, 360, fill=porphyry)
    canvas.draw.chord(canvas.box(360, 58, 428, 194), 270, 360, fill=porphyry_dark)
    canvas.arch(360, 346, 50, 86, OPENING)  # the crypt's doorway under the archangel
    return _finish(canvas, reflection=0.4)


def draw_paulinum() -> Image.Image:
    """The Paulinum: a pointed glass gable on Augustusplatz between two plain university buildings."""
    canvas = artwork.landscape(artwork.DAY, sun_at=(620, 96, 30))
    artwork.far_roofs(canvas, "augustusplatz", mix(artwork.DAY[1], LINE, 0.85), low=40, high=120)
    for left, right in ((30, 250), (550, 700)):
        canvas.rect(left, 226, right, HORIZON, FACE)
        canvas.rect(left, 226, right, 236, SHADE)
        canvas.windows(left + 10, 248, right - 10, 388, (right - left) // 34, 4)
    canvas.polygon([(256, HORIZON), (256, 190), (400, 66), (544, 190), (544, HORIZON)], LIT)
    canvas.polygon([(400, 66), (544, 190), (544, HORIZON), (520, HORIZON), (520, 200)], FACE)
    glass = mix(JADE_TINT, JADE, 0.18)
    canvas.polygon([(286, HORIZON), (286, 206), (400, 108), (514, 206), (514, HORIZON)], glass)
    canvas.polygon([(400, 108), (514, 206), (514, HORIZON), (400, HORIZON)], mix(glass, JADE, 0.15))
    for x in range(306, 500, 26):
        canvas.line([(x, 120), (x, HORIZON)], mix(JADE, LINE_STRONG, 0.3), 3)
    canvas.ellipse(370, 150, 430, 210, mix(glass, PAPER, 0.5))  # the rose window
    canvas.polygon([(372, HORIZON), (372, 306), (400, 278), (428, 306), (428, HORIZON)], OPENING)
    return _finish(canvas)


def draw_inscribed_brick() -> Image.Image:
    """A Ming wall brick close up, lit from the upper left, its stamp of inscription marks in the middle."""
    canvas = Canvas(INK)
    artwork.sky(canvas, (mix(INK, INK_MUTED, 0.45), INK), lattice=0.08)
    canvas.image.paste(INK, (0, HORIZON * SCALE, WIDTH * SCALE, HEIGHT * SCALE))
    canvas.polygon([(136, 362), (612, 362), (650, 390), (170, 390)], mix(INK, INK_MUTED, 0.15))  # its shadow
    canvas.polygon([(120, 150), (600, 150), (624, 134), (144, 134)], SHADE)  # the top face
    canvas.polygon([(600, 150), (624, 134), (624, 334), (600, 350)], STONE_DARK)  # the end, in shadow
    canvas.rect(120, 150, 600, 350, STONE)
    rng = random.Random("brick")
    for _ in range(260):  # the fired clay's pits
        x, y, r = rng.uniform(124, 596), rng.uniform(154, 346), rng.uniform(0.8, 2.2)
        canvas.ellipse(x - r, y - r, x + r, y + r, mix(STONE, STONE_DARK, rng.uniform(0.4, 1)))
    canvas.rect(296, 176, 424, 334, STONE_DARK)
    canvas.rect(300, 180, 420, 330, mix(STONE, STONE_DARK, 0.25))
    for column, x in enumerate(range(314, 410, 26)):
        for y in range(192, 322 - (column % 2) * 20, 22):
            canvas.rect(x, y, x + 12, y + 12, STONE_DARK)
    artwork.seal(canvas)
    return canvas.finish()


def _office_row(canvas: Canvas, seed: str, *, low: float, high: float, body: Color, lit_share: float = 0.45) -> None:
    """A row of city buildings at dusk, about half of their windows lit."""
    rng = random.Random(seed)
    x = -6.0
    while x < WIDTH:
        width = rng.uniform(46, 110)
        top = HORIZON - rng.uniform(low, high)
        canvas.rect(x, top, x + width, HORIZON, body)
        canvas.rect(x + width - 8, top, x + width, HORIZON, mix(body, INK, 0.35))
        columns, rows = max(int(width // 18), 1), max(int((HORIZON - top - 14) // 20), 1)
        cell_w, cell_h = (width - 16) / columns, (HORIZON - top - 14) / rows
        for column in range(columns):
            for row in range(rows):
                if rng.random() < lit_share:
                    wx, wy = x + 6 + column * cell_w, top + 10 + row * cell_h
                    canvas.rect(
                        wx + cell_w * 0.25, wy + cell_h * 0.25, wx + cell_w * 0.75, wy + cell_h * 0.7, LAMPLIGHT
                    )
        x += width + rng.uniform(2, 10)


NIGHT = mix(INK, RED_STRONG, 0.25)  # buildings against a dusk sky
HAZE = mix(artwork.DUSK[1], RED_STRONG, 0.72)  # the ones further off, half lost in it


def draw_munich() -> Image.Image:
    """Munich at dusk: the twin towers of the Frauenkirche with their green domes behind lit office buildings."""
    canvas = artwork.landscape(artwork.DUSK, sun_at=(150, 236, 38), lattice=0.04)
    artwork.far_range(canvas, "alps", mix(artwork.DUSK[1], RED_STRONG, 0.3), base=330, height=50, roughness=0.9)
    _office_row(canvas, "munich-behind", low=120, high=190, body=HAZE, lit_share=0.2)
    brick, brick_dark = mix(RED_STRONG, INK, 0.35), mix(RED_STRONG, INK, 0.6)
    copper, copper_dark = mix(JADE, LINE_STRONG, 0.25), mix(JADE, INK, 0.35)
    canvas.rect(380, 220, 580, HORIZON, brick_dark)  # the nave behind the towers
    canvas.polygon([(372, 222), (480, 170), (588, 222)], brick_dark)
    for left in (408, 488):
        canvas.rect(left, 96, left + 56, HORIZON, brick)
        canvas.rect(left + 40, 96, left + 56, HORIZON, brick_dark)
        canvas.arch(left + 28, 150, 14, 34, OPENING)
        canvas.draw.chord(canvas.box(left - 2, 44, left + 58, 126), 180, 360, fill=copper)  # the Welsche Haube
        canvas.draw.chord(canvas.box(left + 28, 44, left + 58, 126), 270, 360, fill=copper_dark)
        canvas.rect(left + 20, 30, left + 36, 48, copper)  # the lantern
        canvas.draw.chord(canvas.box(left + 18, 18, left + 38, 40), 180, 360, fill=copper)
    _office_row(canvas, "skyline-munich", low=40, high=130, body=NIGHT)
    return _finish(canvas, reflection=0.3)


def draw_stuttgart() -> Image.Image:
    """Stuttgart at dusk: the television tower on the wooded hills above the city's lit buildings."""
    canvas = artwork.landscape(artwork.DUSK, sun_at=(170, 196, 36), lattice=0.04)
    artwork.far_range(canvas, "swabian-alb", HAZE, base=HORIZON - 60, height=70, roughness=0.3)
    concrete, concrete_dark = mix(LINE, LINE_STRONG, 0.2), mix(LINE_STRONG, INK_MUTED, 0.4)
    x, foot, neck = 500, 300, 130
    canvas.polygon([(x - 11, foot), (x - 5, neck), (x + 5, neck), (x + 11, foot)], concrete)
    canvas.polygon([(x, neck), (x + 5, neck), (x + 11, foot), (x, foot)], concrete_dark)
    canvas.rect(x - 20, neck - 30, x + 20, neck, concrete)  # the basket: restaurant and platforms
    canvas.rect(x + 6, neck - 30, x + 20, neck, concrete_dark)
    for y in (neck - 24, neck - 14, neck - 4):
        canvas.line([(x - 20, y), (x + 20, y)], OPENING, 2)
    canvas.rect(x - 4, neck - 80, x + 4, neck - 30, concrete)  # the antenna
    canvas.line([(x, neck - 80), (x, neck - 104)], concrete, 2)
    canvas.ellipse(x - 3, neck - 108, x + 3, neck - 102, RED)
    # The hills of the valley the city lies in, drawn over the tower's foot: it stands in the woods above town.
    artwork.far_range(canvas, "stuttgart-hills", mix(INK, RED_STRONG, 0.4), base=HORIZON, height=130, roughness=0.45)
    _office_row(canvas, "skyline-stuttgart", low=30, high=100, body=NIGHT)
    return _finish(canvas, reflection=0.3)


def draw_nanjing() -> Image.Image:
    """Nanjing at dusk: Zifeng Tower among the modern towers by the Yangtze, Purple Mountain behind."""
    canvas = artwork.landscape(artwork.DUSK, sun_at=(596, 150, 36), lattice=0.04)
    artwork.far_range(canvas, "zijin-dusk", mix(artwork.DUSK[1], RED_STRONG, 0.3), base=330, height=90)
    _office_row(canvas, "nanjing-behind", low=110, high=220, body=HAZE, lit_share=0.2)
    glass, glass_dark = mix(INK_MUTED, JADE, 0.35), mix(INK, JADE, 0.3)
    x = 300
    canvas.polygon([(x - 36, HORIZON), (x - 26, 90), (x + 8, 60), (x + 26, 90), (x + 36, HORIZON)], glass)
    canvas.polygon([(x + 8, 60), (x + 26, 90), (x + 36, HORIZON), (x + 8, HORIZON)], glass_dark)
    canvas.line([(x + 8, 60), (x + 8, 16)], glass, 3)  # the spire
    for y in range(110, HORIZON, 14):
        canvas.line([(x - 30, y), (x + 30, y)], mix(glass, LAMPLIGHT, 0.45), 1)
    _office_row(canvas, "skyline-nanjing", low=40, high=150, body=NIGHT)
    return _finish(canvas, reflection=0.3)


def draw_dietfurt() -> Image.Image:
    """Dietfurt's old town on the Altmühl: gabled town houses, a gate tower and a church spire, wooded hills behind."""
    canvas = artwork.landscape(artwork.EVENING, sun_at=(150, 130, 36))
    artwork.far_range(canvas, "altmuehl-valley", mix(JADE, LINE, 0.72), base=HORIZON - 40, height=150, roughness=0.3)
    _tree_crowns(canvas, "dietfurt", 610, 740, HORIZON - 4, size=34)
    # The church behind the houses: a tall tower with a pointed spire.
    canvas.rect(470, 120, 516, HORIZON, FACE)
    canvas.rect(502, 120, 516, HORIZON, SHADE)
    canvas.arch(486, 170, 14, 30, OPENING)
    canvas.polygon([(464, 122), (493, 36), (522, 122)], ROOF_DARK)
    canvas.polygon([(493, 36), (522, 122), (502, 122)], mix(ROOF_DARK, INK, 0.3))
    # The town houses, gable end to the street, each its own width and height; lit on the left.
    rng = random.Random("dietfurt-houses")
    plaster = [LIT, FACE, mix(RED_TINT, RED, 0.14), mix(JADE_TINT, JADE, 0.14)]  # limewash, some of it tinted
    x = 30.0
    for index in range(9):
        width = rng.uniform(52, 66)
        if 3 <= index <= 4:
            x += 4
        eaves = HORIZON - rng.uniform(120, 150)
        peak = eaves - width * 0.8
        wall = rng.choice(plaster)
        canvas.rect(x, eaves, x + width, HORIZON, wall)
        canvas.polygon([(x - 3, eaves + 2), (x + width / 2, peak), (x + width + 3, eaves + 2)], ROOF)
        canvas.polygon([(x + width / 2, peak), (x + width + 3, eaves + 2), (x + width / 2, eaves + 2)], ROOF_DARK)
        canvas.polygon([(x + 8, eaves), (x + width / 2, peak + 14), (x + width - 8, eaves)], wall)  # the gable wall
        canvas.arch(x + width / 2, eaves - 10, 10, 18, OPENING)
        canvas.windows(x + 4, eaves + 10, x + width - 4, HORIZON - 40, 3, 3)
        canvas.arch(x + width / 2, HORIZON, 16, 30, OPENING)
        x += width + 2
        if index == 3:  # the town gate between the fourth and fifth house
            canvas.rect(x, 150, x + 58, HORIZON, STONE)
            canvas.rect(x + 42, 150, x + 58, HORIZON, STONE_DARK)
            canvas.polygon([(x - 6, 152), (x + 29, 100), (x + 64, 152)], ROOF)
            canvas.polygon([(x + 29, 100), (x + 64, 152), (x + 40, 152)], ROOF_DARK)
            canvas.arch(x + 27, HORIZON, 32, 70, OPENING)
            canvas.arch(x + 22, 196, 10, 20, OPENING)
            x += 60
    return _finish(canvas)


def draw_cover() -> Image.Image:
    """The exhibition cover: Nanjing's wall on the left and Leipzig's Old Town Hall on the right, one sky and river."""
    canvas = artwork.landscape(artwork.EVENING, sun_at=(300, 136, 46))
    artwork.far_range(canvas, "zijin", mix(artwork.EVENING[1], LINE_STRONG, 0.3), base=330, height=80)
    for zoom, x, paint in ((0.62, -40, paint_city_wall), (0.56, 330, paint_town_hall)):
        with canvas.placed(x, HORIZON * (1 - zoom), zoom):
            paint(canvas)
    return _finish(canvas)


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
    "skyline-munich": draw_munich,
    "skyline-stuttgart": draw_stuttgart,
    "skyline-nanjing": draw_nanjing,
    "dietfurt": draw_dietfurt,
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
def logo_png(text: str, background: Color) -> bytes:
    return png_bytes(logo(text, background))
