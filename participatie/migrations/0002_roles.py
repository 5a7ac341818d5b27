from django.db import migrations

from participatie.roles import ROLE_PERMISSIONS
from portal.roles import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("participatie", "0001_groups_meetings"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
