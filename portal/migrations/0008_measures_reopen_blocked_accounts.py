from django.db import migrations
from django.utils import timezone

from portal.roles import MEASURE_PERMISSIONS, grant_permissions


def convert(apps, schema_editor):
    """Every block that was still on became a comment measure until lifted (the default of
    `scope` and an empty `ends_at`); the accounts it closed are opened again, since a
    measure never closes an account. The history says so."""
    User = apps.get_model("portal", "User")
    Measure = apps.get_model("portal", "ParticipationMeasure")
    History = apps.get_model("portal", "HistoricalParticipationMeasure")
    running = Measure.objects.filter(lifted_at=None)
    User.objects.filter(pk__in=running.values("user_id"), is_active=False).update(is_active=True)
    now = timezone.now()
    for measure in running:
        History.objects.create(
            id=measure.pk,
            user_id=measure.user_id,
            scope=measure.scope,
            reason=measure.reason,
            imposed_by_id=measure.imposed_by_id,
            created_at=measure.created_at,
            ends_at=measure.ends_at,
            lifted_at=None,
            lifted_by_id=None,
            objection="",
            objected_at=None,
            history_date=now,
            history_type="~",
            history_change_reason="Blokkering omgezet in maatregel voor reageren; account weer open",
        )
    grant_permissions(apps, MEASURE_PERMISSIONS)
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(
        content_type__app_label="portal", codename__endswith="_accountsuspension"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_participation_measure_scope_and_end"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
