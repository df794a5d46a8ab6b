"""The admin speaks each organizer's own language: their preference, else Accept-Language, else English."""

from django.urls import reverse

from nanjingweek.accounts.admin_language import set_admin_language
from nanjingweek.models import OrganizerPreference

INDEX = reverse("admin:index")
LANGUAGE_PAGE = reverse("admin:admin_language")


def html_lang(response) -> str:
    return response.content.decode().split('<html lang="', 1)[1].split('"', 1)[0]


def test_preference_wins_over_the_browser_and_the_public_switchers_cookie(client, organizer, settings):
    set_admin_language(organizer, "zh-hans")
    client.force_login(organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(INDEX, headers={"accept-language": "de"})

    assert (html_lang(response), response.headers["Content-Language"]) == ("zh-hans", "zh-hans")
    assert "<title>日程、展览和合作伙伴 | 南京周管理后台</title>" in response.content.decode()


def test_without_a_preference_the_admin_follows_the_browser(organizer_client):
    response = organizer_client.get(INDEX, headers={"accept-language": "de-DE,de;q=0.9,en;q=0.5"})

    assert html_lang(response) == "de"


def test_organizer_changes_the_admins_language(organizer_client, organizer):
    response = organizer_client.post(LANGUAGE_PAGE, {"admin_language": "de"}, headers={"accept-language": "en"})

    assert response.status_code == 302
    assert OrganizerPreference.objects.get(user=organizer).admin_language == "de"
    page = organizer_client.get(INDEX, headers={"accept-language": "zh-hans"})
    assert html_lang(page) == "de"

    # Back to the browser's language.
    organizer_client.post(LANGUAGE_PAGE, {"admin_language": ""})
    assert html_lang(organizer_client.get(INDEX, headers={"accept-language": "zh-hans"})) == "zh-hans"


def test_language_page_refuses_a_language_the_site_does_not_have(organizer_client, organizer):
    response = organizer_client.post(LANGUAGE_PAGE, {"admin_language": "fr"}, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert response.context["form"].errors["admin_language"]
    assert not OrganizerPreference.objects.filter(user=organizer).exists()


def test_user_tools_link_to_the_language_page_beside_change_password(organizer_client, parse_html):
    page = parse_html(organizer_client.get(INDEX, headers={"accept-language": "en"}).content)

    links = [link.text for link in page.find("div", id="user-tools").find_all("a")]
    assert links[-2:] == ["Language of the admin", "Change password"]


def test_login_page_follows_accept_language_not_the_cookie(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    german = client.get(reverse("admin:login"), headers={"accept-language": "de"})
    unknown = client.get(reverse("admin:login"), headers={"accept-language": "fr"})

    assert (html_lang(german), html_lang(unknown)) == ("de", "en")


def test_public_pages_keep_their_language_rules(client, organizer):
    set_admin_language(organizer, "zh-hans")
    client.force_login(organizer)

    response = client.get("/de/privacy/", headers={"accept-language": "en"})

    assert html_lang(response) == "de"


def test_the_libraries_sections_are_named_in_the_admins_language(superuser_client, parse_html):
    page = parse_html(superuser_client.get(INDEX, headers={"accept-language": "zh-hans"}).content)

    sections = {caption.text.strip() for caption in page.find_all("caption")}
    assert {"登录保护", "两步验证"} <= sections
    assert not sections & {"Axes", "AXES", "Otp_Totp", "OTP_TOTP"}
    assert "登录尝试" in page.text and "Access attempts" not in page.text
