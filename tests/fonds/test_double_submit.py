"""A double click on a fund form never makes two of anything: the second request with the
same submission token gets the result of the first. Two staff members deciding at the
same moment: one decision, and the other sees that it already happened."""

import re
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from fonds import services
from fonds.models import Application, FundSettings, LedgerEntry, Status
from tests.fonds.conftest import staff_client
from tests.fonds.test_views import _data
from tests.portal.factories import UserFactory

ALREADY = "Dit hebben we al verwerkt."
TOKEN = re.compile(r'name="submission_token" value="([0-9a-f]{32})"')


def token_on(client, url) -> str:
    """The submission token of the (first) form on the page at `url`."""
    found = TOKEN.search(client.get(url).content.decode())
    assert found, f"no submission token on {url}"
    return found.group(1)


@pytest.fixture
def pillar(db):
    from tests.initiatieven.factories import PillarFactory

    return PillarFactory()


@pytest.mark.django_db
def test_double_click_on_indienen_for_a_new_application(client, applicant, wijk, pillar, fund_year):
    client.force_login(applicant)
    token = token_on(client, reverse("fonds:apply"))
    data = _data(wijk, pillar, indienen="1", submission_token=token)
    first = client.post(reverse("fonds:apply"), data)
    second = client.post(reverse("fonds:apply"), data)
    application = Application.objects.get()
    assert application.status == Status.INGEDIEND
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_double_submit_of_an_existing_concept(client, applicant, make_application):
    application = make_application()
    client.force_login(applicant)
    edit = reverse("fonds:edit", args=[application.pk])
    token = token_on(client, edit)
    lines = list(application.budget_lines.all())
    data = _data(
        application.wijk,
        application.pillar,
        indienen="1",
        submission_token=token,
        **{
            "regels-TOTAL_FORMS": "2",
            "regels-INITIAL_FORMS": "2",
            "regels-0-id": str(lines[0].pk),
            "regels-1-id": str(lines[1].pk),
            "bijdragen-INITIAL_FORMS": "1",
            "bijdragen-0-id": str(application.contributions.get().pk),
        },
    )
    first = client.post(edit, data)
    second = client.post(edit, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    application.refresh_from_db()
    assert application.status == Status.INGEDIEND
    submitted = application.history.filter(status=Status.INGEDIEND)
    assert submitted.count() == 1
    assert ALREADY in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_refused_form_frees_its_token(client, applicant, wijk, pillar, fund_year):
    client.force_login(applicant)
    token = token_on(client, reverse("fonds:apply"))
    refused = client.post(
        reverse("fonds:apply"), _data(wijk, pillar, title="", opslaan="1", submission_token=token)
    )
    assert refused.status_code == 400 and not Application.objects.exists()
    corrected = client.post(
        reverse("fonds:apply"), _data(wijk, pillar, opslaan="1", submission_token=token)
    )
    assert corrected.status_code == 302
    assert Application.objects.count() == 1


def _in_review(make_application, applicant):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    Application.objects.filter(pk=application.pk).update(status=Status.IN_BEHANDELING)
    return application


@pytest.mark.django_db
def test_double_click_on_a_decision(client, make_application, applicant, fund_year, reviewer):
    FundSettings.objects.create(confirmation_threshold=Decimal("5000"))
    application = _in_review(make_application, applicant)
    staff = staff_client(client, reviewer)
    inspect = reverse("fonds_application:inspect", args=[application.pk])
    data = {
        "outcome": "toegekend",
        "reason": "Goed plan",
        "submission_token": token_on(staff, inspect),
    }
    url = reverse("fonds_application:action", args=[application.pk, "decide"])
    first = staff.post(url, data)
    second = staff.post(url, data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    application.refresh_from_db()
    assert application.status == Status.TOEGEKEND
    assert LedgerEntry.objects.filter(application=application).count() == 1
    assert application.letters.count() == 1
    assert ALREADY in staff.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_the_second_of_two_decisions_hears_it_already_happened(
    client, make_application, applicant, fund_year, reviewer
):
    """Two reviewers opened the page; the first grants, the second (a moment later)
    rejects: the second gets a calm message, and the grant stands."""
    FundSettings.objects.create(confirmation_threshold=Decimal("5000"))
    application = _in_review(make_application, applicant)
    colleague = UserFactory(role="leefbaarheidsmedewerker")
    url = reverse("fonds_application:action", args=[application.pk, "decide"])
    staff_client(client, reviewer).post(url, {"outcome": "toegekend"})
    other = staff_client(Client(), colleague)
    response = other.post(url, {"outcome": "afgewezen", "reason": "Past niet"}, follow=True)
    assert response.status_code == 200
    assert "Dit is al gebeurd" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.TOEGEKEND
    assert LedgerEntry.objects.filter(application=application).count() == 1


# --- two requests at the same moment (PostgreSQL) -------------------------------------


def _at_once(posts):
    """Run each `post()` in its own thread and connection, released together."""
    barrier = threading.Barrier(len(posts))
    results = [None] * len(posts)

    def run(n, post):
        try:
            barrier.wait(timeout=20)
            results[n] = post()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n, p)) for n, p in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are what is tested here: PostgreSQL only")
    from tests.conftest import restore_migration_data

    restore_migration_data()


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_make_one_application():
    _postgresql_only()
    from django.utils import timezone

    from fonds.models import FundYear
    from tests.initiatieven.factories import PillarFactory
    from tests.portal.factories import WijkFactory

    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))
    applicant, wijk, pillar = UserFactory(role="huurder"), WijkFactory(), PillarFactory()
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(applicant)
    data = _data(
        wijk, pillar, indienen="1", submission_token=token_on(clients[0], reverse("fonds:apply"))
    )
    url = reverse("fonds:apply")
    responses = _at_once([lambda c=c: c.post(url, data) for c in clients])
    assert Application.objects.count() == 1
    assert Application.objects.get().status == Status.INGEDIEND
    assert [r.status_code for r in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]


@pytest.mark.django_db(transaction=True)
def test_two_decisions_at_once_make_one_decision():
    _postgresql_only()
    from django.utils import timezone

    from fonds.models import FundYear
    from tests.initiatieven.factories import PillarFactory
    from tests.portal.factories import WijkFactory

    FundYear.objects.create(year=timezone.localdate().year, budget=Decimal("10000"))
    FundSettings.objects.create(confirmation_threshold=Decimal("5000"))
    wijk, applicant = WijkFactory(), UserFactory(role="huurder")
    now = timezone.now()
    application = Application.objects.create(
        applicant=applicant,
        title="Buurtfeest",
        wijk=wijk,
        pillar=PillarFactory(),
        amount_requested=Decimal("500"),
        status=Status.IN_BEHANDELING,
        reference="LF-D-1",
        submitted_at=now,
        acknowledge_due=now,
        target_due=now,
        answer_due=now + timezone.timedelta(days=10),
    )
    first, second = (UserFactory(role="leefbaarheidsmedewerker") for _ in range(2))
    url = reverse("fonds_application:action", args=[application.pk, "decide"])
    same = [staff_client(Client(), first), Client()]
    same[1].force_login(first)
    token = token_on(same[0], reverse("fonds_application:inspect", args=[application.pk]))
    data = {"outcome": "toegekend", "submission_token": token}
    # A double click of one person and a second person at the same moment.
    other = staff_client(Client(), second)
    responses = _at_once(
        [
            lambda: same[0].post(url, data),
            lambda: same[1].post(url, data),
            lambda: other.post(url, {"outcome": "afgewezen", "reason": "Past niet"}),
        ]
    )
    assert [r.status_code for r in responses] == [302, 302, 302]
    application.refresh_from_db()
    assert application.status in (Status.TOEGEKEND, Status.AFGEWEZEN)
    decided = application.history.filter(status__in=[Status.TOEGEKEND, Status.AFGEWEZEN])
    assert decided.count() == 1
    assert LedgerEntry.objects.filter(application=application).count() == (
        1 if application.status == Status.TOEGEKEND else 0
    )
    assert application.letters.count() == 1
    # Whoever lost hears it calmly on the application page.
    loser = other if application.status == Status.TOEGEKEND else same[0]
    page = loser.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Dit is al gebeurd" in page or ALREADY in page


@pytest.mark.django_db
def test_a_refused_action_frees_its_token(client, make_application, applicant, fund_year, reviewer):
    """A decision sent back with an error (no reason for a rejection) can be sent again,
    corrected, with the same token."""
    application = _in_review(make_application, applicant)
    staff = staff_client(client, reviewer)
    token = token_on(staff, reverse("fonds_application:inspect", args=[application.pk]))
    url = reverse("fonds_application:action", args=[application.pk, "decide"])
    refused = staff.post(url, {"outcome": "afgewezen", "submission_token": token}, follow=True)
    assert "Schrijf op waarom" in refused.content.decode()
    application.refresh_from_db()
    assert application.status == Status.IN_BEHANDELING
    staff.post(url, {"outcome": "afgewezen", "reason": "Past niet", "submission_token": token})
    application.refresh_from_db()
    assert application.status == Status.AFGEWEZEN
