"""Applications made before resident groups existed named their group in words: link
each to the group of that name of which the applicant is an active member, where there
is exactly one. The words stay in group_name, readable as they were typed."""

from django.db import migrations


def link(apps, schema_editor):
    Application = apps.get_model("fonds", "Application")
    Membership = apps.get_model("participatie", "Membership")
    pending = Application.objects.filter(
        applicant_kind="groep", resident_group=None, applicant__isnull=False
    ).exclude(group_name="")
    for application in pending.iterator():
        matches = list(
            Membership.objects.filter(
                user_id=application.applicant_id,
                status="actief",
                group__name__iexact=application.group_name.strip(),
            ).values_list("group_id", flat=True)[:2]
        )
        if len(matches) == 1:
            Application.objects.filter(pk=application.pk).update(resident_group_id=matches[0])


class Migration(migrations.Migration):
    dependencies = [
        ("fonds", "0014_resident_group"),
        ("participatie", "0001_groups_meetings"),
    ]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
