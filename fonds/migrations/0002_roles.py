from django.db import migrations

from fonds.roles import LETTER_PERMISSIONS, ROLE_PERMISSIONS
from portal.roles import grant_permissions


def grant(apps, schema_editor):
    # Letter templates come in 0006; their permissions are granted by 0007.
    mapping = {
        role: [p for p in perms if p not in LETTER_PERMISSIONS]
        for role, perms in ROLE_PERMISSIONS.items()
    }
    grant_permissions(apps, mapping)


class Migration(migrations.Migration):
    dependencies = [
        ("fonds", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
