from django.db import migrations

from fonds.roles import COFUNDING_PERMISSIONS
from portal.roles import grant_permissions


def grant(apps, schema_editor):
    """The coordinator sees contributions and may pay one back."""
    grant_permissions(apps, COFUNDING_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("fonds", "0017_payout_roles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="donation",
            options={
                "ordering": ["-created_at", "-pk"],
                "permissions": [("refund_donation", "Bijdrage terugbetalen")],
                "verbose_name": "bijdrage via de website",
                "verbose_name_plural": "bijdragen via de website",
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
