from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    """A block becomes a moderation measure: same rows and history, renamed."""

    dependencies = [
        ("portal", "0005_notification_attachment"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("AccountSuspension", "ParticipationMeasure"),
        migrations.RenameModel("HistoricalAccountSuspension", "HistoricalParticipationMeasure"),
        migrations.RenameField("ParticipationMeasure", "suspended_by", "imposed_by"),
        migrations.RenameField("HistoricalParticipationMeasure", "suspended_by", "imposed_by"),
    ]
