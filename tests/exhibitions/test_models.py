"""Exhibitions, runs, exhibits and comparisons: invariants in the database, validation, and the QuerySet."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from tests.constraints import refused_by
from tests.factories import (
    make_city,
    make_comparison,
    make_exhibit,
    make_exhibition,
    make_exhibition_run,
    make_organization,
    make_venue,
)

pytestmark = pytest.mark.django_db


def compare(left: Exhibit, right: Exhibit, **overrides) -> Comparison:
    """`make_comparison` builds its two default exhibits even when given both (`setdefault` evaluates eagerly)."""
    return Comparison.objects.create(exhibition=left.exhibition, left_exhibit=left, right_exhibit=right, **overrides)


def test_exhibition_slug_taken_is_refused():
    make_exhibition(slug="ming-city-wall")
    make_exhibition(slug="ming-city-wall-leipzig")

    with refused_by("slug"):
        make_exhibition(slug="ming-city-wall")


# --- Images need English alt text -------------------------------------------------------------------

IMAGES = [
    pytest.param(make_exhibition, "cover_image", "cover", "cover_alt_en", "exhibition_cover_has_alt", id="exhibition"),
    pytest.param(make_exhibit, "image", "image", "image_alt_en", "exhibit_image_has_alt", id="exhibit"),
]


@pytest.mark.parametrize(("build", "image", "size", "alt", "constraint"), IMAGES)
@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_image_without_english_alt_text_is_refused(build, image, size, alt, constraint, missing):
    with refused_by(constraint):
        build(**{image: "exhibits/wall.png", f"{size}_width": 64, f"{size}_height": 48, alt: missing})


@pytest.mark.parametrize(("build", "image", "size", "alt", "constraint"), IMAGES)
def test_image_added_later_without_alt_text_is_refused(build, image, size, alt, constraint):
    instance = build()

    with refused_by(constraint):
        type(instance).objects.filter(pk=instance.pk).update(**{image: "exhibits/wall.png"})


@pytest.mark.parametrize(("build", "image", "size", "alt", "constraint"), IMAGES)
def test_image_with_english_alt_text_or_no_image_is_accepted(build, image, size, alt, constraint):
    with_image = build(**{image: "exhibits/wall.png", f"{size}_width": 64, f"{size}_height": 48, alt: "Gate"})
    without_image = build(**{alt: None})

    model = type(with_image)
    assert getattr(model.objects.get(pk=with_image.pk), image).name == "exhibits/wall.png"
    assert getattr(model.objects.get(pk=without_image.pk), image).name == ""


# --- ExhibitionRun ----------------------------------------------------------------------------------


def test_run_may_last_a_single_day():
    run = make_exhibition_run(first_day=date(2025, 11, 7), last_day=date(2025, 11, 7))

    assert ExhibitionRun.objects.get(pk=run.pk).is_on(date(2025, 11, 7)) is True


def test_run_ending_the_day_before_it_opens_is_refused():
    with refused_by("exhibition_run_ends_after_start"):
        make_exhibition_run(first_day=date(2025, 11, 7), last_day=date(2025, 11, 6))


def test_run_shortened_to_before_its_first_day_is_refused():
    run = make_exhibition_run(first_day=date(2025, 11, 7), last_day=date(2025, 11, 20))

    with refused_by("exhibition_run_ends_after_start"):
        ExhibitionRun.objects.filter(pk=run.pk).update(last_day=date(2025, 11, 6))


def test_run_is_on_from_first_to_last_day_inclusive():
    run = make_exhibition_run(first_day=date(2025, 11, 7), last_day=date(2025, 11, 20))

    days = [date(2025, 11, 6), date(2025, 11, 7), date(2025, 11, 20), date(2025, 11, 21)]
    assert [run.is_on(day) for day in days] == [False, True, True, False]


# --- Comparison -------------------------------------------------------------------------------------


def test_comparison_of_two_different_exhibits_is_accepted():
    comparison = make_comparison()

    stored = Comparison.objects.get(pk=comparison.pk)
    assert stored.left_exhibit_id != stored.right_exhibit_id


def test_comparison_of_an_exhibit_with_itself_is_refused():
    exhibit = make_exhibit()

    with refused_by("comparison_of_two_exhibits"):
        compare(exhibit, exhibit)


def test_comparison_changed_to_compare_an_exhibit_with_itself_is_refused():
    comparison = make_comparison()

    with refused_by("comparison_of_two_exhibits"):
        Comparison.objects.filter(pk=comparison.pk).update(right_exhibit=comparison.left_exhibit)


def test_comparison_of_exhibits_of_its_exhibition_passes_validation():
    exhibition = make_exhibition()
    comparison = Comparison(
        exhibition=exhibition,
        left_exhibit=make_exhibit(exhibition=exhibition),
        right_exhibit=make_exhibit(exhibition=exhibition),
    )

    comparison.full_clean()

    assert comparison.left_exhibit.exhibition == comparison.right_exhibit.exhibition == exhibition


@pytest.mark.parametrize("side", ["left_exhibit", "right_exhibit"])
def test_comparison_with_an_exhibit_of_another_exhibition_fails_validation(side):
    exhibition = make_exhibition()
    sides = {"left_exhibit": make_exhibit(exhibition=exhibition), "right_exhibit": make_exhibit(exhibition=exhibition)}
    sides[side] = make_exhibit(exhibition=make_exhibition())
    comparison = Comparison(exhibition=exhibition, **sides)

    with pytest.raises(ValidationError) as error:
        comparison.full_clean()

    assert list(error.value.message_dict) == [side]


# --- ExhibitionQuerySet ----------------------------------------------------------------------------


def test_published_lists_only_published_exhibitions_by_slug():
    make_exhibition(slug="c-draft", is_published=False)
    wall = make_exhibition(slug="b-ming-city-wall")
    heritage = make_exhibition(slug="a-common-heritage")

    assert list(Exhibition.objects.published()) == [heritage, wall]


def test_published_of_only_unpublished_exhibitions_is_empty():
    make_exhibition(is_published=False)

    assert list(Exhibition.objects.published()) == []


def _detailed_exhibition(index: int) -> tuple[Exhibition, dict]:
    exhibition = make_exhibition(slug=f"exhibition-{index:02d}")
    exhibition.organizers.add(make_organization(name_en="Nanjing Museum"))
    nanjing = make_city(name_en="Nanjing", country="CN", timezone="Asia/Shanghai")
    leipzig = make_city(name_en="Leipzig")
    make_exhibition_run(
        exhibition=exhibition,
        venue=make_venue(city=leipzig),
        first_day=date(2025, 11, 21),
        last_day=date(2025, 11, 28),
        is_extension=True,
    )
    make_exhibition_run(exhibition=exhibition, venue=make_venue(city=leipzig), first_day=date(2025, 11, 7))
    wall = make_exhibit(exhibition=exhibition, title_en="Zhonghua Gate", city_of_origin=nanjing, order=1)
    church = make_exhibit(exhibition=exhibition, title_en="St. Thomas Church", city_of_origin=leipzig, order=2)
    compare(wall, church, commentary_en="Two ways of keeping a city's walls alive.")
    return exhibition, {
        "organizers": ["Nanjing Museum"],
        "runs": [(date(2025, 11, 7), "Europe/Berlin", False), (date(2025, 11, 21), "Europe/Berlin", True)],
        "exhibits": [("Zhonghua Gate", "Nanjing"), ("St. Thomas Church", "Leipzig")],
        "comparisons": [("Zhonghua Gate", "Nanjing", "St. Thomas Church", "Leipzig")],
    }


def _page_of(exhibition: Exhibition) -> dict:
    return {
        "organizers": [organization.name for organization in exhibition.organizers.all()],
        "runs": [(run.first_day, run.venue.city.zone.key, run.is_extension) for run in exhibition.schedule],
        "exhibits": [(exhibit.title, exhibit.city_of_origin.name) for exhibit in exhibition.catalogue],
        "comparisons": [
            (
                comparison.left_exhibit.title,
                comparison.left_exhibit.city_of_origin.name,
                comparison.right_exhibit.title,
                comparison.right_exhibit.city_of_origin.name,
            )
            for comparison in exhibition.side_by_side
        ],
    }


# exhibitions; organizers; runs with venue and city; exhibits with city; comparisons with both exhibits and cities.
WITH_DETAILS_QUERIES = 5


@pytest.mark.parametrize("count", [1, 4])
def test_with_details_loads_the_page_in_a_fixed_number_of_queries(count, django_assert_num_queries):
    built = [_detailed_exhibition(index) for index in range(count)]

    with django_assert_num_queries(WITH_DETAILS_QUERIES):
        loaded = list(Exhibition.objects.published().with_details())

    with django_assert_num_queries(0):
        pages = [_page_of(exhibition) for exhibition in loaded]

    assert loaded == [exhibition for exhibition, _ in built]
    assert pages == [expected for _, expected in built]


def test_with_details_keeps_each_exhibits_catalogue_apart():
    first, second = make_exhibition(slug="a-first"), make_exhibition(slug="b-second")
    gate = make_exhibit(exhibition=first, title_en="Gate")
    make_exhibit(exhibition=second, title_en="Church")

    loaded = list(Exhibition.objects.with_details())

    assert [exhibition.catalogue for exhibition in loaded] == [[gate], list(Exhibit.objects.filter(exhibition=second))]
