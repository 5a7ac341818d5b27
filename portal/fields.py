"""The kinds of input every form and view of the site shares, each with a Dutch message
for every wrong value: an amount in euros, a text that fits on one line, and a number or
an id read from a query string or a POST (see `int_param`, `ids_param`, `text_param`).

Every money field uses MoneyField, every title or name that ends up in an e-mail subject
or a file name uses `single_line`, and every view that reads a parameter outside a form
uses the helpers below, so odd input gets a message instead of reaching the database."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The largest id SQLite and PostgreSQL accept (a signed 64-bit integer): a larger number
# never reaches the database.
MAX_ID = 2**63 - 1

# The largest amount anyone can enter; fits DecimalField(max_digits=12, decimal_places=2).
MAX_AMOUNT = Decimal("10000000")

_AMOUNT = re.compile(r"-?[0-9.,]+")
_NOT_A_NUMBER = re.compile(r"[+-]?(s?nan|inf|infinity)", re.IGNORECASE)
_EXPONENT = re.compile(r"[+-]?[0-9.,]*[0-9][eE][+-]?[0-9]+")
_THOUSANDS = re.compile(r"[1-9][0-9]{0,2}(\.[0-9]{3})+")  # 1.250 or 12.500.000


def is_control(char: str) -> bool:
    """A character that is not text: line ends, tabs, NUL, other control characters and
    the Unicode line and paragraph separators."""
    return unicodedata.category(char) == "Cc" or char in "\u2028\u2029"


def strip_control(value) -> str:
    """`value` on one line: every control character becomes a space, runs of spaces one."""
    text = "".join(" " if is_control(c) else c for c in str(value or ""))
    return re.sub(r" {2,}", " ", text).strip()


def safe_filename(name, default: str = "bestand") -> str:
    """A file name for a download or an e-mail attachment: no control characters, quotes,
    slashes or backslashes, which would break the header or point elsewhere."""
    cleaned = "".join(
        "-" if c in '"\\/' else c for c in strip_control(name).replace(" ", "-")
    ).strip(".-")
    return cleaned[:150] or default


def _single_line(value) -> None:
    if any(is_control(c) for c in str(value)):
        raise ValidationError(
            _(
                "Een titel of naam past op één regel: haal de regeleinden, tabs en andere "
                "onzichtbare tekens weg."
            ),
            code="single_line",
        )


def single_line(field: forms.Field) -> forms.Field:
    """Refuse line ends, tabs and other control characters in `field` (a title, a name,
    anything that ends up in an e-mail subject or a file name)."""
    if _single_line not in field.validators:
        field.validators.append(_single_line)
    return field


def _not_an_amount() -> ValidationError:
    return ValidationError(
        _("Vul een bedrag in euro's in, bijvoorbeeld 250 of 1250,50."), code="invalid"
    )


def parse_amount(value) -> Decimal | None:
    """An amount as a Dutch person types it (12, 1250,50, 1.250, 1.250,50, € 12) or with a
    decimal point (1250.50), as a Decimal; None when empty. Refuses what is not a finite
    amount in plain digits, and more than two decimals (never rounded away)."""
    if value is None or isinstance(value, Decimal):
        text = "" if value is None else format(value, "f")
    else:
        text = str(value)
    text = re.sub(r"[\s\u00a0\u202f€]", "", text)
    if not text:
        return None
    if _NOT_A_NUMBER.fullmatch(text):
        raise ValidationError(
            _("Vul een bedrag in cijfers in, bijvoorbeeld 250 of 1250,50."), code="not_finite"
        )
    if _EXPONENT.fullmatch(text):
        raise ValidationError(
            _("Schrijf het bedrag voluit, zonder e-notatie: bijvoorbeeld 1000 in plaats van 1e3."),
            code="exponent",
        )
    if not _AMOUNT.fullmatch(text) or len(text) > 40:
        raise _not_an_amount()
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if "," in digits:
        whole, _sep, cents = digits.partition(",")
        if "," in cents or "." in cents or ("." in whole and not _THOUSANDS.fullmatch(whole)):
            raise _not_an_amount()
        whole = whole.replace(".", "")
    elif _THOUSANDS.fullmatch(digits):
        whole, cents = digits.replace(".", ""), ""  # 1.250: a thousands separator
    elif digits.count(".") <= 1:
        whole, _sep, cents = digits.partition(".")  # 1250.50: a decimal point
    else:
        raise _not_an_amount()
    if not (whole or cents):
        raise _not_an_amount()
    if len(cents) > 2:
        raise ValidationError(
            _("Een bedrag heeft hoogstens twee cijfers achter de komma (de centen)."),
            code="max_decimal_places",
        )
    amount = Decimal(f"{sign}{whole or '0'}.{cents or '0'}")
    return amount.quantize(Decimal("0.01")) if amount.adjusted() < 20 else amount


def check_amount(amount: Decimal, *, allow_zero: bool = False, maximum=MAX_AMOUNT) -> Decimal:
    """`amount` if it is a finite number, positive (or zero when allowed) and not absurdly
    large. NaN and infinities are refused here too, for callers that did not come
    through MoneyField (a Decimal NaN cannot even be compared)."""
    if isinstance(amount, Decimal) and not amount.is_finite():
        raise ValidationError(
            _("Vul een bedrag in cijfers in, bijvoorbeeld 250 of 1250,50."), code="not_finite"
        )
    if amount < 0:
        raise ValidationError(_("Een bedrag kan niet negatief zijn."), code="negative")
    if amount == 0 and not allow_zero:
        raise ValidationError(_("Vul een bedrag groter dan 0 in."), code="zero")
    if amount > maximum:
        raise ValidationError(
            _("Dit bedrag is onwaarschijnlijk hoog; controleer het."), code="too_large"
        )
    return amount


class MoneyField(forms.DecimalField):
    """An amount in euros as a Decimal with cents: Dutch or plain input, finite, at most
    two decimals, positive (or zero with `allow_zero`) and at most `maximum`. A message
    can be replaced per kind through `error_messages` (invalid, not_finite, exponent,
    max_decimal_places, negative, zero, too_large)."""

    def __init__(self, *, allow_zero: bool = False, maximum=MAX_AMOUNT, **kwargs):
        self.own_messages = dict(kwargs.get("error_messages") or {})
        # A model's DecimalField hands its size on; the checks below are stricter.
        for name in ("max_digits", "decimal_places", "min_value", "max_value"):
            kwargs.pop(name, None)
        kwargs.setdefault("localize", True)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        self.allow_zero, self.maximum = allow_zero, maximum
        super().__init__(max_digits=12, decimal_places=2, **kwargs)
        self.validators = []  # check_amount says it in words a person understands

    def _refuse(self, exc: ValidationError):
        message = self.own_messages.get(exc.code)
        return ValidationError(message, code=exc.code) if message else exc

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_amount(value)
        except ValidationError as exc:
            raise self._refuse(exc) from exc

    def validate(self, value):
        forms.Field.validate(self, value)
        if value is not None:
            try:
                check_amount(value, allow_zero=self.allow_zero, maximum=self.maximum)
            except ValidationError as exc:
                raise self._refuse(exc) from exc

    def widget_attrs(self, widget):
        return forms.Field.widget_attrs(self, widget)


def as_money(
    form: forms.BaseForm,
    name: str,
    *,
    allow_zero: bool = False,
    maximum=MAX_AMOUNT,
    error_messages: dict | None = None,
) -> MoneyField:
    """Replace the form's field `name` (as a ModelForm made it) by a MoneyField with the
    same label, help text, requiredness and initial value."""
    old = form.fields[name]
    form.fields[name] = MoneyField(
        allow_zero=allow_zero,
        maximum=maximum,
        required=old.required,
        label=old.label,
        help_text=old.help_text,
        initial=old.initial,
        error_messages=error_messages,
    )
    return form.fields[name]


class ModelMultipleIdsField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id that refuses an id no database can hold (a huge
    number) with the field's own message, before it reaches the query."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else None
        if field is not None and field.get_internal_type().endswith("AutoField"):
            for pk in value:
                if int_param(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


def int_param(value, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """A whole number read from a query string or a POST (an id, a page, a year), or None
    when it is missing, not plain digits, or outside [minimum, maximum]."""
    text = str(value or "").strip()
    if not text or len(text) > 20 or not text.isascii() or not text.lstrip("-").isdigit():
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def ids_param(values) -> list[int]:
    """The valid ids among `values` (request.POST.getlist(...)); the others are left out."""
    return [n for n in (int_param(v) for v in values or []) if n is not None]


def free_text(value, *, max_length: int = 5000) -> str:
    """Free text posted outside a form (a reason, a question): without NUL bytes and other
    control characters except line ends and tabs, at most `max_length` long."""
    text = "".join(c for c in str(value or "") if c in "\t\n\r" or not is_control(c))
    return text.strip()[:max_length]


def text_param(value, *, max_length: int = 200) -> tuple[str, bool]:
    """Free text from a query string, without NUL bytes and other control characters,
    at most `max_length` long. Returns the text and whether anything was taken out."""
    raw = str(value or "")
    text = strip_control(raw)[:max_length]
    return text, text != raw.strip()[:max_length]


_PHONE_SEPARATORS = re.compile(r"[\s\-().]")


def dutch_phone(value) -> str:
    """A Dutch phone number as people type it (06 12345678, 0475-123456, +31 6 1234 5678,
    0031...) in one form: 0 and nine digits. Raises ValidationError with a Dutch message
    for anything else; "" stays ""."""
    text = str(value or "").strip()
    if not text:
        return ""
    digits = _PHONE_SEPARATORS.sub("", text)
    for prefix in ("+31", "0031", "0"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            break
    else:
        rest = ""
    if not re.fullmatch(r"[1-9][0-9]{8}", rest):
        raise ValidationError(
            _(
                "Vul een Nederlands telefoonnummer in van tien cijfers, bijvoorbeeld "
                "06 12345678 of 0475 123456 (of met +31)."
            ),
            code="phone",
        )
    return "0" + rest
