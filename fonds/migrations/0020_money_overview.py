from django.db import migrations

from fonds.roles import MONEY_PERMISSIONS
from portal.roles import COORDINATOR, ONDERSTEUNER, grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, {COORDINATOR: MONEY_PERMISSIONS, ONDERSTEUNER: MONEY_PERMISSIONS})


class Migration(migrations.Migration):
    dependencies = [("fonds", "0019_donation_refund_permission")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
