"""Bylines become appearances too (`Appearance.byline`), filled from the bylines already written: then
"stories featuring or by" someone (their feed) and whether they are public are one relation to ask."""

from django.db import migrations, models

FILL = """
INSERT INTO people_appearance (article_id, person_id, byline)
SELECT article_id, person_id, TRUE FROM articles_article_authors
"""


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_archive_scale"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="appearance", name="appearance_unique"),
        migrations.RemoveIndex(model_name="appearance", name="appearance_article_person"),
        migrations.AddField(
            model_name="appearance",
            name="byline",
            field=models.BooleanField(default=False, help_text="They wrote it (rather than being in it)."),
        ),
        migrations.AddIndex(
            model_name="appearance",
            index=models.Index(fields=["article", "person", "byline"], name="appearance_article_person_role"),
        ),
        migrations.AddConstraint(
            model_name="appearance",
            constraint=models.UniqueConstraint(
                fields=("person", "article", "byline"), name="appearance_unique_role"
            ),
        ),
        # Last: the rows' deferred foreign key checks would keep PostgreSQL from building an index after them.
        # Back: the byline rows go first, so the old (person, article) constraint holds again.
        migrations.RunSQL(FILL, "DELETE FROM people_appearance WHERE byline"),
    ]
