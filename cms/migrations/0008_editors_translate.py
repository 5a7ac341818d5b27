"""Editors may make translations of pages and snippets ("Vertalen")."""

from django.db import migrations

from portal.roles import REDACTEUR, grant_permissions


def editors_translate(apps, schema_editor):
    grant_permissions(apps, {REDACTEUR: ["simple_translation.submit_translation"]})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_neighbourhood_page_per_language"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [migrations.RunPython(editors_translate, migrations.RunPython.noop)]
