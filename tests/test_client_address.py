"""The client's address behind a load balancer (nanjingweek/client_address.py): X-Forwarded-For counts only when
TRUSTED_PROXY_COUNT says a balancer stands in front, and then only the entries the balancer wrote. The same through
a real HAProxy: tests/test_cluster.py."""

import pytest
from django.test import RequestFactory, override_settings

from nanjingweek.client_address import client_address
from nanjingweek.ratelimit import is_rate_limited
from tests.test_settings import PRODUCTION, run

START = 1_800_000_000.0  # the start of a minute


def request(forwarded=None, peer="10.0.0.2"):
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return RequestFactory().post("/", REMOTE_ADDR=peer, **headers)


@pytest.mark.parametrize(
    ("trusted", "forwarded", "address"),
    [
        (0, None, "10.0.0.2"),
        (0, "198.51.100.7", "10.0.0.2"),  # no balancer trusted: the header is anybody's
        (1, None, "10.0.0.2"),  # past the balancer, straight to the app server
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.1, 198.51.100.7", "198.51.100.7"),  # the client wrote the first, the balancer the last
        (2, "203.0.113.1, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # a CDN, then the balancer
        (2, "198.51.100.7", "198.51.100.7"),  # fewer entries than proxies: the farthest known
        (1, "203.0.113.1, not-an-address", "10.0.0.2"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address_believes_only_the_trusted_proxies_entries(trusted, forwarded, address):
    with override_settings(TRUSTED_PROXY_COUNT=trusted):
        assert client_address(request(forwarded)) == address


@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}})
@pytest.mark.parametrize("trusted", [0, 1])
def test_a_forged_forwarded_for_does_not_change_the_rate_limit_key(trusted):
    # Each request forges another address in front; the balancer (when trusted) appended the real one, 198.51.100.7.
    with override_settings(TRUSTED_PROXY_COUNT=trusted):
        limited = [
            is_rate_limited(request(f"203.0.113.{number}, 198.51.100.7"), scope="forged", rate="3/m", now=START)
            for number in range(5)
        ]
        other_client = is_rate_limited(request("198.51.100.8"), scope="forged", rate="3/m", now=START)

    assert limited == [False] * 3 + [True] * 2
    # Trusted, the balancer's entry is the client: another one has a counter of its own. Untrusted, every request
    # is the peer's (here the balancer's) and counts against the same one.
    assert other_client is (trusted == 0)


def test_login_lockout_counts_the_same_address(settings):
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXY_COUNT = 1
    assert get_client_ip_address(request("203.0.113.1, 198.51.100.7")) == "198.51.100.7"
    settings.TRUSTED_PROXY_COUNT = 0
    assert get_client_ip_address(request("203.0.113.1, 198.51.100.7")) == "10.0.0.2"


PRINT_PROXY_SETTINGS = """
import json
from django.conf import settings
print(json.dumps([settings.TRUSTED_PROXY_COUNT, settings.SECURE_PROXY_SSL_HEADER, settings.USE_X_FORWARDED_HOST]))
"""


def test_settings_trust_the_balancers_headers_only_with_a_trusted_proxy_count():
    import json

    def proxy_settings(**env):
        completed = run(["-c", PRINT_PROXY_SETTINGS], **PRODUCTION, **env)
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout.strip().splitlines()[-1])

    assert proxy_settings() == [0, None, False]
    assert proxy_settings(TRUSTED_PROXY_COUNT="1") == [1, None, False]
    assert proxy_settings(TRUSTED_PROXY_COUNT="1", SECURE_PROXY_SSL_HEADER="1", USE_X_FORWARDED_HOST="1") == [
        1,
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
    ]
    refused = run(["-c", PRINT_PROXY_SETTINGS], **PRODUCTION, USE_X_FORWARDED_HOST="1")
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
    assert "USE_X_FORWARDED_HOST" in refused.stderr and "TRUSTED_PROXY_COUNT" in refused.stderr


def test_gunicorn_believes_no_forwarded_header_itself():
    import runpy

    from tests.gunicorn_server import ROOT

    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == ""


def test_check_deploy_passes_behind_a_trusted_balancer():
    completed = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        TRUSTED_PROXY_COUNT="1",
        SECURE_PROXY_SSL_HEADER="1",
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
