"""`{% capture %}` and `{% link_preview %}`: base.html renders a page's title, description and canonical address
once and gives them to both the <head> tags and the link-preview tags (nanjingweek/link_previews.py)."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from nanjingweek.link_previews import og_locales, preview_image

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)  # so that {% block %} tags inside it stay overridable

    def __init__(self, nodelist, name):
        self.nodelist, self.name = nodelist, name

    def render(self, context):
        # Rendered (and escaped) once here, output as is where the variable is used.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the content once into the variable `name`."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.inclusion_tag("includes/link_preview.html", takes_context=True)
def link_preview(context, kind="website", image=None, alt=""):
    """Open Graph and Twitter card tags of the page: ``{% link_preview "article" article.image article.image_alt %}``.

    The title is the page's <title> without the site's name (og:site_name says it), the description its meta
    description, the URL its canonical address; without an image of its own the page shows the default one.
    """
    request = context.get("request")
    if request is None:  # an error page rendered without a request: nothing to link to
        return {"request": None}
    site_name = str(context.get("site_name", ""))
    title = str(context.get("page_title", "")) or site_name
    suffix = f" · {site_name}"
    if title.endswith(suffix) and title != suffix:
        title = title.removesuffix(suffix)
    locale, alternate_locales = og_locales(get_language())
    picture = preview_image(image)
    return {
        "request": request,
        "kind": kind,
        "title": mark_safe(title),  # already escaped by the title block
        "description": context.get("page_description", ""),
        "url": context.get("canonical_url") or request.build_absolute_uri(request.path),
        "site_name": site_name,
        "locale": locale,
        "alternate_locales": alternate_locales,
        "image": picture,
        "image_url": request.build_absolute_uri(picture.url),
        "image_alt": alt if picture.own else site_name,
        "card": "summary_large_image" if picture.own else "summary",
    }
