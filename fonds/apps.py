from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FondsConfig(AppConfig):
    name = "fonds"
    verbose_name = _("Leefbaarheidsfonds")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.notifications import register_attachment

        from . import (
            checks,  # noqa: F401 - the corporation's account (SEPA payouts)
            notifications,  # noqa: F401 - registers the notification events
            signals,  # noqa: F401 - the page cache follows applications
        )

        def letter_pdf(key: str):
            from .services import letter_attachment

            return letter_attachment(key)

        register_attachment("fonds.letter", letter_pdf)

        from . import form_choices

        form_choices.connect()  # the form's wijken and pillars follow their tables
        from .queue_cache import connect as connect_queue_cache

        connect_queue_cache()  # the queue's kept filters drawer follows its choices
