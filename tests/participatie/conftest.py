from datetime import timedelta

import pytest
from django.utils import timezone

from participatie.models import Meeting, Membership, MembershipRole, MembershipStatus, ResidentGroup
from tests.portal.factories import UserFactory, WijkFactory


@pytest.fixture
def wijk(db):
    return WijkFactory()


@pytest.fixture
def other_wijk(db):
    return WijkFactory()


@pytest.fixture
def make_group(wijk):
    counter = {"n": 0}

    def make(**kwargs):
        counter["n"] += 1
        defaults = {
            "name": f"Bewonersgroep {counter['n']}",
            "slug": f"groep-{counter['n']}-{timezone.now().timestamp():.0f}",
            "wijk": wijk,
            "description": "Wij houden de binnentuin samen bij.",
            "meets_when": "Elke eerste dinsdag, 19.30 uur",
        }
        defaults.update(kwargs)
        return ResidentGroup.objects.create(**defaults)

    return make


@pytest.fixture
def group(make_group):
    return make_group()


@pytest.fixture
def resident(db):
    return UserFactory(role="huurder")


@pytest.fixture
def other_resident(db):
    return UserFactory(role="huurder")


def make_moderator(group, **kwargs):
    user = UserFactory(role="hwz-moderator", **kwargs)
    user.werkgebied.add(group.wijk)
    Membership.objects.create(
        group=group,
        user=user,
        status=MembershipStatus.ACTIVE,
        role=MembershipRole.MODERATOR,
    )
    return user


@pytest.fixture
def moderator(group):
    return make_moderator(group)


@pytest.fixture
def coordinator(db):
    return UserFactory(role="coordinator")


def add_member(group, user, **kwargs):
    return Membership.objects.create(
        group=group, user=user, status=MembershipStatus.ACTIVE, **kwargs
    )


@pytest.fixture
def make_meeting(group):
    def make(**kwargs):
        start = timezone.now() + timedelta(days=3)
        defaults = {
            "group": group,
            "title": "Bewonersavond",
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "place": "Buurthuis De Linde",
            "agenda": "1. Opening\n2. De binnentuin",
        }
        defaults.update(kwargs)
        return Meeting.objects.create(**defaults)

    return make


@pytest.fixture
def meeting(make_meeting):
    return make_meeting()
