import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal.models import User, Wijk


class WijkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Wijk
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"WK09{n:04d}")
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.Sequence(lambda n: f"wijk-{n}")
    boundary = factory.Sequence(
        lambda n: {
            "type": "Polygon",
            "coordinates": [
                [
                    [5.9 + n * 0.01, 51.1],
                    [5.91 + n * 0.01, 51.1],
                    [5.91 + n * 0.01, 51.11],
                    [5.9 + n * 0.01, 51.1],
                ]
            ],
        }
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Persoon {n}")
    password = factory.PostGenerationMethodCall("set_password", "geheim-wachtwoord-123")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=extracted))
        self.save()
        EmailAddress.objects.get_or_create(
            user=self, email=self.email, defaults={"verified": True, "primary": True}
        )
