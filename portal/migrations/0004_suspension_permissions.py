from django.db import migrations

from portal.roles import SUSPENSION_PERMISSIONS, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, SUSPENSION_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_notifications_suspensions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
