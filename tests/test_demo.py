"""`manage.py load_demo` (the 2025 programme) and `manage.py generate_programme` (volume for load tests)."""

import io
import re
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files import File
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone, translation
from modeltranslation.translator import translator
from PIL import Image

from events.demo import content, upcoming
from events.demo.loader import DEMO_MODELS, load_demo
from events.demo.synthetic import CITIES
from events.models import City, Edition, Event, EventPhoto, Session, Speaker, Venue
from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from nanjingweek.images import validate_image
from nanjingweek.models import NewsArticle
from partners.models import Agreement, CooperationProject, EventRole, KeyFigure, Organization, SisterCityPartnership
from tests.factories import make_edition

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
SHANGHAI = ZoneInfo("Asia/Shanghai")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
MANY_TO_MANY = [
    Event.topics.through,
    Session.speakers.through,
    Exhibition.organizers.through,
    Exhibition.related_events.through,
    Agreement.parties.through,
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def demo_once(demo_once):
    """tests/conftest.py's demo, loaded once for the tests that only read it, noted while it is there.

    Every test after the first that asks for `demo` sees the demo too, so those tests are the last of the module;
    the guard below fails a test that would run amid them without asking for it.
    """
    DEMO_LOADED.append(demo_once)
    yield demo_once
    DEMO_LOADED.clear()


@pytest.fixture
def demo(demo_once, db, settings):
    """The demo as loaded (read-only tests); its MEDIA_ROOT, where its pictures are."""
    settings.MEDIA_ROOT = demo_once
    return demo_once


DEMO_LOADED: list = []


@pytest.fixture(autouse=True)
def _nothing_runs_amid_the_loaded_demo(request):
    if DEMO_LOADED and "demo" not in request.fixturenames:
        pytest.fail("this test would see the shared demo (it is loaded): tests without `demo` go above those with it")


def media_files(root) -> dict[str, int]:
    return {str(path.relative_to(root)): path.stat().st_size for path in sorted(root.rglob("*")) if path.is_file()}


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in [*DEMO_MODELS, *MANY_TO_MANY]}


# --- the day of loading -----------------------------------------------------------------------------


def test_load_demo_culture_day_moves_with_the_day_of_loading_without_duplicates(media):
    load_demo(today=date(2030, 1, 10))
    first = Event.objects.get(slug=content.CULTURE_DAY_SLUG)
    load_demo(today=date(2030, 1, 11))
    moved = Event.objects.get(slug=content.CULTURE_DAY_SLUG)

    assert first.local_start == datetime(2030, 2, 9, 14, 0, tzinfo=BERLIN)
    assert first.registration_opens_at == datetime(2030, 1, 9, 0, 0, tzinfo=BERLIN)
    assert moved.pk == first.pk
    assert moved.local_start == datetime(2030, 2, 10, 14, 0, tzinfo=BERLIN)
    assert moved.sessions.count() == len(content.CULTURE_DAY["sessions"])


def test_load_demo_raises_calendar_revision_only_when_the_next_editions_events_move(media):
    moving = {content.CULTURE_DAY_SLUG, upcoming.OPENING_SLUG, upcoming.LEIPZIG_DIALOGUE_SLUG}
    load_demo(today=date(2030, 1, 10))
    load_demo(today=date(2030, 1, 10))
    same_day = dict(Event.objects.filter(slug__in=moving).values_list("slug", "sequence"))
    load_demo(today=date(2030, 1, 11))
    next_day = dict(Event.objects.filter(slug__in=moving).values_list("slug", "sequence"))

    assert (same_day, next_day) == (dict.fromkeys(moving, 0), dict.fromkeys(moving, 1))
    # The 2025 programme and the undated Dietfurt encounters stay where they are.
    assert set(Event.objects.exclude(slug__in=moving).values_list("sequence", flat=True)) == {0}


def test_load_demo_next_edition_is_current_and_begins_three_weeks_after_loading(media):
    load_demo(today=date(2030, 1, 10))
    edition = Edition.objects.current(date(2030, 1, 10))

    assert (edition.slug, edition.name_en, edition.name_de, edition.name_zh_hans) == (
        "china-nanjing-week-2030",
        "China Nanjing Week 2030",
        "China-Nanjing-Woche 2030",
        "中国南京周 2030",
    )
    assert (edition.start_date, edition.end_date, edition.is_current) == (date(2030, 1, 31), date(2030, 5, 1), False)
    assert edition.organizer.slug == content.COMMITTEE
    assert sorted(edition.events.values_list("slug", flat=True)) == sorted(upcoming.EVENT_SLUGS)
    assert Edition.objects.get(slug=content.EDITION_SLUG).events.count() == 5
    opening = Event.objects.get(slug=upcoming.OPENING_SLUG)
    assert opening.local_start == datetime(2030, 1, 31, 10, 0, tzinfo=SHANGHAI)
    dialogue = Event.objects.get(slug=upcoming.LEIPZIG_DIALOGUE_SLUG)
    assert dialogue.local_start == datetime(2030, 3, 14, 13, 0, tzinfo=BERLIN)


def test_load_demo_on_a_later_day_moves_the_next_edition_and_renames_it_in_a_new_year(media):
    load_demo(today=date(2030, 1, 10))
    first = Edition.objects.get(slug="china-nanjing-week-2030")
    load_demo(today=date(2030, 12, 20))
    moved = Edition.objects.current(date(2030, 12, 20))

    assert moved.pk == first.pk
    assert (moved.slug, moved.name_en, moved.start_date) == (
        "china-nanjing-week-2031",
        "China Nanjing Week 2031",
        date(2031, 1, 10),
    )
    assert Edition.objects.count() == 2
    for event in Event.objects.dated().select_related("venue__city", "edition"):
        event.full_clean()


def test_load_demo_before_2025_is_over_still_dates_the_next_edition_after_it(media):
    load_demo(today=date(2025, 6, 1))
    editions = list(Edition.objects.order_by("start_date"))

    assert [edition.slug for edition in editions] == [content.EDITION_SLUG, "china-nanjing-week-2026"]
    assert editions[1].start_date == date(2026, 1, 1) > editions[0].end_date
    culture_day = Event.objects.get(slug=content.CULTURE_DAY_SLUG)
    assert culture_day.local_start.date() == date(2026, 1, 10)
    assert culture_day.registration_opens_at < culture_day.registration_closes_at
    for event in Event.objects.dated().select_related("venue__city", "edition"):
        event.full_clean()


def test_load_demo_leaves_an_organizers_current_edition_current(media):
    chosen = make_edition(is_current=True)

    load_demo()

    assert Edition.objects.current() == chosen
    assert Edition.objects.get(slug=content.EDITION_SLUG).is_current is False


# --- idempotency and pictures -----------------------------------------------------------------------


def test_load_demo_twice_same_rows_and_no_new_files(media):
    call_command("load_demo", stdout=io.StringIO())
    counts, files = row_counts(), media_files(media)
    out = io.StringIO()
    call_command("load_demo", stdout=out)

    assert row_counts() == counts
    assert media_files(media) == files
    pictured_events = Event.objects.exclude(image="").count()
    originals = [name for name in files if not name.startswith("renditions/")]
    gallery = EventPhoto.objects.count()
    news = NewsArticle.objects.exclude(image="").count()
    assert len(originals) == (
        Organization.objects.count() + Exhibit.objects.count() + 1 + pictured_events + gallery + news
    )
    # Each picture wider than the smallest rendition has its downsized copies, made once at save.
    assert any(name.startswith("renditions/") for name in files)
    assert "0 rows created" in out.getvalue() and "0 pictures drawn" in out.getvalue()


def test_load_demo_redraws_only_a_missing_picture(media):
    load_demo()
    files = media_files(media)
    exhibit = Exhibit.objects.order_by("order").first()
    (media / exhibit.image.name).unlink()

    report = load_demo()

    assert report.images == 1
    assert media_files(media) == files
    exhibit.refresh_from_db()
    assert exhibit.image.storage.exists(exhibit.image.name)


def test_load_demo_original_columns_hold_english_whatever_the_active_language(media):
    # save() writes modeltranslation's original column from the active language: the loader pins English.
    with translation.override("de"):
        load_demo()

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Event._meta.db_table} WHERE title <> title_en")
        assert cursor.fetchone() == (0,)
    assert Event.objects.filter(title_de__startswith="Forum für Kulturerbeschutz").count() == 1


# --- synthetic volume -------------------------------------------------------------------------------


def generate(*arguments: str) -> str:
    out = io.StringIO()
    call_command("generate_programme", *arguments, stdout=out)
    return out.getvalue()


def test_generate_programme_fifty_events_with_sessions_in_several_zones():
    began = time.perf_counter()
    output = generate("--events=50", "--seed=7", "--start=2031-03-03")
    elapsed = time.perf_counter() - began

    edition = Edition.objects.get(slug="synthetic-7")
    events = Event.objects.filter(edition=edition)
    assert elapsed < 10
    assert "synthetic-7" in output
    assert edition.is_current is False
    assert events.count() == 50
    zones = set(Session.objects.filter(event__edition=edition).values_list("event__venue__city__timezone", flat=True))
    assert {"Europe/Berlin", "Asia/Shanghai", "Europe/London", "America/New_York"} <= zones
    sessions_per_event = set(events.annotate(n=Count("sessions")).values_list("n", flat=True))
    assert sessions_per_event <= set(range(1, 7))
    assert len(sessions_per_event) > 1
    dated = events.dated()
    assert dated.earliest("starts_at").starts_at.date() >= date(2031, 3, 2)
    assert dated.latest("starts_at").starts_at.date() <= date(2031, 3, 17)


def test_generate_programme_links_topics_speakers_partners_and_exhibitions():
    generate("--events=50", "--seed=8", "--start=2031-03-03")
    events = Event.objects.filter(edition__slug="synthetic-8")

    assert events.filter(topics__isnull=True).count() == 0
    assert events.exclude(roles__role="organizer").count() == 0
    assert Session.objects.filter(event__in=events, speakers__isnull=False).exists()
    exhibitions = Exhibition.objects.filter(edition__slug="synthetic-8")
    assert exhibitions.count() >= 2
    assert Exhibit.objects.filter(exhibition__in=exhibitions).count() >= 8
    assert ExhibitionRun.objects.filter(exhibition__in=exhibitions).count() >= 2
    assert Agreement.objects.filter(event__in=events).exists()
    assert Agreement.parties.through.objects.filter(agreement__event__in=events).exists()


def test_generate_programme_sample_passes_full_clean():
    generate("--events=50", "--seed=9", "--start=2031-03-03")
    samples = [
        Event.objects.filter(slug__startswith="synthetic-9-"),
        Venue.objects.filter(slug__startswith="synthetic-9-"),
        Speaker.objects.filter(slug__startswith="synthetic-9-"),
        Organization.objects.filter(slug__startswith="synthetic-9-"),
        Session.objects.filter(event__slug__startswith="synthetic-9-"),
        EventRole.objects.filter(event__slug__startswith="synthetic-9-"),
        Exhibition.objects.filter(slug__startswith="synthetic-9-"),
        ExhibitionRun.objects.filter(exhibition__slug__startswith="synthetic-9-"),
        Exhibit.objects.filter(exhibition__slug__startswith="synthetic-9-"),
        Comparison.objects.filter(exhibition__slug__startswith="synthetic-9-"),
        Agreement.objects.filter(event__slug__startswith="synthetic-9-"),
        CooperationProject.objects.filter(title_en__startswith="Project "),
        City.objects.all(),
    ]
    cleaned = 0
    for queryset in samples:
        for obj in queryset[:15]:
            obj.full_clean()
            cleaned += 1

    assert cleaned > 100


def test_generate_programme_all_three_languages_and_english_original_columns():
    with translation.override("zh-hans"):
        generate("--events=50", "--seed=10", "--start=2031-03-03")
    events = Event.objects.filter(edition__slug="synthetic-10")

    assert events.filter(title_de="").count() == 0
    assert all(CJK.search(title) for title in events.values_list("title_zh_hans", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {Event._meta.db_table} WHERE title <> title_en")
        assert cursor.fetchone() == (0,)
        cursor.execute(f"SELECT COUNT(*) FROM {Session._meta.db_table} WHERE title <> title_en")
        assert cursor.fetchone() == (0,)


def test_generate_programme_same_seed_twice_is_refused_clearly():
    generate("--events=20", "--seed=11", "--start=2031-03-03")

    with pytest.raises(CommandError, match="synthetic-11"):
        generate("--events=20", "--seed=11", "--start=2031-03-03")
    assert Event.objects.filter(edition__slug="synthetic-11").count() == 20


def test_generate_programme_two_seeds_share_cities_with_the_demo(media):
    load_demo()
    generate("--events=20", "--seed=12", "--start=2031-03-03")
    generate("--events=20", "--seed=13", "--start=2031-03-03")

    assert Edition.objects.filter(slug__startswith="synthetic-").count() == 2
    assert City.objects.filter(slug="nanjing").count() == 1
    assert City.objects.count() == len({slug for slug, *_rest in CITIES} | {c["slug"] for c in content.CITIES})
    # The demo's next edition begins three weeks from today, before the generated ones of 2031.
    assert Edition.objects.current().slug == f"china-nanjing-week-{Edition.objects.current().start_date.year}"
    assert Edition.objects.current().events.filter(slug=content.CULTURE_DAY_SLUG).exists()


def test_generate_programme_refuses_zero_events():
    with pytest.raises(CommandError, match="at least 1"):
        generate("--events=0")
    assert Edition.objects.count() == 0


# --- the 2025 programme, loaded once for the rest of the module (see demo_once) ---------------------


def test_load_demo_forum_on_7_november_at_half_past_nine_in_leipzig(demo):
    forum = Event.objects.get(slug=content.FORUM_SLUG)

    assert forum.local_start == datetime(2025, 11, 7, 9, 30, tzinfo=BERLIN)
    assert forum.starts_at == datetime(2025, 11, 7, 8, 30, tzinfo=ZoneInfo("UTC"))
    assert forum.local_end == datetime(2025, 11, 7, 17, 0, tzinfo=BERLIN)
    assert forum.venue.city.slug == "leipzig"
    assert (forum.kind, forum.status, forum.participant_count) == ("forum", "published", 70)
    assert (forum.theme_en, forum.theme_de, forum.theme_zh_hans) == (
        "Common Heritage, Common World",
        "Gemeinsames Erbe, gemeinsame Welt",
        "共同的遗产，共同的世界",
    )
    assert sorted(forum.topics.values_list("slug", flat=True)) == ["heritage-preservation", "tourism"]
    assert "1988" in forum.description_en


def test_load_demo_forum_agenda_runs_from_opening_to_exhibition_in_order(demo):
    agenda = list(Session.objects.filter(event__slug=content.FORUM_SLUG).order_by("order"))

    assert agenda[0].title_en == "Opening and welcome"
    assert agenda[-1].title_en.startswith("Opening of the exhibition")
    assert [session.starts_at for session in agenda] == sorted(session.starts_at for session in agenda)
    assert all(earlier.ends_at <= later.starts_at for earlier, later in zip(agenda, agenda[1:], strict=False))
    assert agenda[0].starts_at.astimezone(BERLIN).time().isoformat() == "09:30:00"
    assert agenda[-1].ends_at == Event.objects.get(slug=content.FORUM_SLUG).ends_at
    panel = next(session for session in agenda if session.title_en.startswith("Panel: Heritage"))
    assert panel.speakers.count() == 3


def test_load_demo_munich_dialogue_on_5_november(demo):
    dialogue = Event.objects.get(slug=content.MUNICH_SLUG)

    assert dialogue.local_start.date() == date(2025, 11, 5)
    assert (dialogue.kind, dialogue.participant_count, dialogue.venue.city.slug) == ("dialogue", 70, "munich")
    assert sorted(dialogue.topics.values_list("slug", flat=True)) == ["industrial-innovation", "low-carbon-economy"]


def test_load_demo_fourteen_agreements_signed_at_stuttgart_forum(demo):
    stuttgart = Event.objects.get(slug=content.STUTTGART_SLUG)
    agreements = Agreement.objects.filter(event=stuttgart)

    assert (stuttgart.kind, stuttgart.venue.city.slug) == ("economic_forum", "stuttgart")
    assert (stuttgart.local_start.year, stuttgart.local_start.month) == (2025, 3)
    assert agreements.count() == 14
    assert Agreement.objects.count() == 14
    assert set(agreements.values_list("sector__slug", flat=True)) == {"advanced-manufacturing", "finance", "art"}
    assert set(agreements.values_list("signed_on", flat=True)) == {stuttgart.local_start.date()}


def test_load_demo_fifteen_digital_and_trade_projects_from_may_event(demo):
    may = Event.objects.get(slug=content.MAY_EVENT_SLUG)
    projects = CooperationProject.objects.filter(year=2025, city__slug="nanjing")

    assert may.local_start.tzinfo == SHANGHAI
    assert (may.local_start.year, may.local_start.month, may.venue.city.slug) == (2025, 5, "nanjing")
    assert projects.count() == 15
    assert set(projects.values_list("sector__slug", flat=True)) == {"digital", "trade"}
    currencies = set(projects.exclude(investment_currency="").values_list("investment_currency", flat=True))
    assert currencies == {"EUR", "USD", "CNY"}


def test_load_demo_real_companies_projects_have_no_invented_amounts(demo):
    projects = CooperationProject.objects.filter(organization__slug__in=["phoenix-contact", "bsh", "siemens"])

    assert sorted(projects.values_list("organization__slug", flat=True)) == ["bsh", "phoenix-contact", "siemens"]
    assert set(projects.values_list("investment_amount", "revenue_amount")) == {(None, None)}


def test_load_demo_key_figures_as_published_on_12_november(demo):
    figures = KeyFigure.objects.filter(edition__slug=content.EDITION_SLUG).order_by("order")

    # Only Chinese writes a measure word after the number: 309个.
    assert [(figure.value, figure.currency, figure.unit_en, figure.unit_zh_hans) for figure in figures] == [
        (Decimal("309"), "", "", "个"),
        (Decimal("2200000000"), "USD", None, None),
        (Decimal("44000000000"), "CNY", None, None),
    ]
    assert {figure.as_of for figure in figures} == {date(2025, 11, 12)}
    assert {figure.source_de for figure in figures} == {
        "Organisationskomitee der Nanjing-Woche, Pressemitteilung vom 12. November 2025"
    }


def test_load_demo_exhibition_moves_to_leipzig_university_for_one_week(demo):
    exhibition = Exhibition.objects.get(slug=content.EXHIBITION["slug"])
    runs = list(
        exhibition.runs.order_by("first_day").values_list("venue__slug", "first_day", "last_day", "is_extension")
    )

    assert runs == [
        ("kongresshalle-leipzig", date(2025, 11, 7), date(2025, 11, 14), False),
        ("leipzig-university-augusteum", date(2025, 11, 17), date(2025, 11, 23), True),
    ]
    assert (runs[1][2] - runs[1][1]).days + 1 == 7
    assert exhibition.is_published and exhibition.edition.slug == content.EDITION_SLUG
    assert set(exhibition.related_events.values_list("slug", flat=True)) == {content.FORUM_SLUG, content.OPENING_SLUG}
    assert Venue.objects.get(slug="leipzig-university-augusteum").address_en.startswith("Augustusplatz 10")


def test_load_demo_exhibits_pictured_and_compared_across_the_two_cities(demo):
    exhibition = Exhibition.objects.get(slug=content.EXHIBITION["slug"])
    exhibits = list(exhibition.exhibits.select_related("city_of_origin"))

    assert 6 <= len(exhibits) <= 8
    assert all(exhibit.image and exhibit.image_alt_en and exhibit.image_alt_zh_hans for exhibit in exhibits)
    assert {exhibit.city_of_origin.slug for exhibit in exhibits} == {"nanjing", "leipzig"}
    pairs = [
        (comparison.left_exhibit.city_of_origin.slug, comparison.right_exhibit.city_of_origin.slug)
        for comparison in Comparison.objects.filter(exhibition=exhibition)
    ]
    assert pairs == [("nanjing", "leipzig")] * 3


def test_load_demo_dietfurt_activities_announced_without_a_date(demo):
    dietfurt = Event.objects.get(slug=content.DIETFURT_SLUG)

    assert (dietfurt.starts_at, dietfurt.ends_at) == (None, None)
    # "In the coming months", said in November 2025: they belong to the edition to come.
    assert dietfurt.edition == Edition.objects.current()
    assert dietfurt.edition.slug != content.EDITION_SLUG
    assert (dietfurt.announced_period_en, dietfurt.announced_period_de, dietfurt.announced_period_zh_hans) == (
        "In the coming months",
        "In den kommenden Monaten",
        "未来几个月内",
    )
    assert dietfurt.venue.city.name_en == "Dietfurt an der Altmühl"
    assert list(Event.objects.published().undated()) == [dietfurt]


def test_load_demo_culture_day_open_for_registration_now_and_thirty_days_ahead(demo):
    event = Event.objects.get(slug=content.CULTURE_DAY_SLUG)
    now = timezone.now()

    assert event.local_start.date() == timezone.localdate() + timedelta(days=30)
    assert event.local_start.time().isoformat() == "14:00:00"
    assert event.local_start.tzinfo == BERLIN
    assert (event.registration_required, event.capacity, event.status) == (True, 12, "published")
    assert event.registration_opens_at < now < event.registration_closes_at
    assert event.registration_closes_at == event.starts_at - timedelta(days=1)
    assert list(Event.objects.upcoming().dated().filter(registration_required=True)) == [event]
    edition = event.edition
    assert (edition, edition.start_date <= event.local_start.date() <= edition.end_date) == (
        Edition.objects.current(),
        True,
    )


def test_load_demo_2025_edition_past_with_motto_and_organizer(demo):
    edition = Edition.objects.get(slug=content.EDITION_SLUG)

    # Pinned by no one: the dates decide, and on the day of loading 2025 is over.
    assert edition.is_current is False
    assert list(Edition.objects.over()) == [edition]
    assert (edition.theme_en, edition.theme_zh_hans) == ("Phased linkage, multi-integration", "分段联动、多元融合")
    assert edition.organizer.slug == content.COMMITTEE
    assert edition.organizer.kind == Organization.Kind.ORGANIZING_COMMITTEE
    # From the Stuttgart forum in March to the end of the November series: every 2025 event lies within.
    assert (edition.start_date, edition.end_date) == (date(2025, 3, 20), date(2025, 11, 30))
    days = [event.local_start.date() for event in edition.events.dated().select_related("venue__city")]
    assert (min(days), max(days)) == (date(2025, 3, 20), date(2025, 11, 7))


def test_load_demo_nanjing_leipzig_partnership_since_1988(demo):
    partnership = SisterCityPartnership.objects.get()

    assert {partnership.city_a.slug, partnership.city_b.slug} == {"nanjing", "leipzig"}
    assert partnership.since_year == 1988
    assert partnership.anniversary(2025) == 37


def test_load_demo_cities_in_their_iana_zones(demo):
    assert dict(City.objects.values_list("slug", "timezone")) == {
        "nanjing": "Asia/Shanghai",
        "leipzig": "Europe/Berlin",
        "munich": "Europe/Berlin",
        "stuttgart": "Europe/Berlin",
        "dietfurt": "Europe/Berlin",
    }


def test_load_demo_every_event_has_an_organizer_role(demo):
    without_organizer = Event.objects.exclude(roles__role=EventRole.Role.ORGANIZER)

    assert list(without_organizer) == []
    assert EventRole.objects.filter(role=EventRole.Role.MEDIA_PARTNER).exists()


# --- its pictures, translations and validity --------------------------------------------------------


def test_load_demo_pictures_record_their_dimensions(demo):
    # Stored, so that pages never open image files just to learn their size.
    assert set(Exhibit.objects.values_list("image_width", "image_height")) == {(720, 480)}
    assert set(Organization.objects.values_list("logo_width", "logo_height")) == {(480, 240)}
    assert set(Event.objects.exclude(image="").values_list("image_width", flat=True)) == {720}
    assert Exhibition.objects.get(slug=content.EXHIBITION["slug"]).cover_width == 720


def test_load_demo_pictures_are_small_valid_images(demo):
    media = demo
    files = media_files(media)

    assert files
    for name, size in files.items():
        assert size <= 60 * 1024, name
        with open(media / name, "rb") as handle:
            validate_image(File(handle, name=name))
        with Image.open(media / name) as image:
            assert max(image.size) <= 1200, name


def test_load_demo_fills_german_and_chinese_wherever_english_is_filled(demo):
    missing, checked = [], 0
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for obj in model.objects.all():
            for field in fields:
                if not getattr(obj, f"{field}_en"):
                    continue
                checked += 1
                german, chinese = getattr(obj, f"{field}_de"), getattr(obj, f"{field}_zh_hans")
                if not german or not chinese or not CJK.search(chinese):
                    missing.append(f"{model.__name__} {obj.pk} {field}: de={german!r} zh={chinese!r}")

    assert checked > 300
    assert missing == []


def test_load_demo_objects_pass_full_clean(demo):
    cleaned = 0
    for model in DEMO_MODELS:
        for obj in model.objects.all():
            obj.full_clean()
            cleaned += 1

    assert cleaned == sum(row_counts()[model._meta.label] for model in DEMO_MODELS)
