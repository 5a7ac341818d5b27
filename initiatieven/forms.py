"""Forms of the resident side. Every form carries the site's honeypot."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIteratorValue
from django.utils.translation import gettext_lazy as _

from cms.models import Pillar
from portal.abuse import HoneypotMixin
from portal.fields import as_money, single_line
from portal.models import Complex, Wijk
from portal.uploads import MultiplePhotoField

from .models import CommentReport, Initiative
from .services import MAX_PHOTOS


def complex_choices(complexes, empty_label) -> list:
    """The complexes grouped per wijk (an <optgroup> with the wijk's name), so that two
    complexes of the same name in different wijken can be told apart."""
    groups: dict[str, list] = {}
    for complex_ in complexes:
        label = f"{complex_.name} ({complex_.address})" if complex_.address else complex_.name
        groups.setdefault(complex_.buurt.wijk.name, []).append(
            (ModelChoiceIteratorValue(complex_.pk, complex_), label)
        )
    return [("", empty_label), *groups.items()]


class ComplexSelect(forms.Select):
    """Each option says its wijk (data-wijk), for the script that shows only the
    complexes of the chosen wijk."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if isinstance(value, ModelChoiceIteratorValue):
            option["attrs"]["data-wijk"] = value.instance.buurt.wijk_id
        return option


class InitiativeForm(HoneypotMixin, forms.ModelForm):
    """The proposal. A concept needs only a title and a wijk; submitting needs all."""

    photos = MultiplePhotoField(
        max_files=MAX_PHOTOS,
        label=_("Foto's"),
        help_text=_("Hoogstens %(max)s foto's, JPG, PNG of WebP, elk tot 8 MB.")
        % {"max": MAX_PHOTOS},
    )
    photo_text = single_line(
        forms.CharField(
            label=_("Wat staat er op de foto's?"),
            max_length=200,
            required=False,
            help_text=_("Een korte beschrijving voor wie de foto's niet kan zien."),
        )
    )

    class Meta:
        model = Initiative
        fields = ["title", "wijk", "complex", "pillar", "description", "needs", "estimated_cost"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "needs": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, complete: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        self.fields["complex"].queryset = Complex.objects.select_related("buurt__wijk").order_by(
            "buurt__wijk__name", "name"
        )
        self.fields["complex"].widget = ComplexSelect()
        queryset = self.fields["complex"].queryset
        # A callable: the complexes are read only when the list is shown.
        self.fields["complex"].choices = lambda: complex_choices(
            queryset, _("Geen specifiek complex")
        )
        self.fields["complex"].required = False
        self.fields["complex"].empty_label = _("Geen specifiek complex")
        self.fields["complex"].help_text = _("Alleen als het idee over één complex gaat.")
        self.fields["pillar"].queryset = Pillar.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("sort_order")
        self.fields["pillar"].empty_label = _("Kies een pijler")
        self.fields["wijk"].empty_label = _("Kies uw wijk")
        self.fields["title"].help_text = _(
            "Kort en duidelijk, bijvoorbeeld: Moestuin achter de flat."
        )
        # The title is the subject of every e-mail about the initiative: one line.
        single_line(self.fields["title"])
        cost = as_money(
            self,
            "estimated_cost",
            allow_zero=True,
            maximum=Decimal("1000000"),
            error_messages={
                "negative": _("De kosten kunnen niet negatief zijn."),
                "too_large": _("Vul een bedrag in van hoogstens 1.000.000 euro."),
            },
        )
        cost.help_text = _(
            "Een schatting is genoeg, bijvoorbeeld 250 of 1250,50. Laat leeg als u het niet weet."
        )
        for name in ("description", "needs", "pillar"):
            self.fields[name].required = complete

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise forms.ValidationError(_("Maak de titel wat langer (minstens 5 tekens)."))
        return title

    def clean(self):
        cleaned = super().clean()
        complex_, wijk = cleaned.get("complex"), cleaned.get("wijk")
        if complex_ and wijk and complex_.buurt.wijk_id != wijk.pk:
            self.add_error("complex", _("Dit complex ligt niet in de gekozen wijk."))
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k in self.Meta.fields}


class ModerationReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Toelichting"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CommentForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Uw reactie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Reageer vriendelijk en to the point. Iedereen kan uw reactie lezen, met uw voornaam."
        ),
    )


class ReportForm(HoneypotMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Wat is er mis met deze reactie?"),
        choices=CommentReport.Reason.choices,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgressUpdateForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Wat is er gebeurd?"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos = MultiplePhotoField(
        max_files=MAX_PHOTOS,
        label=_("Foto's"),
        help_text=_("Hoogstens %(max)s foto's, JPG, PNG of WebP, elk tot 8 MB.")
        % {"max": MAX_PHOTOS},
    )
    photo_text = single_line(
        forms.CharField(
            label=_("Wat staat er op de foto's?"),
            max_length=200,
            required=False,
            help_text=_("Een korte beschrijving voor wie de foto's niet kan zien."),
        )
    )


class InviteForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de mede-initiatiefnemer"),
        help_text=_("Diegene krijgt een e-mail met een link om mee te doen."),
    )


class InitiativeFilterForm(forms.Form):
    """The overview's filters; unknown values are ignored rather than refused."""

    q = forms.CharField(label=_("Zoeken"), required=False, max_length=100)
    wijk = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Wijk.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijken"),
    )
    pillar = forms.ModelChoiceField(
        label=_("Pijler"),
        queryset=Pillar.objects.filter(locale__language_code=settings.LANGUAGE_CODE).order_by(
            "sort_order"
        ),
        required=False,
        empty_label=_("Alle pijlers"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(
        label=_("Volgorde"),
        required=False,
        choices=[("nieuw", _("Nieuwste eerst")), ("steun", _("Meeste steun eerst"))],
    )

    def __init__(self, *args, **kwargs):
        from .models import PUBLIC_STATUSES, Status

        super().__init__(*args, **kwargs)
        labels = dict(Status.choices)
        self.fields["status"].choices = [("", _("Alle"))] + [
            (s, labels[s]) for s in PUBLIC_STATUSES
        ]
