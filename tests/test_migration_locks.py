"""Migrations run while the old release still serves (README.md, "Database"): none may lock the registration
tables for longer than a moment. Every migration of every app is turned into its PostgreSQL SQL, as `sqlmigrate`
shows it, and statements that block writers for the length of a table scan or rewrite are refused."""

import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState

# Tables that registrations (and check-in at the door) write to during the week.
REGISTRATION_TABLES = {
    "events_registration",
    "events_event",
    "events_delegation",
    "events_registrationchange",
    "events_notification",
}

# Lock-heavy statements and why. A new table is exempt: nobody writes to it yet.
LOCK_HEAVY = {
    r"^CREATE (UNIQUE )?INDEX (?!CONCURRENTLY)": "builds an index while blocking writes: use AddIndexWithoutLocking",
    r'ALTER COLUMN "\w+" (SET DATA )?TYPE': "changing a column's type rewrites the table under an exclusive lock",
    r'ALTER COLUMN "\w+" SET NOT NULL': "scans the whole table under an exclusive lock: add a CHECK NOT VALID first",
    r"ADD COLUMN .* DEFAULT \(*[A-Za-z_]+\(": "a volatile default (a function call) rewrites the table",
    r"ADD CONSTRAINT (?!.* NOT VALID)": "validates every row under a lock: add it NOT VALID, then VALIDATE",
    r"ADD COLUMN .* REFERENCES": "checks every row for the foreign key under a lock: use AddForeignKeyWithoutLocking",
    r"^(VACUUM FULL|CLUSTER)\b": "rewrites the table under an exclusive lock",
}

# Known lock-heavy migrations, each with the tables it may lock. Do not add to this list: write a migration that
# does not lock (nanjingweek/migration_operations.py), or split the change into steps that do not.
ALLOWED = {
    # Initial: events_event was made in 0001 and had no rows yet when 0002 added its indexes and constraints.
    ("events", "0002_initial"): {"events_event"},
}

TABLE_OF_STATEMENT = re.compile(r'^(?:ALTER TABLE|CREATE (?:UNIQUE )?INDEX (?:CONCURRENTLY )?"\w+" ON) "(\w+)"')


def statements_per_migration():
    """(app, name, [SQL statements]) for every migration, forwards from an empty database, as sqlmigrate makes them."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    state = ProjectState(real_apps=executor.loader.unmigrated_apps)
    for migration, _backwards in plan:
        with connection.schema_editor(collect_sql=True, atomic=migration.atomic) as schema_editor:
            state = migration.apply(state, schema_editor, collect_sql=True)
        yield migration.app_label, migration.name, list(schema_editor.collected_sql)


def lock_heavy_statements(statements: list[str]) -> list[tuple[str, str, str]]:
    """(table, statement, reason) for each statement that locks an existing registration table for long."""
    created = {match.group(1) for sql in statements if (match := re.match(r'CREATE TABLE "(\w+)"', sql))}
    found = []
    for sql in statements:
        table = TABLE_OF_STATEMENT.match(sql)
        if not table or table.group(1) not in REGISTRATION_TABLES or table.group(1) in created:
            continue
        for pattern, reason in LOCK_HEAVY.items():
            if re.search(pattern, sql):
                found.append((table.group(1), sql, reason))
    return found


def test_the_lint_catches_what_it_is_meant_to_catch():
    # The patterns themselves, on statements as Django's PostgreSQL schema editor writes them.
    heavy = [
        'CREATE INDEX "x" ON "events_registration" ("email");',
        'ALTER TABLE "events_registration" ALTER COLUMN "email" TYPE varchar(400);',
        'ALTER TABLE "events_event" ALTER COLUMN "seats" SET NOT NULL;',
        'ALTER TABLE "events_registration" ADD COLUMN "at" timestamp with time zone DEFAULT (STATEMENT_TIMESTAMP());',
        'ALTER TABLE "events_registration" ADD CONSTRAINT "seats" CHECK ("seats" > 0);',
        'ALTER TABLE "events_registration" ADD COLUMN "d_id" bigint NULL CONSTRAINT "d" REFERENCES "d"("id");',
    ]
    light = [
        'CREATE INDEX CONCURRENTLY "x" ON "events_registration" ("email");',
        'ALTER TABLE "events_registration" ADD COLUMN "note" text DEFAULT \'\' NOT NULL;',
        'ALTER TABLE "events_event" ADD COLUMN "size" smallint DEFAULT 20 NOT NULL CHECK ("size" >= 0);',
        'ALTER TABLE "events_registration" ADD CONSTRAINT "seats" CHECK ("seats" > 0) NOT VALID;',
        'ALTER TABLE "events_registration" ADD CONSTRAINT "d" FOREIGN KEY ("d_id") REFERENCES "d" ("id") NOT VALID;',
        'ALTER TABLE "events_registration" VALIDATE CONSTRAINT "seats";',
        'ALTER TABLE "events_registration" ALTER COLUMN "delegation_id" DROP NOT NULL;',
        'CREATE INDEX "x" ON "partners_partner" ("name");',
    ]
    new_table = ['CREATE TABLE "events_registration" ("id" bigint);', heavy[0]]

    assert [len(lock_heavy_statements([sql])) for sql in heavy] == [1, 1, 1, 1, 1, 1]
    assert lock_heavy_statements(light) == []
    assert lock_heavy_statements(new_table) == []


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)  # as `migrate` does: CONCURRENTLY refuses to run in a transaction
def test_no_migration_locks_the_registration_tables_for_long():
    migrations = list(statements_per_migration())
    offending = {
        f"{app}.{name}: {reason}\n    {sql}"
        for app, name, statements in migrations
        for table, sql, reason in lock_heavy_statements(statements)
        if table not in ALLOWED.get((app, name), set())
    }

    assert ("events", "0010_registration_seats_index") in {(app, name) for app, name, _ in migrations}
    assert not offending, "\n".join(sorted(offending))
