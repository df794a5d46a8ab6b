"""Tickets and name badges as PDF, drawn with fpdf2 in the active language.

`ticket_pdf` makes one A4 page per ticket (a delegation's tickets are one file), `badges_pdf` eight name badges of
90 × 55 mm to an A4 page with cut marks. Names are shown exactly as typed and in Latin letters (events/names.py),
times in the venue's zone with the zone's name (events/templatetags/event_tags.py).

Letters come from Debian's fonts-noto-cjk: Noto Sans CJK SC has Chinese, Latin letters with umlauts and ß, Greek
and Cyrillic in one face, so a line mixing 张伟 and Jürgen Groß needs no font switch. fpdf2 reads the face out of
the .ttc collection (`collection_font_number`) with its CFF outlines and embeds only the glyphs a file uses (a
ticket is some 30 kB). DejaVu Sans, when installed, draws what Noto lacks (Armenian, Georgian …). Without the
Noto font `TicketFontMissing` is raised, naming the package, rather than a PDF of empty boxes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.template import Context
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from fpdf import FPDF

from events.models import Registration, format_ticket_code
from events.names import has_han, person_name, propose_romanization
from events.templatetags.event_tags import event_when, venue_place
from events.timezones import zone_long_name, zone_title
from nanjingweek.typography import labelled

FONT_PACKAGE = "fonts-noto-cjk"
# Face files by style, best first: Debian's collections, then the single-face files other systems ship.
FONT_FILES = {
    "": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf"),
    "B": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf"),
}
# In a collection: Simplified Chinese letter forms (骨 and 直 differ from the Japanese and Traditional faces).
FACE_NAME = "Noto Sans CJK SC"
FALLBACK_FILES = ("DejaVuSans.ttf",)
FAMILY = "ticket"
FALLBACK_FAMILY = "ticket-fallback"

ACCENT = (140, 28, 19)  # the site's Ming wall red, --accent in static/css/site.css
INK = (28, 27, 26)
MUTED = (77, 74, 71)
LINE = (217, 210, 203)
PAPER_ALT = (246, 242, 238)
WHITE = (255, 255, 255)


# fontTools reports every table it subsets at INFO: a dozen lines a PDF that say nothing to an operator.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class TicketFontMissing(ImproperlyConfigured):
    """No font that has Chinese and German letters: tickets are not made rather than drawn as boxes."""


@dataclass(frozen=True)
class FontFace:
    path: str
    index: int = 0  # the face in a .ttc collection


def _find_file(names: Sequence[str], folders: Sequence[str]) -> str | None:
    """The first of `names` found anywhere under `folders` (fontconfig's font folders), in the order of `names`."""
    found: dict[str, str] = {}
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name in names:
                    found.setdefault(name, os.path.join(root, name))
    return next((found[name] for name in names if name in found), None)


def _face_index(path: str) -> int:
    """The index of FACE_NAME in a collection (0 in a single-face file); fontTools reads only the names."""
    if not path.lower().endswith((".ttc", ".otc")):
        return 0
    from fontTools.ttLib import TTCollection

    with TTCollection(path, lazy=True) as collection:
        for index, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == FACE_NAME:
                return index
    raise TicketFontMissing(f"{path} has no face named {FACE_NAME!r}; install the Debian package {FONT_PACKAGE}.")


@lru_cache(maxsize=4)
def _fonts(folders: tuple[str, ...]) -> tuple[dict[str, FontFace], FontFace | None]:
    faces = {}
    for style, names in FONT_FILES.items():
        path = _find_file(names, folders)
        if path is not None:
            faces[style] = FontFace(path, _face_index(path))
    if "" not in faces:
        raise TicketFontMissing(
            f"No font for PDF tickets: none of {', '.join(FONT_FILES[''])} under {', '.join(folders) or '(nothing)'}."
            f" Install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}), or set TICKET_FONT_DIRS"
            " to the folders that hold Noto Sans CJK."
        )
    faces.setdefault("B", faces[""])
    fallback = _find_file(FALLBACK_FILES, folders)
    return faces, FontFace(fallback) if fallback else None


def ticket_fonts() -> tuple[dict[str, FontFace], FontFace | None]:
    """The faces by style ("" and "B") and the fallback face, found under settings.TICKET_FONT_DIRS.

    Raises TicketFontMissing when Noto Sans CJK is not there.
    """
    return _fonts(tuple(settings.TICKET_FONT_DIRS))


# --- Drawing -----------------------------------------------------------------------------------------------


class TicketDocument(FPDF):
    """An A4 document with the ticket fonts loaded, drawing in millimetres."""

    def __init__(self, *, title: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        faces, fallback = ticket_fonts()
        for style, face in faces.items():
            self.add_font(FAMILY, style, face.path, collection_font_number=face.index)
        if fallback is not None:
            self.add_font(FALLBACK_FAMILY, "", fallback.path)
            self.set_fallback_fonts([FALLBACK_FAMILY], exact_match=False)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.set_title(title)
        self.set_author(_("The Nanjing Week Organizing Committee"))
        self.set_creator("Nanjing Week")
        self.set_lang(get_language() or "en")

    def text_at(self, x, y, width, text, *, size, style="", color=INK, align="L", shrink=False, min_size=8.0):
        """One line of text whose top is at `y`; with `shrink`, made smaller until it fits `width`. Returns the
        height used."""
        self.set_font(FAMILY, style, size)
        if shrink:
            while size > min_size and self.get_string_width(text) > width:
                size = max(min_size, size * 0.92)
                self.set_font(FAMILY, style, size)
        height = size * 0.3528 * 1.3  # points to millimetres, with the line's leading
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.cell(width, height, text, align=align)
        return height

    def lines_at(self, x, y, width, text, *, size, style="", color=INK, align="L", max_lines=None):
        """Text wrapped to `width` from `y` (at most `max_lines`, the last one cut with …). Returns the height used."""
        self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        height = size * 0.3528 * 1.3
        lines = self.multi_cell(width, height, text, align=align, dry_run=True, output="LINES")
        if max_lines and len(lines) > max_lines:
            lines = lines[:max_lines]
            while lines[-1] and self.get_string_width(lines[-1] + "…") > width:
                lines[-1] = lines[-1][:-1]
            lines[-1] = lines[-1].rstrip() + "…"
        for number, line in enumerate(lines):
            self.set_xy(x, y + number * height)
            self.cell(width, height, line, align=align)
        return height * len(lines)

    def qr_code(self, code: str, x, y, size):
        """The ticket code as a QR code of `size` mm with its quiet zone inside, drawn as vector rectangles (crisp
        at any zoom, a few kB). The same symbol as on the attendee's page (views_registration.ticket_qr_svg)."""
        qr = segno.make_qr(code, error="m")
        rows = list(qr.matrix_iter(border=4))
        module = size / len(rows)
        self.set_fill_color(*WHITE)
        self.rect(x, y, size, size, style="F")
        self.set_fill_color(0, 0, 0)
        for row_number, row in enumerate(rows):
            column = 0
            while column < len(row):
                if not row[column]:
                    column += 1
                    continue
                run = column
                while run < len(row) and row[run]:
                    run += 1
                # A hair wider than the run, so that viewers leave no seams between neighbouring rows.
                self.rect(
                    x + column * module, y + row_number * module, (run - column) * module, module + 0.01, style="F"
                )
                column = run


@dataclass(frozen=True)
class TicketText:
    """What a ticket or badge says about its holder and event, composed in the active language."""

    name: str
    second_name: str
    organization: str
    title: str
    when: str
    zone: str
    place: str
    address: tuple[str, ...]
    code: str


def ticket_text(registration: Registration) -> TicketText:
    event = registration.event
    venue = event.venue
    language = get_language() or "en"
    romanized = registration.name_romanized or propose_romanization(registration.name)
    name = person_name(registration.name, romanized, language=language)
    context = Context(autoescape=False)
    zone = ""
    if event.is_dated:
        start = event.local_start
        # The full name and offset below the time, unless the time already ends with the full name (Chinese).
        zone = "" if zone_long_name(start) in event_when(context, event) else zone_title(start)
    city = venue.city.name
    address = tuple(line.strip() for line in venue.address.splitlines() if line.strip())
    if city and not any(city.casefold() in line.casefold() for line in (venue.name, *address)):
        address += (city,)
    return TicketText(
        name=name.first,
        second_name=name.second,
        organization=registration.organization.strip(),
        title=event.title,
        when=str(event_when(context, event)),
        zone=zone,
        place=str(venue_place(context, venue, link=False, plain=True)),
        address=address,
        code=format_ticket_code(registration.ticket_code),
    )


def _ticket_page(pdf: TicketDocument, registration: Registration) -> None:
    text = ticket_text(registration)
    pdf.add_page()
    page_width = pdf.w
    margin = 16
    width = page_width - 2 * margin

    # The band: who issues the ticket, and that it is one.
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, page_width, 30, style="F")
    pdf.text_at(margin, 9, width * 0.6, _("China Nanjing Week"), size=18, style="B", color=WHITE)
    heading = pgettext("PDF ticket", "Ticket")
    pdf.text_at(margin + width * 0.5, 9.5, width * 0.5, heading, size=16, color=WHITE, align="R")

    y = 42
    y += pdf.lines_at(margin, y, width, text.title, size=24, style="B", max_lines=3) + 4
    y += pdf.lines_at(margin, y, width, text.when, size=15, style="B", color=ACCENT) + 0.5
    if text.zone:
        y += pdf.text_at(margin, y, width, text.zone, size=10.5, color=MUTED)
    y += 4
    y += pdf.lines_at(margin, y, width, text.place, size=13, style="B", max_lines=2)
    for line in text.address:
        y += pdf.text_at(margin, y, width, line, size=11.5, color=MUTED, shrink=True)

    # A perforation between the event and the holder, as on a paper ticket.
    y += 9
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.4)
    pdf.set_dash_pattern(dash=2, gap=1.5)
    pdf.line(margin, y, page_width - margin, y)
    pdf.set_dash_pattern()
    y += 9

    label = pgettext("PDF ticket", "Attendee")
    pdf.text_at(margin, y, width, label.upper() if language_has_case() else label, size=9, color=MUTED)
    y += 6
    y += pdf.text_at(margin, y, width, text.name, size=26, style="B", shrink=True, min_size=12) + 0.5
    if text.second_name:
        y += pdf.text_at(margin, y, width, text.second_name, size=18 if has_han(text.second_name) else 15, shrink=True)
    if text.organization:
        y += 1 + pdf.lines_at(margin, y + 1, width, text.organization, size=13, color=MUTED, max_lines=2)

    # The code at the door: big, centred, with its text below for typing when the camera fails.
    qr_size = 82
    qr_y = max(y + 10, 168)
    pdf.set_fill_color(*PAPER_ALT)
    pdf.rect(margin, qr_y - 6, width, qr_size + 30, style="F")
    pdf.qr_code(registration.ticket_code, (page_width - qr_size) / 2, qr_y, qr_size)
    code_y = qr_y + qr_size + 1
    pdf.text_at(margin, code_y, width, _("Ticket code"), size=9, color=MUTED, align="C")
    pdf.text_at(margin, code_y + 4.5, width, text.code, size=20, style="B", align="C")

    pdf.lines_at(
        margin,
        281,
        width,
        _("Show this QR code or the ticket code at the entrance. The ticket is personal."),
        size=9.5,
        color=MUTED,
        align="C",
    )


def language_has_case() -> bool:
    """Whether small labels may be written in capitals: not in Chinese, which has none."""
    return not (get_language() or "en").startswith("zh")


def ticket_pdf(registrations: Iterable[Registration]) -> bytes:
    """One A4 page per ticket, in the active language. Load registrations with ``select_related("event__venue__city")``.

    Raises TicketFontMissing without the fonts.
    """
    registrations = list(registrations)
    title = pgettext("PDF ticket", "Ticket")
    if len(registrations) == 1:
        title = labelled(title, registrations[0].event.title)
    pdf = TicketDocument(title=title)
    for registration in registrations:
        _ticket_page(pdf, registration)
    return bytes(pdf.output())


# --- Name badges -------------------------------------------------------------------------------------------

BADGE_WIDTH, BADGE_HEIGHT = 90, 55
BADGE_COLUMNS, BADGE_ROWS = 2, 4
CUT_MARK = 4  # mm of each cut mark, outside the badges


def _badge(pdf: TicketDocument, registration: Registration, x, y) -> None:
    text = ticket_text(registration)
    inner = 5
    pdf.set_draw_color(*LINE)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, BADGE_WIDTH, BADGE_HEIGHT)
    pdf.set_fill_color(*ACCENT)
    pdf.rect(x, y, BADGE_WIDTH, 9, style="F")
    pdf.lines_at(x + inner, y + 2, BADGE_WIDTH - 2 * inner, text.title, size=8.5, style="B", color=WHITE, max_lines=1)

    qr_size = 18
    width = BADGE_WIDTH - 2 * inner
    name_y = y + 14
    name_y += pdf.text_at(x + inner, name_y, width, text.name, size=22, style="B", shrink=True, min_size=10)
    if text.second_name:
        # Characters are read at a glance only when large; a Latin transcription may be smaller.
        size = 18 if has_han(text.second_name) else 13
        name_y += pdf.text_at(x + inner, name_y, width, text.second_name, size=size, shrink=True, min_size=8)
    if text.organization:
        pdf.lines_at(x + inner, name_y + 2, width - qr_size - 2, text.organization, size=10, color=MUTED, max_lines=2)
    qr_x, qr_y = x + BADGE_WIDTH - inner - qr_size + 1.5, y + BADGE_HEIGHT - qr_size - 1.5
    pdf.qr_code(registration.ticket_code, qr_x, qr_y, qr_size)
    pdf.text_at(x + inner, y + BADGE_HEIGHT - 7, width - qr_size, _("China Nanjing Week"), size=7, color=ACCENT)


def _cut_marks(pdf: TicketDocument, left, top) -> None:
    """Short lines outside the grid where each cut goes; the badges' borders show it inside."""
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    right, bottom = left + BADGE_COLUMNS * BADGE_WIDTH, top + BADGE_ROWS * BADGE_HEIGHT
    for column in range(BADGE_COLUMNS + 1):
        x = left + column * BADGE_WIDTH
        pdf.line(x, top - 1 - CUT_MARK, x, top - 1)
        pdf.line(x, bottom + 1, x, bottom + 1 + CUT_MARK)
    for row in range(BADGE_ROWS + 1):
        y = top + row * BADGE_HEIGHT
        pdf.line(left - 1 - CUT_MARK, y, left - 1, y)
        pdf.line(right + 1, y, right + 1 + CUT_MARK, y)


def badges_pdf(registrations: Iterable[Registration]) -> bytes:
    """Name badges, eight to an A4 page, in the order given, in the active language (which script comes first).

    Load registrations with ``select_related("event__venue__city")``. Raises TicketFontMissing without the fonts.
    """
    registrations = list(registrations)
    pdf = TicketDocument(title=_("Name badges"))
    per_page = BADGE_COLUMNS * BADGE_ROWS
    left = (pdf.w - BADGE_COLUMNS * BADGE_WIDTH) / 2
    top = (pdf.h - BADGE_ROWS * BADGE_HEIGHT) / 2
    for number, registration in enumerate(registrations):
        place = number % per_page
        if place == 0:
            pdf.add_page()
            _cut_marks(pdf, left, top)
        row, column = divmod(place, BADGE_COLUMNS)
        _badge(pdf, registration, left + column * BADGE_WIDTH, top + row * BADGE_HEIGHT)
    if not registrations:
        pdf.add_page()
    return bytes(pdf.output())
