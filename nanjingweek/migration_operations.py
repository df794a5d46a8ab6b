"""Migration operations that keep the registration tables writable while the old release still serves."""

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddIndex, AlterField


class AddIndexWithoutLocking(AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, so writes go on while the index is built; plain elsewhere.

    SQLite (the demo and the tests) has no CONCURRENTLY and no concurrent writers worth sparing. A migration using
    this must say `atomic = False`: PostgreSQL cannot build an index concurrently inside a transaction.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveForeignKeyIndexWithoutLocking(AlterField):
    """AlterField for a foreign key whose only change is db_index=True -> False, without locking on PostgreSQL.

    Django's own AlterField drops the foreign key constraint and adds it again, and adding it checks every row
    while writes to both tables wait. Here only the field's index goes, with DROP INDEX CONCURRENTLY; elsewhere
    (SQLite) the plain AlterField runs. A migration using this must say `atomic = False`.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        index = self._index_name(schema_editor, to_state, app_label)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {index}")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        self._ensure_not_in_transaction(schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        column = schema_editor.quote_name(model._meta.get_field(self.name).column)
        table = schema_editor.quote_name(model._meta.db_table)
        index = self._index_name(schema_editor, to_state, app_label)
        schema_editor.execute(f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {index} ON {table} ({column})")

    def _index_name(self, schema_editor, state, app_label) -> str:
        # The name Django gave the index of a db_index=True field (BaseDatabaseSchemaEditor._create_index_sql).
        model = state.apps.get_model(app_label, self.model_name)
        column = model._meta.get_field(self.name).column
        return schema_editor.quote_name(schema_editor._create_index_name(model._meta.db_table, [column], suffix=""))

    def _ensure_not_in_transaction(self, schema_editor):
        AddIndexConcurrently._ensure_not_in_transaction(self, schema_editor)
