"""Settings of the bench's app servers: the site's own (nanjingweek.settings, from the same environment), with the
URLconf of nanjingweek.bench.urls, which adds the ceiling view. Used only by `./dev bench`."""

from nanjingweek.settings import *  # noqa: F403 - the site's settings, all of them

ROOT_URLCONF = "nanjingweek.bench.urls"
