# The table of Django's database cache (CACHES with DEBUG off and no REDIS_URL, nanjingweek/settings.py), so that
# `migrate` is all a release needs. It is the table `manage.py createcachetable` makes, under a fixed name:
# created whatever CACHES says while migrating (the tests migrate with the local-memory cache, and then start
# production-mode servers on the same database). Forward skips a table that createcachetable made already.
#
# No model in the migration state: the cache owns the table, not the ORM.

from django.apps.registry import Apps
from django.db import migrations, models

TABLE = "nanjingweek_cache"


def cache_entry_model():
    # The columns of django/core/management/commands/createcachetable.py, in a registry of its own.
    class CacheEntry(models.Model):
        cache_key = models.CharField(max_length=255, primary_key=True)
        value = models.TextField()
        expires = models.DateTimeField(db_index=True)

        class Meta:
            apps = Apps()
            app_label = "nanjingweek"
            db_table = TABLE

    return CacheEntry


def create_cache_table(apps, schema_editor):
    if TABLE not in schema_editor.connection.introspection.table_names():
        schema_editor.create_model(cache_entry_model())


def drop_cache_table(apps, schema_editor):
    if TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.delete_model(cache_entry_model())


class Migration(migrations.Migration):
    dependencies = [("nanjingweek", "0002_organizer_permissions")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
