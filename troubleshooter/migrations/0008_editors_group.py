"""The "Editors" group: exactly the content permissions (codes, causes, questions, answers and
their history), nothing about users, groups or permissions."""

from django.db import migrations

CONTENT_MODELS = ("statuscode", "cause", "question", "answer")
HISTORY_MODELS = tuple(f"historical{name}" for name in CONTENT_MODELS)
ACTIONS = ("add", "change", "delete", "view")


def create_permissions_now(apps):
    """Permissions are normally created after all migrations; the group needs them now."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_editors(apps, schema_editor):
    create_permissions_now(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    wanted = [f"{action}_{model}" for model in CONTENT_MODELS for action in ACTIONS]
    wanted += [f"view_{model}" for model in HISTORY_MODELS]
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="troubleshooter", codename__in=wanted)
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0007_versions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
