"""The admin in a real browser: the Chinese title edited in its language tab, slugs that keep words apart,
nothing loaded from elsewhere."""

import pytest
from django.contrib.auth.models import Group, Permission, User

from tests import factories

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def log_in(page, live_server, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")


def save_in_translation_tab(page, field_id: str, language_code: str, text: str) -> None:
    """Open a translated field's tab on a change form (modeltranslation's tabs, the vendored jQuery UI), type the
    text and save with "Save and continue editing"; the field is hidden until its tab is chosen."""
    from playwright.sync_api import expect

    field = page.locator(f"#id_{field_id}_{language_code}")
    expect(field).to_be_hidden()
    page.locator(f"a[href='#tab_id_{field_id}_{language_code}']").click()
    expect(field).to_be_visible()
    field.fill(text)
    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_chinese_title_is_edited_in_its_tab_and_saved(page, page_requests, live_server):
    from playwright.sync_api import expect

    User.objects.create_superuser("chief", "chief@nanjingweek.example", PASSWORD)
    event = factories.make_event(
        title_en="Cultural Heritage Protection and Tourism Innovation Forum",
        title_zh_hans="文化遗产论坛",
    )
    log_in(page, live_server, "chief")

    page.goto(f"/admin/events/event/{event.pk}/change/")
    # The tabs are built by the vendored jQuery UI: only the English field shows at first.
    expect(page.locator("#id_title_en")).to_be_visible()
    # Each tab names its language as the admin does, not by its code (static/js/admin-language-tabs.js).
    tabs = page.locator("a[href^='#tab_id_title_']")
    expect(tabs).to_have_text(["English", "German", "Simplified Chinese"])
    save_in_translation_tab(page, "title", "zh_hans", "文化遗产保护与旅游创新论坛")

    event.refresh_from_db()
    assert event.title_zh_hans == "文化遗产保护与旅游创新论坛"
    assert event.title_en == "Cultural Heritage Protection and Tourism Innovation Forum"
    assert f"{live_server.url}/static/vendor/jquery-ui/jquery-ui.min.js" in page_requests.urls
    assert page_requests.foreign() == []


def make_organizer(username: str) -> User:
    """A member of the Organizers group. Browser tests empty the tables after them, the migration's groups too,
    so the group is made again when an earlier one took it."""
    group, created = Group.objects.get_or_create(name="Organizers")
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=("events", "exhibitions", "partners"))
        )
    user = User.objects.create_user(username, f"{username}@nanjingweek.example", PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.mark.parametrize(
    "title", ["Nanjing–Leipzig Evening Talk", "Nanjing—Leipzig Evening Talk", "Nanjing/Leipzig: Evening Talk"]
)
def test_slug_typed_for_a_new_event_keeps_the_words_of_its_title_apart(page, page_requests, live_server, title):
    from playwright.sync_api import expect

    make_organizer("mei")
    log_in(page, live_server, "mei")

    page.goto("/admin/events/event/add/")
    # Typed key by key: Django's prepopulate script listens to keyup.
    page.locator("#id_title_en").press_sequentially(title)

    expect(page.locator("#id_slug")).to_have_value("nanjing-leipzig-evening-talk")
    assert page_requests.foreign() == []


def test_slug_of_a_german_name_writes_the_umlauts_out(page, live_server):
    from playwright.sync_api import expect

    make_organizer("mei")
    log_in(page, live_server, "mei")

    page.goto("/admin/partners/organization/add/")
    page.locator("#id_name_en").press_sequentially("Universität Leipzig – Straße")

    expect(page.locator("#id_slug")).to_have_value("universitaet-leipzig-strasse")


def test_translator_sees_the_english_change_at_the_german_tab_and_marks_it_still_correct(page, live_server):
    from playwright.sync_api import expect

    from nanjingweek import translation_review

    User.objects.create_superuser("chief", "chief@nanjingweek.example", PASSWORD)
    event = factories.make_event(description_en="A forum on the city wall.", description_de="Ein Forum zur Stadtmauer.")
    event.description_en = "A forum on the Ming City Wall."
    event.save()
    log_in(page, live_server, "chief")

    page.goto(f"/admin/events/event/{event.pk}/change/")
    note = page.locator("#id_description_de_helptext .translation-review")
    expect(note).to_be_hidden()  # In the German tab, which is not open yet.
    page.locator("a[href='#tab_id_description_de']").click()
    expect(note.locator("ins")).to_have_text(["Ming City Wall"])
    note.get_by_role("button", name="Mark as still correct").click()

    expect(page.locator(".messagelist .success")).to_have_text("Marked as still correct: description (German)")
    assert translation_review.reviews_for(event) == []
