import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from cms.management.commands.load_demo import DEMO_TOTP_SECRET
from portal.models import User, Wijk
from portal.permissions import has_powers_beyond_resident

# The demo's documented TOTP secret; test accounts with staff powers use it too.
TOTP_SECRET = DEMO_TOTP_SECRET


def with_two_factor(user, secret: str = TOTP_SECRET):
    """`user` with a TOTP authenticator (kept if they already have one), as every account
    with powers beyond a resident's needs before it may use them."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, secret)
    return user


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

    @factory.post_generation
    def two_factor(self, create, extracted, **kwargs):
        """Accounts with powers beyond a resident's get TOTP, as a real staff account has
        before it can work; `UserFactory(..., two_factor=False)` makes one without."""
        if extracted is False:
            return
        if extracted or has_powers_beyond_resident(self):
            with_two_factor(self)
