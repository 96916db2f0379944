"""Keep an article's search vector in its own row, PostgreSQL only.

A search ranks the newest matches, reading each one's vector twice: to test the match and to rank
it. With the default storage PostgreSQL moved the vector (1-4 kB for a news story, which hardly
compresses) to the TOAST table whenever the row passed 2 kB, so each read was a lookup there: ranking
a common word's 200 newest matches took 1.0-1.5 ms, and 0.5-0.7 ms with the vectors in the row
(bench/RESULTS.md). With `main` storage the body and the other long columns leave the row first, so
an article page reads its body from the TOAST table; a vector still goes there when it alone would
not fit a page (about 8 kB: the devset's stories take 5-6 bytes a word, so some 1,400 words).

Storage applies to rows as they are written, so the existing vectors are written again. Setting the
column to itself would keep each one's TOAST pointer; concatenating an empty vector makes a new,
equal value, and does not fire the trigger that parses the text. 100,000 articles took 8 s.

Not atomic: changing the storage locks the table against readers too, so it commits at once, and
gives up after a few seconds rather than queue every reader behind a long transaction (run
`migrate` again). The rewrite then holds only its rows: saving an article waits for it. Both steps
may simply be run again. Reversed, only the storage setting returns: the vectors stay in their
rows until they are next written.
"""

from django.db import migrations

from newsroom.migration_operations import run_on_postgresql

IN_ROW = """
SET lock_timeout = '5s';
ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE MAIN;
RESET lock_timeout;
"""
DEFAULT = "ALTER TABLE articles_article ALTER COLUMN search_vector SET STORAGE EXTENDED"
WRITE_AGAIN = (
    "UPDATE articles_article SET search_vector = search_vector || ''::tsvector "
    "WHERE search_vector IS NOT NULL"
)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("articles", "0007_unindexed_covered_keys")]

    operations = [
        migrations.RunPython(run_on_postgresql(IN_ROW), run_on_postgresql(DEFAULT)),
        migrations.RunPython(run_on_postgresql(WRITE_AGAIN), migrations.RunPython.noop),
    ]
