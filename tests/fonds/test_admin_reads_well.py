"""What staff read in the fund's admin: a sentence after each action, amounts in euros,
yes/no filters in words."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fonds import services
from fonds.models import Status
from tests.portal.factories import UserFactory
from tests.test_admin_pages_render import VisibleText

from .conftest import staff_client

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_each_action_says_what_happened(client, make_application, applicant):
    application = make_application()
    services.application_submit(application=application, user=applicant)
    reviewer = UserFactory(role="wijkbeheerder")
    reviewer.werkgebied.add(application.wijk)
    staff = staff_client(client, reviewer)

    def act(name, **data):
        url = reverse("fonds_application:action", args=[application.pk, name])
        return messages_of(staff.post(url, data, follow=True))

    assert "De ontvangst is bevestigd" in act("acknowledge")
    assert act("start_review") == "De beoordeling is begonnen."
    said = act("ask_question", text="Hoeveel mensen komen er?")
    assert "De vraag is naar de aanvrager gestuurd" in said
    assert "Gelukt" not in said


def test_the_queue_shows_euros_and_yes_no_chips(client, make_application):
    application = make_application(status=Status.INGEDIEND, amount=Decimal("1250.50"))
    reviewer = UserFactory(role="wijkbeheerder")
    reviewer.werkgebied.add(application.wijk)
    staff = staff_client(client, reviewer)
    page = VisibleText()
    page.feed(staff.get(reverse("fonds_application:index") + "?overdue=false").content.decode())
    assert "Termijn verstreken: Nee" in page.text
    assert "False" not in page.text
    assert "€ 1.250,50" in page.text.replace("\xa0", " ")
