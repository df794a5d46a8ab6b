"""`{% responsive_image %}`: an <img> with the renditions of nanjingweek/renditions.py in its srcset.

Everything comes from the database row (the stored name, width and height): no file is opened and no
storage is asked whether a file exists, so a page with fifty images costs no file-system access.
"""

from django import template
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.image_slots import sizes_for
from nanjingweek.images import alt_field_name
from nanjingweek.renditions import srcset_candidates, stored_size

register = template.Library()


def _fallback_language(image, alt) -> str | None:
    """The language the alt text is shown in, when it is the field's fallback and not the page's language."""
    instance, field = getattr(image, "instance", None), getattr(image, "field", None)
    if instance is None or field is None:
        return None
    alt_field = alt_field_name(field.name)
    if not hasattr(instance, build_localized_fieldname(alt_field, "en")) or alt != getattr(instance, alt_field, None):
        return None  # not a translated alt field, or the template passed some other text
    if getattr(instance, build_localized_fieldname(alt_field, get_language()), None):
        return None
    return "en"  # MODELTRANSLATION_FALLBACK_LANGUAGES: every language falls back to English


@register.inclusion_tag("includes/responsive_image.html")
def responsive_image(image, alt, sizes="100vw", css_class="", loading="lazy", alt_lang=None):
    """``{% responsive_image event.image event.image_alt sizes="content" %}``

    `sizes`: a slot of nanjingweek/image_slots.py ("content", "card", "gallery", "logo" …) or a `sizes` value.

    `alt_lang`: the language of `alt` when it is not the page's; left out, it is found from the alt
    field's translations (English when the page's language has none), and the <img> gets a lang attribute.
    """
    if not image:
        return {"image": None}
    candidates = srcset_candidates(image)
    width, height = stored_size(image)
    if alt_lang is None:
        alt_lang = _fallback_language(image, alt)
    return {
        "image": image,
        "src": image.url,
        # A single candidate (an image narrower than the smallest rendition) needs no srcset.
        "srcset": ", ".join(f"{candidate.url} {candidate.width}w" for candidate in candidates)
        if len(candidates) > 1
        else "",
        "sizes": sizes_for(sizes, width, height),
        "width": width,
        "height": height,
        "alt": alt or "",
        "alt_lang": alt_lang if alt_lang and alt_lang != get_language() else "",
        "css_class": css_class,
        "loading": loading,
    }
