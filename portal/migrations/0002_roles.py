from django.db import migrations

from portal.roles import CORE_PERMISSIONS, grant_permissions


def create_roles(apps, schema_editor):
    grant_permissions(apps, CORE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
