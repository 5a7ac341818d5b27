"""Forms of resident groups: the resident's (join, filters) and the moderator's (meeting,
decline, cancel, minutes, announcement). Every form carries the site's honeypot."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.abuse import HoneypotMixin
from portal.fields import single_line
from portal.models import Wijk

from .models import GroupKind, Meeting

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M", "%d-%m-%Y %H.%M"]
MAX_CAPACITY = 10_000


class GroupFilterForm(forms.Form):
    wijk = forms.ModelChoiceField(
        label=_("Wijk"),
        queryset=Wijk.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijken"),
    )
    soort = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle soorten")), *GroupKind.choices], required=False
    )


class JoinForm(HoneypotMixin, forms.Form):
    show_name = forms.BooleanField(
        label=_("Andere leden mogen mijn naam zien"),
        required=False,
        help_text=_(
            "Alleen uw voornaam en de eerste letter van uw achternaam. Uw e-mailadres en "
            "telefoonnummer ziet geen ander lid."
        ),
    )


class MeetingForm(HoneypotMixin, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Begint om"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Vul een datum en tijd in, bijvoorbeeld 14-12-2026 19:30.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Eindigt om"),
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"invalid": _("Vul een datum en tijd in, bijvoorbeeld 14-12-2026 21:30.")},
    )
    online_url = forms.URLField(
        label=_("Link voor online deelnemen"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Vul een volledige link in, die begint met https://.")},
    )
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text=_(
            "Leeg: geen maximum. Is het vol, dan komen nieuwe aanmeldingen op de wachtlijst."
        ),
        error_messages={
            "invalid": _("Vul een heel getal in, of laat het veld leeg."),
            "min_value": _(
                "Er is minstens één plaats nodig; laat het veld leeg voor geen maximum."
            ),
            "max_value": _("Vul hoogstens %(limit_value)s plaatsen in."),
        },
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "ends_at", "place", "online_url", "agenda", "capacity"]
        widgets = {"agenda": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line(self.fields["title"])
        single_line(self.fields["place"])

    def clean(self):
        from .services import meeting_errors

        cleaned = super().clean()
        for field, message in meeting_errors(cleaned).items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def _post_clean(self):
        # The dates are checked above, per field; the model's constraints would say the
        # same once more without a field.
        if self.errors:
            return
        super()._post_clean()

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class ReasonForm(HoneypotMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("De bewoner leest dit."),
    )


class MinutesForm(HoneypotMixin, forms.Form):
    minutes = forms.CharField(
        label=_("Verslag"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Zet er geen namen of gegevens van bewoners in zonder hun toestemming."),
    )


class AnnouncementForm(HoneypotMixin, forms.Form):
    title = single_line(forms.CharField(label=_("Onderwerp"), max_length=120))
    body = forms.CharField(
        label=_("Bericht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
