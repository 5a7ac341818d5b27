"""Forms of the shared core: the Wagtail admin's user forms with roles and werkgebied."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from .fields import ModelMultipleIdsField, single_line
from .roles import ROLES

EXTRA_USER_FIELDS = {"phone", "wijk", "complex", "werkgebied"}


class _PortalUserFields:
    def _setup_portal_fields(self):
        # Names are shown as the sender of messages and in letters: one line each.
        for name in ("first_name", "last_name", "phone"):
            if name in self.fields:
                single_line(self.fields[name])
        werkgebied = self.fields["werkgebied"]
        werkgebied.widget = forms.CheckboxSelectMultiple(choices=werkgebied.choices)
        limited = [str(role.label) for role in ROLES.values() if role.needs_werkgebied]
        werkgebied.help_text = _(
            "De rollen %(limited)s werken alleen in deze wijken (voor hen verplicht). Voor de "
            "andere rollen zijn dit 'mijn wijken': de wachtrijen van aanvragen en initiatieven "
            "tonen eerst deze wijken, en berichten over een wijk gaan eerst naar wie die wijk "
            "hier heeft aangevinkt (heeft niemand met de rol die wijk, dan naar iedereen met "
            "de rol)."
        ) % {"limited": " en ".join(limited)}

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups") or []
        werkgebied = cleaned.get("werkgebied")
        needing = [
            str(ROLES[g.name].label)
            for g in groups
            if g.name in ROLES and ROLES[g.name].needs_werkgebied
        ]
        if needing and not werkgebied:
            self.add_error(
                "werkgebied",
                _("Kies minstens één wijk: de rol %(roles)s werkt alleen in een eigen werkgebied.")
                % {"roles": ", ".join(needing)},
            )
        return cleaned


# Roles and werkgebied are chosen by id: a number too large for the database is refused.
ID_FIELDS = {"groups": ModelMultipleIdsField, "werkgebied": ModelMultipleIdsField}


class PortalUserCreationForm(_PortalUserFields, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | EXTRA_USER_FIELDS
        field_classes = ID_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_portal_fields()


class PortalUserEditForm(_PortalUserFields, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | EXTRA_USER_FIELDS
        field_classes = ID_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup_portal_fields()


class NotificationPreferencesForm(forms.Form):
    """Which kinds of messages a person wants by e-mail as well as in the portal."""

    def __init__(self, *args, user, **kwargs):
        from django.conf import settings

        from .notifications import optional_events

        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["language"] = forms.ChoiceField(
            label=_("Taal van berichten, e-mails en brieven"),
            choices=settings.LANGUAGES,
            initial=user.language,
            required=False,  # left out: the language stays as it was
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Kies Nederlands of Engels.")},
        )
        muted = set(user.muted_email_events or [])
        self.events = optional_events()
        self.fields["email_events"] = forms.MultipleChoiceField(
            label=_("Stuur mij ook een e-mail bij"),
            required=False,
            choices=[(event.name, event.label) for event in self.events],
            initial=[event.name for event in self.events if event.name not in muted],
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Belangrijke berichten, zoals een besluit over uw initiatief of aanvraag, "
                "krijgt u altijd per e-mail."
            ),
        )

    def save(self):
        wanted = set(self.cleaned_data["email_events"])
        self.user.muted_email_events = sorted(e.name for e in self.events if e.name not in wanted)
        self.user.language = self.cleaned_data.get("language") or self.user.language
        self.user.save(update_fields=["muted_email_events", "language"])


class MeasureObjectionForm(forms.Form):
    """A resident's objection to a moderation measure on their account."""

    objection = forms.CharField(
        label=_("Waarom bent u het niet eens met deze maatregel?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Een coördinator leest uw bezwaar en laat u weten wat hij besluit."),
        error_messages={
            "required": _("Schrijf waarom u het er niet mee eens bent."),
            "max_length": _("Houd het onder de 2000 tekens (nu %(show_value)d)."),
        },
    )


class ProfileForm(forms.ModelForm):
    """The resident's own profile in Mijn overzicht: name, address, phone, wijk and the
    language of messages. The e-mail address is changed through allauth's own page, which
    confirms the new address first."""

    class Meta:
        from .models import User

        model = User
        fields = ["first_name", "last_name", "address", "phone", "wijk", "language"]
        labels = {"first_name": _("Voornaam"), "last_name": _("Achternaam")}
        help_texts = {
            "address": _("Straat, huisnummer en plaats."),
            "phone": _("Zo kunnen wij u bellen over uw initiatief of aanvraag."),
            "wijk": _("De wijk waar u woont."),
            "language": _("De taal van berichten, e-mails en brieven."),
        }
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limits = {"first_name": 150, "last_name": 150, "address": 200, "phone": 30}
        for name, limit in limits.items():
            field = single_line(self.fields[name])
            field.max_length = limit
            field.error_messages["max_length"] = _(
                "Dit is te lang: gebruik hoogstens %(limit_value)d tekens (nu %(show_value)d)."
            )
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        wijk = self.fields["wijk"]
        wijk.empty_label = _("Kies uw wijk")
        wijk.error_messages["invalid_choice"] = _("Kies een wijk uit de lijst.")
        self.fields["language"].error_messages["invalid_choice"] = _("Kies Nederlands of Engels.")
        self.fields["language"].choices = [c for c in self.fields["language"].choices if c[0]]

    def clean_phone(self):
        from .fields import dutch_phone

        return dutch_phone(self.cleaned_data.get("phone"))


class EraseAccountForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, verwijder mijn account en mijn gegevens"),
        error_messages={"required": _("Vink aan dat u uw account wilt laten verwijderen.")},
    )
