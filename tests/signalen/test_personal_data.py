"""The resident's meldingen in their export, and erasure: the rows stay for the
monitoring counts, everything that says who reported them goes, in the history too."""

import json
from decimal import Decimal

from wagtail import hooks

from signalen import services
from signalen.models import Cost, Melding, MeldingPhoto, MeldingUpdate, Referral
from signalen.personal_data import erase_meldingen, export_meldingen
from tests.signalen.conftest import clean_photo


def test_the_hook_is_registered():
    found = [fn() for fn in hooks.get_hooks("fijnewijk_personal_data")]
    entry = next(e for e in found if e["key"] == "meldingen")
    assert entry["export"] is export_meldingen and entry["erase"] is erase_meldingen


def test_export_holds_own_meldingen_only(make_melding, resident, other_resident, wijkbeheerder):
    mine = make_melding(description="Mijn eigen melding", contact_phone="0612345678")
    make_melding(reporter=other_resident, description="Van een ander")
    services.melding_acknowledge(melding=mine, user=wijkbeheerder)
    services.melding_note(melding=mine, user=wijkbeheerder, text="Interne notitie")
    services.melding_feedback(melding=mine, user=wijkbeheerder, text="Wij komen kijken.")
    data = export_meldingen(resident)
    json.dumps(data)  # machine-readable as it is
    assert [d["reference"] for d in data] == [mine.reference]
    assert data[0]["description"] == "Mijn eigen melding"
    assert data[0]["contact_phone"] == "0612345678"
    texts = [m["text"] for m in data[0]["messages"]]
    assert "Wij komen kijken." in texts and "Interne notitie" not in texts
    assert "Van een ander" not in json.dumps(data)


def test_erase_anonymises_and_keeps_the_counts(
    make_melding, resident, other_resident, wijkbeheerder, partner, wijk
):
    from signalen.models import Dossier

    first = make_melding(description="Mijn buurman Jan schreeuwt", contact_phone="0612345678")
    second = make_melding(
        address="Lindelaan 14", place_description="bij mijn deur", photos=[clean_photo()]
    )
    other = make_melding(reporter=other_resident, description="Blijft staan")
    services.melding_acknowledge(melding=first, user=wijkbeheerder)
    services.melding_feedback(melding=first, user=wijkbeheerder, text="Beste mevrouw Huurder")
    services.refer(subject=first, partner=partner, user=wijkbeheerder, reason="Over Jan")
    services.record_cost(
        subject=second, user=wijkbeheerder, kind="schoonmaak", amount=Decimal("50")
    )
    dossier = Dossier.objects.create(subject="adres", wijk=wijk, title="D")
    Melding.objects.filter(pk=second.pk).update(dossier=dossier)
    assert MeldingPhoto.objects.filter(melding=second).count() == 1
    counts = (Melding.objects.count(), Cost.objects.count(), Referral.objects.count())

    touched = erase_meldingen(resident)

    assert touched == 2
    assert (Melding.objects.count(), Cost.objects.count(), Referral.objects.count()) == counts
    for melding in Melding.objects.filter(pk__in=[first.pk, second.pk]):
        assert melding.reporter is None and melding.contact_phone == "" and not melding.may_contact
        assert melding.address == "" and melding.place_description == ""
        assert "Jan" not in melding.description
        assert melding.signal_type and melding.wijk_id == wijk.pk and melding.submitted_at
    assert Melding.objects.get(pk=second.pk).dossier == dossier
    history = Melding.history.filter(id__in=[first.pk, second.pk])
    assert not history.filter(reporter_id=resident.pk).exists()
    assert not history.exclude(contact_phone="").exists()
    assert not history.filter(description__contains="Jan").exists()
    assert not MeldingUpdate.objects.filter(text__contains="mevrouw Huurder").exists()
    assert not Referral.objects.filter(reason__contains="Jan").exists()
    assert not Referral.history.filter(reason__contains="Jan").exists()
    assert not MeldingPhoto.objects.filter(melding=second).exists()
    assert Melding.objects.get(pk=other.pk).reporter == other_resident
    assert Melding.objects.get(pk=other.pk).description == "Blijft staan"
    assert export_meldingen(resident) == []
    assert erase_meldingen(resident) == 0
