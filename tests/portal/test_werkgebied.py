"""What a werkgebied means: the reach of HWZ moderators and wijkbeheerders; "my wijken"
for every other role (the queues' default filter and who is told first)."""

import pytest
from django.contrib.auth import get_user_model

from portal.forms import PortalUserEditForm
from portal.permissions import my_wijk_ids, notify_per_wijk, wijken_in_reach

from .factories import UserFactory, WijkFactory

pytestmark = pytest.mark.django_db


def test_a_werkgebied_limits_reach_only_for_the_roles_that_need_one():
    a, b = WijkFactory(), WijkFactory()
    hwz = UserFactory(role="hwz-moderator")
    hwz.werkgebied.add(a)
    coordinator = UserFactory(role="coordinator")
    coordinator.werkgebied.add(a)
    assert set(wijken_in_reach(hwz)) == {a}
    assert set(wijken_in_reach(coordinator)) == {a, b}
    # "My wijken" is a default filter for the roles that reach every wijk only.
    assert my_wijk_ids(coordinator) == [a.pk]
    assert my_wijk_ids(hwz) == []
    assert my_wijk_ids(UserFactory(role="coordinator")) == []


def test_people_are_told_per_role_werkgebied_first_else_all():
    a, b = WijkFactory(), WijkFactory()
    hwz_a = UserFactory(role="hwz-moderator")
    hwz_a.werkgebied.add(a)
    mine = UserFactory(role="sociaal-beheerder")
    mine.werkgebied.add(a)
    other = UserFactory(role="sociaal-beheerder")
    admin = UserFactory(is_superuser=True)
    people = (
        get_user_model()
        .objects.filter(pk__in=[hwz_a.pk, mine.pk, other.pk, admin.pk])
        .prefetch_related("groups", "werkgebied")
    )

    told = notify_per_wijk(people, [a.pk, b.pk])

    assert {p.pk for p in told[a.pk]} == {hwz_a.pk, mine.pk, admin.pk}
    assert {p.pk for p in told[b.pk]} == {mine.pk, other.pk, admin.pk}


def test_the_user_form_says_what_a_werkgebied_means():
    form = PortalUserEditForm(instance=UserFactory(role="huurder"))
    text = str(form.fields["werkgebied"].help_text)
    assert "HWZ-moderator" in text and "Wijkbeheerder" in text
    assert "mijn wijken" in text
