"""The admin in a real browser: the Chinese title edited in its language tab, nothing loaded from elsewhere."""

import pytest
from django.contrib.auth.models import User

from tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def log_in(page, live_server, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def test_chinese_title_is_edited_in_its_tab_and_saved(page, page_requests, live_server):
    from playwright.sync_api import expect

    User.objects.create_superuser("chief", "chief@nanjingweek.example", PASSWORD)
    event = factories.make_event(
        title_en="Cultural Heritage Protection and Tourism Innovation Forum",
        title_zh_hans="文化遗产论坛",
    )
    log_in(page, live_server, "chief")

    page.goto(f"/admin/events/event/{event.pk}/change/")
    chinese_title = page.locator("#id_title_zh_hans")
    # The tabs are built by the vendored jQuery UI: only the English field shows at first.
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(chinese_title).to_be_hidden()
    page.locator("a[href='#tab_id_title_zh_hans']").click()
    expect(chinese_title).to_be_visible()
    chinese_title.fill("文化遗产保护与旅游创新论坛")
    page.locator("input[name=_continue]").first.click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    event.refresh_from_db()
    assert event.title_zh_hans == "文化遗产保护与旅游创新论坛"
    assert event.title_en == "Cultural Heritage Protection and Tourism Innovation Forum"
    assert f"{live_server.url}/static/vendor/jquery-ui/jquery-ui.min.js" in page_requests.urls
    assert page_requests.foreign() == []
