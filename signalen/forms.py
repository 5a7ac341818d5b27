"""The resident's melding form, and the small forms of the staff's melding page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from portal.fields import MoneyField, free_text, single_line
from portal.models import Complex, Wijk
from portal.uploads import MultiplePhotoField

from .models import CostKind, MeldingOutcome, ReferralOutcome, SignalType

MAX_PHOTOS = 3


class ComplexSelect(forms.Select):
    """Each option says its wijk (data-wijk)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if isinstance(value, ModelChoiceIteratorValue):
            option["attrs"]["data-wijk"] = value.instance.buurt.wijk_id
        return option


def _no_controls(value: str) -> str:
    """Free text without NUL bytes or other control characters (line ends stay)."""
    return free_text(value, max_length=len(value or ""))


class MeldingForm(forms.Form):
    """What a resident reports: type, place, what happens, photos, and whether we may
    contact them. Anonymous visitors get the same form without the contact question."""

    signal_type = forms.ChoiceField(
        label=_("Waar gaat uw melding over?"),
        choices=[("", _("Kies een soort")), *SignalType.choices],
        error_messages={"required": _("Kies waar uw melding over gaat.")},
    )
    wijk = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Wijk.objects.all(),
        required=False,
        empty_label=_("Weet ik niet of kies ik niet"),
    )
    complex = forms.ModelChoiceField(
        label=_("Complex"),
        queryset=Complex.objects.select_related("buurt__wijk").order_by(
            "buurt__wijk__name", "name"
        ),
        required=False,
        widget=ComplexSelect,
        empty_label=_("Geen complex"),
    )
    address = single_line(
        forms.CharField(
            label=_("Adres"),
            max_length=200,
            required=False,
            help_text=_("Straat en huisnummer, als het om één adres gaat."),
        )
    )
    place_description = single_line(
        forms.CharField(
            label=_("Of beschrijf de plek"),
            max_length=300,
            required=False,
            help_text=_("Bijvoorbeeld: het speeltuintje achter de flat aan de Lindelaan."),
        )
    )
    description = forms.CharField(
        label=_("Wat is er aan de hand?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Vertel ons wat er aan de hand is.")},
        help_text=_(
            "Schrijf wat u ziet of meemaakt. Noem geen gezondheid, geloof of andere "
            "gevoelige gegevens van anderen als dat niet nodig is."
        ),
    )
    photos = MultiplePhotoField(
        max_files=MAX_PHOTOS,
        label=_("Foto's"),
        help_text=_("Hoogstens %(max)s foto's, JPG, PNG of WebP, elk tot 8 MB.")
        % {"max": MAX_PHOTOS},
    )
    may_contact = forms.BooleanField(
        label=_("U mag contact met mij opnemen over deze melding"),
        required=False,
    )
    contact_phone = single_line(
        forms.CharField(
            label=_("Telefoonnummer (niet verplicht)"),
            max_length=30,
            required=False,
            help_text=_("Alleen als u liever gebeld wordt."),
        )
    )

    def __init__(self, *args, anonymous: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.anonymous = anonymous
        self.fields["complex"].label_from_instance = lambda c: (
            f"{c.name} ({c.address})" if c.address else c.name
        )
        if anonymous:
            del self.fields["may_contact"]
            del self.fields["contact_phone"]

    def clean_description(self):
        text = _no_controls(self.cleaned_data["description"]).strip()
        if not text:
            raise ValidationError(_("Vertel ons wat er aan de hand is."))
        return text

    def clean_contact_phone(self):
        phone = self.cleaned_data.get("contact_phone", "").strip()
        if phone and not all(c.isdigit() or c in " +-()" for c in phone):
            raise ValidationError(
                _("Vul een telefoonnummer in met alleen cijfers, +, - of spaties.")
            )
        return phone

    def clean(self):
        data = super().clean()
        wijk, complex_ = data.get("wijk"), data.get("complex")
        if not (
            wijk
            or complex_
            or (data.get("address") or "").strip()
            or (data.get("place_description") or "").strip()
        ) and not {"wijk", "complex", "address", "place_description"} & set(self.errors):
            self.add_error(
                "place_description",
                _(
                    "Vertel ons waar het is: kies een wijk of complex, of vul een adres of een "
                    "omschrijving van de plek in."
                ),
            )
        if wijk and complex_ and complex_.buurt.wijk_id != wijk.pk:
            self.add_error("complex", _("Dit complex ligt niet in de gekozen wijk."))
        return data


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Toewijzen aan"), queryset=None, empty_label=_("Kies een medewerker")
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Tekst"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["text"].label = label

    def clean_text(self):
        text = _no_controls(self.cleaned_data["text"]).strip()
        if not text:
            raise ValidationError(_("Vul dit in."))
        return text


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"), choices=[("", _("Kies een uitkomst")), *MeldingOutcome.choices]
    )
    note = forms.CharField(
        label=_("Toelichting (intern)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_note(self):
        return _no_controls(self.cleaned_data.get("note", "")).strip()


class ReferForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=None, empty_label=_("Kies een partner")
    )
    reason = forms.CharField(
        label=_("Reden"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up_on = forms.DateField(
        label=_("Opvolgen op"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        from cms.models import Partner

        super().__init__(*args, **kwargs)
        # Archived partners are not offered; an old form that names one gets the
        # service's Dutch message.
        self.fields["partner"].queryset = Partner.objects.filter(archived=False).order_by("name")
        self.fields["partner"].error_messages["invalid_choice"] = _(
            "Deze partner bestaat niet meer of is gearchiveerd. Kies een andere partner."
        )

    def clean_reason(self):
        text = _no_controls(self.cleaned_data["reason"]).strip()
        if not text:
            raise ValidationError(_("Vul dit in."))
        return text


class CloseReferralForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=ReferralOutcome.choices)


class CostForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort kosten"), choices=CostKind.choices)
    amount = MoneyField(label=_("Bedrag"))
    spent_on = forms.DateField(
        label=_("Datum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    description = single_line(
        forms.CharField(label=_("Toelichting"), max_length=200, required=False)
    )


class ClassifyForm(forms.Form):
    """Staff correct the type of a melding or the pillar it counts under."""

    signal_type = forms.ChoiceField(label=_("Soort melding"), choices=SignalType.choices)
    pillar = forms.ModelChoiceField(
        label=_("Pijler"), queryset=None, required=False, empty_label=_("Geen pijler")
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        from cms.models import Pillar

        super().__init__(*args, **kwargs)
        self.fields["pillar"].queryset = Pillar.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("sort_order", "name")


class PollutedForm(forms.Form):
    polluted = forms.BooleanField(label=_("Vervuilde woning"), required=False)
