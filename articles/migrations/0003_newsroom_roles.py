"""The two newsroom roles: Editors publish; Reporters write and send drafts for review."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("articles", "article", ["add", "change", "delete", "view"]),
    ("articles", "quote", ["add", "change", "delete", "view"]),
    ("people", "person", ["add", "change", "delete", "view"]),
    ("taggit", "tag", ["add", "change", "delete", "view"]),
]
REPORTER_PERMISSIONS = [
    ("articles", "article", ["add", "change", "view"]),
    ("articles", "quote", ["add", "change", "delete", "view"]),
    ("people", "person", ["add", "change", "view"]),
    ("taggit", "tag", ["add", "view"]),
]


def codenames(spec):
    return [(app, f"{action}_{model}") for app, model, actions in spec for action in actions]


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs
        ]

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*permissions(codenames(EDITOR_PERMISSIONS) + [("articles", "publish_article")]))
    reporters, _ = Group.objects.get_or_create(name="Reporters")
    reporters.permissions.add(*permissions(codenames(REPORTER_PERMISSIONS)))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Reporters"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vectors"),
        ("people", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
