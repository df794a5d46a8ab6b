"""The project's settings and gunicorn files read afresh from a given environment, without Django's settings object."""

from __future__ import annotations

import os
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def database_settings(monkeypatch, **env: str) -> dict:
    """DATABASES["default"] as settings.py makes it from this environment (read afresh, not Django's copy)."""
    for name in [name for name in os.environ if name.startswith(("DATABASE_", "DEBUG"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "nanjingweek" / "settings.py"))["DATABASES"]["default"]
