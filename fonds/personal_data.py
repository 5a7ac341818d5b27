"""The fund's part of the resident's own data (portal.personal_data): their applications
with budget lines, other money, attachments, questions and answers, the letters sent to
them (text and PDF name) and how staff kept them informed.

Erasure: a concept goes. A submitted application stays for the accounts and the
monitoring (how many applications, what was granted and paid, per wijk and pillar): its
amounts, status, dates and reference are kept, every text that says who the applicant is
or what they wrote (title, description, contact details, bank account, budget line texts,
questions and answers, letters, contact notes, the decision's reasoning and advice
remarks) is blanked, in its history too, and its attachments go.

Payouts, reclaims and the accountability report follow their application: amounts,
statuses and dates stay for the accounts; the bank account and name on a tranche, the
counterparty on the bank statement's lines that paid or repaid it, the report's texts and
the reasons of a reclaim are blanked, and the report's photos and receipts go.
Contributions through Stripe (made with the account or its e-mail address) keep their
amount and status and lose name, e-mail and the link to the account. The SEPA files sent
to the bank (PaymentBatch.xml) are kept as they were sent: a financial record the
corporation must keep (AVG art. 17(3)(b)), shown only to the back office."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.models import Notification
from portal.personal_data import delete_files_on_commit, record, scrub

from .models import (
    AccountabilityReport,
    ApplicantContact,
    Application,
    Attachment,
    BudgetLine,
    Contribution,
    Donation,
    HwzAdvice,
    Letter,
    Payout,
    Question,
    Reclaim,
    ReportCost,
    ReportFile,
    StatementLine,
    Status,
)

ERASED_TITLE = "Aanvraag, gegevens verwijderd op verzoek"


def export_applications(user) -> list[dict]:
    from .letters import pdf_filename

    site = settings.SITE_BASE_URL
    applications = list(
        Application.objects.filter(applicant=user)
        .select_related("wijk", "pillar", "initiative")
        .prefetch_related(
            "budget_lines",
            "contributions",
            "attachments",
            "questions",
            "letters",
            "contacts",
            "payouts",
            "reclaims",
            "report__costs",
            "report__files",
        )
        .order_by("created_at", "pk")
    )
    records = []
    for a in applications:
        records.append(
            record(
                "aanvraag",
                id=a.pk,
                reference=a.reference,
                status=a.resident_status,
                applicant_kind=a.get_applicant_kind_display(),
                group_name=a.group_name,
                initiative=a.initiative.title if a.initiative else None,
                title=a.title,
                description=a.description,
                wijk=a.wijk.name,
                pillar=a.pillar.name if a.pillar else None,
                amount_requested=a.amount_requested,
                granted_amount=a.granted_amount,
                conditions=a.conditions,
                decision_reason=a.decision_reason if a.decided_at else "",
                iban=a.iban,
                account_holder=a.account_holder,
                contact_salutation=a.contact_salutation,
                contact_name=a.contact_name,
                contact_address=a.contact_address,
                contact_phone=a.contact_phone,
                contact_channel=a.get_contact_channel_display(),
                declaration=a.declaration,
                created_at=a.created_at,
                submitted_at=a.submitted_at,
                decided_at=a.decided_at,
                url=site + reverse("fonds:mine_detail", args=[a.pk]),
            )
        )
        records += [
            record(
                "begrotingsregel",
                application_id=a.pk,
                description=line.description,
                amount=line.amount,
            )
            for line in a.budget_lines.all()
        ]
        records += [
            record(
                "bijdrage",
                application_id=a.pk,
                source=c.get_source_display(),
                description=c.description,
                amount=c.amount,
            )
            for c in a.contributions.all()
        ]
        records += [
            record(
                "bijlage", application_id=a.pk, name=f.name, file=f.file, uploaded_at=f.uploaded_at
            )
            for f in a.attachments.all()
        ]
        records += [
            record(
                "vraag",
                application_id=a.pk,
                question=q.text,
                asked_at=q.asked_at,
                answer=q.answer,
                answered_at=q.answered_at,
            )
            for q in a.questions.all()
        ]
        records += [
            record(
                "brief",
                application_id=a.pk,
                kind=letter.get_kind_display(),
                subject=letter.subject,
                body=letter.body,
                language=letter.language,
                sent_at=letter.created_at,
                pdf=pdf_filename(letter),
                url=site + reverse("fonds:letter_pdf", args=[a.pk, letter.pk]),
            )
            for letter in a.letters.all()
        ]
        records += [
            record(
                "contact",
                application_id=a.pk,
                channel=c.get_channel_display(),
                summary=c.summary,
                contacted_at=c.contacted_at,
            )
            for c in a.contacts.all()
        ]
        records += [
            record(
                "uitbetaling",
                application_id=a.pk,
                tranche=p.number,
                kind=p.get_kind_display(),
                amount=p.amount,
                due_date=p.due_date,
                status=p.get_status_display(),
                paid_on=p.paid_on,
                iban=p.iban,
                account_holder=p.account_holder,
            )
            for p in a.payouts.all()
        ]
        records += [
            record(
                "terugvordering",
                application_id=a.pk,
                amount=r.amount,
                reason=r.reason,
                reference=r.reference,
                status=r.get_status_display(),
                received_on=r.received_on,
            )
            for r in a.reclaims.all()
        ]
        report = getattr(a, "report", None)
        if report is not None:
            records.append(
                record(
                    "verantwoording",
                    application_id=a.pk,
                    status=report.get_status_display(),
                    due_date=report.due_date,
                    what_happened=report.what_happened,
                    participants=report.participants,
                    submitted_at=report.submitted_at,
                    review_note=report.review_note,
                    costs=[
                        {"description": c.description, "amount": c.amount}
                        for c in report.costs.all()
                    ],
                    files=[
                        {"kind": f.get_kind_display(), "name": f.name, "file": f.file}
                        for f in report.files.all()
                    ],
                )
            )
    records += [
        record(
            "bijdrage_via_website",
            application_id=d.application_id,
            amount=d.amount,
            name=d.name,
            email=d.email,
            is_business=d.is_business,
            status=d.get_status_display(),
            created_at=d.created_at,
            paid_at=d.paid_at,
        )
        for d in Donation.objects.filter(_own_donations(user)).order_by("created_at", "pk")
    ]
    return records


def _own_donations(user) -> Q:
    return Q(user=user) | Q(email__iexact=user.email) if user.email else Q(user=user)


def _application_links(pks) -> Q:
    q = Q(pk__in=[])
    for pk in pks:
        q |= (
            Q(url__contains=f"/mijn/aanvragen/{pk}/")
            | Q(url__contains=f"/fonds/advies/{pk}/")
            | Q(url__endswith=reverse("fonds_application:inspect", args=[pk]))
        )
    return q


def erase_applications(user) -> int:
    touched = 0
    mine = Application.objects.filter(applicant=user)
    attachments = list(Attachment.objects.filter(application__in=mine))
    delete_files_on_commit((a.file.storage, a.file.name) for a in attachments if a.file)
    touched += Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()[0]
    files = list(ReportFile.objects.filter(report__application__in=mine))
    delete_files_on_commit((f.file.storage, f.file.name) for f in files if f.file)
    touched += ReportFile.objects.filter(pk__in=[f.pk for f in files]).delete()[0]
    touched += mine.filter(status=Status.CONCEPT).delete()[0]
    donations = list(Donation.objects.filter(_own_donations(user)).values_list("pk", flat=True))
    touched += scrub(Donation, donations, by=user, name="", email="", user=None)

    kept = list(mine.values_list("pk", flat=True))
    if not kept:
        return touched
    touched += scrub(
        Application,
        kept,
        by=user,
        title=ERASED_TITLE,
        description="",
        group_name="",
        iban="",
        account_holder="",
        contact_salutation="",
        contact_name="",
        contact_address="",
        contact_phone="",
        conditions="",
        decision_reason="",
    )
    children = (
        (BudgetLine, {"description": ""}),
        (Contribution, {"description": ""}),
        (Question, {"text": "", "answer": ""}),
        (HwzAdvice, {"remarks": "", "ended_reason": ""}),
        (Letter, {"subject": "", "body": ""}),
        (ApplicantContact, {"summary": ""}),
        (Payout, {"iban": "", "account_holder": ""}),
        (Reclaim, {"reason": ""}),
        (AccountabilityReport, {"what_happened": "", "review_note": ""}),
    )
    for model, values in children:
        ids = list(model.objects.filter(application__in=kept).values_list("pk", flat=True))
        touched += scrub(model, ids, by=user, **values)
    costs = ReportCost.objects.filter(report__application__in=kept)
    touched += scrub(ReportCost, costs.values_list("pk", flat=True), by=user, description="")
    lines = StatementLine.objects.filter(
        Q(payout__application__in=kept) | Q(reclaim__application__in=kept)
    )
    touched += lines.update(counterparty_iban="", counterparty_name="", remittance="")
    for start in range(0, len(kept), 200):
        Notification.objects.filter(_application_links(kept[start : start + 200])).update(
            title=str(_("Bericht over een aanvraag waarvan de gegevens zijn verwijderd")),
            body="",
            message="",
            sender_label="",
        )
    # The rows above were changed by queryset updates, which send no signals: the kept
    # parts of staff pages (an application's facts) are renewed here.
    from portal import fragment_cache

    fragment_cache.everything_changed()
    return touched


def applications_part() -> dict:
    return {
        "key": "fonds",
        "label": _("Leefbaarheidsfonds"),
        "export": export_applications,
        "erase": erase_applications,
        "models": [
            Application,
            BudgetLine,
            Contribution,
            Attachment,
            Question,
            Letter,
            ApplicantContact,
            HwzAdvice,
            Payout,
            Reclaim,
            StatementLine,
            AccountabilityReport,
            ReportCost,
            ReportFile,
            Donation,
        ],
    }
