from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with our site class as `admin.site`: the login asks for a code from staff who set one up."""

    default_site = "nanjingweek.accounts.site.StaffAdminSite"
