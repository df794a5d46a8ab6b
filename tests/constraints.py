"""Assertions about database constraints, shared by the model tests."""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction


@contextmanager
def refused_by(constraint: str):
    """The database refuses the write and names the constraint (pattern: SQLite and PostgreSQL word it differently)."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield
