"""Reviewers: editors who may also publish other editors' drafts."""

from django.db import migrations


def create_reviewers(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    config = apps.get_app_config("troubleshooter")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        reviewers.permissions.set(editors.permissions.all())
    reviewers.permissions.add(
        Permission.objects.get(content_type__app_label="troubleshooter", codename="publish_draft")
    )


def remove_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("troubleshooter", "0011_drafts"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="draft",
            options={"permissions": [("publish_draft", "Can publish another editor's draft")]},
        ),
        migrations.RunPython(create_reviewers, remove_reviewers),
    ]
