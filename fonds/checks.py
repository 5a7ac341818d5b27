"""System checks of the fund's settings: the corporation's account that payouts leave
from must be a valid IBAN (and BIC), or no payment file could be made."""

from __future__ import annotations

from django.conf import settings
from django.core import checks


@checks.register()
def check_fund_account(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    problems: list[checks.CheckMessage] = []
    iban = getattr(settings, "FUND_ACCOUNT_IBAN", "") or ""
    try:
        IBAN(iban)
    except SchwiftyException as exc:
        problems.append(
            checks.Error(
                f"FUND_ACCOUNT_IBAN {iban!r} is not a valid IBAN: {exc}",
                hint="Set FUND_ACCOUNT_IBAN to the corporation's account the fund pays from.",
                id="fonds.E001",
            )
        )
    bic = getattr(settings, "FUND_ACCOUNT_BIC", "") or ""
    if bic:
        try:
            BIC(bic)
        except SchwiftyException as exc:
            problems.append(
                checks.Error(
                    f"FUND_ACCOUNT_BIC {bic!r} is not a valid BIC: {exc}",
                    hint="Set FUND_ACCOUNT_BIC to the bank's BIC, or leave it empty.",
                    id="fonds.E002",
                )
            )
    if not (getattr(settings, "FUND_ACCOUNT_NAME", "") or "").strip():
        problems.append(
            checks.Error(
                "FUND_ACCOUNT_NAME is empty.",
                hint="Set FUND_ACCOUNT_NAME to the name the corporation's account is held in.",
                id="fonds.E003",
            )
        )
    return problems
