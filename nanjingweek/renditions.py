"""Downsized copies ("renditions") of every stored image, made once when the image is saved, never per request.

For an image stored as ``events/wall.jpg`` that is 2000 pixels wide, saving the object writes
``renditions/events/wall.jpg-320w.webp``, ``-640w.webp`` and ``-1280w.webp`` beside the media: each width
of `RENDITION_WIDTHS` narrower than the original (an image is never enlarged). The names follow from the
stored name and width alone, so a page lists them in ``srcset`` without touching the file system
(`srcset_candidates`); the original itself is the widest candidate.

Why WebP for all of them, photos included: every browser we serve decodes it (Safari since 14), it is
about a third smaller than JPEG at the same visual quality, it keeps the alpha channel of PNG logos, and
one format means one name per width — a page would otherwise have to know whether a picture has
transparency to guess its rendition's extension, and that means opening it.

Each rendition is turned upright by its EXIF orientation, converted to sRGB and written without any
metadata (no EXIF, so no GPS position from a phone photo). When the image of an object changes, or the
object is deleted, the old renditions go once the transaction commits — unless another object still shows
the same file (`events.services.duplicate_event` copies an event's image by name).

Wiring: `connect_rendition_signals()` from `NanjingWeekConfig.ready()`; `manage.py regenerate_renditions`
makes them for images stored before (or after changing the widths).
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete, post_save, pre_save
from PIL import Image, ImageCms, ImageOps

from nanjingweek.images import clean_upload

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (320, 640, 1280)
RENDITION_DIR = "renditions"
WEBP_QUALITY = 80

_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What pre_save learnt about each image field, for post_save: {attname: (name in the database, fresh upload)}.
_STATE = "_rendition_state"


# --- Names: computed, never looked up ----------------------------------------------------------------


def rendition_widths(original_width: int | None) -> list[int]:
    """The rendition widths an image of this width has: those of RENDITION_WIDTHS narrower than it."""
    if not original_width:
        return []
    return [width for width in RENDITION_WIDTHS if width < original_width]


def rendition_name(name: str, width: int) -> str:
    """``events/wall.jpg`` at 320 → ``renditions/events/wall.jpg-320w.webp``.

    The original's extension stays in the name: ``wall.jpg`` and ``wall.png`` may both exist.
    """
    return f"{RENDITION_DIR}/{name}-{width}w.webp"


def stored_size(field_file: FieldFile) -> tuple[int | None, int | None]:
    """The width and height saved with the object (the field's width_field/height_field), no file opened."""
    field, instance = field_file.field, field_file.instance
    width = getattr(instance, field.width_field, None) if getattr(field, "width_field", None) else None
    height = getattr(instance, field.height_field, None) if getattr(field, "height_field", None) else None
    return width, height


@dataclass(frozen=True)
class Candidate:
    url: str
    width: int


def srcset_candidates(field_file: FieldFile) -> list[Candidate]:
    """The renditions and then the original, narrowest first, as URLs with widths — from the database alone."""
    if not field_file:
        return []
    width, _height = stored_size(field_file)
    if not width:
        return []
    storage = field_file.storage
    candidates = [Candidate(storage.url(rendition_name(field_file.name, w)), w) for w in rendition_widths(width)]
    candidates.append(Candidate(field_file.url, width))
    return candidates


# --- Making and removing renditions ---------------------------------------------------------------------


def _to_srgb(image: Image.Image) -> Image.Image:
    """The picture in sRGB (what browsers assume for untagged images), with alpha if it had any."""
    has_alpha = image.has_transparency_data
    icc_profile = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert("RGBA" if has_alpha else "RGB")
    if icc_profile:
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        base = image.convert("RGB") if image.mode == "RGBA" else image
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            base = ImageCms.profileToProfile(base, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.warning("Colour profile not usable, converting without it")
        else:
            if alpha is not None:
                base.putalpha(alpha)
            image = base
    return image.convert("RGBA" if has_alpha else "RGB")


def render(image: Image.Image, widths: Iterable[int]) -> dict[int, bytes]:
    """WebP bytes for each width: upright, sRGB, without metadata, resized with Lanczos."""
    upright = _to_srgb(ImageOps.exif_transpose(image))
    has_alpha = upright.mode == "RGBA"
    # Resize with premultiplied alpha, or transparent pixels bleed their (invisible) colour into the edges.
    working = upright.convert("RGBa") if has_alpha else upright
    result = {}
    for width in sorted(widths, reverse=True):
        # Never enlarged: a width wider than the picture (possible only when the stored width is not the
        # upright one, for a file stored without clean_upload) gets the picture at its own size.
        size = min(width, upright.width)
        height = max(1, round(upright.height * size / upright.width))
        resized = working.resize((size, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        if has_alpha:
            resized = resized.convert("RGBA")
        resized.info = {}
        buffer = io.BytesIO()
        resized.save(buffer, format="WEBP", quality=WEBP_QUALITY)
        result[width] = buffer.getvalue()
    return result


def generate_renditions(
    storage: Storage, name: str, *, stored_width: int | None = None, overwrite: bool = True
) -> list[str]:
    """Write the renditions of the stored image `name`; returns the names written.

    `stored_width` is the width saved with the object (the one pages compute names from); without it the
    image's own width is used. `overwrite=False` only makes those missing (used for a file that another
    object already shows, and by `regenerate_renditions` without --force).
    """
    if not name:
        return []
    with storage.open(name, "rb") as file, warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(file) as image:
            widths = rendition_widths(stored_width or _upright_width(image))
            if not overwrite:
                widths = [width for width in widths if not storage.exists(rendition_name(name, width))]
            if not widths:
                return []
            encoded = render(image, widths)
    written = []
    for width, content in sorted(encoded.items()):
        target = rendition_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        saved = storage.save(target, ContentFile(content))
        if saved != target:  # another process wrote it between delete and save: ours is a stray copy
            storage.delete(saved)
        written.append(target)
    return written


def _upright_width(image: Image.Image) -> int:
    orientation = image.getexif().get(ImageOps.ExifTags.Base.Orientation, 1)
    return image.height if orientation in (5, 6, 7, 8) else image.width


def delete_renditions(storage: Storage, name: str) -> None:
    """Remove every rendition `name` may have (of any width we make); missing ones are fine."""
    for width in RENDITION_WIDTHS:
        storage.delete(rendition_name(name, width))


# --- Which models have images ---------------------------------------------------------------------------


def image_fields(model: type[models.Model]) -> list[models.ImageField]:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.ImageField)]


def models_with_images() -> dict[type[models.Model], list[models.ImageField]]:
    """Every installed model with at least one ImageField, with those fields."""
    found = {}
    for model in apps.get_models():
        fields = image_fields(model)
        if fields and not model._meta.proxy:
            found[model] = fields
    return found


def is_referenced(name: str) -> bool:
    """Whether any object still shows the stored file `name` in any image field."""
    return any(
        model._base_manager.filter(
            # Q objects OR-ed per model: one query per model, whatever its number of image fields.
            models.Q.create([(field.name, name) for field in fields], connector=Q.OR)
        ).exists()
        for model, fields in models_with_images().items()
    )


def delete_unreferenced_renditions(storage: Storage, names: Iterable[str]) -> None:
    for name in set(names):
        if name and not is_referenced(name):
            delete_renditions(storage, name)


# --- Signals --------------------------------------------------------------------------------------------


def _remover(storage: Storage, name: str):
    # After the commit, so that a rolled-back change or delete leaves the renditions that are still shown.
    return lambda: delete_unreferenced_renditions(storage, [name])


def _before_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs) -> None:
    if raw:  # loaddata: files are not ours to touch
        return
    fields = [field for field in image_fields(sender) if update_fields is None or field.name in update_fields]
    if not fields:
        return
    stored = {}
    if not instance._state.adding and instance.pk is not None:
        stored = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values(*(field.attname for field in fields))
            .first()
            or {}
        )
    state = {}
    for field in fields:
        file = getattr(instance, field.attname)
        fresh = bool(file) and not file._committed
        if fresh:
            clean_upload(file)
        state[field.attname] = (stored.get(field.attname) or "", fresh)
    setattr(instance, _STATE, state)


def _after_save(sender, instance, raw=False, using=None, **kwargs) -> None:
    state = instance.__dict__.pop(_STATE, None)
    if raw or not state:
        return
    for attname, (old_name, fresh) in state.items():
        file = getattr(instance, attname)
        new_name = file.name or ""
        if new_name == old_name and not fresh:
            continue
        if new_name:
            try:
                # A fresh upload always gets new renditions (a stale one of a deleted file may have the name);
                # a file assigned by name (a duplicated event) only gets those it lacks.
                generate_renditions(file.storage, new_name, stored_width=stored_size(file)[0], overwrite=fresh)
            except (OSError, ValueError, Image.DecompressionBombError):
                logger.exception("Could not make the renditions of %s", new_name)
        if old_name and old_name != new_name:
            transaction.on_commit(_remover(file.storage, old_name), using=using)


def _after_delete(sender, instance, using=None, **kwargs) -> None:
    for field in image_fields(sender):
        file = getattr(instance, field.attname)
        if file:
            transaction.on_commit(_remover(file.storage, file.name), using=using)


def connect_rendition_signals() -> None:
    """Make renditions on save and remove them on change/delete, for every model with an ImageField.

    Idempotent (dispatch_uid): call it from `NanjingWeekConfig.ready()`; tests may call it again.
    """
    for model in models_with_images():
        label = model._meta.label_lower
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"renditions-pre-save-{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"renditions-post-save-{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"renditions-post-delete-{label}")
