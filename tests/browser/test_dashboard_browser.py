"""The organizers' dashboard in Chromium: valid HTML, no WCAG A/AA violations in the light and the dark theme,
nothing from another host, and the table behind the chart opens without JavaScript."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.utils import timezone

from events.models import Registration
from tests import factories
from tests.browser.tools import axe_violations, format_problems, preload_axe, validate_html

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def dashboard_data() -> None:
    user = User.objects.create_user("mei", "mei@nanjingweek.example", PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_registration"))
    nanjing = factories.make_venue(
        city=factories.make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"), name_en="Nanjing Museum"
    )
    for title, venue, capacity in (("Ming City Wall Forum", nanjing, 40), ("Leipzig Dialogue", None, None)):
        event = factories.make_event(
            title_en=title,
            registration_required=True,
            capacity=capacity,
            starts_at=timezone.now() + timedelta(days=12),
            **({"venue": venue} if venue else {}),
        )
        for number in range(18):
            Registration.objects.create(
                event=event,
                name=["张三", "Anna Müller", "Jörg Weiß"][number % 3],
                email=f"{number}@example.org",
                status=Registration.Status.CONFIRMED if number % 4 else Registration.Status.WAITLISTED,
                confirmed_at=timezone.now(),
                organization_kind=["academia", "enterprise", "government", ""][number % 4],
                country=["CN", "DE", "DE", "AT"][number % 4],
                language=["zh-hans", "de", "en"][number % 3],
                created_at=timezone.now() - timedelta(days=number % 9, hours=number),
            )


def open_dashboard(new_page, live_server, **context_options):
    page, requests = new_page(**context_options)
    if context_options.get("java_script_enabled", True):
        preload_axe(page.context)  # as an init script: the admin's CSP refuses an injected one
    page.goto("/admin/login/?next=/admin/events/dashboard/")
    page.get_by_label("Username").fill("mei")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/events/dashboard/")
    return page, requests


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_is_valid_accessible_and_local(new_page, live_server, scheme):
    dashboard_data()
    page, requests = open_dashboard(new_page, live_server, color_scheme=scheme)

    assert page.locator("svg.dashboard-chart").count() == 2
    assert requests.foreign() == []
    if scheme == "light":
        problems = validate_html({"dashboard": page.content()})
        assert not problems, format_problems(problems)
    violations = axe_violations(page)
    assert violations == [], "\n".join(violations)


def test_table_behind_the_chart_opens_without_javascript(new_page, live_server):
    dashboard_data()
    page, _requests = open_dashboard(new_page, live_server, java_script_enabled=False)
    table = page.locator("details table").first

    assert not table.is_visible()
    page.locator("details summary").first.click()

    assert table.is_visible()
    assert table.locator("tbody tr").count() == 30
