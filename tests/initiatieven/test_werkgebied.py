"""For staff who moderate in every wijk, the werkgebied is "my wijken": the moderation
queue starts on it, and the daily digest counts a wijk for the people of a role who have
it, for all of the role when no one has."""

import pytest
from django.urls import reverse

from initiatieven.models import Status
from initiatieven.tasks import moderation_digest
from portal.models import Notification
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_moderation_queue_starts_on_my_wijken(client, make_initiative, staff, wijk, other_wijk):
    make_initiative(status=Status.INGEDIEND, title="Bankje in mijn wijk")
    make_initiative(status=Status.INGEDIEND, title="Speeltuin elders", wijk=other_wijk)
    staff.werkgebied.add(wijk)
    client.force_login(staff)  # the factory gave this staff member TOTP
    index = reverse("initiatieven_initiative:index") + "?status=ingediend"

    page = client.get(index).content.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" not in page
    assert "Alle wijken tonen" in page

    page = client.get(index + "&alle_wijken=1").content.decode()
    assert "Bankje in mijn wijk" in page and "Speeltuin elders" in page


def _digests():
    return {n.recipient_id: n.title for n in Notification.objects.filter(event="initiative_digest")}


def test_the_digest_tells_each_role_about_its_own_wijken_first(
    make_initiative, moderator, staff, wijk, other_wijk
):
    # Two sociaal beheerders: one chose `wijk` as theirs, the other chose nothing.
    mine = UserFactory(role="sociaal-beheerder")
    mine.werkgebied.add(wijk)
    make_initiative(status=Status.INGEDIEND)  # in `wijk`
    make_initiative(status=Status.INGEDIEND, wijk=other_wijk)  # no one has this wijk

    assert moderation_digest() == 3
    digests = _digests()
    # The HWZ moderator of `wijk` as before; of the sociaal beheerders, the one who has
    # `wijk` hears of both (no one has the other wijk), the other only of the other wijk.
    assert "1 initiatief" in digests[moderator.pk]
    assert "2 initiatief" in digests[mine.pk]
    assert "1 initiatief" in digests[staff.pk]


def test_the_digest_goes_to_everyone_of_the_role_when_no_one_has_the_wijk(make_initiative, staff):
    other = UserFactory(role="sociaal-beheerder")
    make_initiative(status=Status.INGEDIEND)
    assert moderation_digest() == 2
    assert set(_digests()) == {staff.pk, other.pk}
