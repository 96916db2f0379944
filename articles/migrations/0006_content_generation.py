"""The content generation's one row (newsroom.page_cache): the stamp of cached pages when each process
keeps them in its own memory. Created here, so that every request after `migrate` finds it."""

from django.db import migrations, models


def create_the_row(apps, schema_editor):
    apps.get_model("articles", "ContentGeneration").objects.using(
        schema_editor.connection.alias
    ).get_or_create(pk=1, defaults={"number": 1})


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_article_published_probe"),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentGeneration",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(create_the_row, migrations.RunPython.noop),
    ]
