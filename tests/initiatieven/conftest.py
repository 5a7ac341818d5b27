import pytest

from .factories import InitiativeFactory, PillarFactory, UserFactory, WijkFactory


@pytest.fixture
def wijk(db):
    return WijkFactory()


@pytest.fixture
def other_wijk(db):
    return WijkFactory()


@pytest.fixture
def pillar(db):
    return PillarFactory()


@pytest.fixture
def initiator(db):
    return UserFactory(role="huurder")


@pytest.fixture
def resident(db):
    return UserFactory(role="huurder")


@pytest.fixture
def co_initiator(db):
    return UserFactory(role="huurder")


@pytest.fixture
def moderator(wijk):
    """An HWZ moderator whose werkgebied is `wijk`."""
    user = UserFactory(role="hwz-moderator")
    user.werkgebied.add(wijk)
    return user


@pytest.fixture
def other_moderator(other_wijk):
    user = UserFactory(role="hwz-moderator")
    user.werkgebied.add(other_wijk)
    return user


@pytest.fixture
def staff(db):
    """A sociaal beheerder: moderates in every wijk."""
    return UserFactory(role="sociaal-beheerder")


@pytest.fixture
def make_initiative(wijk, pillar, initiator, co_initiator):
    def make(status="concept", **kwargs):
        kwargs = {"wijk": wijk, "pillar": pillar, "initiator": initiator, **kwargs}
        initiative = InitiativeFactory(status=status, **kwargs)
        initiative.co_initiators.add(co_initiator)
        return initiative

    return make
