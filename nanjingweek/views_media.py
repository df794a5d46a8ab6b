"""Uploaded media from this server's disk (SERVE_MEDIA): a name that cannot be a file is simply not found.

Django's static `serve` trusts the file system to refuse odd names, and it refuses them by raising: a segment
over 255 bytes is `OSError(ENAMETOOLONG)`, a name climbing out with `..` is `SuspiciousFileOperation` (a 400),
a NUL is `ValueError`. None of them is a file we could have stored (storage names are generated, short and
relative), so each answers what any other missing file answers: 404.
"""

from __future__ import annotations

import errno
import os

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.static import serve

# NAME_MAX and a PATH_MAX-like bound of Linux file systems, in bytes of the file system's encoding.
MAX_SEGMENT_BYTES = 255
MAX_NAME_BYTES = 1024


def is_storable_name(name: str) -> bool:
    """Whether `name` could be the relative name of a file in MEDIA_ROOT at all."""
    if "\x00" in name or len(os.fsencode(name)) > MAX_NAME_BYTES:
        return False
    segments = name.replace("\\", "/").split("/")
    return all(segment != ".." and len(os.fsencode(segment)) <= MAX_SEGMENT_BYTES for segment in segments)


def serve_media(request, path):
    if not is_storable_name(path):
        raise Http404
    try:
        # MEDIA_ROOT is read per request, so a changed setting (tests, a new folder) is honoured.
        return serve(request, path, document_root=settings.MEDIA_ROOT)
    except (SuspiciousFileOperation, ValueError) as error:
        raise Http404 from error
    except OSError as error:
        if error.errno in (errno.ENAMETOOLONG, errno.EILSEQ):
            raise Http404 from error
        raise
