"""The printable programme: an edition's published events as an A4 PDF in the active language, by local day.

Each day is a section headed by its weekday and date (in the venue's zone, as on the schedule page); each event a
row with its local time and zone, title, kind (and status when cancelled or postponed), venue and city. Events
announced without a date come last. The first page carries the edition's name, dates and cities; every page a
footer with the schedule's address, the date the programme was printed for and the page number. Drawn with the
site's PDF fonts (events/pdf_document.py: Noto Sans CJK, embedded as a subset), so that one file holds German,
Chinese and English alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.template import Context
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from events.models import Edition, Event
from events.pdf_document import ACCENT, INK, LINE, MUTED, PAPER_ALT, WHITE, PdfDocument, language_has_case
from events.templatetags.event_tags import event_when, venue_place
from events.timezones import zone_label
from events.views import group_by_local_day
from nanjingweek import typography

MARGIN = 16
TIME_COLUMN = 34  # mm for the time and zone, left of the event
BOTTOM = 297 - 20  # the footer begins here


@dataclass(frozen=True)
class ProgrammeRow:
    """What one event's row says, composed in the active language."""

    time: str
    zone: str
    title: str
    kind: str
    status: str
    when: str  # the whole span with dates, for an event that runs over several days or has no date
    place: str


def programme_row(event: Event, context: Context) -> ProgrammeRow:
    time = zone = when = ""
    if event.is_dated:
        start, end = event.local_start, event.local_end
        zone = zone_label(start)
        if end is None:
            time = typography.at_time(typography.clock_time(start))
        elif end.date() == start.date():
            time = typography.time_range(typography.clock_time(start), typography.clock_time(end))
        else:
            time = typography.at_time(typography.clock_time(start))
            when = str(event_when(context, event))
    else:
        when = str(event_when(context, event))
    status = ""
    if event.status == Event.Status.CANCELLED:
        status = pgettext("event", "Cancelled")
    elif event.status == Event.Status.POSTPONED:
        status = pgettext("event", "Postponed")
    return ProgrammeRow(
        time=time,
        zone=zone,
        title=event.title,
        kind=str(event.get_kind_display()),
        status=status,
        when=when,
        place=str(venue_place(context, event.venue, link=False, plain=True)),
    )


def day_heading(day: date) -> str:
    """'Friday, 7 November 2025' — the schedule page's heading of a day (templates/includes/schedule_days.html)."""
    return pgettext("weekday and date of a schedule day", "%(weekday)s, %(date)s") % {
        "weekday": date_format(day, "l"),
        "date": date_format(day, "DATE_FORMAT"),
    }


class ProgrammeDocument(PdfDocument):
    def __init__(self, *, title: str, footer: str):
        super().__init__(title=title)
        self.footer_text = footer
        self.alias_nb_pages()

    def footer(self):
        y = 297 - 14
        self.set_draw_color(*LINE)
        self.set_line_width(0.2)
        self.line(MARGIN, y - 2, self.w - MARGIN, y - 2)
        width = self.w - 2 * MARGIN
        self.text_at(MARGIN, y, width * 0.8, self.footer_text, size=8, color=MUTED, shrink=True, min_size=6)
        page = _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": self.str_alias_nb_pages}
        self.text_at(MARGIN + width * 0.6, y, width * 0.4, page, size=8, color=MUTED, align="R")


def _title_page_head(pdf: ProgrammeDocument, edition: Edition, cities: Sequence[str], selection: str) -> float:
    """The band and the edition's name, dates and cities at the top of the first page; returns where it ends."""
    width = pdf.w - 2 * MARGIN
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 24, style="F")
    pdf.text_at(MARGIN, 8, width * 0.6, _("China Nanjing Week"), size=15, style="B", color=WHITE)
    pdf.text_at(
        MARGIN + width * 0.4, 8.5, width * 0.6, pgettext("printed", "Programme"), size=13, color=WHITE, align="R"
    )
    y = 34
    y += pdf.lines_at(MARGIN, y, width, edition.name, size=22, style="B", max_lines=2) + 1.5
    facts = typography.date_range(edition.start_date, edition.end_date)
    if cities:
        facts = f"{facts} · {typography.joined(cities)}"
    y += pdf.lines_at(MARGIN, y, width, facts, size=11.5, color=ACCENT, style="B", max_lines=2)
    if edition.theme:
        y += 1 + pdf.lines_at(MARGIN, y + 1, width, typography.quoted(edition.theme), size=10.5, color=MUTED)
    y += 2 + pdf.lines_at(
        MARGIN,
        y + 2,
        width,
        _("All times are local times at the venue, with their time zone."),
        size=9,
        color=MUTED,
    )
    if selection:
        y += 1 + pdf.lines_at(MARGIN, y + 1, width, selection, size=9, style="B", color=INK)
    return y + 6


def _heading(pdf: ProgrammeDocument, y: float, text: str) -> float:
    pdf.set_fill_color(*PAPER_ALT)
    pdf.rect(MARGIN, y, pdf.w - 2 * MARGIN, 9, style="F")
    pdf.set_fill_color(*ACCENT)
    pdf.rect(MARGIN, y, 1.2, 9, style="F")
    pdf.text_at(MARGIN + 4, y + 1.6, pdf.w - 2 * MARGIN - 8, text, size=12, style="B")
    return y + 12


class _Row:
    """An event's row, laid out once to know its height before it is drawn."""

    def __init__(self, pdf: ProgrammeDocument, row: ProgrammeRow):
        self.row = row
        self.width = pdf.w - 2 * MARGIN - TIME_COLUMN
        self.title = pdf.wrapped(self.width, row.title, size=11, style="B", max_lines=3)
        self.when = pdf.wrapped(self.width, row.when, size=9) if row.when else []
        self.place = pdf.wrapped(self.width, row.place, size=9.5, max_lines=2)
        # A zone's long name ("Nordamerikanische Ostküsten-Normalzeit") takes two lines of the narrow column.
        self.zone = pdf.wrapped(TIME_COLUMN - 3, row.zone, size=8, max_lines=2) if row.zone else []
        text = (
            len(self.title) * pdf.line_height(11)
            + pdf.line_height(9)
            + len(self.when) * pdf.line_height(9)
            + len(self.place) * pdf.line_height(9.5)
        )
        time = pdf.line_height(11) + len(self.zone) * pdf.line_height(8)
        self.height = max(text, time) + 3.5

    def draw(self, pdf: ProgrammeDocument, y: float) -> float:
        row, x = self.row, MARGIN + TIME_COLUMN
        if row.time:
            pdf.text_at(MARGIN, y, TIME_COLUMN - 3, row.time, size=11, style="B", shrink=True, min_size=7)
            for number, line in enumerate(self.zone):
                zone_y = y + pdf.line_height(11) + number * pdf.line_height(8)
                pdf.text_at(MARGIN, zone_y, TIME_COLUMN - 3, line, size=8, color=MUTED)
        top = y
        for line in self.title:
            y += pdf.text_at(x, y, self.width, line, size=11, style="B")
        kind = row.kind.upper() if language_has_case() else row.kind
        pdf.text_at(x, y, self.width, kind, size=8, color=MUTED)
        if row.status:
            offset = pdf.get_string_width(kind) + 3
            pdf.text_at(x + offset, y, self.width - offset, row.status, size=8, style="B", color=ACCENT)
        y += pdf.line_height(9)
        for line in self.when:
            y += pdf.text_at(x, y, self.width, line, size=9, color=ACCENT)
        for line in self.place:
            y += pdf.text_at(x, y, self.width, line, size=9.5, color=MUTED)
        y = top + self.height
        pdf.set_draw_color(*LINE)
        pdf.set_line_width(0.2)
        pdf.line(x, y - 1.8, pdf.w - MARGIN, y - 1.8)
        return y


def programme_pdf(
    edition: Edition,
    events: Sequence[Event],
    *,
    address: str,
    as_of: datetime,
    selection: str = "",
) -> bytes:
    """The programme of `edition`: `events` (published, loaded `with_places()`) by local day, then the undated
    ones, in the active language. `address` is the schedule page's, printed in every footer; `as_of` the moment
    the programme shows (its content's last change), printed beside it and the file's creation date, so the same
    programme gives the same bytes. `selection` says which events were chosen, when not all of them.

    Raises PdfFontMissing without the fonts.
    """
    context = Context(autoescape=False)
    title = typography.labelled(pgettext("printed", "Programme"), edition.name)
    as_of_text = _("As of %(date)s") % {"date": typography.long_date(as_of)}
    pdf = ProgrammeDocument(title=title, footer=f"{address} · {as_of_text}")
    pdf.set_creation_date(as_of)
    pdf.add_page()
    cities = list(dict.fromkeys(event.venue.city.name for event in events if event.is_dated))
    y = _title_page_head(pdf, edition, cities, selection)

    sections = [(day_heading(day), day_events) for day, day_events in group_by_local_day(events)]
    undated = [event for event in events if not event.is_dated]
    if undated:
        sections.append((_("Dates to be announced"), undated))
    if not sections:
        pdf.lines_at(MARGIN, y, pdf.w - 2 * MARGIN, _("No events have been published for this edition yet."), size=11)
    for heading, section_events in sections:
        rows = [_Row(pdf, programme_row(event, context)) for event in section_events]
        # A heading is never left alone at the foot of a page: it goes with its first event.
        if y + 12 + rows[0].height > BOTTOM:
            pdf.add_page()
            y = 16
        elif y > 50:
            y += 3
        y = _heading(pdf, y, heading)
        for row in rows:
            if y + row.height > BOTTOM:
                pdf.add_page()
                y = _heading(pdf, 16, typography.annotated(heading, _("continued")))
            y = row.draw(pdf, y)
    return bytes(pdf.output())
