"""Settings read from the environment, checked in fresh processes as an operator would start the site."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Variables the settings read: cleared so that the developer's or CI's own environment cannot leak in.
SETTINGS_VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SERVE_MEDIA",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "TRUSTED_PROXY_COUNT",
    "USE_X_FORWARDED_HOST",
    "LOG_LEVEL",
    # Set by the browser fixtures for Playwright's sake; check --deploy rightly warns about it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-tests-only-" + "x8Qz!" * 10,  # 50+ characters, many distinct ones
    "ALLOWED_HOSTS": "nanjingweek.example",
}

PRINT_SETTINGS = """
import json
import re
from django.conf import settings
database = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "ENGINE": database["ENGINE"],
    "NAME": str(database["NAME"]),
    "HOST": database.get("HOST", ""),
    "CONN_MAX_AGE": database["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": database["CONN_HEALTH_CHECKS"],
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "CACHE_BACKEND": settings.CACHES["default"]["BACKEND"],
}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE="nanjingweek.settings", PYTHONDONTWRITEBYTECODE="1", **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False
    )


def settings_with(**env: str) -> dict:
    completed = run(["-c", PRINT_SETTINGS], **env)
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_settings_default_to_debug_and_sqlite():
    values = settings_with()

    assert values["DEBUG"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(ROOT / "db.sqlite3")
    assert values["CACHE_BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_settings_database_url_selects_postgresql_with_persistent_connections():
    values = settings_with(DATABASE_URL="postgres://nanjing:secret@db.internal:5432/nanjingweek")

    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert (values["NAME"], values["HOST"]) == ("nanjingweek", "db.internal")
    assert values["CONN_MAX_AGE"] > 0
    assert values["CONN_HEALTH_CHECKS"] is True


def test_settings_database_conn_max_age_is_configurable():
    values = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1/nanjingweek", DATABASE_CONN_MAX_AGE="30")

    assert values["CONN_MAX_AGE"] == 30


def test_settings_redis_url_selects_the_redis_cache():
    values = settings_with(REDIS_URL="redis://127.0.0.1:6379/0")

    assert values["CACHE_BACKEND"] == "nanjingweek.redis_cache.RedisCache"  # Django's, keeping its clients


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, ["SECRET_KEY", "ALLOWED_HOSTS"]),
        ({"SECRET_KEY": PRODUCTION["SECRET_KEY"]}, ["ALLOWED_HOSTS"]),
        ({"ALLOWED_HOSTS": "nanjingweek.example"}, ["SECRET_KEY"]),
    ],
)
def test_settings_without_debug_refuse_to_start_without_secrets(env, missing):
    completed = run(["manage.py", "check"], DEBUG="0", **env)

    assert completed.returncode != 0
    assert "Traceback" not in completed.stderr + completed.stdout
    for name in missing:
        assert name in completed.stderr
    for name in {"SECRET_KEY", "ALLOWED_HOSTS"} - set(missing):
        assert name not in completed.stderr


def test_settings_in_production_pass_check_deploy_without_warnings():
    completed = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "System check identified no issues" in completed.stdout
    assert "WARNING" not in completed.stdout + completed.stderr


def test_settings_check_deploy_fails_on_the_development_defaults():
    # The other side of the boundary: the same check with DEBUG on must complain.
    completed = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert completed.returncode != 0
    assert "security.W018" in completed.stderr + completed.stdout  # DEBUG in deployment


def test_settings_trust_the_proxy_header_only_when_asked():
    behind_proxy = settings_with(**PRODUCTION, TRUSTED_PROXY_COUNT="1", SECURE_PROXY_SSL_HEADER="1")
    direct = settings_with(**PRODUCTION)

    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert direct["SECURE_PROXY_SSL_HEADER"] is None
    assert behind_proxy["SECURE_SSL_REDIRECT"] is direct["SECURE_SSL_REDIRECT"] is True


def test_settings_ssl_redirect_can_be_left_to_the_proxy():
    assert settings_with(**PRODUCTION, SECURE_SSL_REDIRECT="0")["SECURE_SSL_REDIRECT"] is False


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_marked_tests_run_on_postgresql_with_health_checks():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select current_setting('server_version_num')::int")
        (version,) = cursor.fetchone()

    assert connection.vendor == "postgresql"
    assert version >= 130000
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def readme_table_names(heading: str) -> set[str]:
    """Names in the first column of the tables in one README section ("pytest, pytest-django" gives two)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    cells = [line.split("|")[1] for line in section.splitlines() if line.startswith("| ")]
    names = {part.strip().strip("`").split(" ")[0].split("[")[0].lower() for cell in cells for part in cell.split(",")}
    return names - {"variable", "package", "tool"}


def test_readme_documents_every_environment_variable_the_settings_read():
    source = (ROOT / "nanjingweek" / "settings.py").read_text(encoding="utf-8")
    read = set(
        re.findall(r"""(?:env_bool|env_int|env_list|environ\.get|environ)\(?\[?["']([A-Z][A-Z0-9_]+)["']""", source)
    )
    read.add("DATABASE_URL")  # read by dj_database_url.config()

    documented = {name.upper() for name in readme_table_names("Configuration")}

    assert sorted(read - documented) == []


def test_readme_explains_every_pinned_dependency():
    pinned = set()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / requirements).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith(("#", "-r")):
                pinned.add(re.split(r"[\[=<>~ ]", line.strip(), maxsplit=1)[0].lower())
    pinned |= set(json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"])

    explained = readme_table_names("Dependencies")

    assert sorted(pinned - explained) == []
