"""Uploaded images: what is accepted and refused (nanjingweek/images.py), the renditions made when an image is
saved (nanjingweek/renditions.py), and the <img> that lists them without touching the disk (image_tags)."""

from __future__ import annotations

import functools
import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.forms import modelform_factory
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from events import services
from events.models import Event
from nanjingweek import renditions
from nanjingweek.images import (
    AltTextRequiredMixin,
    ImageFormField,
    alt_field_name,
    require_alt_text,
    validate_image,
)
from partners.models import Organization
from tests.factories import image_file, make_event, make_organization

MESSAGE_FORMAT = "Please upload a JPEG, PNG or WebP image."
MESSAGE_UNREADABLE = "This file is not an image we can read. Please upload a JPEG, PNG or WebP image."
MESSAGE_BOMB = "This image would take too much memory to open, so it was refused."
MESSAGE_ALT = "Describe the image for people who cannot see it (alt text, in English at least)."


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Iterator[Path]:
    """A MEDIA_ROOT of this test's own, the rendition signals connected (NanjingWeekConfig.ready() does it),
    and English messages whatever language an earlier test's request left active in this thread."""
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.connect_rendition_signals()
    with translation.override("en"):
        yield settings.MEDIA_ROOT


def stored_files(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


# --- Files ------------------------------------------------------------------------------------------


def picture(size=(64, 48), image_format="PNG", mode="RGB", color=(140, 28, 19), **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def noise_jpeg(size=(400, 300)) -> bytes:
    """A JPEG that does not compress to nothing, so that cutting it in half loses real data."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def phone_exif(orientation: int = 1) -> Image.Exif:
    """What a phone writes: its make, the orientation it was held in, and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (32.0, 3.0, 42.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (118.0, 46.0, 40.0),
    }
    return exif


@functools.cache
def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit PNG of width × height black pixels: about 100 KB on disk, 900 megapixels once opened."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # bit depth 1, greyscale
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def svg() -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


REFUSED = {
    "gif": (lambda: upload("wall.gif", picture(image_format="GIF"), "image/gif"), MESSAGE_FORMAT),
    "bmp": (lambda: upload("wall.bmp", picture(image_format="BMP"), "image/bmp"), MESSAGE_FORMAT),
    "svg": (lambda: upload("wall.svg", svg(), "image/svg+xml"), MESSAGE_UNREADABLE),
    "text renamed .jpg": (lambda: upload("wall.jpg", b"Nanjing Week " * 100), MESSAGE_UNREADABLE),
    "truncated jpeg": (lambda: upload("wall.jpg", noise_jpeg()[: len(noise_jpeg()) // 2]), MESSAGE_UNREADABLE),
    "decompression bomb": (lambda: upload("wall.png", png_bomb(), "image/png"), MESSAGE_BOMB),
}


# --- Forms the way the admin builds them ------------------------------------------------------------

ORGANIZATION_FIELDS = ["name_en", "slug", "kind", "country", "logo", "logo_alt_en"]


class OrganizationForm(AltTextRequiredMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS
        field_classes = {"logo": ImageFormField}


def organization_data(**overrides) -> dict:
    data = {"name_en": "Leipzig University", "slug": "leipzig-university", "kind": "university", "country": "DE"}
    data.update(overrides)
    return data


# --- Validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "image_format", "content_type"),
    [("wall.jpg", "JPEG", "image/jpeg"), ("wall.png", "PNG", "image/png"), ("wall.webp", "WEBP", "image/webp")],
)
@pytest.mark.django_db
def test_image_upload_accepts_jpeg_png_and_webp(media, name, image_format, content_type):
    form = OrganizationForm(
        organization_data(logo_alt_en="The university's seal"),
        {"logo": upload(name, picture(size=(300, 200), image_format=image_format), content_type)},
    )

    assert form.is_valid(), form.errors
    organization = form.save()

    assert (organization.logo.name, organization.logo_width, organization.logo_height) == (f"logos/{name}", 300, 200)
    assert f"logos/{name}" in stored_files(media)


@pytest.mark.parametrize("kind", list(REFUSED))
@pytest.mark.django_db
def test_image_upload_refuses_with_our_message_and_stores_nothing(media, kind):
    make_file, message = REFUSED[kind]
    form = OrganizationForm(organization_data(logo_alt_en="A seal"), {"logo": make_file()})

    assert not form.is_valid()
    assert form.errors == {"logo": [message]}
    assert Organization.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.django_db
def test_image_upload_refuses_more_bytes_than_the_limit(media, settings):
    content = picture(size=(300, 200), image_format="PNG")
    settings.IMAGE_MAX_BYTES = len(content) - 1
    form = OrganizationForm(organization_data(logo_alt_en="A seal"), {"logo": upload("seal.png", content)})

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["logo"]] == ["image_too_large"]
    assert stored_files(media) == []

    settings.IMAGE_MAX_BYTES = len(content)
    assert OrganizationForm(organization_data(logo_alt_en="A seal"), {"logo": upload("seal.png", content)}).is_valid()


@pytest.mark.django_db
def test_image_upload_refuses_more_pixels_than_the_limit(media, settings):
    settings.IMAGE_MAX_PIXELS = 300 * 200 - 1
    form = OrganizationForm(
        organization_data(logo_alt_en="A seal"), {"logo": upload("seal.png", picture(size=(300, 200)))}
    )

    assert not form.is_valid()
    assert form.errors["logo"] == ["This image is 300 × 200 pixels; the largest accepted is 0 megapixels."]
    assert stored_files(media) == []

    settings.IMAGE_MAX_PIXELS = 300 * 200
    assert OrganizationForm(
        organization_data(logo_alt_en="A seal"), {"logo": upload("seal.png", picture(size=(300, 200)))}
    ).is_valid()


@pytest.mark.parametrize("kind", list(REFUSED))
def test_image_validator_and_form_field_give_the_same_message(kind):
    make_file, message = REFUSED[kind]

    with pytest.raises(ValidationError) as from_validator:
        validate_image(make_file())
    with pytest.raises(ValidationError) as from_field:
        ImageFormField().clean(make_file())

    assert from_validator.value.messages == from_field.value.messages == [message]


@pytest.mark.django_db
def test_image_model_validator_refuses_gif_behind_djangos_own_form_field(media):
    # A plain ModelForm keeps Django's ImageField, which lets GIF through; the model's validator still refuses it.
    form_class = modelform_factory(Organization, fields=ORGANIZATION_FIELDS)
    gif = upload("seal.gif", picture(image_format="GIF"), "image/gif")
    form = form_class(organization_data(logo_alt_en="A seal"), {"logo": gif})

    assert not form.is_valid()
    assert form.errors["logo"] == [MESSAGE_FORMAT]
    assert stored_files(media) == []


def test_image_form_field_decodes_an_upload_once(monkeypatch):
    # The form field checks the upload; the model's validator then sees the mark and does not decode it again.
    loads = []
    original_open = Image.open

    def counting_open(*args, **kwargs):
        loads.append(args)
        return original_open(*args, **kwargs)

    file = upload("seal.png", picture())
    monkeypatch.setattr(Image, "open", counting_open)
    validate_image(file)
    validate_image(file)

    assert len(loads) == 1


# --- Alt text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("image_field", "alt_field"),
    [("image", "image_alt"), ("photo", "photo_alt"), ("cover_image", "cover_alt"), ("logo", "logo_alt")],
)
def test_alt_field_name_matches_every_model(image_field, alt_field):
    assert alt_field_name(image_field) == alt_field


@pytest.mark.django_db
def test_alt_text_required_when_an_image_is_uploaded(media):
    without = OrganizationForm(organization_data(logo_alt_en="  "), {"logo": upload("seal.png", picture())})
    with_alt = OrganizationForm(organization_data(logo_alt_en="A red seal"), {"logo": upload("seal.png", picture())})

    assert not without.is_valid()
    assert without.errors == {"logo_alt_en": [MESSAGE_ALT]}
    assert with_alt.is_valid(), with_alt.errors


@pytest.mark.django_db
def test_alt_text_not_required_without_an_image_or_when_it_is_cleared(media):
    organization = make_organization(logo=image_file(), logo_alt_en="A red seal")

    assert OrganizationForm(organization_data()).is_valid()
    cleared = OrganizationForm(
        organization_data(slug=organization.slug, **{"logo-clear": "on", "logo_alt_en": ""}), instance=organization
    )
    assert cleared.is_valid(), cleared.errors
    # A fresh instance: validating a ModelForm writes the cleaned values into the instance it was given.
    organization = Organization.objects.get(pk=organization.pk)
    kept = OrganizationForm(organization_data(slug=organization.slug, logo_alt_en=""), instance=organization)
    assert not kept.is_valid()
    assert kept.errors == {"logo_alt_en": [MESSAGE_ALT]}


@pytest.mark.django_db
def test_require_alt_text_skips_an_image_that_was_refused(media):
    class Form(forms.ModelForm):
        class Meta:
            model = Organization
            fields = ORGANIZATION_FIELDS
            field_classes = {"logo": ImageFormField}

        def clean(self):
            cleaned_data = super().clean()
            require_alt_text(self, "logo", "logo_alt")
            return cleaned_data

    form = Form(organization_data(), {"logo": upload("seal.gif", picture(image_format="GIF"))})

    assert not form.is_valid()
    assert form.errors == {"logo": [MESSAGE_FORMAT]}


# --- Cleaning uploads ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_upload_stored_upright_and_without_location(media):
    # A phone held upright writes a 400 × 300 picture and "turn it 90°" (orientation 6), with its GPS position.
    content = picture(size=(400, 300), image_format="JPEG", exif=phone_exif(orientation=6))
    event = make_event(image=upload("walk.jpg", content), image_alt_en="A walk on the city wall")

    event.refresh_from_db()
    with Image.open(media / event.image.name) as stored:
        assert stored.size == (300, 400)
        assert dict(stored.getexif()) == {}
        assert not any(marker == "APP1" for marker, _content in stored.applist)
    assert (event.image_width, event.image_height) == (300, 400)
    assert b"PhoneMaker" not in (media / event.image.name).read_bytes()


@pytest.mark.django_db
def test_upload_without_metadata_stored_as_sent(media):
    content = picture(size=(400, 300), image_format="JPEG")
    event = make_event(image=upload("wall.jpg", content), image_alt_en="The Ming city wall")

    assert (media / event.image.name).read_bytes() == content


@pytest.mark.django_db
def test_upload_named_after_what_it_is(media):
    event = make_event(image=upload("wall.jpg", picture(image_format="PNG"), "image/png"), image_alt_en="A wall")
    other = make_event(image=upload("wall.html", picture(image_format="JPEG")), image_alt_en="A wall")

    assert (event.image.name, other.image.name) == ("events/wall.png", "events/wall.jpg")
    with Image.open(media / event.image.name) as stored:
        assert stored.format == "PNG"


@pytest.mark.django_db
def test_upload_animation_keeps_its_frames(media):
    frames = [Image.new("RGB", (40, 20), color) for color in ((200, 0, 0), (0, 200, 0))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="PNG", save_all=True, append_images=frames[1:], exif=phone_exif())
    event = make_event(image=upload("flag.jpg", buffer.getvalue(), "image/png"), image_alt_en="A waving flag")

    assert event.image.name == "events/flag.png"
    with Image.open(media / event.image.name) as stored:
        assert stored.n_frames == 2


# --- Renditions --------------------------------------------------------------------------------------------


def rendition_sizes(media: Path, name: str) -> dict[int, tuple[int, int]]:
    sizes = {}
    for width in renditions.RENDITION_WIDTHS:
        path = media / renditions.rendition_name(name, width)
        if path.exists():
            with Image.open(path) as rendition:
                assert rendition.format == "WEBP"
                sizes[width] = rendition.size
    return sizes


@pytest.mark.django_db
def test_renditions_made_when_an_image_is_saved(media):
    event = make_event(image=upload("wall.jpg", picture(size=(2000, 1000), image_format="JPEG")), image_alt_en="Wall")

    assert rendition_sizes(media, event.image.name) == {320: (320, 160), 640: (640, 320), 1280: (1280, 640)}
    assert stored_files(media) == [
        "events/wall.jpg",
        "renditions/events/wall.jpg-1280w.webp",
        "renditions/events/wall.jpg-320w.webp",
        "renditions/events/wall.jpg-640w.webp",
    ]


@pytest.mark.parametrize(
    ("width", "expected"),
    [(319, []), (320, []), (321, [320]), (500, [320]), (640, [320]), (641, [320, 640]), (2000, [320, 640, 1280])],
)
def test_rendition_widths_never_wider_than_the_original(width, expected):
    assert renditions.rendition_widths(width) == expected


@pytest.mark.django_db
def test_renditions_of_a_small_image_only_narrower_ones(media):
    event = make_event(image=upload("wall.jpg", picture(size=(500, 250), image_format="JPEG")), image_alt_en="Wall")

    assert rendition_sizes(media, event.image.name) == {320: (320, 160)}


@pytest.mark.django_db
def test_renditions_upright_and_without_metadata_even_for_a_file_stored_before(media):
    # Stored without passing through an upload (as by a script): the original keeps its EXIF, the renditions not.
    name = default_storage.save(
        "events/old.jpg", ContentFile(picture(size=(800, 400), image_format="JPEG", exif=phone_exif(orientation=6)))
    )
    event = make_event(image=name, image_alt_en="A walk on the city wall")

    # Its stored width is the file's 800 (Django measures before turning), so pages list 320w and 640w; both
    # exist, upright, and the 640w one is never enlarged beyond the 400 pixels the picture has.
    assert (event.image_width, event.image_height) == (800, 400)
    assert rendition_sizes(media, event.image.name) == {320: (320, 640), 640: (400, 800)}
    rendition_bytes = (media / renditions.rendition_name(name, 320)).read_bytes()
    with Image.open(io.BytesIO(rendition_bytes)) as rendition:
        assert dict(rendition.getexif()) == {}
        assert "exif" not in rendition.info
        assert "xmp" not in rendition.info
    assert b"PhoneMaker" not in rendition_bytes


@pytest.mark.django_db
def test_renditions_keep_transparency(media):
    content = picture(size=(800, 400), image_format="PNG", mode="RGBA", color=(0, 0, 0, 0))
    organization = make_organization(logo=upload("seal.png", content, "image/png"), logo_alt_en="A seal")

    with Image.open(media / renditions.rendition_name(organization.logo.name, 320)) as rendition:
        assert rendition.mode == "RGBA"
        assert rendition.getpixel((10, 10))[3] == 0


@pytest.mark.django_db
def test_renditions_not_remade_when_the_object_is_saved_again(media, monkeypatch):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")
    made = []
    monkeypatch.setattr(renditions, "render", lambda *args, **kwargs: made.append(args) or {})

    event.title_en = "Renamed"
    event.save()
    Event.objects.get(pk=event.pk).save()

    assert made == []


@pytest.mark.django_db
def test_renditions_replaced_when_the_image_changes(media, django_capture_on_commit_callbacks):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")
    old_name = event.image.name

    with django_capture_on_commit_callbacks(execute=True):
        event.image = upload("gate.jpg", picture(size=(800, 400), image_format="JPEG"))
        event.save()

    assert rendition_sizes(media, old_name) == {}
    assert rendition_sizes(media, event.image.name) == {320: (320, 160), 640: (640, 320)}

    with django_capture_on_commit_callbacks(execute=True):
        event.image = None
        event.image_alt_en = ""
        event.save()
    assert stored_files(media) == ["events/gate.jpg", "events/wall.jpg"]  # originals are not ours to delete


@pytest.mark.django_db
def test_renditions_deleted_with_the_object(media, django_capture_on_commit_callbacks):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")
    name = event.image.name

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event.delete()
        assert rendition_sizes(media, name) != {}  # not before the commit

    assert len(callbacks) == 1
    assert rendition_sizes(media, name) == {}


@pytest.mark.django_db
def test_renditions_kept_when_the_delete_is_rolled_back(media, django_capture_on_commit_callbacks):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            event.delete()
            raise RuntimeError("the admin's delete failed halfway")

    assert callbacks == []
    assert set(rendition_sizes(media, event.image.name)) == {320, 640}


@pytest.mark.django_db
def test_renditions_kept_while_a_duplicated_event_shows_the_same_file(media, django_capture_on_commit_callbacks):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")
    copy = services.duplicate_event(event, starts_at=None, edition=None)

    assert copy.image.name == event.image.name
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert set(rendition_sizes(media, copy.image.name)) == {320, 640}

    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert rendition_sizes(media, copy.image.name) == {}


@pytest.mark.django_db
def test_regenerate_renditions_makes_missing_ones_and_remakes_all_with_force(media):
    event = make_event(image=upload("wall.jpg", picture(size=(800, 400), image_format="JPEG")), image_alt_en="Wall")
    first = media / renditions.rendition_name(event.image.name, 320)
    second = media / renditions.rendition_name(event.image.name, 640)
    first.unlink()
    second.write_bytes(b"stale")
    output = io.StringIO()

    call_command("regenerate_renditions", stdout=output)
    with Image.open(first) as rendition:
        assert rendition.size == (320, 160)
    assert second.read_bytes() == b"stale"  # present, so left alone without --force

    call_command("regenerate_renditions", "--force", stdout=output)
    assert rendition_sizes(media, event.image.name) == {320: (320, 160), 640: (640, 320)}
    assert "1 image" in output.getvalue()


# --- The template tag ----------------------------------------------------------------------------------


def render_tag(obj, image_field: str, alt_field: str, **options) -> str:
    arguments = " ".join(f'{key}="{value}"' for key, value in options.items())
    template = Template(
        "{% load image_tags %}{% responsive_image obj." + image_field + " obj." + alt_field + " " + arguments + " %}"
    )
    return template.render(Context({"obj": obj}))


@pytest.fixture
def no_file_access(monkeypatch):
    """Every way of reaching the stored files fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the template tag touched the file system")

    for method in ("exists", "open", "size", "listdir", "path"):
        monkeypatch.setattr(FileSystemStorage, method, refuse)
    monkeypatch.setattr(Image, "open", refuse)


@pytest.mark.django_db
def test_responsive_image_lists_renditions_and_the_original(media, no_file_access, django_assert_num_queries):
    event = Event(slug="wall", image="events/wall.jpg", image_width=2000, image_height=1000, image_alt_en="A wall")

    with django_assert_num_queries(0):
        html = render_tag(event, "image", "image_alt", sizes="(min-width: 40rem) 50vw, 100vw", css_class="hero")

    assert html == (
        '<img src="/media/events/wall.jpg"'
        ' srcset="/media/renditions/events/wall.jpg-320w.webp 320w, /media/renditions/events/wall.jpg-640w.webp 640w,'
        ' /media/renditions/events/wall.jpg-1280w.webp 1280w, /media/events/wall.jpg 2000w"'
        ' sizes="(min-width: 40rem) 50vw, 100vw" width="2000" height="1000" alt="A wall" class="hero"'
        ' loading="lazy" decoding="async">'
    )


@pytest.mark.django_db
def test_responsive_image_of_a_small_image(media, no_file_access):
    event = Event(slug="wall", image="events/wall.jpg", image_width=500, image_height=250, image_alt_en="A wall")
    tiny = Event(slug="dot", image="events/dot.png", image_width=200, image_height=100, image_alt_en="A dot")

    assert 'srcset="/media/renditions/events/wall.jpg-320w.webp 320w, /media/events/wall.jpg 500w"' in render_tag(
        event, "image", "image_alt"
    )
    assert render_tag(tiny, "image", "image_alt", loading="eager") == (
        '<img src="/media/events/dot.png" width="200" height="100" alt="A dot" loading="eager" decoding="async">'
    )


@pytest.mark.django_db
def test_responsive_image_renders_nothing_without_an_image(no_file_access):
    assert render_tag(Event(slug="wall"), "image", "image_alt") == ""


@pytest.mark.django_db
def test_responsive_image_escapes_the_alt_text(no_file_access):
    event = Event(image="events/wall.jpg", image_width=300, image_height=200, image_alt_en='"Wall" <b>& gate</b>')

    assert 'alt="&quot;Wall&quot; &lt;b&gt;&amp; gate&lt;/b&gt;"' in render_tag(event, "image", "image_alt")


@pytest.mark.django_db
def test_responsive_image_marks_alt_text_in_a_fallback_language(no_file_access):
    event = Event(image="events/wall.jpg", image_width=300, image_height=200, image_alt_en="The city wall")
    translated = Event(
        image="events/wall.jpg", image_width=300, image_height=200, image_alt_en="The city wall", image_alt_de="Mauer"
    )

    with translation.override("de"):
        assert 'alt="The city wall" lang="en"' in render_tag(event, "image", "image_alt")
        assert 'alt="Mauer" loading' in render_tag(translated, "image", "image_alt")
        assert 'alt="Mauer" lang="zh-hans"' in render_tag(translated, "image", "image_alt", alt_lang="zh-hans")
    with translation.override("en"):
        assert 'alt="The city wall" loading' in render_tag(event, "image", "image_alt")


# --- Through the admin's add form ----------------------------------------------------------------------


@pytest.fixture
def admin_client_for_images(client, db):
    client.force_login(User.objects.create_superuser("chief", "chief@nanjingweek.example", "correct horse"))
    return client


def admin_form_data(client, parse_html, url: str, **changes) -> dict:
    """What the add page's form posts back untouched (hidden inline management fields too), with `changes`."""
    form = parse_html(client.get(url).content).find("form", id=f"{url.strip('/').split('/')[-2]}_form")
    data: dict = {}
    for element in form.iter():
        name = element.attrs.get("name")
        if not name:
            continue
        if element.tag == "input" and element.attrs.get("type", "text") not in {"file", "submit", "checkbox"}:
            data[name] = element.attrs.get("value", "")
        elif element.tag == "textarea":
            data[name] = element.text
        elif element.tag == "select" and "multiple" not in element.attrs:
            options = element.find_all("option")
            chosen = [option for option in options if "selected" in option.attrs] or options[:1]
            data[name] = chosen[0].attrs.get("value", "") if chosen else ""
    data.update(changes)
    return data


def post_organization(client, parse_html, logo, **changes):
    url = reverse("admin:partners_organization_add")
    values = {"name_en": "Leipzig University", "slug": "leipzig-university", "kind": "university", "country": "DE"}
    data = admin_form_data(client, parse_html, url, **values, **changes)
    return client.post(url, {**data, "logo": logo})


def admin_errors(parse_html, response) -> list[str]:
    return [item.text for item in parse_html(response.content).find_all("ul", class_="errorlist")]


def test_admin_add_form_saves_an_accepted_logo(admin_client_for_images, parse_html, media):
    response = post_organization(
        admin_client_for_images,
        parse_html,
        upload("seal.png", picture(size=(800, 400)), "image/png"),
        logo_alt_en="A seal",
    )

    assert response.status_code == 302, admin_errors(parse_html, response)
    organization = Organization.objects.get()
    assert (organization.logo.name, organization.logo_width) == ("logos/seal.png", 800)
    assert stored_files(media) == [
        "logos/seal.png",
        "renditions/logos/seal.png-320w.webp",
        "renditions/logos/seal.png-640w.webp",
    ]


@pytest.mark.parametrize("kind", ["gif", "bmp", "truncated jpeg"])
def test_admin_add_form_refuses_an_image_pillow_opens_and_stores_nothing(
    admin_client_for_images, parse_html, media, kind
):
    # Django's own form field lets these through; the model's validator refuses them with our message.
    make_file, message = REFUSED[kind]

    response = post_organization(admin_client_for_images, parse_html, make_file(), logo_alt_en="A seal")

    assert response.status_code == 200
    assert message in admin_errors(parse_html, response)
    assert Organization.objects.count() == 0
    assert stored_files(media) == []


@pytest.mark.parametrize("kind", ["text renamed .jpg", "decompression bomb", "svg"])
def test_admin_add_form_refuses_an_unreadable_logo_with_our_message(admin_client_for_images, parse_html, media, kind):
    make_file, message = REFUSED[kind]

    response = post_organization(admin_client_for_images, parse_html, make_file(), logo_alt_en="A seal")

    assert response.status_code == 200
    assert stored_files(media) == []
    assert message in admin_errors(parse_html, response)


def test_admin_add_form_asks_for_alt_text_next_to_the_field(admin_client_for_images, parse_html, media):
    response = post_organization(admin_client_for_images, parse_html, upload("seal.png", picture(), "image/png"))

    assert response.status_code == 200
    field_errors = parse_html(response.content).find("div", class_="field-logo_alt_en").text
    assert MESSAGE_ALT in field_errors
    assert stored_files(media) == []
