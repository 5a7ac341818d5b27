"""Every write to the fund, one module per subject: the ledger and budgets (ledger),
the moves of an application (applications), letters and contacts (letters), and who hears
of a move (messaging). Each function checks permission, changes the data inside a
transaction with the rows it changes locked, leaves history, and announces itself.
Everything is importable from here, as `from fonds import services`."""

from .applications import (  # noqa: F401
    CHECKLIST,
    REVIEW_STATUSES,
    _acknowledge,
    _assigned,
    _check_decision,
    _check_open_concepts,
    _check_reviewer,
    _check_submissions_today,
    _decide,
    _end_advice,
    _iban_message,
    _lock,
    _needs_confirmation,
    _reassigned_text,
    _record,
    _record_involvement,
    _record_proposal,
    _release_open,
    _save,
    advice_due,
    advice_term_end,
    advisers_of,
    application_acknowledge,
    application_answer,
    application_ask_advice,
    application_ask_question,
    application_assign,
    application_checklist,
    application_confirm,
    application_continue_without_advice,
    application_decide,
    application_expire,
    application_give_advice,
    application_intake,
    application_propose,
    application_reduce_grant,
    application_save_draft,
    application_send_back,
    application_start_review,
    application_submit,
    application_withdraw,
    application_withdraw_advice,
    applications_acknowledge,
    budget_sums,
    clean_iban,
    conflict_declare,
    decision_needs_confirmation,
    grants_to_expire,
    intake_concept,
    missing_for_submission,
    months_before,
    open_advice,
    transition_target,
)

# --- co-funding through Stripe (issue 14, w5-cofund) ---------------------------------
from .cofunding import (  # noqa: F401
    accepts_contributions,
    donation_failed,
    donation_paid,
    donation_refund,
    donation_refunded,
    donation_start,
    donations_refund,
    ledger_match,  # fonds.services.ledger, re-exported beside its only caller
    match_room,
    raised,
    stripe_event_book,
)
from .ledger import (  # noqa: F401
    _locked_year,
    application_money,
    check_fund_year,
    check_wijk_budget,
    fund_year_save,
    ledger_commit,
    ledger_pay,
    ledger_reclaim,
    ledger_release,
    ledger_return,
    open_commitment,
    wijk_budget_delete,
    wijk_budget_save,
)
from .letters import (  # noqa: F401
    contact_record,
    letter_attachment,
    letter_send,
    letter_template,
)
from .messaging import (  # noqa: F401
    _inform_applicant,
    _tell_applicant,
    _tell_reviewer,
    people_reaching,
    people_to_notify,
    people_with,
    staff_url,
)

# --- payouts (w5-pay) -------------------------------------------------------------------
from .payouts import (  # noqa: F401, E402
    end_to_end_id,
    fixed_total,
    payout_approve,
    payout_failed,
    payout_paid,
    payout_plan_change,
    payout_plan_create,
    payout_prepare,
    payout_send_back,
    payouts_approve,
    payouts_cancel_open,
    payouts_into_batch,
    payouts_prepare,
    plan_total,
    reclaim_received,
    reclaim_request,
    report_due,
    underway_total,
)

# --- accountability reports (w5-report) ---
from .reports import (  # noqa: F401, E402
    missing_for_report,
    report_approve,
    report_ask_more,
    report_due_date,
    report_not_happened,
    report_open,
    report_save_draft,
    report_spent,
    report_submit,
    report_terms,
    reports_waiting_for_applicant,
)

# w5-bank: the SEPA payment file and the bank statement import.
from .sepa import (  # noqa: F401
    batch_export,
    batch_file,
    batch_preview,
)
from .statements import (  # noqa: F401
    return_reason_text,
    statement_import,
)
