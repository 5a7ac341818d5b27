"""Every page of the fund against every kind of person: only the applicant reaches their
own application's pages, only the HWZ moderator of its wijk the advice page, and only
staff whose role reaches its wijk its pages in the admin. Changing the id in the URL
never shows anything."""

import pytest
from django.urls import reverse

from fonds import services
from fonds.models import Status
from tests.portal.factories import UserFactory

from .conftest import staff_client

pytestmark = pytest.mark.django_db

OK, LOGIN, NOT_FOUND, ADMIN_REFUSED = "ok", "login", "404", "admin-refused"


@pytest.fixture
def people(applicant, adviser, other_adviser, reviewer, coordinator, other_wijk):
    outsider = UserFactory(role="wijkbeheerder")
    outsider.werkgebied.add(other_wijk)
    return {
        "anonymous": None,
        "applicant": applicant,
        "other_resident": UserFactory(role="huurder"),
        "hwz_of_wijk": adviser,
        "hwz_elsewhere": other_adviser,
        "reviewer": reviewer,
        "wijkbeheerder_elsewhere": outsider,
        "coordinator": coordinator,
    }


@pytest.fixture
def pages(make_application, reviewer):
    concept = make_application()
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_ask_advice(application=application, user=reviewer)
    letter = services.letter_send(application=application, kind="vraag", user=reviewer)
    pk = application.pk
    return {
        "edit": reverse("fonds:edit", args=[concept.pk]),
        "mine_detail": reverse("fonds:mine_detail", args=[pk]),
        "letter_pdf": reverse("fonds:letter_pdf", args=[pk, letter.pk]),
        "advice": reverse("fonds:advice", args=[pk]),
        "admin_inspect": reverse("fonds_application:inspect", args=[pk]),
        "admin_letter": reverse("fonds_application:letter", args=[pk, letter.pk]),
    }


RESIDENT_PAGE = {"anonymous": LOGIN, "applicant": OK}  # everyone else: 404
EXPECTED = {
    "edit": RESIDENT_PAGE,
    "mine_detail": RESIDENT_PAGE,
    "letter_pdf": RESIDENT_PAGE,
    "advice": {"anonymous": LOGIN, "hwz_of_wijk": OK},
}
ADMIN_PAGE = {
    "anonymous": LOGIN,
    "applicant": LOGIN,
    "other_resident": LOGIN,
    "hwz_of_wijk": ADMIN_REFUSED,  # in the admin for initiatives, not for the fund
    "hwz_elsewhere": NOT_FOUND,  # outside their werkgebied the id does not exist
    "reviewer": OK,
    "wijkbeheerder_elsewhere": NOT_FOUND,
    "coordinator": OK,
}


def outcome(response) -> str:
    if response.status_code == 200:
        return OK
    if response.status_code == 404:
        return NOT_FOUND
    if response.status_code == 302:
        location = response["Location"]
        if "/accounts/login/" in location or "/admin/login/" in location:
            return LOGIN
        if location == "/admin/":
            return ADMIN_REFUSED
    return f"{response.status_code} {response.get('Location', '')}"


@pytest.mark.parametrize(
    "person",
    [
        "anonymous",
        "applicant",
        "other_resident",
        "hwz_of_wijk",
        "hwz_elsewhere",
        "reviewer",
        "wijkbeheerder_elsewhere",
        "coordinator",
    ],
)
def test_who_reaches_which_page(client, people, pages, person):
    user = people[person]
    if user is not None:
        if user.groups.exclude(name="huurder").exists():
            staff_client(client, user)
        else:
            client.force_login(user)
    found = {}
    for name, url in pages.items():
        if name.startswith("admin_"):
            expected = ADMIN_PAGE[person]
        else:
            expected = EXPECTED[name].get(person, NOT_FOUND)
        found[name] = (outcome(client.get(url)), expected)
    wrong = {name: got for name, got in found.items() if got[0] != got[1]}
    assert not wrong, f"{person}: (got, expected) {wrong}"


def test_actions_in_the_admin_refuse_outsiders(client, people, make_application):
    """A POST to an action from someone whose role does not reach the wijk changes nothing."""
    application = make_application(status=Status.INGEDIEND)
    url = reverse("fonds_application:action", args=[application.pk, "acknowledge"])
    staff_client(client, people["wijkbeheerder_elsewhere"])
    assert client.post(url).status_code == 404
    staff_client(client, people["hwz_of_wijk"])
    client.post(url)
    application.refresh_from_db()
    assert application.status == Status.INGEDIEND


GIVEN_ADVICE_PAGE = {
    "anonymous": LOGIN,
    "hwz_of_wijk": OK,  # the adviser reads the advice given
    "reviewer": OK,  # and so do the staff who handle the application
    "coordinator": OK,
}  # everyone else, the applicant too: 404


@pytest.mark.parametrize(
    "person",
    [
        "anonymous",
        "applicant",
        "other_resident",
        "hwz_of_wijk",
        "hwz_elsewhere",
        "reviewer",
        "wijkbeheerder_elsewhere",
        "coordinator",
    ],
)
def test_who_reads_a_given_advice(client, people, make_application, reviewer, adviser, person):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=reviewer)
    services.application_ask_advice(application=application, user=reviewer)
    services.application_give_advice(
        application=application, user=adviser, verdict="positief", remarks="Prima plan"
    )
    user = people[person]
    if user is not None:
        if user.groups.exclude(name="huurder").exists():
            staff_client(client, user)
        else:
            client.force_login(user)
    response = client.get(reverse("fonds:advice", args=[application.pk]))
    assert outcome(response) == GIVEN_ADVICE_PAGE.get(person, NOT_FOUND)
    if response.status_code == 200:
        assert "Prima plan" in response.content.decode()


# The page for choosing another reviewer (GET; the choice itself is the "assign" POST):
# only staff who may review this application while it is being reviewed. (The admin
# answers a refusal with a redirect to its home page and a message: "/admin/".)
ASSIGN_PAGE = {
    "anonymous": 302,
    "applicant": 302,
    "other_resident": 302,
    "hwz_of_wijk": "/admin/",
    "hwz_elsewhere": 404,
    "reviewer": 200,
    "wijkbeheerder_elsewhere": 404,
    "coordinator": 200,
}


@pytest.mark.parametrize("who", list(ASSIGN_PAGE))
def test_the_page_for_another_reviewer_per_role(client, people, make_application, who):
    application = make_application(status=Status.IN_BEHANDELING, reviewer=people["reviewer"])
    if people[who] is not None:
        staff_client(client, people[who])
    url = reverse("fonds_application:action", args=[application.pk, "assign"])
    response = client.get(url)
    expected = ASSIGN_PAGE[who]
    if expected == "/admin/":
        assert response.status_code == 302 and response["Location"] == "/admin/"
    else:
        assert response.status_code == expected, response.status_code
    if response.status_code == 200:
        page = response.content.decode()
        assert f'<option value="{people["reviewer"].pk}" selected>' in page
        assert f'<option value="{people["applicant"].pk}"' not in page
        assert f'action="{url}"' in page


def test_the_page_for_another_reviewer_only_while_reviewing(client, people, make_application):
    staff_client(client, people["coordinator"])
    for status in (Status.ONTVANGEN, Status.AFGEWEZEN):
        application = make_application(status=status)
        url = reverse("fonds_application:action", args=[application.pk, "assign"])
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    # the other actions are only ever posted
    url = reverse("fonds_application:action", args=[application.pk, "acknowledge"])
    assert client.get(url).status_code == 405
