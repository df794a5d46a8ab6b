# Interim version (the images work replaces it with srcset renditions): the original image with its size.
from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def responsive_image(image, alt, sizes="100vw", css_class="", loading="lazy", alt_lang=None):
    if not image:
        return ""
    width = getattr(image, "width", None)
    height = getattr(image, "height", None)
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" sizes="{}" class="{}" loading="{}" decoding="async">',
        image.url,
        alt,
        width,
        height,
        sizes,
        css_class,
        loading,
    )
