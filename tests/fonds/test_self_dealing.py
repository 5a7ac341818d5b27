"""No self-dealing: staff never acknowledge, review, ask, advise, propose, decide, confirm
or reduce an application they are involved in (as its applicant, on the applying team,
as the one who entered it for a tenant, or with a declared conflict), and are never
chosen as its reviewer. Checked on the services (which refuse with the reason even when
a view is bypassed) and through the admin's buttons; a person who is not involved may
do each of these, so every refusal below is the rule and not a broken set-up."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from fonds import permissions as perms
from fonds import services
from fonds.models import Application, ConflictOfInterest, Status
from fonds.transitions import TRANSITIONS
from tests.initiatieven.factories import InitiativeFactory
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

INVOLVEMENTS = ["applicant", "team", "intake", "conflict"]


@pytest.fixture
def person(db):
    """A coordinator: may review and confirm in every wijk."""
    return UserFactory(role="coordinator", first_name="Bea", last_name="Betrokken")


@pytest.fixture
def colleague(db):
    return UserFactory(role="coordinator", first_name="Vera", last_name="Vrij")


@pytest.fixture
def build(make_application, wijk):
    """An application in `status` in which `who` is involved the way `kind` says
    ("none": not at all)."""

    def make(kind, status, who, **kwargs):
        extra = dict(kwargs)
        if kind == "applicant":
            extra["applicant"] = who
        elif kind == "team":
            initiative = InitiativeFactory(wijk=wijk)
            initiative.co_initiators.add(who)
            extra.update(initiative=initiative, applicant_kind="initiatief")
        elif kind == "intake":
            extra["entered_by"] = who
        application = make_application(status=status, **extra)
        if kind == "conflict":
            ConflictOfInterest.objects.create(application=application, user=who, reason="zwager")
        return application

    return make


def _grant(application, user):
    services.ledger_commit(application=application, amount=application.amount_requested, user=user)
    Application.objects.filter(pk=application.pk).update(
        granted_amount=application.amount_requested, proposed_outcome="toegekend"
    )


# Each move: the status it starts from, and how `user` tries it (`other` is a colleague
# who is not involved, for the moves where someone else starts them).
MOVES = {
    "acknowledge": (Status.INGEDIEND, lambda a, user, other: services.application_acknowledge(
        application=a, user=user)),
    "start_review": (Status.ONTVANGEN, lambda a, user, other: services.application_start_review(
        application=a, user=user)),
    "be_chosen_as_reviewer": (
        Status.ONTVANGEN,
        lambda a, user, other: services.application_start_review(
            application=a, user=other, reviewer=user),
    ),
    "be_assigned": (Status.IN_BEHANDELING, lambda a, user, other: services.application_assign(
        application=a, user=other, reviewer=user)),
    "checklist": (Status.IN_BEHANDELING, lambda a, user, other: services.application_checklist(
        application=a, user=user, values={"fits_pillar": True})),
    "ask_question": (Status.IN_BEHANDELING, lambda a, user, other:
        services.application_ask_question(application=a, user=user, text="Welke datum?")),
    "ask_advice": (Status.IN_BEHANDELING, lambda a, user, other:
        services.application_ask_advice(application=a, user=user)),
    "propose": (Status.IN_BEHANDELING, lambda a, user, other: services.application_propose(
        application=a, user=user, outcome="toegekend", reason="Goed plan")),
    "decide": (Status.IN_BEHANDELING, lambda a, user, other: services.application_decide(
        application=a, user=user, outcome="toegekend", reason="Goed plan")),
    "confirm": (Status.BESLUIT_VOORGESTELD, lambda a, user, other:
        services.application_confirm(application=a, user=user)),
    "send_back": (Status.BESLUIT_VOORGESTELD, lambda a, user, other:
        services.application_send_back(application=a, user=user, reason="Motiveer beter")),
    "reduce": (Status.TOEGEKEND, lambda a, user, other: services.application_reduce_grant(
        application=a, user=user, amount=Decimal("300"), reason="Huur valt af")),
    "record_contact": (Status.IN_BEHANDELING, lambda a, user, other: services.contact_record(
        application=a, user=user, channel="telefoon", summary="Gebeld")),
}  # fmt: skip


def _prepare(application, move, proposer):
    if move in ("confirm", "send_back"):
        Application.objects.filter(pk=application.pk).update(
            proposed_outcome="toegekend", proposed_amount=Decimal("500"), proposed_by=proposer
        )
    if move == "reduce":
        _grant(application, proposer)
    application.refresh_from_db()


def _trace(application):
    application.refresh_from_db()
    return (
        application.status,
        application.reviewer_id,
        application.fits_pillar,
        application.granted_amount,
        application.questions.count(),
        application.advices.count(),
        application.ledger_entries.count(),
        application.contacts.count(),
        application.letters.count(),
    )


@pytest.mark.parametrize("move", list(MOVES))
@pytest.mark.parametrize("kind", INVOLVEMENTS)
def test_an_involved_staff_member_is_refused(
    fund_year, build, person, colleague, reviewer, move, kind
):
    status, attempt = MOVES[move]
    application = build(kind, status, person)
    _prepare(application, move, proposer=reviewer)
    before = _trace(application)
    with pytest.raises((PermissionDenied, ValidationError)) as excinfo:
        attempt(application, person, colleague)
    message = " ".join(getattr(excinfo.value, "messages", None) or [str(excinfo.value)])
    assert "betrokken" in message, message
    assert perms.involvement(person, application) in message
    assert _trace(application) == before


@pytest.mark.parametrize("move", list(MOVES))
def test_someone_not_involved_may(fund_year, build, person, colleague, reviewer, move):
    status, attempt = MOVES[move]
    application = build("none", status, person)
    _prepare(application, move, proposer=reviewer)
    before = _trace(application)
    attempt(application, person, colleague)
    assert _trace(application) != before


@pytest.mark.parametrize("kind", ["applicant", "team", "conflict"])
def test_an_involved_adviser_gives_no_advice(build, adviser, reviewer, kind):
    application = build(kind, Status.ADVIES_HWZ, adviser)
    with pytest.raises(PermissionDenied, match="betrokken"):
        services.application_give_advice(application=application, user=adviser, verdict="positief")
    application.refresh_from_db()
    assert application.status == Status.ADVIES_HWZ and not application.advices.exists()
    free = build("none", Status.ADVIES_HWZ, adviser)
    services.application_give_advice(application=free, user=adviser, verdict="positief")


def test_four_eyes_the_confirmer_is_neither_proposer_nor_involved(
    fund_year, build, person, colleague
):
    application = build("team", Status.IN_BEHANDELING, person)
    services.application_propose(
        application=application, user=colleague, outcome="toegekend", reason="Goed plan"
    )
    with pytest.raises(PermissionDenied, match="Vier ogen"):
        services.application_confirm(application=application, user=colleague)
    with pytest.raises(PermissionDenied, match="team"):
        services.application_confirm(application=application, user=person)
    third = UserFactory(role="coordinator")
    services.application_confirm(application=application, user=third)
    application.refresh_from_db()
    assert application.status == Status.TOEGEKEND and application.confirmed_by == third


def test_a_staff_members_own_application_steps_them_aside_on_submission(
    fund_year, build, person, colleague, wijk
):
    """Submitting records the involvement as a conflict, with the reason; a team member
    added afterwards is kept out all the same."""
    application = build("applicant", Status.CONCEPT, person)
    services.application_submit(application=application, user=person)
    conflict = ConflictOfInterest.objects.get(application=application)
    assert conflict.user == person and conflict.automatic and conflict.reason == "aanvrager"
    assert conflict.history.get().history_user == person
    assert perms.involvement(person, Application.objects.get(pk=application.pk)) == "aanvrager"
    # The staff member who is also a resident still acts as applicant: withdraws, answers.
    assert perms.can_transition(person, application, TRANSITIONS["withdraw"])[0]


def test_intake_records_who_entered_it(client, wijk, person):
    from tests.fonds.test_letters_and_intake import intake_data
    from tests.initiatieven.factories import PillarFactory

    c = staff_client(client, person)
    assert c.post(reverse("fonds_application:intake"), intake_data(wijk, PillarFactory()))
    application = Application.objects.get()
    conflict = application.conflicts.get()
    assert conflict.user == person and conflict.automatic
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "U doet niet mee aan de behandeling van deze aanvraag" in page
    assert "is teruggetrokken: voerde de aanvraag in voor de huurder" in page
    assert "Ontvangst bevestigen</button>" not in page


def test_people_with_and_lists_leave_the_involved_out(build, person, colleague, wijk):
    application = build("team", Status.ONTVANGEN, person)
    chosen = services.people_with("review_application", wijk.pk, application=application)
    assert colleague in chosen and person not in chosen
    waiting = perms.exclude_involved(Application.objects.all(), person)
    assert application not in waiting
    assert application in perms.exclude_involved(Application.objects.all(), colleague)


# --- through the admin's buttons -----------------------------------------------------

VIEW_MOVES = {
    "acknowledge": (Status.INGEDIEND, {}),
    "start_review": (Status.ONTVANGEN, {}),
    "checklist": (Status.IN_BEHANDELING, {"fits_pillar": "ja"}),
    "ask_question": (Status.IN_BEHANDELING, {"text": "Welke datum?"}),
    "ask_advice": (Status.IN_BEHANDELING, {}),
    "decide": (Status.IN_BEHANDELING, {"outcome": "toegekend", "reason": "Goed"}),
    "propose": (Status.IN_BEHANDELING, {"outcome": "toegekend", "reason": "Goed"}),
    "confirm": (Status.BESLUIT_VOORGESTELD, {}),
    "send_back": (Status.BESLUIT_VOORGESTELD, {"reason": "Nee"}),
    "reduce": (Status.TOEGEKEND, {"amount": "300", "reason": "Minder kosten"}),
    "contact": (Status.IN_BEHANDELING, {"channel": "telefoon", "summary": "Gebeld"}),
}


# Deciding and proposing are one form on the page, which posts to "decision".
BUTTON = {"decide": "decision", "propose": "decision"}


@pytest.mark.parametrize("move", list(VIEW_MOVES))
@pytest.mark.parametrize("kind", INVOLVEMENTS)
def test_the_admin_refuses_an_involved_staff_member(
    client, fund_year, build, person, reviewer, move, kind
):
    status, data = VIEW_MOVES[move]
    application = build(kind, status, person)
    _prepare(application, move, proposer=reviewer)
    before = _trace(application)
    c = staff_client(client, person)
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert f"/{BUTTON.get(move, move)}/" not in page  # no button for it
    response = c.post(
        reverse("fonds_application:action", args=[application.pk, move]), data, follow=True
    )
    assert response.status_code == 200
    assert "betrokken bij deze aanvraag" in response.content.decode()
    assert _trace(application) == before


@pytest.mark.parametrize("move", list(VIEW_MOVES))
def test_the_admin_lets_someone_not_involved(client, fund_year, build, person, reviewer, move):
    status, data = VIEW_MOVES[move]
    application = build("none", status, person)
    _prepare(application, move, proposer=reviewer)
    before = _trace(application)
    c = staff_client(client, person)
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert f"/{BUTTON.get(move, move)}/" in page
    c.post(reverse("fonds_application:action", args=[application.pk, move]), data)
    assert _trace(application) != before


def test_the_application_page_says_who_stepped_aside_and_why(
    client, build, person, colleague, wijk
):
    adviser = UserFactory(role="hwz-moderator", first_name="Hans", last_name="Hwz")
    adviser.werkgebied.add(wijk)
    application = build("team", Status.ONTVANGEN, person)
    application.initiative.co_initiators.add(adviser)
    services.conflict_declare(application=application, user=colleague, reason="Mijn buurvrouw")
    third = UserFactory(role="leefbaarheidsmedewerker", first_name="Dirk", last_name="Derde")
    c = staff_client(client, third)
    page = c.get(reverse("fonds_application:inspect", args=[application.pk])).content.decode()
    assert "Bea Betrokken is teruggetrokken: lid van het team van het initiatief" in page
    assert "Hans Hwz is teruggetrokken: lid van het team van het initiatief" in page
    assert "Vera Vrij is teruggetrokken: Mijn buurvrouw" in page
    assert "zelf gemeld" in page
    # The reviewer choice offers only people who are free to review it.
    choice = page.split('id="sr-reviewer"')[1].split("</select>")[0]
    assert "Dirk Derde" in choice
    assert "Bea Betrokken" not in choice and "Vera Vrij" not in choice


def test_an_involved_adviser_does_not_see_the_advice_page(client, build, adviser):
    application = build("applicant", Status.ADVIES_HWZ, adviser)
    free = build("none", Status.ADVIES_HWZ, adviser, title="Buurtfeest")
    c = staff_client(client, adviser)
    listing = c.get(reverse("fonds:advice_list")).content.decode()
    assert "Buurtfeest" in listing and reverse("fonds:advice", args=[application.pk]) not in listing
    assert c.get(reverse("fonds:advice", args=[application.pk])).status_code == 404
    assert c.get(reverse("fonds:advice", args=[free.pk])).status_code == 200
