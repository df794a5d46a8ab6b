"""Migration operations that keep the registration tables writable while the old release still serves."""

import copy

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db.migrations.operations import AddConstraint, AddField, AddIndex, AlterField, RemoveConstraint
from django.db.migrations.operations.base import Operation
from django.db.models import CheckConstraint, UniqueConstraint


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


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


def _model_changed_outside_a_transaction(operation, app_label, schema_editor, to_state):
    """The model `operation` changes, once it is sure no transaction holds its locks (the migration says `atomic =
    False`); None where the database router keeps the model elsewhere."""
    AddIndexConcurrently._ensure_not_in_transaction(operation, schema_editor)
    model = to_state.apps.get_model(app_label, operation.model_name)
    return model if operation.allow_migrate_model(schema_editor.connection.alias, model) else None


def _not_valid(statement):
    """The same ALTER TABLE … ADD CONSTRAINT, added NOT VALID: existing rows are checked later, by VALIDATE."""
    statement.template += " NOT VALID"
    return statement


def _validate(schema_editor, model, quoted_name: str) -> None:
    # VALIDATE takes a SHARE UPDATE EXCLUSIVE lock: the scan runs while rows are inserted and updated.
    table = schema_editor.quote_name(model._meta.db_table)
    schema_editor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {quoted_name}")


def _is_unique_index(constraint, statement) -> bool:
    # A unique constraint with a condition or expressions: Django makes it a CREATE UNIQUE INDEX, not ADD CONSTRAINT.
    return isinstance(constraint, UniqueConstraint) and statement.template.startswith("CREATE UNIQUE INDEX ")


def _unique_index_concurrently(statement):
    """The same CREATE UNIQUE INDEX, CONCURRENTLY."""
    statement.template = statement.template.replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX CONCURRENTLY ", 1)
    return statement


class AddConstraintWithoutLocking(AddConstraint):
    """AddConstraint that keeps the table writable on PostgreSQL; the stock one elsewhere (SQLite).

    A CHECK constraint is added NOT VALID (a moment's lock) and then validated while writes go on. A unique
    constraint with a condition or expressions, which PostgreSQL keeps as a unique index, is built CONCURRENTLY.
    A migration using this must say `atomic = False`: in one transaction the brief lock of ADD CONSTRAINT would be
    held until the end of the migration, and CONCURRENTLY cannot run in a transaction at all.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = _model_changed_outside_a_transaction(self, app_label, schema_editor, to_state)
        if model is None:
            return
        statement = self.constraint.create_sql(model, schema_editor)
        if isinstance(self.constraint, CheckConstraint):
            schema_editor.execute(_not_valid(statement))
            _validate(schema_editor, model, schema_editor.quote_name(self.constraint.name))
        elif _is_unique_index(self.constraint, statement):
            schema_editor.execute(_unique_index_concurrently(statement))
        else:
            # A plain UNIQUE (columns) constraint would need CREATE UNIQUE INDEX CONCURRENTLY and ADD CONSTRAINT …
            # USING INDEX; no migration needs that yet.
            raise NotImplementedError(f"{type(self.constraint).__name__} {self.constraint.name} without locking")


class ReplaceIndexConstraintWithoutLocking(Operation):
    """A unique constraint that is an index (a condition, expressions) replaced by a new definition of the same name.

    Django's RemoveConstraint + AddConstraint drop the old index and build the new one, each under a lock that blocks
    writes, and between the two nothing is unique. On PostgreSQL this builds the new index CONCURRENTLY under a
    temporary name, drops the old one CONCURRENTLY and renames the new one: uniqueness holds throughout and writes
    go on. Elsewhere (SQLite) the stock operations run. The migration state is that of RemoveConstraint followed by
    AddConstraint. A migration using this must say `atomic = False`.
    """

    reversible = True

    def __init__(self, model_name: str, constraint):
        self.model_name = model_name
        self.constraint = constraint

    def deconstruct(self):
        return self.__class__.__name__, [], {"model_name": self.model_name, "constraint": self.constraint}

    def _stock_operations(self):
        return [
            RemoveConstraint(self.model_name, self.constraint.name),
            AddConstraint(self.model_name, self.constraint),
        ]

    def state_forwards(self, app_label, state):
        for operation in self._stock_operations():
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._replace(app_label, schema_editor, from_state, to_state, forwards=True)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._replace(app_label, schema_editor, from_state, to_state, forwards=False)

    def _replace(self, app_label, schema_editor, from_state, to_state, forwards: bool):
        if not _on_postgresql(schema_editor):
            operations = self._stock_operations()
            if forwards:
                middle = from_state.clone()
                operations[0].state_forwards(app_label, middle)
                operations[0].database_forwards(app_label, schema_editor, from_state, middle)
                operations[1].database_forwards(app_label, schema_editor, middle, to_state)
            else:
                middle = to_state.clone()
                operations[0].state_forwards(app_label, middle)
                operations[1].database_backwards(app_label, schema_editor, from_state, middle)
                operations[0].database_backwards(app_label, schema_editor, middle, to_state)
            return
        model = _model_changed_outside_a_transaction(self, app_label, schema_editor, to_state)
        if model is None:
            return
        # The definition wanted once this step is done, forwards or backwards.
        wanted = next(c for c in model._meta.constraints if c.name == self.constraint.name)
        name = schema_editor.quote_name(wanted.name)
        temporary = schema_editor.quote_name(f"{wanted.name[:50]}_new")
        statement = wanted.create_sql(model, schema_editor)
        if not _is_unique_index(wanted, statement):
            # Only a unique index can be built beside the old one and swapped in by renames; anything else would
            # need its own lock-free path, which no migration needs yet. Refused, not run the locking way.
            raise NotImplementedError(f"{wanted.name} is not a unique index: replacing it without locking")
        statement = _unique_index_concurrently(statement)
        statement.parts["name"] = temporary
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {temporary}")  # left INVALID by a failed build
        schema_editor.execute(statement)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        # Renaming an index takes only a SHARE UPDATE EXCLUSIVE lock (PostgreSQL 12+): writes go on.
        schema_editor.execute(f"ALTER INDEX {temporary} RENAME TO {name}")

    def describe(self):
        return f"Replace constraint {self.constraint.name} on model {self.model_name} without locking"

    @property
    def migration_name_fragment(self):
        return f"replace_{self.model_name.lower()}_{self.constraint.name.lower()}"


class AddForeignKeyWithoutLocking(AddField):
    """AddField for a nullable foreign key on a table in use, without locking it on PostgreSQL.

    Django's AddField adds the column with its foreign key at once, which checks every row under an exclusive lock,
    and then builds the column's index the locking way. Here the column is added bare (a moment's lock), the foreign
    key NOT VALID and then validated while writes go on, and the index built CONCURRENTLY, under the names Django
    gives them, so the schema is the same. Elsewhere (SQLite) the stock AddField runs. A migration using this must
    say `atomic = False`.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = _model_changed_outside_a_transaction(self, app_label, schema_editor, to_state)
        if model is None:
            return
        field = model._meta.get_field(self.name)
        if not (field.null and field.remote_field and field.db_constraint):
            raise ValueError(f"{self.model_name}.{self.name} is not a nullable foreign key")
        bare = copy.copy(field)
        bare.db_constraint = False
        bare.db_index = False
        schema_editor.add_field(model, bare)
        foreign_key = schema_editor._create_fk_sql(model, field, "_fk_%(to_table)s_%(to_column)s")
        schema_editor.execute(_not_valid(foreign_key))
        _validate(schema_editor, model, str(foreign_key.parts["name"]))
        if field.db_index:
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field], concurrently=True))


class AllowNullWithoutLocking(AlterField):
    """AlterField whose only change is null=False -> True, without locking on PostgreSQL; the stock one elsewhere.

    For a foreign key Django's AlterField drops the constraint and adds it again, which checks every row while writes
    to both tables wait. DROP NOT NULL alone needs a moment's lock and no scan. Backwards, SET NOT NULL would scan
    the table under an exclusive lock, unless a validated CHECK (column IS NOT NULL) already proves it (PostgreSQL
    12+): so that check is added NOT VALID, validated while writes go on, and dropped once the column is NOT NULL.
    A migration using this must say `atomic = False`.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        table, column = self._table_and_column(app_label, schema_editor, to_state, null=True)
        if table:
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL")

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if not _on_postgresql(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        table, column = self._table_and_column(app_label, schema_editor, to_state, null=False)
        if not table:
            return
        AddIndexConcurrently._ensure_not_in_transaction(self, schema_editor)
        model = to_state.apps.get_model(app_label, self.model_name)
        field = model._meta.get_field(self.name)
        check = schema_editor.quote_name(
            schema_editor._create_index_name(model._meta.db_table, [field.column], suffix="_not_null")
        )
        schema_editor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID")
        _validate(schema_editor, model, check)
        schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET NOT NULL")
        schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {check}")

    def _table_and_column(self, app_label, schema_editor, state, null: bool):
        """The quoted table and column, once it is checked that the field in `state` has this `null`."""
        model = state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return None, None
        field = model._meta.get_field(self.name)
        if field.null is not null:
            raise ValueError(f"{self.model_name}.{self.name}: only null=False -> True is altered without locking")
        return schema_editor.quote_name(model._meta.db_table), schema_editor.quote_name(field.column)
