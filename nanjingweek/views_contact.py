"""Contact and legal notice (Impressum, § 5 DDG) and the accessibility statement, from the `SiteOwner` record.

Both pages answer without a record too, and then say honestly that the contact details have not been entered.
"""

from __future__ import annotations

from datetime import date

from django.views.generic import TemplateView

from nanjingweek.models import SiteOwner

# When the accessibility statement was last reviewed against the site: renew it with each new assessment
# (automated axe-core checks of every page type and a manual review; see templates/accessibility.html).
ACCESSIBILITY_STATEMENT_DATE = date(2026, 12, 1)
# Shown as text, not as a link: pages link to no other host (tests/test_third_party.py).
CONCILIATION_BODY_ADDRESS = "www.schlichtungsstelle-bgg.de"


class SiteOwnerMixin:
    def get_context_data(self, **kwargs):
        return super().get_context_data(owner=SiteOwner.objects.get_solo(), **kwargs)


class ContactView(SiteOwnerMixin, TemplateView):
    template_name = "contact.html"


class AccessibilityView(SiteOwnerMixin, TemplateView):
    template_name = "accessibility.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement_date=ACCESSIBILITY_STATEMENT_DATE, conciliation_address=CONCILIATION_BODY_ADDRESS, **kwargs
        )
