"""The house style of the demo's illustrations: one palette, one way of building a scene, one signature.

Every landscape is made of the same layers, back to front: a sky in the committee's paper and red tints with a
faint window lattice, a red sun with a halo, a pale far skyline or range of hills, the landmark (lit faces light,
shaded faces darker, roofs in the committee's red), and a jade river with a wave motif in which the landmark is
mirrored. A small red seal with a fret pattern in the corner signs each picture as the committee's. The cities of
the Week all lie on a river (Yangtze, Weiße Elster, Isar, Neckar, Altmühl), so the water band is true everywhere.

No text is drawn: a picture's words could not be translated, and the page already shows the translated title and
alt text next to it.

Drawn at twice the size and reduced, since Pillow does not smooth the edges of the shapes it fills.
"""

from __future__ import annotations

import contextlib
import functools
import random
from collections.abc import Iterable, Iterator, Sequence

from PIL import Image, ImageDraw

Color = tuple[int, int, int]
Point = tuple[float, float]

WIDTH, HEIGHT = 720, 480
HORIZON = 400  # y of the waterline in every landscape
SCALE = 2  # drawn at twice the size, then reduced: smooth edges


def hex_color(value: str) -> Color:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def mix(a: Color, b: Color, t: float) -> Color:
    """``a`` moved ``t`` of the way towards ``b``: tints and shades that stay within the palette's hues."""
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


# The design tokens of static/css/site.css (light scheme): the committee's red, its neutrals and the jade accent.
RED = hex_color("#8c1c13")
RED_STRONG = hex_color("#5e120c")
RED_TINT = hex_color("#fbf1ef")
JADE = hex_color("#0e5c56")
JADE_TINT = hex_color("#e9f4f2")
INK = hex_color("#1c1b1a")
INK_MUTED = hex_color("#55514d")
PAPER = hex_color("#ffffff")
PAPER_ALT = hex_color("#f7f3ef")
PAPER_SUNK = hex_color("#efe8e1")
LINE = hex_color("#ddd5cd")
LINE_STRONG = hex_color("#767676")

PALETTE = (RED, RED_STRONG, RED_TINT, JADE, JADE_TINT, INK, INK_MUTED, PAPER, PAPER_ALT, PAPER_SUNK, LINE, LINE_STRONG)

# The tones a building is painted in, light to dark, all mixed from the neutrals.
LIT = PAPER_ALT
FACE = mix(PAPER_SUNK, LINE, 0.5)
SHADE = mix(LINE, LINE_STRONG, 0.45)
STONE = mix(LINE_STRONG, INK_MUTED, 0.3)
STONE_DARK = mix(INK_MUTED, INK, 0.25)
OPENING = mix(INK, INK_MUTED, 0.35)  # windows and doorways
ROOF = RED
ROOF_DARK = RED_STRONG
LAMPLIGHT = mix(RED_TINT, RED, 0.18)  # lit windows at dusk: warm, and darker than the sky near the horizon

# Skies: (top, bottom). Day is paper; evening is warmed with the red tint; dusk runs from ink into the red.
DAY = (PAPER_SUNK, mix(PAPER_ALT, PAPER, 0.6))
EVENING = (mix(RED_TINT, RED, 0.22), mix(RED_TINT, PAPER, 0.5))
DUSK = (mix(INK, RED_STRONG, 0.6), mix(RED, RED_TINT, 0.62))


class Canvas:
    """A picture being drawn, in the 720 × 480 coordinates of the finished picture.

    `placed()` draws a landmark moved and scaled (the exhibition cover puts two side by side).
    """

    def __init__(self, background: Color = PAPER_ALT) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), background)
        self.draw = ImageDraw.Draw(self.image)
        self.offset: Point = (0.0, 0.0)
        self.zoom = 1.0

    @contextlib.contextmanager
    def placed(self, x: float, y: float, zoom: float) -> Iterator[None]:
        """Draw at ``zoom``, with the drawing's origin at (x, y) — its bottom edge stays on y + zoom × HORIZON."""
        before = self.offset, self.zoom
        self.offset, self.zoom = (x, y), zoom
        try:
            yield
        finally:
            self.offset, self.zoom = before

    def point(self, x: float, y: float) -> Point:
        return (
            (self.offset[0] + x * self.zoom) * SCALE,
            (self.offset[1] + y * self.zoom) * SCALE,
        )

    def box(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
        (x0, y0), (x1, y1) = self.point(left, top), self.point(right, bottom)
        return x0, y0, x1, y1

    def width(self, value: float) -> int:
        return max(1, round(value * self.zoom * SCALE))

    def polygon(self, points: Iterable[Point], fill: Color) -> None:
        self.draw.polygon([self.point(x, y) for x, y in points], fill=fill)

    def rect(self, left: float, top: float, right: float, bottom: float, fill: Color) -> None:
        self.draw.rectangle(self.box(left, top, right, bottom), fill=fill)

    def ellipse(self, left: float, top: float, right: float, bottom: float, fill: Color) -> None:
        self.draw.ellipse(self.box(left, top, right, bottom), fill=fill)

    def line(self, points: Sequence[Point], fill: Color, width: float = 1) -> None:
        self.draw.line([self.point(x, y) for x, y in points], fill=fill, width=self.width(width))

    def arch(self, centre_x: float, bottom: float, width: float, height: float, fill: Color) -> None:
        """A round-headed opening: a rectangle under a half circle."""
        half = width / 2
        self.rect(centre_x - half, bottom - height + half, centre_x + half, bottom, fill)
        self.draw.pieslice(
            self.box(centre_x - half, bottom - height, centre_x + half, bottom - height + width), 180, 360, fill=fill
        )

    def windows(
        self, left: float, top: float, right: float, bottom: float, columns: int, rows: int, fill: Color = OPENING
    ) -> None:
        cell_w, cell_h = (right - left) / columns, (bottom - top) / rows
        for column in range(columns):
            for row in range(rows):
                x, y = left + column * cell_w, top + row * cell_h
                self.rect(x + cell_w * 0.3, y + cell_h * 0.2, x + cell_w * 0.7, y + cell_h * 0.8, fill)

    def battlements(self, left: float, right: float, top: float, fill: Color, merlon: float = 18) -> None:
        x = left
        while x < right:
            self.rect(x, top - merlon * 0.8, min(x + merlon, right), top + 1, fill)
            x += merlon * 2

    def courses(self, left: float, top: float, right: float, bottom: float, fill: Color, course: float = 12) -> None:
        """Brick courses: a bond of horizontal joints and staggered vertical ones."""
        for index in range(int((bottom - top) // course)):
            y = top + (index + 1) * course
            self.line([(left, y), (right, y)], fill)
            x = left + (0 if index % 2 else course)
            while x < right:
                self.line([(x, y - course), (x, y)], fill)
                x += course * 2

    def finish(self) -> Image.Image:
        return self.image.reduce(SCALE)


# --- The layers every landscape shares ---------------------------------------------------------------------


def sky(canvas: Canvas, colors: tuple[Color, Color], lattice: float = 0.1) -> None:
    """A vertical gradient down to the horizon, with a window lattice that fades out towards it."""
    canvas.image.paste(_gradient(*colors), (0, 0))
    if lattice:
        canvas.image.paste(PAPER, (0, 0, WIDTH * SCALE, HORIZON * SCALE), _lattice_mask(lattice))


# The layers below are the same in many pictures: each is made once per process, then pasted.


@functools.cache
def _gradient(top: Color, bottom: Color) -> Image.Image:
    size = (WIDTH * SCALE, HORIZON * SCALE)
    ramp = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), ramp)


@functools.cache
def _lattice_mask(strength: float, cell: int = 40) -> Image.Image:
    """The square-and-diamond lattice of a Nanjing garden window, strongest at the top of the sky."""
    width, height = WIDTH * SCALE, HORIZON * SCALE
    mask = Image.new("L", (width, height), 0)
    draw = ImageDraw.Draw(mask)
    step, inset = cell * SCALE, 6 * SCALE
    for x in range(0, width + step, step):
        draw.line([(x, 0), (x, height)], fill=255, width=SCALE)
    for y in range(0, height + step, step):
        draw.line([(0, y), (width, y)], fill=255, width=SCALE)
    half = step // 2
    for x in range(0, width + step, step):  # a diamond in every cell
        for y in range(0, height + step, step):
            diamond = [
                (x + half, y + inset),
                (x + step - inset, y + half),
                (x + half, y + step - inset),
                (x + inset, y + half),
            ]
            draw.polygon(diamond, outline=255, width=SCALE)
    fade = Image.linear_gradient("L").resize((width, height)).point(lambda v: round((255 - v) * strength))
    return Image.composite(fade, Image.new("L", (width, height), 0), mask)


def sun(canvas: Canvas, x: float, y: float, radius: float, color: Color = RED, halo: Color | None = None) -> None:
    """The red sun of the committee's posters, in three soft rings of halo."""
    halo = halo or mix(color, PAPER, 0.85)
    outer = radius * 2.2
    left, top, right, bottom = (round(v) for v in canvas.box(x - outer, y - outer, x + outer, y + outer))
    layer = Image.new("L", (right - left, bottom - top), 0)
    draw = ImageDraw.Draw(layer)
    for ring, t in ((2.2, 0.0), (1.7, 0.35), (1.3, 0.65)):
        r = radius * ring / outer * (right - left) / 2
        centre = (right - left) / 2
        layer.paste(0, (0, 0, *layer.size))
        draw.ellipse((centre - r, centre - r, centre + r, centre + r), fill=56)
        canvas.image.paste(mix(halo, mix(color, PAPER, 0.6), t), (left, top), layer)
    canvas.ellipse(x - radius, y - radius, x + radius, y + radius, color)


def far_range(
    canvas: Canvas, seed: str, color: Color, base: float = HORIZON, height: float = 60, roughness: float = 0.5
) -> None:
    """Low hills on the horizon (Purple Mountain, the Swabian hills), as a smooth random outline."""
    rng = random.Random(seed)
    points: list[Point] = [(0, base)]
    heights = [rng.uniform(1 - roughness, 1) * height for _ in range(9)]
    for index in range(0, WIDTH + 1, 6):
        position = index / WIDTH * (len(heights) - 1)
        low = int(position)
        high = min(low + 1, len(heights) - 1)
        t = position - low
        t = t * t * (3 - 2 * t)  # smoothstep between control points: rounded hills, no kinks
        points.append((index, base - (heights[low] + (heights[high] - heights[low]) * t)))
    points.append((WIDTH, base))
    canvas.polygon(points, color)


def far_roofs(
    canvas: Canvas, seed: str, color: Color, base: float = HORIZON, low: float = 24, high: float = 70
) -> None:
    """A far town: blocks, pitched roofs and the odd tower, in one pale tone."""
    rng = random.Random(seed)
    x = -10.0
    while x < WIDTH:
        width = rng.uniform(26, 70)
        top = base - rng.uniform(low, high)
        canvas.rect(x, top, x + width, base, color)
        if rng.random() < 0.5:
            canvas.polygon([(x, top), (x + width / 2, top - width * 0.35), (x + width, top)], color)
        elif rng.random() < 0.25:
            canvas.rect(x + width * 0.4, top - 40, x + width * 0.6, top, color)
            canvas.polygon(
                [(x + width * 0.36, top - 40), (x + width * 0.5, top - 62), (x + width * 0.64, top - 40)], color
            )
        x += width - rng.uniform(0, 8)


def ground(canvas: Canvas, color: Color, top: float = HORIZON - 14) -> None:
    """The bank the landmark stands on, just above the water."""
    canvas.rect(0, top, WIDTH, HORIZON, color)


def river(canvas: Canvas, color: Color = JADE, reflection: float = 0.22) -> None:
    """The water band under the horizon: rows of waves, with the scene above mirrored into them.

    The wave motif is the scale-like one of Chinese brocade and porcelain (and of Nanjing's Yunjin brocade):
    rows of concentric half circles, each row laid over the one behind it.
    """
    size = canvas.image.size
    top = HORIZON * SCALE
    waves = _waves(color, size[1] - top)
    mirrored = canvas.image.crop((0, top - waves.height, size[0], top)).transpose(Image.Transpose.FLIP_TOP_BOTTOM)
    # Blurred by shrinking and enlarging again: ripples smudge a reflection, and it costs little.
    mirrored = mirrored.resize((size[0] // 16, waves.height // 4)).resize(mirrored.size, Image.Resampling.BILINEAR)
    canvas.image.paste(Image.blend(waves, mirrored, reflection), (0, top))
    canvas.draw.line([(0, top), (size[0], top)], fill=mix(color, JADE_TINT, 0.55), width=SCALE)


@functools.cache
def _waves(color: Color, depth: int) -> Image.Image:
    width = WIDTH * SCALE
    water = Image.new("RGB", (width, depth), color)
    draw = ImageDraw.Draw(water)
    # Large, soft-edged scales: legible at the 320-pixel rendition, and fine lines are what WebP pays most for.
    radius = 20 * SCALE
    crest = mix(color, JADE_TINT, 0.25)
    for row in range(-1, depth // (radius // 2) + 2):
        y = row * radius // 2 + radius
        shift = radius if row % 2 else 0
        for x in range(-radius + shift, width + radius, radius * 2):
            draw.pieslice((x - radius, y - radius, x + radius, y + radius), 180, 360, fill=color)
            for t in (1.0, 0.66, 0.33):
                r = radius * t
                draw.arc((x - r, y - r, x + r, y + r), 180, 360, fill=crest, width=SCALE)
    return water


def seal(canvas: Canvas, x: float = WIDTH - 42, y: float = HORIZON + 18, size: float = 26) -> None:
    """The committee's seal in the corner: a red square with a white fret (回) spiral, the same on every picture."""
    canvas.rect(x, y, x + size, y + size, RED)
    inset = size * 0.18
    step = (size - 2 * inset) / 4
    left, top, right, bottom = x + inset, y + inset, x + size - inset, y + size - inset
    spiral = [
        (left, bottom),
        (left, top),
        (right, top),
        (right, bottom - step),
        (left + step, bottom - step),
        (left + step, top + step),
        (right - step, top + step),
        (right - step, bottom - 2 * step),
        (left + 2 * step, bottom - 2 * step),
    ]
    canvas.line(spiral, PAPER, width=size * 0.07)


def landscape(
    sky_colors: tuple[Color, Color], *, sun_at: tuple[float, float, float] | None, lattice: float = 0.1
) -> Canvas:
    """The back layers of a landscape: the sky and, if given as (x, y, radius), the sun."""
    canvas = Canvas()
    sky(canvas, sky_colors, lattice)
    if sun_at:
        sun(canvas, *sun_at)
    return canvas
