"""What the project's migrations share: SQL that only PostgreSQL runs (triggers, GIN and trigram
indexes, extensions), a no-op on SQLite, where the fallbacks need none of it.

Migrations import this, so it stays as it is: a change here changes every migration that uses it.
"""


def run_on_postgresql(sql):
    """A RunPython function that executes `sql` on PostgreSQL and does nothing elsewhere."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation
