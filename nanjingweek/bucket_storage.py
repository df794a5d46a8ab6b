"""The media storage for MEDIA_STORAGE=s3: django-storages' S3Storage with URLs that never change.

Configured by nanjingweek/media_storage.py from the environment. S3Storage asks boto3 for every URL, which
builds an (unsigned) presigned URL each time: correct, but work per image on a page with fifty of them. With
signing off (the default) a file's URL is its name after `public_base_url`, a string join, identical on
every request and every server. AWS_QUERYSTRING_AUTH=true (a private bucket) hands back to S3Storage,
whose signed URLs expire after AWS_QUERYSTRING_EXPIRE seconds.
"""

from __future__ import annotations

from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class BucketStorage(S3Storage):
    # As on disk: an upload under a taken name gets a name of its own, and links are plain URLs.
    file_overwrite = False
    querystring_auth = False

    def __init__(self, *, public_base_url: str = "", **settings):
        super().__init__(**settings)
        self.public_base_url = public_base_url

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.querystring_auth or parameters or http_method or not self.public_base_url:
            return super().url(name, parameters=parameters, expire=expire, http_method=http_method)
        name = clean_name(name)
        self._normalize_name(name)  # refuses a name that climbs out of AWS_LOCATION (SuspiciousOperation)
        return self.public_base_url + filepath_to_uri(name).lstrip("/")
