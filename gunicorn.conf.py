"""gunicorn's settings for Nanjing Week: `gunicorn -c gunicorn.conf.py nanjingweek.wsgi` (README.md, "Production").

Each value can be changed from the environment (README.md, "Configuration"); options on the command line win
over this file. The worker timeout stays above the database's own timeouts (DATABASE_CONNECT_TIMEOUT and
DATABASE_STATEMENT_TIMEOUT), so that a slow or absent database ends in the site's 503 page
(nanjingweek/availability.py) and not in a worker killed mid-request, whose visitor gets an empty reply.
"""

import multiprocessing
import os


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's own variable for the number of workers; the default is gunicorn's advice for sync workers.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
# The longest a request waits on an unanswering database is connect + statement timeout (nanjingweek/availability.py:
# 20 s with the defaults); the worker's timeout leaves room above it (30 s).
_connect, _statement = env_int("DATABASE_CONNECT_TIMEOUT", 5), env_int("DATABASE_STATEMENT_TIMEOUT", 15)
timeout = env_int("GUNICORN_TIMEOUT", 2 * _connect + _statement + 5)
# On restart or SIGTERM, a worker finishes the requests it has for this long before it is killed.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# Threads per worker; above 1, gunicorn runs its gthread worker: a thread waiting on the database leaves the worker's
# others serving, and connections are kept alive. Each thread holds its own database connection. Sync workers (1)
# confirmed more people a second in the bench's registration rush on 2 cores (README.md, "Production").
threads = env_int("GUNICORN_THREADS", 1)
# Behind a load balancer (README.md, "Running on several machines"): gunicorn believes no X-Forwarded-* header, from
# any address (its default believes 127.0.0.1's). Django alone decides, by TRUSTED_PROXY_COUNT and the settings next
# to it, so that one setting says whether the balancer is trusted, however the servers are laid out.
forwarded_allow_ips = ""

# Both logs to standard output and error, where the process manager (systemd, a container runtime) collects them.
accesslog = "-"
errorlog = "-"
# Masks attendee tokens (/<lang>/registration/…/) in every atom of the access log.
logger_class = "nanjingweek.gunicorn_logger.PrivateAccessLogger"
# The combined format plus the time taken in milliseconds.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'
