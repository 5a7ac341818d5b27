"""Money fields and their checks, shared by the fund's models."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 12, "decimal_places": 2}
positive = MinValueValidator(Decimal("0.01"), message=_("Vul een bedrag groter dan 0 in."))
not_negative = MinValueValidator(Decimal("0"), message=_("Een bedrag kan niet negatief zijn."))
not_absurd = MaxValueValidator(
    Decimal("10000000"), message=_("Dit bedrag is onwaarschijnlijk hoog; controleer het.")
)
