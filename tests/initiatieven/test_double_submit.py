"""A double click on an initiative form never makes two of anything."""

import pytest
from django.urls import reverse

from initiatieven.models import Comment, Initiative, Status
from tests.fonds.test_double_submit import ALREADY, token_on

pytestmark = pytest.mark.django_db


def test_double_click_on_indienen_for_a_new_initiative(client, initiator, wijk, pillar):
    client.force_login(initiator)
    data = {
        "title": "Moestuin bij de flat",
        "wijk": wijk.pk,
        "pillar": pillar.pk,
        "description": "Groente kweken met de buren.",
        "needs": "Aarde",
        "indienen": "1",
        "submission_token": token_on(client, reverse("initiatieven:propose")),
    }
    first = client.post(reverse("initiatieven:propose"), data)
    second = client.post(reverse("initiatieven:propose"), data)
    initiative = Initiative.objects.get()
    assert initiative.status == Status.INGEDIEND
    assert initiative.history.filter(status=Status.INGEDIEND).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY in client.get(second["Location"]).content.decode()


def test_double_click_on_a_comment(client, make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    data = {
        "body": "Goed idee!",
        "submission_token": token_on(client, initiative.get_absolute_url()),
    }
    url = reverse("initiatieven:comment", args=[initiative.pk])
    first = client.post(url, data)
    second = client.post(url, data)
    assert Comment.objects.filter(initiative=initiative).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_a_refused_comment_frees_its_token(client, make_initiative, resident):
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    client.force_login(resident)
    token = token_on(client, initiative.get_absolute_url())
    url = reverse("initiatieven:comment", args=[initiative.pk])
    assert client.post(url, {"body": "  ", "submission_token": token}).status_code == 400
    assert client.post(url, {"body": "Toch wel", "submission_token": token}).status_code == 302
    assert Comment.objects.filter(initiative=initiative).count() == 1


def test_the_same_token_of_two_people_is_two_actions(client, make_initiative, resident, initiator):
    """A token belongs to one account: someone else's request is never taken for a repeat."""
    initiative = make_initiative(status=Status.GEPUBLICEERD)
    url = reverse("initiatieven:comment", args=[initiative.pk])
    token = "0" * 32
    for person in (resident, initiator):
        client.force_login(person)
        client.post(url, {"body": f"Van {person.pk}", "submission_token": token})
    assert Comment.objects.filter(initiative=initiative).count() == 2
