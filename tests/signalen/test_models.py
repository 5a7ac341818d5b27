"""The data model's own rules: a referral and a cost belong to exactly one subject, a
cost is positive, and every role that handles meldingen has the permission to."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from signalen.models import Cost, CostKind, Dossier, DossierSubject, Melding, Referral
from tests.portal.factories import UserFactory


@pytest.fixture
def melding(wijk, resident):
    return Melding.objects.create(
        reporter=resident, signal_type="overlast", wijk=wijk, description="Lawaai"
    )


@pytest.fixture
def dossier(wijk):
    return Dossier.objects.create(subject=DossierSubject.ADRES, wijk=wijk, title="Dorpsstraat 1")


def test_a_referral_has_exactly_one_subject(partner, melding, dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(partner=partner, melding=melding, dossier=dossier, reason="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(partner=partner, reason="x")
    Referral.objects.create(partner=partner, melding=melding, reason="x")


def test_a_cost_has_one_subject_and_a_positive_amount(melding, dossier):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cost.objects.create(kind=CostKind.OVERIG, amount=Decimal("0"), melding=melding)
    with pytest.raises(IntegrityError), transaction.atomic():
        Cost.objects.create(
            kind=CostKind.OVERIG, amount=Decimal("5"), melding=melding, dossier=dossier
        )
    Cost.objects.create(kind=CostKind.SCHOONMAAK, amount=Decimal("12.50"), dossier=dossier)


@pytest.mark.parametrize(
    ("role", "handles"),
    [
        ("huurder", False),
        ("hwz-moderator", False),
        ("redacteur", False),
        ("sociaal-beheerder", True),
        ("leefbaarheidsmedewerker", True),
        ("wijkbeheerder", True),
        ("ondersteuner-sociaal-beheer", True),
        ("coordinator", True),
    ],
)
def test_roles_that_handle_meldingen(db, role, handles):
    user = UserFactory(role=role)
    assert user.has_perm("signalen.handle_melding") is handles


def test_a_mail_template_refuses_unknown_placeholders_and_loose_braces_in_dutch(db):
    from django.core.exceptions import ValidationError

    from signalen.models import MeldingMailTemplate
    from signalen.notifications import fill

    template = MeldingMailTemplate.objects.first() or MeldingMailTemplate(kind="ontvangst")
    template.subject, template.body = "Melding {kenmerk}", "Beste {naam}, {onbekend}"
    with pytest.raises(ValidationError) as caught:
        template.clean()
    assert "{onbekend}" in " ".join(caught.value.message_dict["body"])
    template.body = "Beste {naam, tot {"
    with pytest.raises(ValidationError) as caught:
        template.clean()
    assert "accolade" in " ".join(caught.value.message_dict["body"])
    template.body = "Beste {naam}, {{letterlijk}}"
    template.clean()
    assert fill(template.body, {"naam": "Anna"}) == "Beste Anna, {letterlijk}"
