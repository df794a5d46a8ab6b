"""Uploaded images: what we accept, checked with Pillow before anything is stored."""

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


def validate_image(file) -> None:
    """Accept JPEG, PNG and WebP within the configured byte and pixel limits; refuse bombs and impostors."""
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
                    raise ValidationError(
                        _("Please upload a JPEG, PNG or WebP image."),
                        code="image_format",
                    )
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
        raise ValidationError(
            _("This image would take too much memory to open, so it was refused."),
            code="image_bomb",
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG or WebP image."),
            code="image_unreadable",
        ) from error
    finally:
        file.seek(position)
