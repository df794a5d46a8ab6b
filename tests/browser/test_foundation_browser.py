"""The base page in a real browser: language attribute, language switcher, nothing loaded from elsewhere."""

import pytest

pytestmark = pytest.mark.browser


def test_language_switcher_leads_from_german_to_chinese_home_and_remembers_it(page, page_requests, live_server):
    page.goto("/de/")
    assert page.locator("html").get_attribute("lang") == "de"

    page.locator(".language-switcher").get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"{live_server.url}/zh-hans/")

    assert page.locator("html").get_attribute("lang") == "zh-hans"
    # The choice is remembered: the address without a language opens in Chinese, whatever the browser prefers.
    page.goto("/")
    page.wait_for_url(f"{live_server.url}/zh-hans/")
    # The stylesheet was requested, so the log sees sub-resources, and all of them stayed on this machine.
    assert f"{live_server.url}/static/css/site.css" in page_requests.urls
    assert page_requests.foreign() == []


def test_request_log_catches_a_request_to_another_host(page, page_requests):
    # The guard behind every "nothing leaves this machine" assertion must itself be able to fail.
    page.goto("/en/")
    page.evaluate("""() => { const img = new Image(); img.src = "https://fonts.example.com/x.png"; }""")
    page.wait_for_timeout(200)

    assert page_requests.foreign() == ["https://fonts.example.com/x.png"]
