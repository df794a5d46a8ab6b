"""Name badges from the admin: both entry points, who may print them, and what the PDF says."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission, User
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from tests.factories import make_event
from tests.pdfs import page_count, page_image, pdf_text, qr_codes

pytestmark = pytest.mark.django_db

Status = Registration.Status
CHANGELIST = "/admin/events/registration/"


def attendee(event, name, romanized="", *, status=Status.CONFIRMED, **overrides) -> Registration:
    values = {
        "event": event,
        "name": name,
        "name_romanized": romanized,
        "email": f"{Registration.objects.count()}@example.org",
        "status": status,
        "confirmed_at": timezone.now() if status in (Status.CONFIRMED, Status.WAITLISTED) else None,
    }
    values.update(overrides)
    return Registration.objects.create(**values)


def badges_url(event) -> str:
    return reverse("admin:events_event_badges", args=[event.pk])


def words(text: str) -> str:
    return " ".join(text.split())


def test_badges_url():
    event = make_event()

    assert badges_url(event) == f"/admin/events/event/{event.pk}/badges.pdf"


def test_event_badges_show_confirmed_attendees_in_both_scripts_with_organization_and_qr(organizer_client):
    event = make_event(title_en="Nanjing–Leipzig Forum")
    zhang = attendee(event, "张伟", "Zhang Wei", organization="南京博物院")
    juergen = attendee(event, "Jürgen Groß", organization="Stadt Leipzig")
    attendee(event, "Wartende Person", status=Status.WAITLISTED)
    attendee(event, "Abgemeldete Person", status=Status.CANCELLED, cancelled_at=timezone.now())
    attendee(make_event(), "Anderes Event")

    response = organizer_client.get(badges_url(event), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="badges-{event.slug}.pdf"'
    text = words(pdf_text(response.content))
    assert "张伟" in text and "Zhang Wei" in text
    assert "Jürgen Groß" in text
    assert "南京博物院" in text and "Stadt Leipzig" in text
    assert "Nanjing–Leipzig Forum" in text
    assert "Wartende Person" not in text
    assert "Abgemeldete Person" not in text
    assert "Anderes Event" not in text
    # Alphabetical by the Latin letters: Groß before Zhang; English puts Zhang Wei before 张伟.
    assert text.index("Jürgen Groß") < text.index("Zhang Wei") < text.index("张伟")
    assert sorted(qr_codes(page_image(response.content, dpi=200))) == sorted([zhang.ticket_code, juergen.ticket_code])


def test_badges_in_a_chinese_admin_put_the_characters_first(organizer_client):
    event = make_event()
    attendee(event, "张伟", "Zhang Wei")
    # The admin's language is the organizer's (a preference, else the browser's), never the public site's cookie.
    text = words(pdf_text(organizer_client.get(badges_url(event), HTTP_ACCEPT_LANGUAGE="zh-hans").content))

    assert text.index("张伟") < text.index("Zhang Wei")


def test_badges_are_eight_to_a_page(organizer_client):
    event = make_event()
    for number in range(9):
        attendee(event, f"Person {number}")

    pdf = organizer_client.get(badges_url(event)).content

    assert page_count(pdf) == 2


def test_badges_action_prints_the_confirmed_among_the_selection(organizer_client):
    event = make_event()
    chosen = attendee(event, "张伟", "Zhang Wei")
    waiting = attendee(event, "Wartende Person", status=Status.WAITLISTED)
    attendee(event, "Nicht gewählt")

    response = organizer_client.post(
        CHANGELIST, {"action": "print_badges", "_selected_action": [str(chosen.pk), str(waiting.pk)]}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = words(pdf_text(response.content))
    assert "张伟" in text
    assert "Wartende Person" not in text
    assert "Nicht gewählt" not in text


def test_badges_action_without_confirmed_attendees_says_so(organizer_client):
    waiting = attendee(make_event(), "Wartende Person", status=Status.WAITLISTED)

    response = organizer_client.post(CHANGELIST, {"action": "print_badges", "_selected_action": [str(waiting.pk)]})

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "There are no confirmed attendees to print badges for."
    ]


def test_event_without_confirmed_attendees_goes_back_to_its_page_with_a_message(organizer_client):
    event = make_event()

    response = organizer_client.get(badges_url(event))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[event.pk])


def test_badges_need_a_login(client):
    event = make_event()

    response = client.get(badges_url(event))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_badges_are_refused_to_staff_without_the_view_registration_permission(client):
    event = make_event()
    attendee(event, "张伟", "Zhang Wei")
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(user)

    assert client.get(badges_url(event)).status_code == 403


def test_event_page_links_the_badges_for_organizers_only(organizer_client, client):
    event = make_event()
    change_url = reverse("admin:events_event_change", args=[event.pk])

    page = organizer_client.get(change_url).content.decode()
    assert f'href="{badges_url(event)}"' in page

    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_event"))
    client.force_login(user)
    assert f'href="{badges_url(event)}"' not in client.get(change_url).content.decode()


def test_unknown_event_is_not_found(organizer_client):
    response = organizer_client.get("/admin/events/event/999999/badges.pdf")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
