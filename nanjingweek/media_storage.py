"""Where uploaded media live: this server's disk (the default, and the demo's) or an S3-compatible bucket.

Read by settings.py from the environment (README.md, "Configuration"), so it imports nothing of Django's
and nothing of boto3: a server on the disk never loads them.

- ``MEDIA_STORAGE=disk``: FileSystemStorage in MEDIA_ROOT, served under MEDIA_URL (by the app when SERVE_MEDIA).
- ``MEDIA_STORAGE=s3``: nanjingweek.bucket_storage.BucketStorage (django-storages, boto3) in
  AWS_STORAGE_BUCKET_NAME. Every file the site writes goes there through the storage API: uploads, their
  renditions, gallery photos, the demo's pictures. Pages link each file at `public_base_url` + its name, a
  plain URL computed without asking the bucket: the same on every request and every server, so pages can be
  cached, and a CDN in front of the bucket (AWS_S3_CUSTOM_DOMAIN) can keep the files. Signed URLs that expire
  are only made when AWS_QUERYSTRING_AUTH asks for them (a private bucket).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DISK = "disk"
BUCKET = "s3"
BUCKET_BACKEND = "nanjingweek.bucket_storage.BucketStorage"
DISK_BACKEND = "django.core.files.storage.FileSystemStorage"
# Names never change their bytes (uploads get a new name, renditions are remade identical): a day in a CDN is safe.
DEFAULT_CACHE_CONTROL = "public, max-age=86400"


class MediaConfigurationError(ValueError):
    """A setting an operator must fix; the message says which (settings.py shows it instead of a traceback)."""


@dataclass(frozen=True)
class MediaSettings:
    kind: str  # DISK or BUCKET
    storage: dict  # STORAGES["default"]
    media_url: str | None  # MEDIA_URL for a bucket (its public base); None: keep the disk's
    origin: str | None  # scheme://host[:port] images come from when it is not this site (for img-src)


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def public_base_url(
    *, bucket: str, endpoint_url: str = "", region: str = "", custom_domain: str = "", location: str = ""
) -> str:
    """The URL every stored name is appended to, ending in a slash.

    A CDN or the bucket's own public host name (AWS_S3_CUSTOM_DOMAIN, ``media.example.org`` or with a path)
    first; else an S3-compatible server's endpoint in path style (``https://minio.example.org/BUCKET/``),
    which MinIO, Ceph, Garage, R2 and AWS all answer; else AWS's virtual-hosted name for the region.
    AWS_LOCATION (a folder inside the bucket) comes after the host in each.
    """
    if custom_domain:
        domain = custom_domain.strip().strip("/")
        if "://" in domain:
            raise MediaConfigurationError(
                "AWS_S3_CUSTOM_DOMAIN is a host name (and path), without https://: e.g. media.nanjingweek.example."
            )
        base = f"https://{domain}/"
    elif endpoint_url:
        parts = urlsplit(endpoint_url.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise MediaConfigurationError(
                f"AWS_S3_ENDPOINT_URL must be an http(s) URL such as https://s3.example.org, not {endpoint_url!r}."
            )
        base = f"{endpoint_url.strip().rstrip('/')}/{bucket}/"
    else:
        base = f"https://{bucket}.s3.{region or 'us-east-1'}.amazonaws.com/"
    folder = location.strip().strip("/")
    return f"{base}{folder}/" if folder else base


def media_settings(environ: Mapping[str, str]) -> MediaSettings:
    """The media part of the settings from environment variables (see the module's docstring)."""
    kind = (environ.get("MEDIA_STORAGE") or DISK).strip().lower()
    if kind == DISK:
        return MediaSettings(DISK, {"BACKEND": DISK_BACKEND}, media_url=None, origin=None)
    if kind != BUCKET:
        raise MediaConfigurationError(f"MEDIA_STORAGE is {DISK!r} (the default) or {BUCKET!r}, not {kind!r}.")

    def value(name: str) -> str:
        return (environ.get(name) or "").strip()

    bucket = value("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        raise MediaConfigurationError("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME, the bucket's name.")
    endpoint_url, region = value("AWS_S3_ENDPOINT_URL"), value("AWS_S3_REGION_NAME")
    custom_domain, location = value("AWS_S3_CUSTOM_DOMAIN"), value("AWS_LOCATION").strip("/")
    base = public_base_url(
        bucket=bucket, endpoint_url=endpoint_url, region=region, custom_domain=custom_domain, location=location
    )
    options: dict = {
        "bucket_name": bucket,
        "location": location,
        # Path style against an own endpoint: the URLs boto3 signs then name the same host as public_base_url.
        "addressing_style": "path" if endpoint_url else "virtual",
        # Never replace a stored file by an upload of the same name: it gets a name of its own, as on disk.
        "file_overwrite": False,
        "querystring_auth": _flag(environ.get("AWS_QUERYSTRING_AUTH"), False),
        "object_parameters": {"CacheControl": value("MEDIA_CACHE_CONTROL") or DEFAULT_CACHE_CONTROL},
        "public_base_url": base,
    }
    optional = {
        "endpoint_url": endpoint_url,
        "region_name": region,
        "custom_domain": custom_domain.strip("/"),
        "default_acl": value("AWS_DEFAULT_ACL"),
        # Without keys boto3 finds its own: an instance role, AWS_PROFILE, ~/.aws/credentials.
        "access_key": value("AWS_ACCESS_KEY_ID"),
        "secret_key": value("AWS_SECRET_ACCESS_KEY"),
    }
    options.update({name: setting for name, setting in optional.items() if setting})
    if value("AWS_QUERYSTRING_EXPIRE"):
        options["querystring_expire"] = int(value("AWS_QUERYSTRING_EXPIRE"))
    parts = urlsplit(base)
    return MediaSettings(
        BUCKET,
        {"BACKEND": BUCKET_BACKEND, "OPTIONS": options},
        media_url=base,
        origin=f"{parts.scheme}://{parts.netloc}",
    )
