from django.utils.translation import gettext_lazy as _


def site(request):
    """What every page's header needs: the site's name and the current edition (once there is one)."""
    return {"site_name": _("China Nanjing Week")}
