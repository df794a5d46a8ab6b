"""The registration exports read back as a spreadsheet program reads them: the CSV with the csv module (`;`,
UTF-8 with a BOM), the XLSX with openpyxl. No cell a spreadsheet would run as a formula, names in every script
as typed, local times with their zone, and who may export.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events import exports
from events.models import Delegation, Registration
from events.registrations import anonymize_past_registrations
from tests.factories import make_city, make_event, make_venue

pytestmark = pytest.mark.django_db

Status = Registration.Status
CHANGELIST = reverse("admin:events_registration_changelist")
PASSWORD = "correct horse battery staple"

INJECTIONS = ['=HYPERLINK("http://evil.example","x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]

HEADER = [
    "Event",
    "Event (slug)",
    "Ticket code",
    "Status",
    "Registered",
    "Consent given",
    "Confirmed",
    "Cancelled",
    "Checked in",
    "Time zone of the times",
    "Name",
    "Name in Latin letters",
    "E-mail address",
    "Organization",
    "Kind of organization",
    "Country",
    "Country code",
    "Preferred language",
    "Delegation",
    "Anonymized",
]
COLUMN = {name: index for index, name in enumerate(HEADER)}


def nanjing_event(**overrides):
    venue = make_venue(city=make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai"))
    values = {"venue": venue, "title_en": "Ming City Wall Forum", "slug": "ming-city-wall-forum"}
    values.update(overrides)
    return make_event(**values)


def register(event, name: str, **overrides) -> Registration:
    values = {"event": event, "name": name, "email": f"{Registration.objects.count() + 1}@example.org"}
    values.update(overrides)
    return Registration.objects.create(**values)


def run_export(client, action: str, *registrations: Registration, **headers):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [str(r.pk) for r in registrations]}, **headers
    )


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def staff(username: str, *permissions: str, group: str | None = None) -> User:
    user = User.objects.create_user(username, f"{username}@nanjingweek.example", PASSWORD, is_staff=True)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="events", codename=codename))
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def zhang(db):
    event = nanjing_event()
    delegation = Delegation.objects.create(
        event=event, contact_name="李老师", contact_email="li@example.cn", organization="南京大学"
    )
    return register(
        event,
        "张三",
        name_romanized="Zhang San",
        email="zhang@example.cn",
        organization="南京大学",
        organization_kind=Registration.OrganizationKind.ACADEMIA,
        country="CN",
        language="zh-hans",
        status=Status.CONFIRMED,
        ticket_code="K7QXM2PD9F",
        delegation=delegation,
        created_at=datetime(2025, 11, 1, 1, 0, tzinfo=dt_timezone.utc),
        consent_at=datetime(2025, 11, 1, 1, 0, tzinfo=dt_timezone.utc),
        confirmed_at=datetime(2025, 11, 1, 1, 5, tzinfo=dt_timezone.utc),
    )


# --- CSV -------------------------------------------------------------------------------------------------------


def test_csv_opens_in_german_excel_semicolons_bom_crlf_and_a_named_file(organizer_client, zhang):
    response = run_export(organizer_client, "export_csv", zhang)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ming-city-wall-forum-registrations-{today}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.split(b"\r\n")
    assert len(lines) == 3 and lines[-1] == b""  # header, one row, and the CRLF after it
    assert b"\n" not in lines[0] and lines[0].count(b";") == len(HEADER) - 1


def test_csv_has_every_column_with_local_times_and_translated_labels(organizer_client, zhang):
    rows = csv_rows(run_export(organizer_client, "export_csv", zhang))

    assert rows == [
        HEADER,
        [
            "Ming City Wall Forum",
            "ming-city-wall-forum",
            "K7QX-M2PD-9F",
            "Confirmed",
            "2025-11-01 09:00",  # 01:00 UTC in Nanjing, not in the server's zone (Berlin)
            "2025-11-01 09:00",
            "2025-11-01 09:05",
            "",
            "",
            "China Standard Time (Shanghai)",
            "张三",
            "Zhang San",
            "zhang@example.cn",
            "南京大学",
            "Academia",
            "China",
            "CN",
            "Simplified Chinese",
            "南京大学",
            "",
        ],
    ]


def test_csv_header_and_labels_are_in_the_organizers_admin_language(organizer_client, zhang):
    rows = csv_rows(run_export(organizer_client, "export_csv", zhang, HTTP_ACCEPT_LANGUAGE="de"))

    assert rows[0][:4] == ["Veranstaltung", "Veranstaltung (Slug)", "Ticketcode", "Status"]
    assert rows[1][COLUMN["Status"]] == "Bestätigt"
    assert rows[1][COLUMN["Country"]] == "China"
    assert rows[1][COLUMN["Time zone of the times"]] == "Chinesische Normalzeit (Shanghai)"


def test_two_events_of_the_same_title_are_told_apart_by_their_slug(organizer_client):
    first = register(nanjing_event(slug="forum-2024", title_en="Heritage Forum"), "Anna Müller")
    second = register(nanjing_event(slug="forum-2025", title_en="Heritage Forum"), "Jörg Weiß")

    response = run_export(organizer_client, "export_csv", first, second)
    rows = csv_rows(response)

    assert [row[:2] for row in rows[1:]] == [["Heritage Forum", "forum-2024"], ["Heritage Forum", "forum-2025"]]
    assert [row[COLUMN["Name"]] for row in rows[1:]] == ["Anna Müller", "Jörg Weiß"]
    # Several events: the file is named by the date alone.
    assert f'filename="registrations-{timezone.localdate().isoformat()}.csv"' in response["Content-Disposition"]


@pytest.mark.parametrize("text", INJECTIONS)
def test_csv_neutralizes_every_formula_and_keeps_the_text(organizer_client, text):
    registration = register(nanjing_event(), text, name_romanized=text, organization=text)

    row = csv_rows(run_export(organizer_client, "export_csv", registration))[1]

    assert [row[COLUMN[name]] for name in ("Name", "Name in Latin letters", "Organization")] == ["'" + text] * 3


def test_harmless_text_is_left_as_typed():
    assert [exports.neutralized(text) for text in ["Anna", "1+1", "a=b", "—", "'quoted", ""]] == [
        "Anna",
        "1+1",
        "a=b",
        "—",
        "'quoted",
        "",
    ]


def test_a_control_character_cannot_hide_a_formula(organizer_client):
    registration = register(nanjing_event(), "\x01=1+1")

    assert csv_rows(run_export(organizer_client, "export_csv", registration))[1][COLUMN["Name"]] == "'=1+1"
    assert xlsx_sheet(run_export(organizer_client, "export_xlsx", registration)).cell(2, COLUMN["Name"] + 1).value == (
        "'=1+1"
    )


# --- XLSX ------------------------------------------------------------------------------------------------------


def test_xlsx_has_the_same_columns_a_bold_frozen_header_and_real_datetimes(organizer_client, zhang):
    response = run_export(organizer_client, "export_xlsx", zhang)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="ming-city-wall-forum-registrations-' in response["Content-Disposition"]
    sheet = xlsx_sheet(response)
    assert sheet.title == "Ming City Wall Forum"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    row = [cell.value for cell in sheet[2]]
    assert row[COLUMN["Registered"]] == datetime(2025, 11, 1, 9, 0)
    assert sheet.cell(2, COLUMN["Registered"] + 1).number_format == "yyyy-mm-dd hh:mm"
    assert row[COLUMN["Cancelled"]] is None
    assert [row[COLUMN[name]] for name in ("Name", "Name in Latin letters", "Organization", "Ticket code")] == [
        "张三",
        "Zhang San",
        "南京大学",
        "K7QX-M2PD-9F",
    ]
    assert sheet.max_row == 2
    # Wide enough for the Chinese name's double-width characters and the date-times, not wider than 50.
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items()}
    assert widths["E"] >= len("2025-11-01 09:00")
    assert all(width <= 50 for width in widths.values())


@pytest.mark.parametrize("text", INJECTIONS)
def test_xlsx_writes_formulas_as_neutralized_text_never_as_formulas(organizer_client, text):
    registration = register(nanjing_event(), text, organization=text)

    sheet = xlsx_sheet(run_export(organizer_client, "export_xlsx", registration))

    for name in ("Name", "Organization"):
        cell = sheet.cell(2, COLUMN[name] + 1)
        assert (cell.value, cell.data_type) == ("'" + text, "s")
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_xlsx_round_trips_chinese_and_german_names(organizer_client):
    event = nanjing_event()
    people = [register(event, "张三"), register(event, "Anna Müller-Weiß"), register(event, "Jürgen Groß")]

    sheet = xlsx_sheet(run_export(organizer_client, "export_xlsx", *people))

    assert [sheet.cell(row, COLUMN["Name"] + 1).value for row in (2, 3, 4)] == [
        "张三",
        "Anna Müller-Weiß",
        "Jürgen Groß",
    ]


@pytest.mark.parametrize(
    ("titles", "expected"),
    [
        (["Forum: Nanjing/Leipzig [2025] *?\\"], "Forum  Nanjing Leipzig  2025"),
        (["'Quoted'"], "Quoted"),
        (["文化遗产保护与旅游创新论坛"], "文化遗产保护与旅游创新论坛"),
        (["A very long title of a forum that goes on and on"], "A very long title of a forum th"),
        (["One", "Two"], "Registrations"),
        (["[]:*?/\\"], "Registrations"),
    ],
)
def test_sheet_is_named_after_the_event_as_excel_allows(titles, expected):
    event = nanjing_event()
    rows = [register(nanjing_event(title_en=title, slug=f"event-{index}"), "x") for index, title in enumerate(titles)]
    event.delete()

    name = exports.sheet_name(exports.export_rows(Registration.objects.filter(pk__in=[r.pk for r in rows])))

    assert name == expected
    assert len(name) <= 31 and not set(name) & set("[]:*?/\\")


# --- Anonymized registrations ----------------------------------------------------------------------------------


def test_anonymized_registrations_export_as_anonymized(organizer_client, zhang):
    event = zhang.event
    event.starts_at = datetime(2024, 11, 7, 1, 0, tzinfo=dt_timezone.utc)
    event.ends_at = datetime(2024, 11, 7, 9, 0, tzinfo=dt_timezone.utc)
    event.save()
    assert anonymize_past_registrations(days=30) == 1

    rows = csv_rows(run_export(organizer_client, "export_csv", zhang))
    sheet = xlsx_sheet(run_export(organizer_client, "export_xlsx", zhang))

    for row in (rows[1], [cell.value or "" for cell in sheet[2]]):
        personal = [row[COLUMN[name]] for name in ("Name in Latin letters", "E-mail address", "Organization")]
        assert (row[COLUMN["Name"]], personal, row[COLUMN["Delegation"]]) == ("—", ["", "", ""], "")
        assert row[COLUMN["Anonymized"]] != ""
        # What is not personal stays, for the event's figures.
        assert (row[COLUMN["Country code"]], row[COLUMN["Kind of organization"]]) == ("CN", "Academia")
    assert "zhang" not in run_export(organizer_client, "export_csv", zhang).content.decode("utf-8-sig")


# --- Queries ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("export", [exports.registrations_csv, exports.registrations_xlsx])
def test_export_is_one_query_whatever_the_number_of_rows(django_assert_num_queries, export, count):
    events = [nanjing_event(), make_event()]
    for index in range(count):
        delegation = Delegation.objects.create(event=events[index % 2], contact_name="Li", contact_email="li@x.cn")
        register(events[index % 2], f"Person {index}", delegation=delegation if index % 3 else None)

    with django_assert_num_queries(1):
        export(Registration.objects.all())


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_export_action_makes_as_many_queries_for_many_rows_as_for_one(
    organizer_client, django_assert_num_queries, action, count
):
    event = nanjing_event()
    people = [register(event, f"Person {index}") for index in range(count)]

    # The changelist's own (session, user, permissions, its filters' editions and events, counts), the export's one
    # query and the session's save: the same for one row and for thirty.
    with django_assert_num_queries(11):
        assert run_export(organizer_client, action, *people).status_code == 200


# --- Who may export --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_check_in_staff_export_the_lists_for_the_door(client, zhang, action):
    client.force_login(staff("jonas", group="Check-in staff"))

    response = run_export(client, action, zhang)

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_staff_without_view_permission_on_registrations_cannot_export(client, zhang, action):
    client.force_login(staff("ines", "view_event", "view_venue"))

    response = run_export(client, action, zhang)

    assert response.status_code == 403
    assert not response.has_header("Content-Disposition")


@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
def test_anonymous_visitors_are_sent_to_the_login(client, zhang, action):
    response = run_export(client, action, zhang)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_exports_are_offered_to_whoever_may_view_registrations(client, zhang):
    client.force_login(staff("vera", "view_registration"))

    actions = {name for name, _label in client.get(CHANGELIST).context["action_form"].fields["action"].choices if name}

    # Name badges are printed from the same list (events/admin_tickets.py).
    assert actions == {"export_csv", "export_xlsx", "print_badges"}
