"""What each role may do with resident groups (granted by migration 0002_roles).

HWZ moderators moderate only the groups they are assigned to (an active membership with
the role moderator); staff in the neighbourhoods and coordinators manage every group in
their reach and start groups and assign moderators in the admin."""

from portal.roles import (
    COORDINATOR,
    HWZ_MODERATOR,
    LEEFBAARHEIDSMEDEWERKER,
    SOCIAAL_BEHEERDER,
    WIJKBEHEERDER,
)

STAFF_PERMISSIONS = [
    "participatie.moderate_residentgroup",
    "participatie.manage_residentgroup",
    "participatie.view_residentgroup",
    "participatie.add_residentgroup",
    "participatie.change_residentgroup",
    "participatie.view_membership",
    "participatie.view_meeting",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    HWZ_MODERATOR: ["participatie.moderate_residentgroup"],
    SOCIAAL_BEHEERDER: STAFF_PERMISSIONS,
    LEEFBAARHEIDSMEDEWERKER: STAFF_PERMISSIONS,
    WIJKBEHEERDER: STAFF_PERMISSIONS,
    COORDINATOR: STAFF_PERMISSIONS,
}
