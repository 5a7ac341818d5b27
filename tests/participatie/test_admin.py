"""Staff start groups and assign HWZ moderators in the admin (through the services, with
history); memberships and meetings are there to read; HWZ moderators have no admin part."""

import pytest
from django.urls import reverse

from participatie.models import Membership, MembershipStatus, ResidentGroup
from tests.participatie.conftest import make_moderator
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_start_a_group_with_a_moderator(client, wijk, coordinator):
    hwz = UserFactory(role="hwz-moderator")
    client.force_login(coordinator)
    response = client.post(
        reverse("participatie_group:add"),
        {
            "name": "Bewonerscommissie Het Hof",
            "slug": "het-hof",
            "kind": "bewonerscommissie",
            "wijk": wijk.pk,
            "description": "Namens de huurders van Het Hof.",
            "meets_when": "Elke maand",
            "meetings_public": "on",
            "active": "on",
            "moderators": [hwz.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    group = ResidentGroup.objects.get(slug="het-hof")
    assert group.history.latest().history_user == coordinator
    membership = Membership.objects.get(group=group, user=hwz)
    assert membership.status == MembershipStatus.ACTIVE and membership.role == "moderator"
    # Taken off again in the edit form.
    data = {
        "name": group.name,
        "slug": group.slug,
        "kind": group.kind,
        "wijk": wijk.pk,
        "active": "on",
    }
    client.post(reverse("participatie_group:edit", args=[group.pk]), data)
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.ENDED


def test_admin_lists_render(client, group, coordinator, meeting):
    make_moderator(group)
    client.force_login(coordinator)
    for name in (
        "participatie_group:index",
        "participatie_membership:index",
        "participatie_meeting:index",
    ):
        assert client.get(reverse(name)).status_code == 200
    assert client.get(reverse("participatie_group:edit", args=[group.pk])).status_code == 200
    assert client.get(reverse("participatie_meeting:inspect", args=[meeting.pk])).status_code == 200


def test_hwz_moderator_and_wijkbeheerder_out_of_reach_see_no_group(client, group, other_wijk):
    moderator = make_moderator(group)
    client.force_login(moderator)
    assert client.get(reverse("participatie_group:index")).status_code in (302, 403)
    beheerder = UserFactory(role="wijkbeheerder")
    beheerder.werkgebied.add(other_wijk)
    client.force_login(beheerder)
    assert client.get(reverse("participatie_group:edit", args=[group.pk])).status_code == 404
    assert group.name not in client.get(reverse("participatie_group:index")).content.decode()
