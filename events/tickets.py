"""Tickets and name badges as PDF, drawn with fpdf2 in the active language.

`ticket_pdf` makes one A4 page per ticket (a delegation's tickets are one file), `badges_pdf` eight name badges of
90 × 55 mm to an A4 page with cut marks. Names are shown exactly as typed and in Latin letters (events/names.py),
times in the venue's zone with the zone's name (events/templatetags/event_tags.py). The fonts, and what happens
without them (`PdfFontMissing`), are events/pdf_document.py's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import segno
from django.template import Context
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from events.models import Registration, format_ticket_code
from events.names import has_han, person_name, propose_romanization
from events.pdf_document import ACCENT, LINE, MUTED, PAPER_ALT, WHITE, PdfDocument, language_has_case
from events.templatetags.event_tags import event_when, venue_place
from events.timezones import zone_long_name, zone_title
from nanjingweek.typography import labelled


class TicketDocument(PdfDocument):
    """An A4 document with the site's fonts loaded, drawing in millimetres, and QR codes."""

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


def ticket_pdf(registrations: Iterable[Registration]) -> bytes:
    """One A4 page per ticket, in the active language. Load registrations with ``select_related("event__venue__city")``.

    Raises PdfFontMissing without the fonts.
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

    Load registrations with ``select_related("event__venue__city")``. Raises PdfFontMissing without the fonts.
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
