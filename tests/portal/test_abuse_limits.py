"""Abuse limits count accepted actions only: a resident who makes typos is not locked
out; invitations are limited per sender per day; fund concepts are capped per resident,
and so are fund submissions per day."""

import pytest
from django.urls import reverse
from django.utils import timezone

from fonds.models import Application, Status
from initiatieven.models import CoInitiatorInvite, Comment, Initiative
from tests.fonds.test_views import _data
from tests.initiatieven.factories import InitiativeFactory, PillarFactory
from tests.portal.factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return UserFactory(role="huurder")


@pytest.fixture
def wijk():
    return WijkFactory()


@pytest.fixture
def pillar():
    return PillarFactory()


def test_typos_in_a_proposal_do_not_count(client, resident, wijk, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "initiative_propose": {"user": "2/d"}}
    client.force_login(resident)
    url = reverse("initiatieven:propose")
    for _ in range(5):  # five refused attempts: a title that is too long
        response = client.post(url, {"title": "x" * 121, "wijk": wijk.pk, "concept": "1"})
        assert response.status_code == 400
    for title in ("Eerste idee", "Tweede idee"):
        assert (
            client.post(url, {"title": title, "wijk": wijk.pk, "concept": "1"}).status_code == 302
        )
    response = client.post(url, {"title": "Derde idee", "wijk": wijk.pk, "concept": "1"})
    assert response.status_code == 429
    assert "U heeft vandaag al veel initiatieven ingediend" in response.content.decode()
    assert "Derde idee" in response.content.decode()  # nothing typed is lost
    assert Initiative.objects.count() == 2


def test_refused_comments_do_not_count(client, resident, wijk, pillar, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "initiative_comment": {"user": "2/10m"}}
    initiative = InitiativeFactory(wijk=wijk, pillar=pillar, status="gepubliceerd")
    client.force_login(resident)
    url = reverse("initiatieven:comment", args=[initiative.pk])
    for _ in range(3):
        assert client.post(url, {"body": "  "}).status_code == 400
    for n in range(2):
        assert client.post(url, {"body": f"Reactie {n}"}).status_code == 302
    assert client.post(url, {"body": "Nog een"}).status_code == 429
    assert Comment.objects.count() == 2


def test_a_refused_contact_form_does_not_count(client, demo, settings):
    from wagtail.contrib.forms.models import FormSubmission

    from tests.cms.test_contact_form import VALID

    settings.CONTACT_FORM_RATE_LIMIT = "2/h"
    for _ in range(3):
        assert client.post("/contact/", {**VALID, "bericht": ""}).status_code == 200
    for _ in range(2):
        assert client.post("/contact/", VALID).status_code == 302
    assert client.post("/contact/", VALID).status_code == 429
    assert FormSubmission.objects.count() == 2


def test_invitations_are_limited_per_sender_per_day(client, resident, wijk, pillar, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "initiative_invite": {"user": "3/d"}}
    initiative = InitiativeFactory(wijk=wijk, pillar=pillar, initiator=resident, status="concept")
    other = InitiativeFactory(wijk=wijk, pillar=pillar, initiator=resident, status="concept")
    client.force_login(resident)
    url = reverse("initiatieven:invite", args=[initiative.pk])
    assert client.post(url, {"email": "geen-adres"}).status_code == 400  # refused: not counted
    for n in range(3):
        assert client.post(url, {"email": f"buur{n}@example.nl"}).status_code == 302
    # The limit is the sender's, over all their initiatives.
    response = client.post(
        reverse("initiatieven:invite", args=[other.pk]), {"email": "buur9@example.nl"}
    )
    assert response.status_code == 400
    assert "U heeft vandaag al veel mensen uitgenodigd" in response.content.decode()
    assert CoInitiatorInvite.objects.count() == 3
    # Another sender is not held back.
    colleague = UserFactory(role="huurder")
    third = InitiativeFactory(wijk=wijk, pillar=pillar, initiator=colleague, status="concept")
    client.force_login(colleague)
    assert (
        client.post(
            reverse("initiatieven:invite", args=[third.pk]), {"email": "buur9@example.nl"}
        ).status_code
        == 302
    )


def test_fund_concepts_are_capped_per_resident(client, resident, wijk, pillar, settings):
    settings.FUND_MAX_OPEN_CONCEPTS = 2
    client.force_login(resident)
    url = reverse("fonds:apply")
    assert client.post(url, _data(wijk, pillar, title="", opslaan="1")).status_code == 400
    for n in range(2):
        response = client.post(url, _data(wijk, pillar, title=f"Plan {n}", opslaan="1"))
        assert response.status_code == 302
    response = client.post(url, _data(wijk, pillar, title="Derde plan", opslaan="1"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "U heeft al 2 aanvragen die nog niet zijn ingediend" in page
    assert "trek er een in" in page
    assert "Derde plan" in page  # what was typed is kept
    assert Application.objects.filter(applicant=resident).count() == 2
    # Withdrawing one makes room for a new one.
    first = Application.objects.filter(applicant=resident).first()
    client.post(reverse("fonds:withdraw", args=[first.pk]))
    assert Application.objects.get(pk=first.pk).status == Status.INGETROKKEN
    assert client.post(url, _data(wijk, pillar, title="Derde plan", opslaan="1")).status_code == 302


def test_fund_submissions_are_limited_per_resident_per_day(
    client, resident, wijk, pillar, settings
):
    from decimal import Decimal

    from fonds.models import FundYear

    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))
    settings.FUND_SUBMISSIONS_PER_DAY = 2
    client.force_login(resident)
    url = reverse("fonds:apply")
    # A refused submission (declaration missing) does not count.
    assert client.post(url, _data(wijk, pillar, declaration="", indienen="1")).status_code == 400
    Application.objects.all().delete()
    for n in range(2):
        response = client.post(url, _data(wijk, pillar, title=f"Plan {n}", indienen="1"))
        assert response.status_code == 302
    response = client.post(url, _data(wijk, pillar, title="Derde plan", indienen="1"))
    assert response.status_code == 400
    assert "U heeft vandaag al 2 aanvragen ingediend" in response.content.decode()
    assert Application.objects.filter(status=Status.INGEDIEND).count() == 2
    kept = Application.objects.get(title="Derde plan")
    assert kept.status == Status.CONCEPT  # kept as a concept, to submit tomorrow
    Application.objects.exclude(pk=kept.pk).update(
        submitted_at=timezone.now() - timezone.timedelta(days=1, minutes=1)
    )
    # A day later it can be submitted.
    from fonds import services

    assert services.application_submit(application=kept, user=resident).status == Status.INGEDIEND


@pytest.fixture
def fund_year():
    from decimal import Decimal

    from fonds.models import FundYear

    return FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))


def _submit(client, wijk, pillar, title, **extra):
    return client.post(
        reverse("fonds:apply"), _data(wijk, pillar, title=title, indienen="1", **extra)
    )


def test_the_submission_limit_speaks_english_at_en_and_keeps_what_was_typed(
    client, resident, wijk, pillar, fund_year, settings
):
    from django.utils import translation

    settings.FUND_SUBMISSIONS_PER_DAY = 1
    client.force_login(resident)
    assert _submit(client, wijk, pillar, "Eerste plan").status_code == 302
    with translation.override("en"):
        url = reverse("fonds:apply")
    assert url.startswith("/en/")
    response = client.post(
        url,
        _data(wijk, pillar, title="Second plan", description="Tables for the square", indienen="1"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "You have already submitted 1 application today" in page
    assert "saved as a draft; you can submit it tomorrow" in page
    assert "Second plan" in page and "Tables for the square" in page
    kept = Application.objects.get(title="Second plan")
    assert kept.status == Status.CONCEPT and kept.submitted_at is None
    assert kept.budget_lines.count() == 2  # the lines are kept with it


def test_a_double_click_on_indienen_counts_once(
    client, resident, wijk, pillar, fund_year, settings
):
    from tests.fonds.test_double_submit import token_on

    settings.FUND_SUBMISSIONS_PER_DAY = 2
    client.force_login(resident)
    token = token_on(client, reverse("fonds:apply"))
    first = _submit(client, wijk, pillar, "Eerste plan", submission_token=token)
    second = _submit(client, wijk, pillar, "Eerste plan", submission_token=token)
    assert first.status_code == second.status_code == 302
    assert Application.objects.filter(applicant=resident).count() == 1
    # The second of today's two is still accepted; a third is not.
    assert _submit(client, wijk, pillar, "Tweede plan").status_code == 302
    assert _submit(client, wijk, pillar, "Derde plan").status_code == 400
    assert Application.objects.filter(status=Status.INGEDIEND).count() == 2


def test_staff_intake_on_paper_is_neither_limited_nor_counted(
    client, resident, wijk, pillar, fund_year, settings
):
    from tests.fonds.conftest import staff_client
    from tests.fonds.test_letters_and_intake import intake_data

    settings.FUND_SUBMISSIONS_PER_DAY = 1
    staff = staff_client(client, UserFactory(role="leefbaarheidsmedewerker"))
    for n in range(3):
        response = staff.post(
            reverse("fonds_application:intake"),
            intake_data(wijk, pillar, tenant_email=resident.email, title=f"Papieren plan {n}"),
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    on_paper = Application.objects.filter(applicant=resident, status=Status.INGEDIEND)
    assert on_paper.count() == 3 and all(a.entered_by_id for a in on_paper)
    # The resident's own first submission today is still theirs to make; a second is not.
    client.force_login(resident)
    assert _submit(client, wijk, pillar, "Eigen plan").status_code == 302
    assert _submit(client, wijk, pillar, "Nog een eigen plan").status_code == 400
    assert Application.objects.filter(applicant=resident, status=Status.INGEDIEND).count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_concepts_submitted_at_the_same_moment_never_pass_the_limit(settings):
    """Two tabs, two concepts, one click each at the same moment: the account's row lock
    makes the second count the first."""
    from django.test import Client

    from fonds import services
    from tests.fonds.test_double_submit import _at_once, _postgresql_only

    _postgresql_only()
    from decimal import Decimal

    from fonds.models import FundYear

    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))
    settings.FUND_SUBMISSIONS_PER_DAY = 1
    resident, wijk, pillar = UserFactory(role="huurder"), WijkFactory(), PillarFactory()
    clients = [Client(), Client()]
    for n, c in enumerate(clients):
        c.force_login(resident)
        response = c.post(
            reverse("fonds:apply"), _data(wijk, pillar, title=f"Plan {n}", opslaan="1")
        )
        assert response.status_code == 302
    concepts = list(Application.objects.filter(applicant=resident).order_by("pk"))
    assert len(concepts) == 2
    results = _at_once([lambda a=a: _submitted_or_refused(services, a, resident) for a in concepts])
    assert sorted(results) == ["refused", "submitted"]
    assert Application.objects.filter(applicant=resident, status=Status.INGEDIEND).count() == 1


def _submitted_or_refused(services, application, user):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    try:
        with transaction.atomic():
            services.application_submit(application=application, user=user)
    except ValidationError:
        return "refused"
    return "submitted"
