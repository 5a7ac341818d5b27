"""What each role may do with signals (granted by migration 0002_roles)."""

from portal.roles import (
    COORDINATOR,
    LEEFBAARHEIDSMEDEWERKER,
    ONDERSTEUNER,
    SOCIAAL_BEHEERDER,
    WIJKBEHEERDER,
)

# Handling meldingen: the staff in the neighbourhoods, the back office that watches the
# response times, and the coordinator.
HANDLER_PERMISSIONS = ["signalen.view_melding", "signalen.handle_melding"]
MAIL_TEMPLATE_PERMISSIONS = [
    "signalen.view_meldingmailtemplate",
    "signalen.change_meldingmailtemplate",
]
# Contacts and dossiers (who sees which is decided per wijk in signalen.case_permissions).
CASEWORK_PERMISSIONS = [
    "signalen.view_contactmoment",
    "signalen.add_contactmoment",
    "signalen.view_dossier",
    "signalen.add_dossier",
    "signalen.change_dossier",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    SOCIAAL_BEHEERDER: [*HANDLER_PERMISSIONS, *CASEWORK_PERMISSIONS],
    LEEFBAARHEIDSMEDEWERKER: [*HANDLER_PERMISSIONS, *CASEWORK_PERMISSIONS],
    WIJKBEHEERDER: [*HANDLER_PERMISSIONS, *CASEWORK_PERMISSIONS],
    ONDERSTEUNER: [*HANDLER_PERMISSIONS, *MAIL_TEMPLATE_PERMISSIONS],
    COORDINATOR: [
        *HANDLER_PERMISSIONS,
        *MAIL_TEMPLATE_PERMISSIONS,
        *CASEWORK_PERMISSIONS,
        "signalen.read_dossier_log",
    ],
}
