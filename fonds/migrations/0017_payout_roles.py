from django.db import migrations

from fonds.roles import PAYOUT_PERMISSIONS
from portal.roles import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, PAYOUT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("fonds", "0016_payouts_reports_cofunding"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
