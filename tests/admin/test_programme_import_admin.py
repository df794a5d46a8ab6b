"""The event admin's "Import programme" pages (events/admin_import.py): upload, dry run, confirmation, template."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Event, ProgrammeImport, Session
from tests.admin.test_history import history_rows
from tests.events.test_programme_import import make_programme, sample

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:events_event_import")


@pytest.fixture
def programme():
    return make_programme()


def upload(client, content: bytes, name: str, language: str = "en"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)}, HTTP_ACCEPT_LANGUAGE=language)


def test_the_event_list_links_the_import_page_which_documents_every_column(organizer_client, parse_html):
    changelist = organizer_client.get(reverse("admin:events_event_changelist"))
    page = organizer_client.get(IMPORT)

    assert f'href="{IMPORT}"' in changelist.content.decode()
    assert page.status_code == 200
    table = parse_html(page.content).find("table", id="import-columns")
    names = [row.find("th").text for row in table.find("tbody").find_all("tr")]
    assert names[:3] == ["type", "event", "slug"]
    assert {"title_zh_hans", "start_time", "topics", "registration_required", "order"} <= set(names)


def test_upload_dry_run_and_confirmation_import_the_workbook_once(organizer_client, organizer, programme, parse_html):
    response = upload(organizer_client, sample("programme.xlsx"), "programme.xlsx")
    stored = ProgrammeImport.objects.get()
    review = organizer_client.get(response.url)

    assert response.url == reverse("admin:events_event_import_review", args=[stored.pk])
    assert (stored.name, stored.uploaded_by, stored.applied_at) == ("programme.xlsx", organizer, None)
    assert review.status_code == 200
    rows = parse_html(review.content).find("table", id="import-rows").find("tbody").find_all("tr")
    assert [(row.find("th").text, row.classes) for row in rows] == [
        (str(number), ["import-create"]) for number in range(2, 7)
    ]
    assert "title_de: — → Gemeinsames Erbe, gemeinsame Welt – Forum für Denkmalpflege" in rows[0].text
    summary = parse_html(review.content).find("p", id="import-summary").text
    assert summary == "Dry run: 2 new events and 3 new sessions. Nothing has been saved yet."
    assert not Event.objects.exists()

    digest = parse_html(review.content).find("input", name="digest").attrs["value"]
    done = organizer_client.post(response.url, {"digest": digest})

    assert done.url == reverse("admin:events_event_changelist")
    assert (Event.objects.count(), Session.objects.count()) == (2, 3)
    stored.refresh_from_db()
    assert stored.applied_at is not None
    # The history says who imported each event, and from which file.
    [(who, action, _changes)] = [row[1:] for row in history_rows(organizer_client, Event.objects.first(), parse_html)]
    assert (who, action) == ("Mei Lin import of programme.xlsx", "Created")

    again = organizer_client.get(upload(organizer_client, sample("programme.xlsx"), "programme.xlsx").url)
    page = parse_html(again.content)
    assert page.find("p", id="import-nothing").text == "Nothing to change: the programme already matches this file."
    assert page.find_all("form", id="confirm_form") == []


def test_the_dry_run_of_a_file_with_errors_lists_them_in_german_and_offers_no_confirmation(
    organizer_client, programme, parse_html
):
    response = upload(organizer_client, sample("programme-errors.csv"), "programme-errors.csv", "de")
    review = parse_html(organizer_client.get(response.url, HTTP_ACCEPT_LANGUAGE="de").content)

    errors = [item.text for item in review.find("ul", id="import-errors").find_all("li")]
    assert errors[0] == "Zeile 2, Spalte venue: Es gibt keinen Veranstaltungsort „Gewandhaus zu Leipzig“ im Programm."
    assert len(errors) == 4
    assert review.find_all("form", id="confirm_form") == []


def test_random_bytes_named_xlsx_are_a_translated_error_on_the_upload_page(organizer_client, parse_html):
    response = upload(organizer_client, bytes(range(256)) * 4, "programme.xlsx", "zh-hans")

    assert response.status_code == 200
    error = parse_html(response.content).find("ul", class_="errorlist").text
    assert error == "此文件不是可读取的电子表格。请将其另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）。"
    assert not ProgrammeImport.objects.exists()


def test_the_templates_download_as_xlsx_and_as_csv_with_a_byte_order_mark(organizer_client, programme):
    workbook = organizer_client.get(reverse("admin:events_event_import_template_xlsx"))
    text = organizer_client.get(reverse("admin:events_event_import_template_csv"), HTTP_ACCEPT_LANGUAGE="de")

    assert workbook["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert workbook.content[:4] == b"PK\x03\x04"
    assert text.content.startswith("\ufefftype;event;slug;".encode())
    assert len(text.content.decode("utf-8-sig").splitlines()) == 3


def test_only_who_may_add_and_change_events_may_import(client, programme):
    door = User.objects.create_user("door", password="correct horse battery staple", is_staff=True)
    door.groups.add(Group.objects.get(name="Check-in staff"))
    client.force_login(door)
    stored = ProgrammeImport.objects.create(name="p.csv", content=sample("programme.csv"))

    pages = [IMPORT, reverse("admin:events_event_import_template_csv")]
    pages.append(reverse("admin:events_event_import_review", args=[stored.pk]))

    assert [client.get(page).status_code for page in pages] == [403, 403, 403]
    assert client.post(pages[-1], {"digest": "x"}).status_code == 403
    assert not Event.objects.exists()
