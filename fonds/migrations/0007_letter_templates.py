from django.db import migrations

from fonds.letters import DEFAULTS
from fonds.roles import ROLE_PERMISSIONS
from portal.roles import grant_permissions


def seed(apps, schema_editor):
    """The default letter texts, so staff find them in the admin to change; and the
    permissions to edit them."""
    LetterTemplate = apps.get_model("fonds", "LetterTemplate")
    for kind, (subject, body) in DEFAULTS.items():
        LetterTemplate.objects.get_or_create(kind=kind, defaults={"subject": subject, "body": body})
    grant_permissions(apps, ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [("fonds", "0006_letters_contacts_intake")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
