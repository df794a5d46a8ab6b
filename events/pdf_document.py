"""The site's PDF documents (tickets and badges in events/tickets.py, the printable programme in
events/programme_pdf.py): A4 in millimetres, fpdf2, with the fonts found and embedded in one place.

Letters come from Debian's fonts-noto-cjk: Noto Sans CJK SC has Chinese, Latin letters with umlauts and ß, Greek
and Cyrillic in one face, so a line mixing 张伟 and Jürgen Groß needs no font switch. fpdf2 reads the face out of
the .ttc collection (`collection_font_number`) with its CFF outlines and embeds only the glyphs a file uses (a
ticket is some 30 kB). DejaVu Sans, when installed, draws what Noto lacks (Armenian, Georgian …). Without the
Noto font `PdfFontMissing` is raised, naming the package, rather than a PDF of empty boxes.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from fpdf import FPDF

FONT_PACKAGE = "fonts-noto-cjk"
# Face files by style, best first: Debian's collections, then the single-face files other systems ship.
FONT_FILES = {
    "": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular.otf", "NotoSansSC-Regular.otf"),
    "B": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold.otf", "NotoSansSC-Bold.otf"),
}
# In a collection: Simplified Chinese letter forms (骨 and 直 differ from the Japanese and Traditional faces).
FACE_NAME = "Noto Sans CJK SC"
FALLBACK_FILES = ("DejaVuSans.ttf",)
FAMILY = "noto"
FALLBACK_FAMILY = "noto-fallback"

# The site's colours (static/css/site.css).
ACCENT = (140, 28, 19)  # the Ming wall red, --accent
INK = (28, 27, 26)
MUTED = (77, 74, 71)
LINE = (217, 210, 203)
PAPER_ALT = (246, 242, 238)
WHITE = (255, 255, 255)

POINT = 0.3528  # millimetres
LEADING = 1.3

# fontTools reports every table it subsets at INFO: a dozen lines a PDF that say nothing to an operator.
logging.getLogger("fontTools.subset").setLevel(logging.WARNING)


class PdfFontMissing(ImproperlyConfigured):
    """No font that has Chinese and German letters: PDFs are not made rather than drawn as boxes."""


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
    raise PdfFontMissing(f"{path} has no face named {FACE_NAME!r}; install the Debian package {FONT_PACKAGE}.")


@lru_cache(maxsize=4)
def _fonts(folders: tuple[str, ...]) -> tuple[dict[str, FontFace], FontFace | None]:
    faces = {}
    for style, names in FONT_FILES.items():
        path = _find_file(names, folders)
        if path is not None:
            faces[style] = FontFace(path, _face_index(path))
    if "" not in faces:
        raise PdfFontMissing(
            f"No font for PDF files: none of {', '.join(FONT_FILES[''])} under {', '.join(folders) or '(nothing)'}."
            f" Install the Debian package {FONT_PACKAGE} (apt-get install {FONT_PACKAGE}), or set TICKET_FONT_DIRS"
            " to the folders that hold Noto Sans CJK."
        )
    faces.setdefault("B", faces[""])
    fallback = _find_file(FALLBACK_FILES, folders)
    return faces, FontFace(fallback) if fallback else None


def pdf_fonts() -> tuple[dict[str, FontFace], FontFace | None]:
    """The faces by style ("" and "B") and the fallback face, found under settings.TICKET_FONT_DIRS.

    Raises PdfFontMissing when Noto Sans CJK is not there.
    """
    return _fonts(tuple(settings.TICKET_FONT_DIRS))


def language_has_case() -> bool:
    """Whether small labels may be written in capitals: not in Chinese, which has none."""
    return not (get_language() or "en").startswith("zh")


class PdfDocument(FPDF):
    """An A4 document in the active language with the site's fonts loaded (embedded as subsets), drawing in
    millimetres. Raises PdfFontMissing without the fonts."""

    def __init__(self, *, title: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        faces, fallback = pdf_fonts()
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

    @staticmethod
    def line_height(size: float) -> float:
        """The height in millimetres of a line of text of `size` points, with its leading."""
        return size * POINT * LEADING

    def text_at(self, x, y, width, text, *, size, style="", color=INK, align="L", shrink=False, min_size=8.0):
        """One line of text whose top is at `y`; with `shrink`, made smaller until it fits `width`. Returns the
        height used."""
        self.set_font(FAMILY, style, size)
        if shrink:
            while size > min_size and self.get_string_width(text) > width:
                size = max(min_size, size * 0.92)
                self.set_font(FAMILY, style, size)
        height = self.line_height(size)
        self.set_text_color(*color)
        self.set_xy(x, y)
        self.cell(width, height, text, align=align)
        return height

    def wrapped(self, width, text, *, size, style="", max_lines=None) -> list[str]:
        """`text` broken into lines of at most `width` (at most `max_lines`, the last one cut with …)."""
        self.set_font(FAMILY, style, size)
        lines = self.multi_cell(width, self.line_height(size), text, dry_run=True, output="LINES")
        if max_lines and len(lines) > max_lines:
            lines = lines[:max_lines]
            while lines[-1] and self.get_string_width(lines[-1] + "…") > width:
                lines[-1] = lines[-1][:-1]
            lines[-1] = lines[-1].rstrip() + "…"
        return lines

    def lines_at(self, x, y, width, text, *, size, style="", color=INK, align="L", max_lines=None):
        """Text wrapped to `width` from `y` (at most `max_lines`, the last one cut with …). Returns the height used."""
        lines = self.wrapped(width, text, size=size, style=style, max_lines=max_lines)
        self.set_font(FAMILY, style, size)
        self.set_text_color(*color)
        height = self.line_height(size)
        for number, line in enumerate(lines):
            self.set_xy(x, y + number * height)
            self.cell(width, height, line, align=align)
        return height * len(lines)
