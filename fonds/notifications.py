"""The notification events of the fund (see portal.notifications)."""

from django.utils.translation import gettext_lazy as _

from portal.notifications import register_event

APPLICATION = register_event(
    "fund_application", _("Ontvangst, vragen en besluiten over uw aanvraag"), optional=False
)
ADVICE_REQUESTED = register_event(
    "fund_advice", _("Adviesvragen over aanvragen (HWZ)"), optional=True
)
CONFIRMATION_NEEDED = register_event(
    "fund_confirmation", _("Besluiten die uw bevestiging nodig hebben"), optional=True
)
REVIEW_UPDATE = register_event(
    "fund_review_update",
    _("Antwoorden en adviezen bij aanvragen die u behandelt"),
    optional=True,
)
TERM_WARNING = register_event(
    "fund_term_warning", _("Een termijn van een aanvraag loopt morgen af"), optional=False
)
TERM_ESCALATED = register_event(
    "fund_term_escalated", _("Een termijn van een aanvraag is verstreken"), optional=False
)
ADVICE_REMINDER = register_event(
    "fund_advice_reminder", _("Een adviestermijn van de HWZ loopt morgen af"), optional=False
)
ADVICE_TERM_PASSED = register_event(
    "fund_advice_term_passed",
    _("De HWZ heeft niet binnen de adviestermijn geadviseerd"),
    optional=False,
)

# --- payouts (w5-pay) -------------------------------------------------------------------
PAYOUT = register_event(
    "fund_payout",
    _("Uitbetalingen en terugvorderingen van uw toekenning"),
    optional=False,
)


# --- co-funding (issue 14, w5-cofund) -------------------------------------------------
CONTRIBUTION = register_event(
    "fund_contribution",
    _("Bijdragen van bewoners en bedrijven aan uw initiatief"),
    optional=True,
)
