"""What a page says about itself to link previews (Open Graph, Twitter cards): the picture to show and the locales.

The tags are written by one include (templates/includes/link_preview.html, through `{% link_preview %}` in
templates/base.html); a page passes only what it knows better than the defaults: its kind, its picture.

The picture is the page's own image (an event's, an article's, a speaker's photo, a partner's logo) as the widest
stored copy up to `PREVIEW_WIDTH` — previews show about 1200 px, and a 4000 px original would be a slow fetch for
every chat app that unfurls the link — with its width and height from the database (nanjingweek/renditions.py), so
that a preview can lay out before it has the file. A page without one shows `DEFAULT_IMAGE`, 1200×630, the size
Facebook and Twitter show whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.templatetags.static import static

from nanjingweek.renditions import srcset_candidates, stored_size

PREVIEW_WIDTH = 1280
DEFAULT_IMAGE = "img/share-default.png"
DEFAULT_IMAGE_SIZE = (1200, 630)

# Open Graph wants a territory with the language: where each of the site's languages is mostly read.
OG_LOCALES = {"en": "en_GB", "de": "de_DE", "zh-hans": "zh_CN"}


@dataclass(frozen=True)
class PreviewImage:
    url: str  # as the storage or static files give it; the template makes it absolute
    width: int
    height: int
    own: bool  # the page's own picture, not the site's default


def preview_image(image: FieldFile | None) -> PreviewImage:
    """The page's picture at the widest stored size up to PREVIEW_WIDTH, or the default share image."""
    candidates = srcset_candidates(image) if image else []
    if candidates:
        original_width, original_height = stored_size(image)
        fitting = [candidate for candidate in candidates if candidate.width <= PREVIEW_WIDTH]
        chosen = fitting[-1] if fitting else candidates[0]
        # As renditions.render computes a rendition's height: the original's proportions, rounded.
        height = max(1, round(original_height * chosen.width / original_width)) if original_height else None
        if height:
            return PreviewImage(chosen.url, chosen.width, height, own=True)
    width, height = DEFAULT_IMAGE_SIZE
    return PreviewImage(static(DEFAULT_IMAGE), width, height, own=False)


def og_locales(language: str) -> tuple[str, list[str]]:
    """The page's Open Graph locale and the other languages it is offered in."""
    return OG_LOCALES[language], [locale for code, locale in OG_LOCALES.items() if code != language]
