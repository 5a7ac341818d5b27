"""Everyone's admin shows Amsterdam time: forget any other time zone a profile chose
(WAGTAIL_USER_TIME_ZONES now offers only Europe/Amsterdam)."""

from django.db import migrations


def amsterdam_for_everyone(apps, schema_editor):
    UserProfile = apps.get_model("wagtailusers", "UserProfile")
    UserProfile.objects.exclude(current_time_zone="").update(current_time_zone="")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_merge_trust"),
        ("wagtailusers", "0015_userprofile_keyboard_shortcuts"),
    ]

    operations = [migrations.RunPython(amsterdam_for_everyone, migrations.RunPython.noop)]
