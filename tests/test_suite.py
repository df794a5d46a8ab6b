"""The test suite's own order: tables emptied by a transactional test must not be needed afterwards."""

from tests.conftest import db_order


def test_suite_runs_tests_that_empty_tables_after_those_that_need_migration_data(request):
    kinds = [db_order(item) for item in request.session.items]

    assert kinds == sorted(kinds), [
        item.nodeid for item, kind in zip(request.session.items, kinds, strict=True) if kind == 1
    ][:5]
