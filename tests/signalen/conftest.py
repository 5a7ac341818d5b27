"""Fixtures for signals: a wijk and another, staff of each role (with TOTP) in the wijk,
residents, partners and meldingen."""

from __future__ import annotations

import pytest

from tests.portal.factories import UserFactory, WijkFactory, with_two_factor


def staff_client(client, user):
    """`client` signed in as `user`, with two-factor set up so the admin lets them in."""
    with_two_factor(user)
    client.force_login(user)
    return client


def _staff(role, *wijken):
    user = UserFactory(role=role)
    with_two_factor(user)
    if wijken:
        user.werkgebied.add(*wijken)
    return user


@pytest.fixture
def wijk(db):
    return WijkFactory()


@pytest.fixture
def other_wijk(db):
    return WijkFactory()


@pytest.fixture
def resident(db):
    return UserFactory(role="huurder")


@pytest.fixture
def other_resident(db):
    return UserFactory(role="huurder")


@pytest.fixture
def wijkbeheerder(wijk):
    """Staff limited to their werkgebied: the wijk."""
    return _staff("wijkbeheerder", wijk)


@pytest.fixture
def other_wijkbeheerder(other_wijk):
    """Staff of another wijk only."""
    return _staff("wijkbeheerder", other_wijk)


@pytest.fixture
def sociaal_beheerder(wijk):
    return _staff("sociaal-beheerder", wijk)


@pytest.fixture
def leefbaarheidsmedewerker(wijk):
    return _staff("leefbaarheidsmedewerker", wijk)


@pytest.fixture
def ondersteuner(db):
    return _staff("ondersteuner-sociaal-beheer")


@pytest.fixture
def coordinator(db):
    return _staff("coordinator")


@pytest.fixture
def hwz_moderator(wijk):
    return _staff("hwz-moderator", wijk)


@pytest.fixture
def redacteur(db):
    return _staff("redacteur")


@pytest.fixture
def partner(db):
    from cms.models import Partner

    return Partner.objects.create(name="Buurtbemiddeling Noord", kind="bemiddeling")


@pytest.fixture
def archived_partner(db):
    from cms.models import Partner

    return Partner.objects.create(name="Oude Partner", kind="zorg", archived=True)


@pytest.fixture
def make_melding(wijk, resident):
    """A melding submitted through the service (terms, reference, timeline are real)."""
    from signalen import services

    def make(reporter=resident, **kwargs):
        defaults = {
            "reporter": reporter,
            "signal_type": "overlast",
            "description": "Harde muziek tot na middernacht.",
            "wijk": wijk,
            "address": "Lindelaan 14",
            "may_contact": True,
        }
        defaults.update(kwargs)
        return services.melding_submit(**defaults)

    return make


def png_upload(name="foto.png", size=(40, 30)):
    """A real PNG file as a browser would upload it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def clean_photo():
    from portal.uploads import clean_image

    return clean_image(png_upload())
