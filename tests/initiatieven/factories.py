import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cms.models import Pillar
from initiatieven.models import Comment, Initiative, Status
from tests.portal.factories import UserFactory, WijkFactory


class PillarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pillar
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Pijler {n}")
    slug = factory.Sequence(lambda n: f"pijler-{n}")


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Buurtidee nummer {n}")
    description = "Samen de buurt mooier maken."
    needs = "Vrijwilligers en plantenbakken."
    wijk = factory.SubFactory(WijkFactory)
    pillar = factory.SubFactory(PillarFactory)
    initiator = factory.SubFactory(UserFactory, role="huurder")
    status = Status.CONCEPT


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    initiative = factory.SubFactory(InitiativeFactory, status=Status.GEPUBLICEERD)
    author = factory.SubFactory(UserFactory, role="huurder")
    body = "Mooi plan!"


def jpeg_upload(name="foto.jpg", size=(800, 600), exif_gps=False) -> SimpleUploadedFile:
    picture = Image.new("RGB", size, "#3f9e8e")
    buffer = io.BytesIO()
    if exif_gps:
        exif = Image.Exif()
        exif[0x010F] = "Camera Maker"  # Make
        gps = {1: "N", 2: (51.0, 12.0, 30.0), 3: "E", 4: (5.0, 59.0, 10.0)}
        exif[0x8825] = gps
        picture.save(buffer, format="JPEG", exif=exif)
    else:
        picture.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
