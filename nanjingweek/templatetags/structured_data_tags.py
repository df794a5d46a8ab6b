from django import template

from nanjingweek.structured_data import breadcrumb_json_ld as breadcrumb_data

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context, breadcrumbs):
    """The page's breadcrumbs (nanjingweek/breadcrumbs.py) as a schema.org BreadcrumbList, safe inside <script>."""
    return breadcrumb_data(breadcrumbs, absolute_url=context["request"].build_absolute_uri)
