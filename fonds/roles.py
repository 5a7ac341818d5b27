"""What each role may do in the fund (granted by migration 0002_roles)."""

from portal.roles import (
    COORDINATOR,
    HWZ_MODERATOR,
    LEEFBAARHEIDSMEDEWERKER,
    ONDERSTEUNER,
    SOCIAAL_BEHEERDER,
    WIJKBEHEERDER,
)

REVIEWER_PERMISSIONS = ["fonds.view_application", "fonds.review_application"]
LETTER_PERMISSIONS = ["fonds.view_lettertemplate", "fonds.change_lettertemplate"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    SOCIAAL_BEHEERDER: REVIEWER_PERMISSIONS,
    LEEFBAARHEIDSMEDEWERKER: REVIEWER_PERMISSIONS,
    WIJKBEHEERDER: REVIEWER_PERMISSIONS,
    ONDERSTEUNER: [*REVIEWER_PERMISSIONS, *LETTER_PERMISSIONS],
    COORDINATOR: [
        *REVIEWER_PERMISSIONS,
        *LETTER_PERMISSIONS,
        "fonds.confirm_decision",
        "fonds.view_fundyear",
        "fonds.add_fundyear",
        "fonds.change_fundyear",
        "fonds.view_wijkbudget",
        "fonds.add_wijkbudget",
        "fonds.change_wijkbudget",
        "fonds.delete_wijkbudget",
        "fonds.change_fundsettings",
    ],
    HWZ_MODERATOR: ["fonds.advise_application"],
}

# --- payouts (w5-pay), granted by migration 0018_payout_roles (the permissions exist from
# 0016 on, so they are kept apart from ROLE_PERMISSIONS, which 0002 and 0007 grant) --------
PAYOUT_PERMISSIONS: dict[str, list[str]] = {
    ONDERSTEUNER: ["fonds.view_payout", "fonds.prepare_payout"],
    COORDINATOR: ["fonds.view_payout", "fonds.prepare_payout", "fonds.approve_payout"],
}


# --- co-funding (issue 14, w5-cofund; granted by migration 0018) ---------------------
COFUNDING_PERMISSIONS: dict[str, list[str]] = {
    COORDINATOR: ["fonds.view_donation", "fonds.refund_donation"],
}
