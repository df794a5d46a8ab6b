"""The programme import (events/programme_import/): sample spreadsheets in three languages, errors, repeats.

The samples under tests/data/ are made by tests/data/make_programme_samples.py; `programme` builds what they
name.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import translation

from events.models import Event, Session
from events.programme_import import (
    CHANGE,
    CREATE,
    INVALID,
    UNCHANGED,
    apply_import,
    plan_import,
    template_csv,
    template_xlsx,
)
from tests.factories import BERLIN, SHANGHAI, make_city, make_edition, make_topic, make_venue

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture
def programme():
    return make_programme()


def make_programme():
    """The edition, venues and topics the sample files name."""
    edition = make_edition(slug="cnw-2025", start_date=date(2025, 11, 1), end_date=date(2025, 11, 30))
    leipzig = make_city(slug="leipzig", name_en="Leipzig", timezone="Europe/Berlin")
    nanjing = make_city(slug="nanjing", name_en="Nanjing", name_zh_hans="南京", country="CN", timezone="Asia/Shanghai")
    make_venue(
        slug="kongresshalle", name_en="Congress Hall at the Zoo", name_de="Kongresshalle am Zoo Leipzig", city=leipzig
    )
    make_venue(
        slug="nanjing-expo", name_en="Nanjing International Expo Center", name_zh_hans="南京国际博览中心", city=nanjing
    )
    make_topic(slug="heritage", name_en="Heritage preservation", name_de="Denkmalpflege", name_zh_hans="遗产保护")
    make_topic(slug="tourism", name_en="Tourism", name_de="Tourismus", name_zh_hans="旅游")
    return edition


def sample(name: str) -> bytes:
    return (DATA / name).read_bytes()


def imported(content: bytes, name: str):
    """The dry run, then the import it confirms."""
    plan = plan_import(content, name)
    assert [(error.row, error.column, error.message) for error in plan.errors] == []
    result = apply_import(content, name, expected_digest=plan.digest)
    assert result.applied
    return plan


def test_the_sample_workbook_imports_events_and_sessions_in_three_languages(programme):
    plan = imported(sample("programme.xlsx"), "programme.xlsx")

    assert [(row.number, row.kind, row.action) for row in plan.rows] == [
        (2, "event", CREATE),
        (3, "session", CREATE),
        (4, "session", CREATE),
        (5, "event", CREATE),
        (6, "session", CREATE),
    ]
    forum = Event.objects.get(slug="leipzig-heritage-forum")
    assert (forum.title_en, forum.title_de, forum.title_zh_hans) == (
        "Common Heritage, Common World",
        "Gemeinsames Erbe, gemeinsame Welt – Forum für Denkmalpflege",
        "共同遗产，共同世界",
    )
    assert (forum.venue.slug, forum.edition, forum.status, forum.capacity, forum.registration_required) == (
        "kongresshalle",
        programme,
        Event.Status.PUBLISHED,
        300,
        True,
    )
    # Local times of the venue: Leipzig's 09:30 is CET.
    assert (forum.starts_at, forum.ends_at) == (
        datetime(2025, 11, 12, 9, 30, tzinfo=BERLIN),
        datetime(2025, 11, 12, 17, 0, tzinfo=BERLIN),
    )
    assert sorted(forum.topics.values_list("slug", flat=True)) == ["heritage", "tourism"]
    assert [(s.order, s.title_de, s.room_de, s.starts_at) for s in forum.sessions.all()] == [
        (1, "Eröffnung und Grußworte", "Großer Saal", datetime(2025, 11, 12, 9, 30, tzinfo=BERLIN)),
        (2, "Podium: Ming-Stadtmauer und Leipziger Altstadt", "Großer Saal", datetime(2025, 11, 12, 10, tzinfo=BERLIN)),
    ]
    dialogue = Event.objects.get(slug="nanjing-trade-dialogue")
    # The German name of the kind, the current edition by default, a draft by default, Nanjing's own clock.
    assert (dialogue.kind, dialogue.edition, dialogue.status, dialogue.title_zh_hans) == (
        Event.Kind.DIALOGUE,
        programme,
        Event.Status.DRAFT,
        "南京贸易对话",
    )
    assert dialogue.starts_at == datetime(2025, 11, 20, 14, 0, tzinfo=SHANGHAI)
    assert list(dialogue.sessions.values_list("title_zh_hans", "order")) == [("主旨演讲", 1)]


def test_the_sample_csv_with_semicolons_imports_and_a_second_import_changes_nothing(programme):
    content = sample("programme.csv")
    imported(content, "programme.csv")

    workshop = Event.objects.get(slug="munich-craft-workshop")
    assert (workshop.kind, workshop.title_de, workshop.capacity, workshop.starts_at) == (
        Event.Kind.WORKSHOP,
        "Nanjinger Handwerkskunst: Brokat und Schnitzerei",
        40,
        datetime(2025, 11, 13, 14, 0, tzinfo=BERLIN),
    )
    # The session came before its event's row, and without a date: the event's day.
    assert list(workshop.sessions.values_list("title_zh_hans", "starts_at")) == [
        ("剪纸", datetime(2025, 11, 13, 14, 0, tzinfo=BERLIN))
    ]
    undated = Event.objects.get(slug="future-exchange")
    assert (undated.starts_at, undated.announced_period_en) == (None, "in the coming months")

    again = plan_import(content, "programme.csv")
    assert [row.action for row in again.rows] == [UNCHANGED] * 3
    assert not again.has_changes
    assert (Event.objects.count(), Session.objects.count()) == (2, 1)


def test_a_changed_cell_is_shown_as_old_and_new_and_only_that_row_changes(programme):
    imported(sample("programme.xlsx"), "programme.xlsx")
    content = sample("programme.csv").replace(b"Nanjinger Handwerkskunst", b"Handwerk aus Nanjing")
    imported(content, "programme.csv")
    Event.objects.filter(slug="munich-craft-workshop").update(title_de="Alter Titel")

    plan = plan_import(content, "programme.csv")

    changed = [row for row in plan.rows if row.action == CHANGE]
    assert [(row.key, [(c.field, c.old, c.new) for c in row.changes]) for row in changed] == [
        ("munich-craft-workshop", [("title_de", "Alter Titel", "Handwerk aus Nanjing: Brokat und Schnitzerei")])
    ]


def test_a_file_with_errors_writes_nothing_and_names_each_error_by_row_and_column(programme):
    content = sample("programme-errors.csv")

    with translation.override("de"):
        plan = plan_import(content, "programme-errors.csv")
        result = apply_import(content, "programme-errors.csv", expected_digest=plan.digest)

    assert [(error.row, error.column) for error in plan.errors] == [
        (2, "venue"),
        (3, "end_time"),
        (4, "start_date"),
        (5, "title_zh_hans"),
    ]
    messages = [error.message for error in plan.errors]
    assert messages[0] == "Es gibt keinen Veranstaltungsort „Gewandhaus zu Leipzig“ im Programm."
    assert messages[3] == "Bitte geben Sie höchstens 200 Zeichen ein (Sie haben 201 eingegeben)."
    assert [row.action for row in plan.rows] == [INVALID, INVALID, INVALID, INVALID, CREATE]
    assert not result.applied
    assert not Event.objects.exists()


def test_the_confirmation_is_refused_when_the_programme_changed_since_the_dry_run(programme):
    content = sample("programme.csv")
    imported(content, "programme.csv")
    changed = content.replace(b"Paper cutting", b"Paper cutting for beginners")
    plan = plan_import(changed, "programme.csv")
    Session.objects.update(title_de="Von Hand geändert")

    result = apply_import(changed, "programme.csv", expected_digest=plan.digest)

    assert (result.applied, result.stale) == (False, True)
    assert list(Session.objects.values_list("title_en", "title_de")) == [("Paper cutting", "Von Hand geändert")]


def test_a_time_the_clocks_skip_is_refused_and_one_they_repeat_means_the_first(programme):
    programme.start_date, programme.end_date = date(2026, 3, 1), date(2026, 10, 31)
    programme.save()
    content = (
        b"type,slug,venue,start_date,start_time,end_time,title_en\n"
        b"event,spring,kongresshalle,29.03.2026,02:30,04:00,Spring\n"
        b"event,autumn,kongresshalle,25.10.2026,02:30,04:00,Autumn\n"
    )

    plan = plan_import(content, "clocks.csv")

    assert [(error.row, error.column) for error in plan.errors] == [(2, "start_time")]
    assert (
        plan.errors[0].message
        == "02:30 does not exist in Central European Time (Berlin): the clocks are put forward that night."
    )
    autumn = plan.rows[1].form.instance
    assert autumn.starts_at.utcoffset().total_seconds() == 2 * 3600  # summer time, the first 02:30


@pytest.mark.parametrize("language", ["de", "zh-hans"])
def test_random_bytes_named_xlsx_are_refused_in_the_organizers_language(programme, language):
    with translation.override(language):
        plan = plan_import(bytes(range(256)) * 4, "programme.xlsx")

    assert [(error.row, error.column) for error in plan.errors] == [(None, "")]
    assert (
        plan.errors[0].message
        == {
            "de": "Diese Datei ist keine lesbare Tabelle. Speichern Sie sie als Excel-Arbeitsmappe (.xlsx) oder "
            "als CSV (UTF-8).",
            "zh-hans": "此文件不是可读取的电子表格。请将其另存为 Excel 工作簿（.xlsx）或 CSV（UTF-8）。",
        }[language]
    )


def test_unknown_columns_and_topics_are_errors_not_silently_dropped_or_created(programme):
    plan = plan_import(b"type,slug,titel_de\nevent,x,Titel\n", "typo.csv")
    topics = plan_import(b"type,slug,venue,title_en,topics\nevent,x,kongresshalle,X,heritage;Weltraum\n", "topics.csv")

    assert [error.message for error in plan.errors] == [
        "Unknown column: “titel_de”. The columns are listed on this page."
    ]
    assert [(error.row, error.column, error.message) for error in topics.errors] == [
        (2, "topics", "Unknown topic: “Weltraum”. Add it in the admin first.")
    ]


@pytest.mark.parametrize(("make", "name"), [(template_xlsx, "template.xlsx"), (lambda: template_csv(";"), "t.csv")])
def test_the_template_imports_its_example_event_and_session(programme, make, name):
    plan = imported(make(), name)

    assert [(row.kind, row.action) for row in plan.rows] == [("event", CREATE), ("session", CREATE)]
    event = Event.objects.get(slug="example-forum")
    assert (event.edition, event.status, event.sessions.get().title_de) == (
        programme,
        Event.Status.DRAFT,
        "Eröffnungsworte",
    )
