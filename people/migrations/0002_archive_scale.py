"""The people index and "stories featuring" at archive scale (100,000 articles, 38,670 people).

- People in name order from an index, the primary key last so pages start from a keyset.
- On PostgreSQL, trigram indexes for the index's search (`PersonQuerySet.matching`: a word anywhere in
  a name, title or aliases, as Django spells `icontains`), so it reads the few people matching.
- `Appearance`: who is mentioned or quoted in which article, filled here from the mentions and quotes
  already written (one row per person and article).
"""

import django.db.models.deletion
from django.db import migrations, models

from newsroom.migration_operations import run_on_postgresql

FILL = """
INSERT INTO people_appearance (article_id, person_id)
SELECT article_id, person_id FROM articles_article_people
UNION
SELECT article_id, speaker_id FROM articles_quote WHERE speaker_id IS NOT NULL
"""

TRIGRAMS = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX person_name_trigrams ON people_person USING gin (UPPER(name::text) gin_trgm_ops);
CREATE INDEX person_title_trigrams ON people_person USING gin (UPPER(title::text) gin_trgm_ops);
CREATE INDEX person_aliases_trigrams ON people_person USING gin (UPPER(aliases::text) gin_trgm_ops);
"""

NO_TRIGRAMS = """
DROP INDEX IF EXISTS person_name_trigrams;
DROP INDEX IF EXISTS person_title_trigrams;
DROP INDEX IF EXISTS person_aliases_trigrams;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_archive_scale_indexes"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="person",
            options={"ordering": ["name", "pk"], "verbose_name_plural": "people"},
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name", "id"], name="person_name"),
        ),
        migrations.RunPython(run_on_postgresql(TRIGRAMS), run_on_postgresql(NO_TRIGRAMS)),
        migrations.CreateModel(
            name="Appearance",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "article",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appearances",
                        to="articles.article",
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="appearances",
                        to="people.person",
                    ),
                ),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(fields=["article", "person"], name="appearance_article_person"),
        ),
        migrations.AddConstraint(
            model_name="appearance",
            constraint=models.UniqueConstraint(fields=("person", "article"), name="appearance_unique"),
        ),
    ]
