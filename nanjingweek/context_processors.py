from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _


def site(request):
    """What every page's header needs: the site's name and the current edition."""
    from events.models import Edition

    edition = SimpleLazyObject(Edition.objects.current)
    return {
        "site_name": _("China Nanjing Week"),
        "current_edition": edition,
    }
