"""The forms of the contact log and the dossiers in the admin (sigstaff). They only read
and check what was typed; saving goes through signalen.casework."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import int_param, single_line

from . import case_permissions as access
from .models import ContactChannel, DossierOutcome, DossierSubject, SignalType

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]
DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y"]

PRIVACY_WARNING = _(
    "Schrijf alleen op wat nodig is voor het werk in de wijk. Geen bijzondere "
    "persoonsgegevens: niets over gezondheid, geloof, afkomst, seksuele voorkeur, "
    "politieke voorkeur of strafrechtelijk verleden. Geen namen, telefoonnummers of andere "
    "persoonsgegevens die u niet nodig heeft."
)


class IdChoiceField(forms.ModelChoiceField):
    """A choice of one row by id: an id no database can hold (a huge number, text) gets
    the field's own Dutch message before it reaches the query."""

    default_error_messages = {
        "invalid_choice": _("Kies een van de mogelijkheden uit de lijst."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if int_param(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _dutch_pillars():
    from cms.models import Pillar

    return Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
        "sort_order", "name"
    )


def open_partners():
    """Partners that still take referrals (archived ones are not offered)."""
    from cms.models import Partner

    return Partner.objects.filter(
        archived=False, locale__language_code=settings.LANGUAGE_CODE
    ).order_by("name")


class PartnerChoiceField(IdChoiceField):
    default_error_messages = {
        "invalid_choice": _(
            "Kies een partner uit de lijst. Gearchiveerde partners krijgen geen nieuwe "
            "doorverwijzingen."
        ),
    }


def _complexes_in(wijken):
    from portal.models import Complex

    return Complex.objects.filter(buurt__wijk__in=wijken).select_related("buurt").order_by("name")


class ContactForm(forms.Form):
    """The quick contact log: what a staff member fills in on a phone in the street."""

    happened_at = forms.DateTimeField(
        label=_("Wanneer"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput()
    )
    wijk = IdChoiceField(label=_("Wijk"), queryset=None, empty_label=None)
    complex = IdChoiceField(
        label=_("Complex"), queryset=None, required=False, empty_label=_("(geen complex)")
    )
    address = forms.CharField(
        label=_("Adres"),
        required=False,
        max_length=200,
        help_text=_("Alleen als het contact over één adres ging."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    channel = forms.ChoiceField(
        label=_("Hoe"), choices=ContactChannel.choices, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Onderwerpen"),
        choices=SignalType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Kies een of meer onderwerpen.")},
    )
    pillar = IdChoiceField(
        label=_("Pijler"),
        queryset=None,
        required=False,
        empty_label=_("(volgt uit het onderwerp)"),
    )
    summary = forms.CharField(
        label=_("Korte samenvatting"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf in een paar woorden waar het contact over ging.")},
    )
    follow_up_on = forms.DateField(
        label=_("Opvolgen op"), required=False, input_formats=DATE_FORMATS, widget=DateInput()
    )
    partner = PartnerChoiceField(
        label=_("Doorverwijzen naar"),
        queryset=None,
        required=False,
        empty_label=_("(niet doorverwijzen)"),
    )
    referral_reason = forms.CharField(
        label=_("Waarom doorverwijzen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referral_follow_up = forms.DateField(
        label=_("Doorverwijzing opvolgen op"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wijken = access.wijken_for_casework(user).order_by("name")
        self.fields["wijk"].queryset = wijken
        self.fields["complex"].queryset = _complexes_in(wijken)
        self.fields["pillar"].queryset = _dutch_pillars()
        self.fields["partner"].queryset = open_partners()
        single_line(self.fields["address"])
        self.fields["summary"].help_text = PRIVACY_WARNING

    def clean_happened_at(self):
        from .casework import check_not_future

        moment = self.cleaned_data["happened_at"]
        try:
            check_not_future(moment)
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["happened_at"]) from exc
        return moment

    def clean(self):
        data = super().clean()
        if data.get("partner") and not (data.get("referral_reason") or "").strip():
            self.add_error("referral_reason", _("Schrijf waarom u doorverwijst."))
        wijk, complex_ = data.get("wijk"), data.get("complex")
        if wijk and complex_ and complex_.buurt.wijk_id != wijk.pk:
            self.add_error("complex", _("Dit complex ligt niet in de gekozen wijk."))
        return data


class DossierForm(forms.Form):
    subject = forms.ChoiceField(
        label=_("Gaat over"), choices=DossierSubject.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Kort en zonder namen, bijvoorbeeld “Geluidsoverlast portiek 12–18”."),
    )
    wijk = IdChoiceField(label=_("Wijk"), queryset=None, required=False)
    complex = IdChoiceField(
        label=_("Complex"), queryset=None, required=False, empty_label=_("(geen complex)")
    )
    address = forms.CharField(label=_("Adres"), max_length=200, required=False)
    pillar = IdChoiceField(label=_("Pijler"), queryset=None, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        wijken = access.wijken_for_casework(user).order_by("name")
        self.fields["wijk"].queryset = wijken
        self.fields["complex"].queryset = _complexes_in(wijken)
        self.fields["pillar"].queryset = _dutch_pillars()
        single_line(self.fields["title"])
        single_line(self.fields["address"])


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Uitkomst"), choices=DossierOutcome.choices)
    reason = forms.CharField(label=_("Toelichting"), required=False, max_length=1000)


def now_for_input():
    return timezone.localtime().replace(second=0, microsecond=0)
