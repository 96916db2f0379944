"""Keep an article's search vector in its own row, PostgreSQL only.

A search ranks the newest matches, reading each one's vector twice: to test the match and to rank
it. With the default storage PostgreSQL moved the vector (about 1 kB, which hardly compresses) to the
TOAST table whenever the row passed 2 kB, so each read was a lookup there: ranking a common word's
200 newest matches took 1.0-1.5 ms, and 0.5 ms with the vectors in the row (bench/RESULTS.md). With
`main` storage the body and the other long columns leave the row first; only the twenty results
shown read their body.

Storage applies to rows as they are written, so the existing vectors are written again (rebuilt by
concatenating an empty vector, which leaves them as they were without firing the trigger that parses
the text). 100,000 articles took 8 s. Not atomic: changing the storage locks the table against
readers too, so that commits at once, and the rewrite then holds only its rows (saving an article
waits for it). Run again after a failure, both steps simply repeat.
"""

from django.db import migrations

from newsroom.migration_operations import run_on_postgresql

STORAGE = "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE {}"
REWRITE = (
    "UPDATE articles_article SET search_vector = search_vector || ''::tsvector "
    "WHERE search_vector IS NOT NULL"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0007_unindexed_covered_keys")]

    operations = [
        migrations.RunPython(
            run_on_postgresql(STORAGE.format("MAIN")), run_on_postgresql(STORAGE.format("EXTENDED"))
        ),
        migrations.RunPython(run_on_postgresql(REWRITE), migrations.RunPython.noop),
    ]
