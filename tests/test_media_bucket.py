"""Media in an S3-compatible bucket (MEDIA_STORAGE=s3; nanjingweek/media_storage.py, bucket_storage.py).

Against a real S3 server on this machine: moto in server mode, started once for the module on a free port, with
a bucket whose objects anyone may read (the policy an operator gives a public media bucket). Nothing is mocked
inside the process: boto3 talks HTTP to it, and the tests read the bucket and the public URLs the same way.
Each test starts with an empty bucket and an empty MEDIA_ROOT, so that a file written to the disk shows.
"""

from __future__ import annotations

import io
import json
import logging
import re
import tarfile
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.contrib.auth.models import User
from django.core.cache import caches
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage, storages
from django.core.management import call_command
from django.utils import translation
from django.utils.functional import empty
from moto.server import ThreadedMotoServer
from PIL import Image

from nanjingweek import backups, renditions
from nanjingweek.bucket_storage import BucketStorage
from nanjingweek.media_storage import MediaConfigurationError, media_settings, public_base_url
from partners.models import Organization
from tests.factories import make_event, make_event_photo, make_organization
from tests.test_images import REFUSED, admin_errors, noise_jpeg, phone_exif, picture, post_organization, upload

BUCKET = "nanjingweek-media"
README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def s3_endpoint():
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one access-log line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = s3_client(endpoint)
    client.create_bucket(Bucket=BUCKET)
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    yield endpoint
    server.stop()


def s3_client(endpoint: str):
    return boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )


def bucket_environment(endpoint: str, **extra: str) -> dict[str, str]:
    """The variables an operator sets (README.md, "Configuration")."""
    return {
        "MEDIA_STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test",
        "AWS_SECRET_ACCESS_KEY": "test",
        **extra,
    }


class Bucket:
    def __init__(self, endpoint: str, base_url: str):
        self.client = s3_client(endpoint)
        self.base_url = base_url

    def keys(self) -> list[str]:
        return sorted(item["Key"] for item in self.client.list_objects_v2(Bucket=BUCKET).get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=BUCKET, Key=key)["Body"].read()

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=BUCKET, Key=key)

    def empty(self) -> None:
        for key in self.keys():
            self.client.delete_object(Bucket=BUCKET, Key=key)


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, db):
    """The site's media in the bucket, as MEDIA_STORAGE=s3 configures it; MEDIA_ROOT an empty folder to watch."""
    media = media_settings(bucket_environment(s3_endpoint))
    settings.STORAGES = {**settings.STORAGES, "default": media.storage}
    settings.MEDIA_URL = media.media_url
    settings.MEDIA_STORAGE = media.kind
    settings.MEDIA_ROOT = tmp_path / "media"
    renditions.connect_rendition_signals()
    store = Bucket(s3_endpoint, media.media_url)
    store.empty()
    with translation.override("en"):
        yield store
    store.empty()


def files_on_disk(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def image_of(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image


@pytest.fixture
def organizer_client(client, db):
    client.force_login(User.objects.create_superuser("chief", "chief@nanjingweek.example", "correct horse"))
    return client


# --- Uploads through the admin -----------------------------------------------------------------------------


def test_admin_upload_lands_in_the_bucket_upright_and_without_location(organizer_client, parse_html, bucket, settings):
    # A phone held upright writes 1400 × 700 and "turn it 90°", with its make and GPS position.
    photo = picture(size=(1400, 700), image_format="JPEG", exif=phone_exif(orientation=6))

    response = post_organization(organizer_client, parse_html, upload("seal.jpg", photo), logo_alt_en="A seal")

    assert response.status_code == 302, admin_errors(parse_html, response)
    organization = Organization.objects.get()
    assert (organization.logo.name, organization.logo_width, organization.logo_height) == ("logos/seal.jpg", 700, 1400)
    assert bucket.keys() == [
        "logos/seal.jpg",
        "renditions/logos/seal.jpg-320w.webp",
        "renditions/logos/seal.jpg-640w.webp",
    ]
    assert files_on_disk(settings.MEDIA_ROOT) == []
    original = bucket.read("logos/seal.jpg")
    assert b"PhoneMaker" not in original
    with image_of(original) as stored:
        assert (stored.format, stored.size, dict(stored.getexif())) == ("JPEG", (700, 1400), {})
    for width, height in ((320, 640), (640, 1280)):
        key = f"renditions/logos/seal.jpg-{width}w.webp"
        with image_of(bucket.read(key)) as rendition:
            assert (rendition.format, rendition.size, dict(rendition.getexif())) == ("WEBP", (width, height), {})
        head = bucket.head(key)
        assert (head["ContentType"], head["CacheControl"]) == ("image/webp", "public, max-age=86400")


def organization_form_errors(client, parse_html, file) -> list[str]:
    response = post_organization(client, parse_html, file, logo_alt_en="A seal")
    assert response.status_code == 200
    return admin_errors(parse_html, response)


@pytest.mark.parametrize(
    ("kind", "limits", "make_file", "message"),
    [
        (
            "too many bytes",
            {"IMAGE_MAX_BYTES": 2000},
            lambda: upload("seal.jpg", noise_jpeg()),
            "the largest accepted is 2.0",
        ),
        (
            "too many pixels",
            {"IMAGE_MAX_PIXELS": 1_000_000},
            lambda: upload("seal.png", picture((1001, 1000)), "image/png"),
            "1001 × 1000 pixels",
        ),
        ("not an image", {}, REFUSED["text renamed .jpg"][0], REFUSED["text renamed .jpg"][1]),
    ],
)
def test_admin_upload_refused_as_on_disk_and_nothing_reaches_the_bucket(
    organizer_client, parse_html, bucket, settings, kind, limits, make_file, message
):
    for name, value in limits.items():
        setattr(settings, name, value)

    sent = make_file()
    same = upload(sent.name, sent.read(), sent.content_type)
    sent.seek(0)

    in_bucket = organization_form_errors(organizer_client, parse_html, sent)
    assert bucket.keys() == []
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    on_disk = organization_form_errors(organizer_client, parse_html, same)

    assert in_bucket == on_disk
    assert any(message in error for error in in_bucket), in_bucket
    assert Organization.objects.count() == 0
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_upload_under_a_taken_name_gets_a_name_of_its_own(bucket):
    first = make_organization(logo=upload("seal.png", picture(color=(200, 0, 0)), "image/png"), logo_alt_en="Red")
    second = make_organization(logo=upload("seal.png", picture(color=(0, 0, 200)), "image/png"), logo_alt_en="Blue")

    assert first.logo.name == "logos/seal.png"
    assert second.logo.name != first.logo.name
    with image_of(bucket.read(first.logo.name)) as stored:
        assert stored.getpixel((0, 0)) == (200, 0, 0)  # a URL once published never shows other bytes


# --- Pages link the bucket ---------------------------------------------------------------------------------


def img_sources(html: str) -> list[str]:
    urls = re.findall(r'<img [^>]*?src="([^"]+)"', html)
    for srcset in re.findall(r'<img [^>]*?srcset="([^"]+)"', html):
        urls += [candidate.strip().split(" ")[0] for candidate in srcset.split(",")]
    return urls


def test_event_page_srcset_points_at_the_bucket_and_stays_the_same(client, bucket):
    event = make_event(image=upload("wall.png", picture((1400, 700)), "image/png"), image_alt_en="The city wall")
    make_event_photo(event=event, image=upload("forum.png", picture((700, 500)), "image/png"))

    first = client.get(event.get_absolute_url())
    # As another server would render it: no cached page, a storage of its own.
    caches["pages"].clear()
    storages._storages.clear()
    default_storage._wrapped = empty
    second = client.get(event.get_absolute_url())

    assert first.status_code == second.status_code == 200
    urls = img_sources(first.content.decode())
    assert img_sources(second.content.decode()) == urls
    expected = {
        "events/wall.png",
        "renditions/events/wall.png-320w.webp",
        "renditions/events/wall.png-640w.webp",
        "renditions/events/wall.png-1280w.webp",
        "events/photos/forum.png",
        "renditions/events/photos/forum.png-320w.webp",
        "renditions/events/photos/forum.png-640w.webp",
    }
    media_urls = {url for url in urls if not url.startswith("/static/")}
    assert {url.removeprefix(bucket.base_url) for url in media_urls} == expected
    for url in media_urls:
        assert "?" not in url  # no signature, no expiry
        with urllib.request.urlopen(url, timeout=5) as answer:  # served by the bucket itself, without credentials
            assert answer.status == 200
            assert answer.headers["Content-Type"] in {"image/png", "image/webp"}
            assert image_of(answer.read()).width > 0


# --- Renditions kept in step -----------------------------------------------------------------------------------


def test_regenerate_renditions_against_the_bucket(bucket):
    organization = make_organization(logo=upload("seal.png", picture((800, 400)), "image/png"), logo_alt_en="Seal")
    narrow, wide = (renditions.rendition_name(organization.logo.name, width) for width in (320, 640))
    bucket.client.delete_object(Bucket=BUCKET, Key=narrow)
    bucket.client.put_object(Bucket=BUCKET, Key=wide, Body=b"stale")
    output = io.StringIO()

    call_command("regenerate_renditions", stdout=output)
    with image_of(bucket.read(narrow)) as rendition:
        assert rendition.size == (320, 160)
    assert bucket.read(wide) == b"stale"  # present, so left alone without --force

    call_command("regenerate_renditions", "--force", stdout=output)
    with image_of(bucket.read(wide)) as rendition:
        assert rendition.size == (640, 320)
    assert output.getvalue().splitlines() == [
        "1 image checked, 1 rendition written, 0 could not be read.",
        "1 image checked, 2 renditions written, 0 could not be read.",
    ]
    assert bucket.keys() == ["logos/seal.png", narrow, wide]


def test_deleting_an_image_removes_its_renditions_from_the_bucket(bucket, django_capture_on_commit_callbacks):
    organization = make_organization(logo=upload("seal.png", picture((800, 400)), "image/png"), logo_alt_en="Seal")
    photo = make_event_photo(image=upload("forum.png", picture((700, 500)), "image/png"))

    with django_capture_on_commit_callbacks(execute=True):
        organization.logo = upload("gate.png", picture((400, 300)), "image/png")
        organization.save()
    assert bucket.keys() == [
        "events/photos/forum.png",
        "logos/gate.png",
        "logos/seal.png",  # originals are not deleted, on disk neither
        "renditions/events/photos/forum.png-320w.webp",
        "renditions/events/photos/forum.png-640w.webp",
        "renditions/logos/gate.png-320w.webp",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        organization.delete()
        photo.delete()
    assert bucket.keys() == ["events/photos/forum.png", "logos/gate.png", "logos/seal.png"]


# --- Configuration --------------------------------------------------------------------------------------------


def test_disk_is_the_default():
    media = media_settings({})

    assert (media.kind, media.storage, media.media_url, media.origin) == (
        "disk",
        {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        None,
        None,
    )


def test_urls_behind_a_cdn_are_plain_and_computed_without_the_bucket():
    # An endpoint nobody answers on: computing URLs must not need the bucket.
    environment = bucket_environment(
        "http://127.0.0.1:9", AWS_S3_CUSTOM_DOMAIN="media.nanjingweek.example", AWS_LOCATION="site/"
    )
    media = media_settings(environment)
    one, other = (BucketStorage(**media.storage["OPTIONS"]) for _server in range(2))

    url = one.url("renditions/events/city wall.jpg-320w.webp")

    assert url == "https://media.nanjingweek.example/site/renditions/events/city%20wall.jpg-320w.webp"
    assert other.url("renditions/events/city wall.jpg-320w.webp") == url
    assert (media.media_url, media.origin) == (
        "https://media.nanjingweek.example/site/",
        "https://media.nanjingweek.example",
    )
    with pytest.raises(SuspiciousOperation):
        one.url("../../elsewhere.jpg")


def test_signed_urls_only_when_asked_for(s3_endpoint):
    media = media_settings(bucket_environment(s3_endpoint, AWS_QUERYSTRING_AUTH="1", AWS_QUERYSTRING_EXPIRE="600"))

    url = BucketStorage(**media.storage["OPTIONS"]).url("logos/seal.png")

    assert url.startswith(f"{s3_endpoint}/{BUCKET}/logos/seal.png?")
    assert "Signature=" in url and "Expires=" in url


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({"MEDIA_STORAGE": "bucket"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3"}, "AWS_STORAGE_BUCKET_NAME"),
        ({"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_ENDPOINT_URL": "s3.internal"}, "http"),
        (
            {"MEDIA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "https://cdn.example"},
            "without https://",
        ),
    ],
)
def test_wrong_configuration_is_named(environment, words):
    with pytest.raises(MediaConfigurationError, match=re.escape(words)):
        media_settings(environment)


def test_aws_urls_name_the_bucket_and_region():
    assert public_base_url(bucket=BUCKET, region="eu-central-1") == f"https://{BUCKET}.s3.eu-central-1.amazonaws.com/"


def test_readme_documents_every_media_variable():
    source = (Path(__file__).resolve().parents[1] / "nanjingweek" / "media_storage.py").read_text(encoding="utf-8")
    read = set(re.findall(r"""(?:environ\.get|value)\(\s*["']([A-Z][A-Z0-9_]+)["']""", source))
    configuration = README.read_text(encoding="utf-8").split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in configuration.splitlines() if line.startswith("| ")]
    documented = {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}

    assert "AWS_STORAGE_BUCKET_NAME" in read
    assert sorted(read - documented) == []


# --- Backups --------------------------------------------------------------------------------------------------


def test_backup_with_media_in_a_bucket_holds_the_database_and_names_the_bucket(bucket, tmp_path):
    # backup() passes no media folder when the media live in a bucket (the SQLite copy itself is tested in
    # tests/test_backups.py; inside this test's transaction the in-memory database cannot be copied).
    make_organization(logo=upload("seal.png", picture((800, 400)), "image/png"), logo_alt_en="Seal")
    dump = tmp_path / "database.sqlite3"
    dump.write_bytes(b"a database")
    manifest = {"database": {"member": "database.sqlite3"}}

    assert backups.media_bucket() == BUCKET
    backups.write_archive(tmp_path / "backup.tar", manifest, dump=dump, media_root=None)

    assert manifest["media"] == {"files": 0, "bytes": 0, "bucket": BUCKET}
    with tarfile.open(tmp_path / "backup.tar") as archive:
        assert archive.getnames() == ["database.sqlite3", "manifest.json"]
    assert "logos/seal.png" in bucket.keys()  # left where it is
