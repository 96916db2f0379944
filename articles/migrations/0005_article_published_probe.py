"""An index that answers "is this article public?" for an article id alone (PostgreSQL only).

Many reader queries reach an article by its id and ask only whether it is published and when: a
person's appearances, quotes, the people index's probe per person. With the status and publication
time in the index, that is an index-only probe instead of a read of the article's row: at 100,000
articles, page 200 of the people index and a count of the most-quoted person's stories cost about half.
SQLite has no covering indexes; it keeps reading the row.
"""

from django.db import migrations

from newsroom.migration_operations import run_on_postgresql

FORWARD = "CREATE INDEX article_published_probe ON articles_article (id) INCLUDE (status, published_at)"
BACKWARD = "DROP INDEX IF EXISTS article_published_probe"


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_archive_scale_indexes")]

    operations = [migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD))]
