"""Uploaded images: what we accept, checked with Pillow before anything is stored, and how uploads are cleaned.

Three layers share one rule and one set of messages:

- `validate_image` is the validator of every model ImageField (admin, forms, `full_clean()`).
- `ImageFormField` runs the same check in the form field itself, before Django's own Pillow check, so a
  visitor sees our message and never Django's generic "Upload a valid image". Admins use it through
  `IMAGE_FORMFIELD_OVERRIDES`; the validator then finds the upload already checked and does not decode it twice.
- `clean_upload` runs when a model is saved with a new upload (connected in nanjingweek/renditions.py):
  it turns the picture upright, drops EXIF/XMP/IPTC metadata (GPS positions in phone photos) and gives the
  file the extension of what it really is. The original is public (it is the largest `srcset` candidate).

`require_alt_text` / `AltTextRequiredMixin` put the missing-alt-text error next to the alt field, where the
database constraint (`*_has_alt`) alone would only give a message at the top of the form.
"""

from __future__ import annotations

import io
import os
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name → how we call it. Phone cameras often write MPO (a JPEG followed by more JPEGs,
# e.g. a depth map): browsers show its first picture, and clean_upload keeps only that one.
ACCEPTED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP"}
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WebP": (".webp",)}

MESSAGE_FORMAT = _("Please upload a JPEG, PNG or WebP image.")
MESSAGE_UNREADABLE = _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image.")
MESSAGE_BOMB = _("This image would take too much memory to open, so it was refused.")
MESSAGE_ALT_REQUIRED = _("Describe the image for people who cannot see it (alt text, in English at least).")

# Marks an uploaded file that validate_image already decoded, so the model validator skips the second decode.
_CHECKED = "_nanjingweek_image_checked"


def validate_image(file) -> None:
    """Accept JPEG, PNG and WebP within the configured byte and pixel limits; refuse bombs and impostors.

    A file already stored (a FieldFile that is committed) was checked when it was uploaded: it is not
    opened again, so saving an unrelated change never fails on a picture, even if the limits were lowered.
    """
    if isinstance(file, FieldFile) and file._committed:
        return
    if getattr(file.file if isinstance(file, FieldFile) else file, _CHECKED, False):
        return
    max_bytes = settings.IMAGE_MAX_BYTES
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("This image is %(size)s; the largest accepted is %(limit)s."),
            code="image_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with warnings.catch_warnings():
            # Pillow only warns between MAX_IMAGE_PIXELS and twice that; treat the warning as the bomb it is.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format = image.format
                width, height = image.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(MESSAGE_FORMAT, code="image_format")
                # Checked on the header's size, before decoding a single pixel.
                if width * height > settings.IMAGE_MAX_PIXELS:
                    raise ValidationError(
                        _("This image is %(width)s × %(height)s pixels; the largest accepted is %(limit)s megapixels."),
                        code="image_too_many_pixels",
                        params={"width": width, "height": height, "limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
                    )
                # Decode the whole image: a truncated or corrupt file fails here, not later on a visitor's page.
                image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(MESSAGE_BOMB, code="image_bomb") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(MESSAGE_UNREADABLE, code="image_unreadable") from error
    finally:
        file.seek(position)
    try:
        setattr(file.file if isinstance(file, FieldFile) else file, _CHECKED, True)
    except AttributeError:  # a file object that takes no attributes is simply checked again later
        pass


class ImageFormField(forms.ImageField):
    """Django's ImageField with our rule and our messages, for every image upload in a form.

    Django's own check (Pillow `verify()`) lets GIF, BMP and truncated JPEGs through and answers
    impostors with its generic message; ours runs first and refuses them in words that say why. The
    file extension is not checked: the content is, and `clean_upload` names the file after it.
    """

    default_validators = []
    default_error_messages = {"invalid_image": MESSAGE_UNREADABLE}

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)  # no file, empty file, name too long
        if file is None:
            return None
        validate_image(file)
        return super().to_python(data)


# For ModelAdmin.formfield_overrides / ModelForm field classes: every ImageField gets ImageFormField.
IMAGE_FORMFIELD_OVERRIDES = {models.ImageField: {"form_class": ImageFormField}}


# --- Alt text ---------------------------------------------------------------------------------------


def alt_field_name(image_field: str) -> str:
    """The alt-text field of an image field: image → image_alt, photo → photo_alt, cover_image → cover_alt."""
    return f"{image_field.removesuffix('_image')}_alt"


def require_alt_text(form: forms.BaseForm, image_field: str, alt_field: str) -> None:
    """Call from a form's `clean()`: an image that stays (new or kept) needs alt text, in English at least.

    Puts the error on the English column (`image_alt_en`) when the form has the language columns of
    modeltranslation, else on `image_alt`. Does nothing when the image is absent, cleared or was refused.
    """
    if image_field not in form.fields or image_field in form.errors:
        return
    image = form.cleaned_data.get(image_field)
    if not image:  # None (absent), False (cleared) or an empty FieldFile
        return
    english = f"{alt_field}_en"
    target = english if english in form.fields else alt_field
    if target not in form.fields:
        return
    if not (form.cleaned_data.get(target) or "").strip():
        form.add_error(target, ValidationError(MESSAGE_ALT_REQUIRED, code="alt_required"))


class AltTextRequiredMixin:
    """A ModelForm mixin that calls `require_alt_text` for each ImageField of the model it edits.

    ``class EventAdminForm(AltTextRequiredMixin, TranslatedModelForm): ...`` — the alt field is found by
    `alt_field_name`; set ``alt_text_fields = {"image": "image_alt"}`` on the form to name them yourself.
    """

    alt_text_fields: dict[str, str] | None = None

    def clean(self):
        cleaned_data = super().clean()
        pairs = self.alt_text_fields
        if pairs is None:
            pairs = {
                field.name: alt_field_name(field.name)
                for field in self._meta.model._meta.get_fields()
                if isinstance(field, models.ImageField)
            }
        for image_field, alt_field in pairs.items():
            require_alt_text(self, image_field, alt_field)
        return cleaned_data


# --- Cleaning an upload before it is stored --------------------------------------------------------------

# Image.info entries that are about how to show the picture, not about who took it where: kept.
_DISPLAY_INFO = {"icc_profile", "transparency", "dpi"}
# Image.info entries that describe the photo, the camera or the place (WebP, PNG).
_METADATA_INFO = {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "iptc", "comment"}
# JPEG application segments that carry metadata: APP1 (Exif, XMP), APP13 (Photoshop, IPTC), COM.
_JPEG_METADATA_MARKERS = {"APP1", "APP13", "COM"}


def _has_metadata(image: Image.Image) -> bool:
    if image.format == "MPO":
        return True  # the other pictures carry their own EXIF, and browsers show only the first one
    if image.format == "JPEG":
        return any(marker in _JPEG_METADATA_MARKERS for marker, _content in getattr(image, "applist", []))
    if any(key in _METADATA_INFO for key in image.info):
        return True
    if image.format == "PNG" and image.text:  # tEXt, zTXt, iTXt chunks: author, software, anything
        return True
    return bool(image.getexif())


def _orientation(image: Image.Image) -> int:
    return image.getexif().get(ImageOps.ExifTags.Base.Orientation, 1)


def cleaned_image_bytes(file) -> tuple[bytes, str] | None:
    """The picture upright and without metadata, as (bytes, extension), or None when it needs no change.

    JPEGs that only lose metadata keep their quantisation (`quality="keep"`), so they lose nothing visible;
    turning one upright re-encodes it at quality 95. PNG stays lossless. The colour profile stays.
    """
    file.seek(0)
    with Image.open(file) as image:
        kind = ACCEPTED_FORMATS.get(image.format)
        if kind is None:
            return None
        extension = os.path.splitext(getattr(file, "name", "") or "")[1].lower()
        right_extension = extension in EXTENSIONS[kind]
        orientation = _orientation(image)
        if right_extension and orientation == 1 and not _has_metadata(image):
            return None
        if getattr(image, "is_animated", False):
            # Re-encoding would keep the first frame only: an animation keeps its bytes, and only gets its name.
            if right_extension:
                return None
            file.seek(0)
            return file.read(), EXTENSIONS[kind][0]
        keep = {key: image.info[key] for key in _DISPLAY_INFO if key in image.info}
        options: dict = {}
        if kind == "JPEG":
            if orientation == 1 and image.format == "JPEG":
                options = {"quality": "keep"}  # the original's quantisation tables and subsampling
                output = image
            else:
                options = {"quality": 95}
                output = ImageOps.exif_transpose(image)
        else:
            output = ImageOps.exif_transpose(image)
            if kind == "WebP":
                options = {"quality": 90}
        output.info = dict(keep)  # encoders read some metadata from info (JPEG comments): start clean
        if "icc_profile" in keep:
            options["icc_profile"] = keep["icc_profile"]
        if "dpi" in keep:
            options["dpi"] = keep["dpi"]
        if kind == "PNG" and "transparency" in keep:
            options["transparency"] = keep["transparency"]
        buffer = io.BytesIO()
        output.save(buffer, format=kind.upper(), **options)
    return buffer.getvalue(), EXTENSIONS[kind][0] if not right_extension else extension


def clean_upload(field_file: FieldFile) -> bool:
    """Replace a new, not yet stored upload by its cleaned version (see `cleaned_image_bytes`); True if changed.

    Meant for a pre_save signal: Django then stores the cleaned file and measures it for width/height.
    A file Pillow cannot read is left alone: refusing it is the validator's job, not this one's.
    """
    if not field_file or field_file._committed:
        return False
    file = field_file.file
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            cleaned = cleaned_image_bytes(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, UnidentifiedImageError, OSError, ValueError):
        cleaned = None
    finally:
        file.seek(position)
    if cleaned is None:
        return False
    content, extension = cleaned
    stem = os.path.splitext(os.path.basename(field_file.name))[0]
    name = f"{stem}{extension}"
    field_file.file = ContentFile(content, name=name)
    field_file.name = name
    if hasattr(field_file, "_dimensions_cache"):
        del field_file._dimensions_cache
    return True


def image_fields(name: str, *, upload_to: str, label, alt_label):
    """A visitor-facing image with its stored size (for width/height and srcset without opening it) and alt text.

    Unpack into the model: `image, image_width, image_height, image_alt = image_fields("image", ...)`.
    """
    return (
        models.ImageField(
            label,
            upload_to=upload_to,
            blank=True,
            validators=[validate_image],
            width_field=f"{name.removesuffix('_image')}_width",
            height_field=f"{name.removesuffix('_image')}_height",
        ),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.PositiveIntegerField(null=True, blank=True, editable=False),
        models.CharField(alt_label, max_length=300, blank=True),
    )
