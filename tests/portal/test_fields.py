"""The shared kinds of input (portal.fields): amounts in euros, one-line texts, numbers
and ids from a query string, file names and e-mail subjects."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError

from portal.fields import (
    MAX_ID,
    MoneyField,
    free_text,
    ids_param,
    int_param,
    parse_amount,
    safe_filename,
    single_line,
    strip_control,
    text_param,
)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12", "12.00"),
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1.234.567,89", "1234567.89"),
        ("1234.56", "1234.56"),
        ("1.250", "1250.00"),
        ("€ 1.250,5", "1250.50"),
        (" 450,50 ", "450.50"),
        (",50", "0.50"),
        ("12,", "12.00"),
    ],
)
def test_amounts_as_dutch_people_type_them(typed, amount):
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("NaN", "not_finite", "in cijfers"),
        ("sNaN", "not_finite", "in cijfers"),
        ("-Infinity", "not_finite", "in cijfers"),
        ("inf", "not_finite", "in cijfers"),
        ("1e3", "exponent", "zonder e-notatie"),
        ("1E-2", "exponent", "zonder e-notatie"),
        ("0,001", "max_decimal_places", "twee cijfers achter de komma"),
        ("0.001", "max_decimal_places", "twee cijfers achter de komma"),
        ("1,500", "max_decimal_places", "twee cijfers achter de komma"),
        ("12.34.567", "invalid", "bedrag in euro"),
        ("1,2,3", "invalid", "bedrag in euro"),
        ("veel", "invalid", "bedrag in euro"),
        ("١٢٣", "invalid", "bedrag in euro"),
        ("12\x00", "invalid", "bedrag in euro"),
    ],
)
def test_what_is_not_an_amount_gets_its_own_message(typed, code, words):
    with pytest.raises(ValidationError) as refused:
        parse_amount(typed)
    assert refused.value.code == code
    assert words in refused.value.messages[0]


@pytest.mark.parametrize(
    ("typed", "allow_zero", "words"),
    [
        ("0", False, "groter dan 0"),
        ("0,00", False, "groter dan 0"),
        ("-5", True, "niet negatief"),
        ("10.000.000,01", True, "onwaarschijnlijk hoog"),
        ("9" * 40, True, "onwaarschijnlijk hoog"),
    ],
)
def test_money_field_refuses_zero_negative_and_absurd_amounts(typed, allow_zero, words):
    field = MoneyField(allow_zero=allow_zero)
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert words in refused.value.messages[0]


def test_money_field_gives_a_decimal_with_cents_and_shows_it_in_dutch():
    class Form(forms.Form):
        amount = MoneyField(allow_zero=True)

    form = Form({"amount": "1.250,5"})
    assert form.is_valid() and form.cleaned_data["amount"] == Decimal("1250.50")
    assert Form({"amount": "0"}).is_valid()
    assert 'value="1250,50"' in str(Form(initial={"amount": Decimal("1250.50")})["amount"])


def test_single_line_refuses_line_ends_tabs_and_control_characters():
    field = single_line(forms.CharField())
    assert field.clean("  Moestuin achter de flat \n") == "Moestuin achter de flat"
    for typed in ("Moestuin\nBcc: x@example.nl", "Moes\ttuin", "Moes\x1btuin", "Moes\u2028tuin"):
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        assert "past op één regel" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("given", "number"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", None),
        ("-3", None),
        ("abc", None),
        ("²", None),
        ("١٢", None),
        ("", None),
        (None, None),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("9" * 30, None),
        ("1\x00", None),
    ],
)
def test_int_param_reads_only_ids_the_database_can_hold(given, number):
    assert int_param(given) == number


def test_ids_param_leaves_out_what_is_no_id():
    assert ids_param(["3", "abc", "99999999999999999999999", "-1", "4"]) == [3, 4]


def test_texts_from_outside_a_form_lose_nul_bytes_and_control_characters():
    assert text_param("moes\x00tuin") == ("moes tuin", True)
    assert text_param("moestuin") == ("moestuin", False)
    assert text_param("x" * 300, max_length=200) == ("x" * 200, False)
    assert free_text("Eerste regel\r\ntweede\x00 regel\x07") == "Eerste regel\r\ntweede regel"
    assert strip_control("Oud\r\nBcc: iemand@example.nl") == "Oud Bcc: iemand@example.nl"


def test_safe_filename_keeps_headers_and_paths_intact():
    assert safe_filename("LF-2026-00042-besluit-7.pdf") == "LF-2026-00042-besluit-7.pdf"
    assert safe_filename('LF"\r\n/../x.pdf') == "LF---..-x.pdf"
    assert safe_filename("\x00") == "bestand"


@pytest.mark.parametrize("odd", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_check_amount_refuses_what_is_not_a_number_in_dutch(odd):
    """Callers that hand check_amount a Decimal of their own (not through MoneyField) get
    the Dutch message, not an InvalidOperation from comparing a NaN."""
    from portal.fields import check_amount

    with pytest.raises(ValidationError) as caught:
        check_amount(Decimal(odd))
    assert caught.value.code == "not_finite"
