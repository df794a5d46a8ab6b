"""The gallery of an event (events.EventPhoto) and the projects announced at it: invariants in the database,
renditions made once when a photo is saved. Each refused write has its accepted counterpart."""

import pytest
from django.core.exceptions import ValidationError

from events.models import EventPhoto
from partners.models import CooperationProject
from tests.constraints import refused_by
from tests.factories import image_file, make_event, make_event_photo, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


# --- Alt text and picture ---------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_photo_without_english_alt_text_is_refused(media, missing):
    with refused_by("event_photo_image_has_alt"):
        make_event_photo(image_alt_en=missing, image_alt_de="Gäste beim Forum")


def test_photo_alt_text_removed_later_is_refused(media):
    photo = make_event_photo()

    with refused_by("event_photo_image_has_alt"):
        EventPhoto.objects.filter(pk=photo.pk).update(image_alt_en="")


def test_photo_with_english_alt_text_alone_is_accepted(media):
    photo = make_event_photo(image_alt_en="Guests at the forum", caption_en="", credit_en="")

    assert EventPhoto.objects.get(pk=photo.pk).image_alt_de is None


def test_photo_without_a_picture_is_refused(media):
    with refused_by("event_photo_has_image"):
        make_event_photo(image="", image_alt_en="Guests at the forum")


def test_photo_full_clean_asks_for_the_picture_and_its_alt_text(media):
    photo = EventPhoto(event=make_event(), image="", image_alt_en="")

    with pytest.raises(ValidationError) as refused:
        photo.full_clean()

    assert "image" in refused.value.message_dict


def test_photo_full_clean_accepts_a_picture_with_alt_text(media):
    photo = make_event_photo()

    photo.full_clean()


# --- Renditions -------------------------------------------------------------------------------------------


def test_photo_renditions_made_when_saved(media):
    photo = make_event_photo(image=image_file("panel.png", size=(800, 400)))

    assert (photo.image.name, photo.image_width, photo.image_height) == ("events/photos/panel.png", 800, 400)
    assert stored_files(media) == [
        "events/photos/panel.png",
        "renditions/events/photos/panel.png-320w.webp",
        "renditions/events/photos/panel.png-640w.webp",
    ]


def test_photo_renditions_deleted_with_the_photo(media, django_capture_on_commit_callbacks):
    photo = make_event_photo(image=image_file("panel.png", size=(800, 400)))

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert [name for name in stored_files(media) if name.startswith("renditions/")] == []


def test_photos_in_their_order(media):
    event = make_event()
    make_event_photo(event=event, image_alt_en="B", order=2)
    make_event_photo(event=event, image_alt_en="A", order=1)

    assert [photo.image_alt_en for photo in event.photos.all()] == ["A", "B"]


# --- Projects announced at an event -----------------------------------------------------------------------


def test_project_announced_at_an_event_is_listed_with_it():
    event = make_event()
    announced = make_project(event=event)
    make_project()

    assert list(event.announced_projects.all()) == [announced]


def test_project_stays_when_its_event_is_deleted():
    event = make_event()
    project = make_project(event=event)

    event.delete()

    assert CooperationProject.objects.get(pk=project.pk).event is None
