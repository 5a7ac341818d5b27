"""English as a content language; every existing snippet row becomes the Dutch original.

As Wagtail documents for adding TranslatableMixin to existing models: each row gets the
default (Dutch) locale and a translation key of its own.
"""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


def add_english(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_snippets_translatable_bootstrap"),
    ]

    operations = [
        migrations.RunPython(add_english, migrations.RunPython.noop),
        BootstrapTranslatableModel("cms.Pillar"),
        BootstrapTranslatableModel("cms.Instrument"),
        BootstrapTranslatableModel("cms.Partner"),
    ]
