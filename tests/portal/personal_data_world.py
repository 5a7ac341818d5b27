"""Two residents with data in every app, each marked with their own strings, so a test can
look for one person's data anywhere (the export file, every table, every history)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from fonds.models import (
    AccountabilityReport,
    ApplicantContact,
    Application,
    Attachment,
    BankStatement,
    BudgetLine,
    Contribution,
    Donation,
    FundYear,
    LedgerEntry,
    Letter,
    Payout,
    Question,
    Reclaim,
    ReportCost,
    ReportFile,
    StatementLine,
)
from fonds.models import (
    Status as FundStatus,
)
from initiatieven.models import (
    CoInitiatorInvite,
    Comment,
    CommentReport,
    Initiative,
    Photo,
    ProgressUpdate,
    Status,
    Support,
)
from portal.models import Notification, ParticipationMeasure
from tests.initiatieven.factories import PillarFactory, jpeg_upload
from tests.portal.factories import UserFactory, WijkFactory


class Resident:
    """A resident and the strings only their data holds."""

    def __init__(self, tag: str, **user_fields):
        self.tag = tag
        self.user = UserFactory(
            role="huurder",
            email=f"{tag.lower()}@example.nl",
            first_name=f"Voornaam{tag}",
            last_name=f"Achternaam{tag}",
            **user_fields,
        )
        self.user.phone = "0612345678" if tag == "Anna" else "0687654321"
        self.user.address = f"Straat{tag} 12, Roermond"
        self.user.save()

    def text(self, what: str) -> str:
        return f"{what}-{self.tag}-tekst"

    @property
    def strings(self) -> list[str]:
        """What must be gone after erasure: name, e-mail, phone, address, free texts."""
        return [
            f"Voornaam{self.tag}",
            f"Achternaam{self.tag}",
            self.user.email,
            self.user.phone,
            f"Straat{self.tag}",
            f"-{self.tag}-tekst",
        ]


def _photo(initiative, user, update=None, alt="foto"):
    photo = Photo(initiative=initiative, update=update, alt_text=alt, uploaded_by=user)
    upload = jpeg_upload()
    photo.image.save("foto.jpg", upload, save=False)
    photo.thumbnail.save("mini.jpg", ContentFile(upload.read() or b"x"), save=False)
    photo.save()
    return photo


def fill(resident: Resident, *, other: Resident, wijk, pillar, year, staff, many: int = 1):
    """Data of `resident` in every app; `other` is the neighbour they interact with."""
    user, t = resident.user, resident.text
    from wagtail.contrib.forms.models import FormSubmission
    from wagtail.models import Page

    FormSubmission.objects.create(
        page=Page.get_first_root_node(),
        form_data={
            "naam": f"Voornaam{resident.tag}",
            "e-mail": user.email,
            "bericht": t("contact"),
        },
    )
    Notification.objects.create(recipient=user, event="initiative_comment", title=t("bericht"))
    ParticipationMeasure.objects.create(
        user=user, reason=t("maatregel"), imposed_by=staff, objection=t("bezwaar")
    )
    for n in range(many):
        published = Initiative.objects.create(
            title=t(f"initiatief{n}"),
            description=t("omschrijving"),
            needs=t("nodig"),
            wijk=wijk,
            pillar=pillar,
            initiator=user,
            status=Status.GEPUBLICEERD,
            submitted_at=timezone.now(),
            published_at=timezone.now(),
        )
        _photo(published, user, alt=t("fotobeschrijving"))
        update = ProgressUpdate.objects.create(
            initiative=published, author=user, body=t("voortgang")
        )
        _photo(published, user, update=update, alt=t("updatefoto"))
        CoInitiatorInvite.objects.create(
            initiative=published,
            email=f"vriend{n}{resident.tag.lower()}@example.nl",
            invited_by=user,
        )
        Initiative.objects.create(
            title=t(f"concept{n}"), description=t("conceptidee"), wijk=wijk, initiator=user
        )
        application = Application.objects.create(
            applicant=user,
            title=t(f"aanvraag{n}"),
            description=t("aanvraagomschrijving"),
            wijk=wijk,
            pillar=pillar,
            amount_requested=Decimal("400.00"),
            iban="NL91ABNA0417164300",
            account_holder=f"Voornaam{resident.tag} Achternaam{resident.tag}",
            contact_name=f"Voornaam{resident.tag} Achternaam{resident.tag}",
            contact_address=f"Straat{resident.tag} 12",
            contact_phone=user.phone,
            declaration=True,
            status=FundStatus.TOEGEKEND,
            reference=f"LF-{resident.tag}-{uuid.uuid4().hex[:8]}",
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
            granted_amount=Decimal("300.00"),
            decision_reason=t("motivering"),
        )
        BudgetLine.objects.create(
            application=application, description=t("begroting"), amount=Decimal("400.00")
        )
        Contribution.objects.create(
            application=application, source="eigen", description=t("bijdrage"), amount=Decimal("20")
        )
        Attachment.objects.create(
            application=application,
            file=ContentFile(b"%PDF-1.4", name="offerte.pdf"),
            name=t("bijlage"),
            uploaded_by=user,
        )
        Question.objects.create(
            application=application, asked_by=staff, text=t("vraag"), answer=t("antwoord")
        )
        Letter.objects.create(
            application=application,
            kind="toegekend",
            subject=t("briefonderwerp"),
            body=f"Beste Voornaam{resident.tag}, {t('brief')}",
        )
        ApplicantContact.objects.create(
            application=application,
            channel="telefoon",
            summary=t("gesprek"),
            contacted_at=timezone.now(),
            recorded_by=staff,
        )
        LedgerEntry.objects.create(
            fund_year=year,
            wijk=wijk,
            application=application,
            kind="vastgelegd",
            amount=Decimal("300.00"),
        )
        LedgerEntry.objects.create(
            fund_year=year,
            wijk=wijk,
            application=application,
            kind="betaald",
            amount=Decimal("150.00"),
        )
        _payouts(resident, application, staff, n)
        Application.objects.create(
            applicant=user,
            title=t(f"conceptaanvraag{n}"),
            description=t("conceptaanvraag"),
            wijk=wijk,
        )


def _payouts(resident: Resident, application, staff, n: int) -> None:
    """A paid tranche and its line on a bank statement, a reclaim, an accountability
    report with a cost and a receipt, and a contribution through the website."""
    t, tag = resident.text, resident.tag
    name = f"Voornaam{tag} Achternaam{tag}"
    payout = Payout.objects.create(
        application=application,
        number=1,
        kind="voorschot",
        amount=Decimal("150.00"),
        due_date=timezone.localdate(),
        status="betaald",
        end_to_end_id=f"FW-{application.reference}-1",
        iban="NL91ABNA0417164300",
        account_holder=name,
        paid_on=timezone.localdate(),
    )
    statement = BankStatement.objects.create(
        sha256=uuid.uuid4().hex, file_name="afschrift.xml", imported_by=staff
    )
    StatementLine.objects.create(
        statement=statement,
        fingerprint=uuid.uuid4().hex,
        amount=Decimal("150.00"),
        credit=False,
        end_to_end_id=payout.end_to_end_id,
        counterparty_iban="NL91ABNA0417164300",
        counterparty_name=name,
        remittance=t("omschrijvingbank"),
        outcome="betaald",
        payout=payout,
    )
    Reclaim.objects.create(
        application=application,
        amount=Decimal("10.00"),
        reason=t("terugvordering"),
        reference=f"TV-{application.reference}",
    )
    report = AccountabilityReport.objects.create(
        application=application,
        due_date=timezone.localdate(),
        what_happened=t("verantwoording"),
        participants=12,
        review_note=t("beoordeling"),
    )
    ReportCost.objects.create(report=report, description=t("kosten"), amount=Decimal("140"))
    ReportFile.objects.create(
        report=report,
        kind="bon",
        file=ContentFile(b"%PDF-1.4", name=f"bon{n}.pdf"),
        name=t("bon"),
        uploaded_by=resident.user,
    )
    Donation.objects.create(
        application=application,
        amount=Decimal("25.00"),
        name=name,
        email=resident.user.email,
        user=resident.user,
        status="betaald",
        payment_intent_id=f"pi_{uuid.uuid4().hex}",
    )


def interact(resident: Resident, other: Resident):
    """On each of the neighbour's initiatives: a support and a comment (which the
    neighbour is told about)."""
    user = resident.user
    for theirs in Initiative.objects.filter(initiator=other.user, status=Status.GEPUBLICEERD):
        Support.objects.get_or_create(initiative=theirs, user=user)
        comment = Comment.objects.create(
            initiative=theirs, author=user, body=resident.text("reactie")
        )
        Notification.objects.create(
            recipient=other.user,
            event="initiative_comment",
            title="Nieuwe reactie",
            body=comment.body,
            url=f"/initiatieven/{theirs.pk}/#reactie-{comment.pk}",
        )


def signals_and_groups(resident: Resident, *, wijk, handler, group, meeting):
    """A melding with a phone number and staff's feedback that names them, and a place in
    a resident group's meeting (signalen, participatie)."""
    from participatie import services as groups
    from signalen import services as signals

    user = resident.user
    melding = signals.melding_submit(
        reporter=user,
        signal_type="overlast",
        description=resident.text("melding"),
        wijk=wijk,
        address=f"Straat{resident.tag} 12",
        may_contact=True,
        contact_phone=user.phone,
    )
    signals.melding_acknowledge(melding=melding, user=handler)
    signals.melding_feedback(
        melding=melding, user=handler, text=f"Beste Voornaam{resident.tag}, het is opgelost."
    )
    groups.request_to_join(group=group, user=user, show_name=True)
    groups.rsvp(meeting=meeting, user=user)


def build_world(many: int = 1):
    """Anna and Bram, neighbours with data in every app, and a staff member."""
    wijk, pillar = WijkFactory(), PillarFactory()
    year = FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("100000.00"))
    staff = UserFactory(role="leefbaarheidsmedewerker", email="medewerker@example.nl")
    anna = Resident("Anna", wijk=wijk)
    bram = Resident("Bram", wijk=wijk)
    fill(anna, other=bram, wijk=wijk, pillar=pillar, year=year, staff=staff, many=many)
    fill(bram, other=anna, wijk=wijk, pillar=pillar, year=year, staff=staff, many=many)
    interact(anna, bram)
    interact(bram, anna)
    # Each reports the other's comment (on their own initiative).
    for reporter, author in ((anna, bram), (bram, anna)):
        CommentReport.objects.create(
            comment=Comment.objects.filter(author=author.user).first(),
            reporter=reporter.user,
            reason="anders",
            explanation=reporter.text("misbruik"),
        )
    from participatie.models import Meeting, ResidentGroup

    handler = UserFactory(role="wijkbeheerder", email="wijkbeheerder@example.nl")
    handler.werkgebied.add(wijk)
    group = ResidentGroup.objects.create(
        name="Buren van de Lindelaan", slug="buren-lindelaan", wijk=wijk, open_membership=True
    )
    start = timezone.now() + timezone.timedelta(days=7)
    meeting = Meeting.objects.create(
        group=group,
        title="Buurtavond",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=2),
        place="Buurthuis",
    )
    for resident in (anna, bram):
        signals_and_groups(resident, wijk=wijk, handler=handler, group=group, meeting=meeting)
    Group.objects.get(name="huurder")  # the role exists (migrations)
    return {
        "anna": anna,
        "bram": bram,
        "staff": staff,
        "wijk": wijk,
        "pillar": pillar,
        "year": year,
    }
