"""The demo's pictures of people at the Week (the news article's forum hall, the gallery of the Leipzig forum), in
the house style of `events.demo.artwork`: its palette, a lattice on the hall's back wall, light falling from the
stage, the committee's seal. As with the landmarks, no text: a banner's lettering is a row of marks.

People are figures without faces, heads on rounded shoulders, dressed in the palette's darks and its red; their
skin in warm tints of the red, from light to dark.
"""

from __future__ import annotations

import functools
import random

from PIL import Image, ImageDraw

from events.demo import artwork, images
from events.demo.artwork import (
    FACE,
    HEIGHT,
    INK,
    INK_MUTED,
    JADE,
    LINE,
    LINE_STRONG,
    LIT,
    OPENING,
    PAPER,
    PAPER_ALT,
    PAPER_SUNK,
    RED,
    RED_STRONG,
    RED_TINT,
    SCALE,
    SHADE,
    STONE_DARK,
    WIDTH,
    Canvas,
    mix,
)

SKIN = [mix(RED_TINT, RED_STRONG, t) for t in (0.14, 0.26, 0.4, 0.55)]
CLOTHES = [INK, mix(INK, INK_MUTED, 0.5), INK_MUTED, RED_STRONG, mix(JADE, INK, 0.45), STONE_DARK, RED]
WOOD, WOOD_DARK = mix(RED_STRONG, INK_MUTED, 0.45), mix(RED_STRONG, INK, 0.45)
BANNER_MARKS = mix(RED_TINT, RED, 0.3)  # lettering stand-ins: the banner is a picture, not a text


def person(canvas: Canvas, x: float, bottom: float, scale: float, rng: random.Random) -> None:
    """A figure from the waist up, its bottom at ``bottom``."""
    head = 14 * scale
    body_w, body_h = 46 * scale, 48 * scale
    canvas.draw.rounded_rectangle(
        canvas.box(x - body_w / 2, bottom - body_h, x + body_w / 2, bottom),
        radius=16 * scale * SCALE,
        fill=rng.choice(CLOTHES),
    )
    canvas.ellipse(x - head, bottom - body_h - 2 * head + 4, x + head, bottom - body_h + 4, rng.choice(SKIN))


def audience(canvas: Canvas, rows: tuple[float, ...], *, size: float = 22) -> None:
    """Heads and shoulders seen from behind, darker the nearer they are."""
    for row, top in enumerate(rows):
        tone = mix(INK_MUTED, INK, 0.4 + 0.3 * row)
        hair = mix(INK, INK_MUTED, 0.2 - 0.1 * row)
        grow = size * (1 + 0.12 * row)
        for x in range(-20 + row * 35, WIDTH + 40, 70):
            canvas.draw.rounded_rectangle(
                canvas.box(x - grow * 0.6, top + grow * 1.6, x + grow * 2.6, top + grow * 4.2),
                radius=round(grow * 0.8 * SCALE),
                fill=tone,
            )
            canvas.ellipse(x, top, x + grow * 2, top + grow * 2, hair)


def hall(canvas: Canvas, stage_top: float, *, light_x: float = WIDTH / 2) -> None:
    """A hall's back wall: a lattice screen, lit from the middle, above the stage's edge and the floor."""
    artwork.sky(canvas, (mix(PAPER_SUNK, LINE, 0.6), PAPER_ALT), lattice=0.0)
    canvas.image.paste(PAPER_SUNK, (0, round(stage_top * SCALE), WIDTH * SCALE, HEIGHT * SCALE))
    artwork.sun(canvas, light_x, stage_top - 60, 70, color=mix(PAPER_ALT, PAPER, 0.6), halo=PAPER)
    canvas.image.paste(SHADE, (0, 0), _screen(stage_top))
    canvas.rect(0, stage_top, WIDTH, stage_top + 26, WOOD)  # the stage's edge
    canvas.rect(0, stage_top + 26, WIDTH, HEIGHT, mix(INK_MUTED, INK, 0.3))  # the floor of the hall


@functools.cache
def _screen(stage_top: float) -> Image.Image:
    """A carved screen: verticals with a diamond in each bay, as a faint mask down to the stage."""
    lattice = Image.new("L", (WIDTH * SCALE, HEIGHT * SCALE), 0)
    draw = ImageDraw.Draw(lattice)
    step, bottom = 36 * SCALE, round(stage_top * SCALE)
    for x in range(0, WIDTH * SCALE, step):
        draw.line([(x, 0), (x, bottom)], fill=40, width=2 * SCALE)
        for y in range(0, bottom, step):
            half = step // 2
            diamond = [(x + half, y + 4), (x + step - 4, y + half), (x + half, y + step - 4), (x + 4, y + half)]
            draw.polygon(diamond, outline=40, width=SCALE)
    return lattice


def banner(canvas: Canvas, left: float, top: float, right: float, bottom: float) -> None:
    canvas.rect(left, top, right, bottom, RED)
    canvas.rect(left, bottom - 6, right, bottom, RED_STRONG)
    middle = (top + bottom) / 2
    x = left + 28
    while x + 24 < right - 20:
        canvas.rect(x, middle - 7, x + 24, middle + 7, BANNER_MARKS)
        x += 36


def draw_forum_hall() -> Image.Image:
    """A forum hall seen from the audience: a red banner over the stage, a lectern and a panel table."""
    rng = random.Random("forum-hall")
    canvas = Canvas()
    hall(canvas, 300, light_x=400)
    banner(canvas, 80, 40, 640, 110)
    for index, x in enumerate(range(344, 600, 70)):  # the panel, seated behind its table
        person(canvas, x, 200 + (index % 2) * 3, 0.95, rng)
    canvas.rect(300, 190, 600, 205, WOOD_DARK)
    canvas.rect(310, 205, 590, 290, RED)
    canvas.rect(310, 205, 590, 214, RED_STRONG)
    person(canvas, 180, 215, 1.0, rng)  # the speaker at the lectern
    canvas.polygon([(150, 300), (210, 300), (200, 200), (160, 200)], WOOD)  # the lectern
    canvas.polygon([(190, 300), (210, 300), (200, 200), (190, 200)], WOOD_DARK)
    audience(canvas, (352, 402))
    artwork.seal(canvas, y=HEIGHT - 42)
    return canvas.finish()


def draw_panel() -> Image.Image:
    """Three speakers at a table on a stage under a red banner, the audience seen from behind."""
    rng = random.Random("panel")
    canvas = Canvas()
    hall(canvas, 262)
    banner(canvas, 120, 40, 600, 110)
    for x in (250, 360, 470):
        person(canvas, x, 254, 1.1, rng)
    canvas.rect(180, 240, 540, 300, LIT)  # the table with its white cloth
    canvas.rect(180, 240, 540, 248, FACE)
    for x in (250, 360, 470):
        canvas.rect(x - 2, 214, x + 2, 240, INK)  # microphones
        canvas.ellipse(x - 5, 208, x + 5, 218, INK)
    audience(canvas, (360, 410), size=24)
    artwork.seal(canvas, y=HEIGHT - 42)
    return canvas.finish()


def draw_exhibition_visit() -> Image.Image:
    """Visitors in front of two framed pictures: the city wall and the town hall of the exhibition's cover."""
    rng = random.Random("exhibition")
    canvas = Canvas()
    artwork.sky(canvas, (PAPER_ALT, mix(PAPER_SUNK, LINE, 0.4)), lattice=0.0)
    canvas.image.paste(mix(LINE, LINE_STRONG, 0.3), (0, 360 * SCALE, WIDTH * SCALE, HEIGHT * SCALE))  # the floor
    canvas.rect(0, 356, WIDTH, 362, SHADE)  # the skirting
    for left, picture in ((70, images.draw_city_wall()), (410, images.draw_town_hall())):
        canvas.rect(left - 10, 60, left + 250, 230, WOOD_DARK)  # the frame
        canvas.rect(left - 4, 66, left + 244, 224, PAPER)  # the mount
        framed = picture.resize((232 * SCALE, 150 * SCALE), Image.Resampling.BILINEAR)
        canvas.image.paste(framed, (round((left + 2) * SCALE), round(70 * SCALE)))
        canvas.rect(left + 40, 20, left + 200, 24, mix(PAPER, RED_TINT, 0.5))  # the picture light's glow
        canvas.rect(left + 100, 40, left + 140, 46, STONE_DARK)  # the picture light
    for x, scale in ((150, 1.6), (300, 1.8), (520, 1.7), (640, 1.5)):
        person(canvas, x, HEIGHT, scale, rng)
    artwork.seal(canvas, x=WIDTH - 42, y=HEIGHT - 42)
    return canvas.finish()


def draw_group() -> Image.Image:
    """The group picture: people in two rows in front of a building with tall windows."""
    rng = random.Random("group")
    canvas = artwork.landscape(artwork.DAY, sun_at=None)
    canvas.rect(40, 60, 680, 360, FACE)  # the hall's front
    canvas.rect(40, 60, 680, 74, SHADE)
    for x in range(80, 660, 80):
        canvas.rect(x, 100, x + 40, 300, mix(OPENING, SHADE, 0.35))  # tall windows, the sky in their upper panes
        canvas.rect(x + 4, 104, x + 36, 180, mix(SHADE, LIT, 0.3))
        canvas.rect(x + 18, 100, x + 22, 300, FACE)
    canvas.rect(0, 360, WIDTH, HEIGHT, mix(LINE, LINE_STRONG, 0.35))  # the square
    for x in range(90, 660, 60):
        person(canvas, x, 400, 1.0, rng)
    for x in range(60, 700, 60):
        person(canvas, x, 470, 1.15, rng)
    artwork.seal(canvas, x=WIDTH - 42, y=HEIGHT - 42)
    return canvas.finish()


DRAWINGS = {
    "forum-hall": draw_forum_hall,
    "panel": draw_panel,
    "exhibition": draw_exhibition_visit,
    "group": draw_group,
}
