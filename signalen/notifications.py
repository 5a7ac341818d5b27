"""The notification events of meldingen (see portal.notifications) and the e-mails to a
reporter whose texts staff edit (MeldingMailTemplate): placeholders such as {kenmerk} are
filled by plain substitution, never by a template engine."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal import placeholders
from portal.notifications import register_event

MELDING = register_event(
    "melding", _("Ontvangst, terugkoppeling en afsluiting van uw melding"), optional=False
)
MELDING_ASSIGNED = register_event(
    "melding_assigned", _("Meldingen die aan u zijn toegewezen"), optional=True
)
MELDING_NEW = register_event("melding_new", _("Nieuwe meldingen in uw wijken"), optional=True)
MELDING_TERM_WARNING = register_event(
    "melding_term_warning", _("Een termijn van een melding loopt morgen af"), optional=False
)
MELDING_TERM_ESCALATED = register_event(
    "melding_term_escalated", _("Een termijn van een melding is verstreken"), optional=False
)

MAIL_PLACEHOLDERS = {
    "naam": _("naam van de melder"),
    "kenmerk": _("kenmerk van de melding"),
    "soort": _("soort melding"),
    "plek": _("plek van de melding"),
    "gemeld_op": _("datum van de melding"),
    "streefdatum": _("streefdatum van het antwoord"),
    "antwoord_uiterlijk": _("uiterste datum van het antwoord"),
    "terugkoppeling": _("de terugkoppeling van de medewerker"),
    "medewerker": _("naam van de medewerker"),
}


def check_placeholders(text: str) -> None:
    """Refuse a text with a placeholder we do not know, naming the ones we do."""
    placeholders.check_placeholders(text, MAIL_PLACEHOLDERS)


fill = placeholders.fill
