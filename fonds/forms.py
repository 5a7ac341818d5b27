"""The resident's application form: the activity, a budget of lines, other money, the
bank account and the attachments. Saved as a concept at every press of a button."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, BaseInlineFormSet, inlineformset_factory
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from cms.models import Pillar
from portal.abuse import HoneypotMixin
from portal.fields import MoneyField, as_money, int_param, parse_amount, single_line
from portal.models import Wijk
from portal.uploads import MultipleDocumentField, MultiplePhotoField

from .models import Application, BudgetLine, Contribution, HwzAdvice, ReportFile

ReportFileKind = ReportFile.Kind

# Texts that end up in an e-mail subject, a letter's heading or a file name.
ONE_LINE = ("title", "group_name", "account_holder", "contact_name", "contact_phone")
# What a concept may lack but a submission needs (services.missing_for_submission): marked
# "verplicht om in te dienen" beside the label.
TO_SUBMIT = ("description", "pillar", "iban", "account_holder", "declaration")


class ApplicationForm(HoneypotMixin, forms.ModelForm):
    attachments = MultipleDocumentField(
        label=_("Offertes en andere bijlagen"),
        help_text=_("PDF of foto, hoogstens 5 tegelijk, elk tot 10 MB."),
    )

    class Meta:
        model = Application
        fields = [
            "applicant_kind",
            "resident_group",
            "initiative",
            "title",
            "description",
            "wijk",
            "pillar",
            "iban",
            "account_holder",
            "declaration",
        ]
        widgets = {
            "applicant_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "description": _(
                "Wat gaat er gebeuren, wanneer, en wie doen er mee of hebben er baat bij?"
            ),
            "iban": _("Bijvoorbeeld NL91 ABNA 0417 1643 00."),
            "declaration": _(
                "Ik verklaar dat ik alles naar waarheid heb ingevuld en het geld alleen "
                "gebruik voor deze activiteit."
            ),
        }

    def __init__(self, *args, user, own=None, **kwargs):
        """`own`: the person's own choices ({"resident_group": [(pk, name)], "initiative":
        [(pk, title)]}) when already read (fonds.blank_form); otherwise read here."""
        super().__init__(*args, **kwargs)
        from .form_choices import own_choices_of, own_querysets, shared_choices

        self.fields["wijk"].queryset = Wijk.objects.order_by("name")
        self.fields["wijk"].empty_label = _("Kies de wijk")
        self.fields["pillar"].queryset = Pillar.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("sort_order")
        self.fields["pillar"].empty_label = _("Kies een pijler")
        choices = dict(shared_choices())
        if "resident_group" in self.fields or "initiative" in self.fields:
            groups, initiatives = own_querysets(user)
        if "resident_group" in self.fields:
            chosen = self.fields["resident_group"]
            chosen.queryset = groups
            chosen.empty_label = _("Kies uw groep")
            chosen.help_text = _(
                "Een van de bewonersgroepen waarvan u lid bent. Staat uw groep er niet bij? "
                "Meld u eerst aan bij de groep, via Bewonersgroepen."
            )
            if self.instance.group_name and not self.instance.resident_group_id:
                chosen.help_text = _(
                    "U schreef eerder: “%(name)s”. Kies nu de groep uit de lijst."
                ) % {"name": self.instance.group_name}
        if "initiative" in self.fields:
            initiative = self.fields["initiative"]
            initiative.queryset = initiatives
            initiative.empty_label = _("Geen initiatief")
            initiative.help_text = _("Alleen als de aanvraag voor een initiatief van u is.")
        if own is not None:
            choices.update(own)
        elif (
            user.is_authenticated
            and "resident_group" in self.fields
            and "initiative" in self.fields
        ):
            choices.update(own_choices_of(user))
        # The options as shown, without reading the querysets (they still check what is
        # posted): the shared ones from the cache, the person's own in one query.
        for name in ("wijk", "pillar", "resident_group", "initiative"):
            if name in self.fields and name in choices:
                field = self.fields[name]
                empty = [] if field.empty_label is None else [("", field.empty_label)]
                field.choices = empty + choices[name]
        self.fields["declaration"].label = _("Verklaring")
        for name in TO_SUBMIT:
            if name in self.fields and not self.fields[name].required:
                self.fields[name].required_to_submit = True
        for name in ONE_LINE:
            if name in self.fields:
                single_line(self.fields[name])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("applicant_kind")
        if kind != Application.ApplicantKind.GROUP and "resident_group" in self.fields:
            cleaned["resident_group"] = None  # only an application for a group names one
        return cleaned

    def clean_iban(self):
        from .services import clean_iban

        value = self.cleaned_data.get("iban", "")
        return clean_iban(value) if value.strip() else ""

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if len(title) < 5:
            raise forms.ValidationError(_("Maak de titel wat langer (minstens 5 tekens)."))
        return title


class BudgetLineForm(forms.ModelForm):
    class Meta:
        model = BudgetLine
        fields = ["description", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_money(self, "amount")
        single_line(self.fields["description"])


class ContributionForm(forms.ModelForm):
    class Meta:
        model = Contribution
        fields = ["source", "description", "amount"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        as_money(self, "amount", allow_zero=True)
        single_line(self.fields["description"])


class BudgetFormSet(BaseInlineFormSet):
    """Lines of the budget: `label` names them in the error summary ("Kosten, regel 2")."""

    label = ""

    def with_one_more(self):
        """The same formset re-bound with one more (empty) line and no messages: the
        answer to *Regel toevoegen* without JavaScript, which keeps what was typed."""
        data = self.data.copy()
        key = f"{self.prefix}-TOTAL_FORMS"
        total = int_param(data.get(key), minimum=0, maximum=self.max_num) or 0
        data[key] = str(min(total + 1, self.max_num))
        return type(self)(data, self.files, instance=self.instance, prefix=self.prefix)


def without_messages(*forms) -> None:
    """Show bound forms and formsets as typed but without validating them (after *Regel
    toevoegen*, a half-filled form is not a mistake)."""
    for form in forms:
        if isinstance(form, BaseFormSet):
            form._non_form_errors = form.error_class()
            form._errors = []
            without_messages(*form.forms)
        else:
            form._errors = ErrorDict()
            form.cleaned_data = {}


class BudgetLineFormSetBase(BudgetFormSet):
    label = _("Kosten")


class ContributionFormSetBase(BudgetFormSet):
    label = _("Andere bijdragen")


BudgetLineFormSet = inlineformset_factory(
    Application,
    BudgetLine,
    form=BudgetLineForm,
    formset=BudgetLineFormSetBase,
    extra=2,
    max_num=30,
    can_delete=True,
)
ContributionFormSet = inlineformset_factory(
    Application,
    Contribution,
    form=ContributionForm,
    formset=ContributionFormSetBase,
    extra=1,
    max_num=10,
    can_delete=True,
)


def formset_total(formset) -> Decimal:
    """The sum of the amounts in a formset as shown (typed or stored), leaving out lines
    marked for removal and amounts that are not (yet) an amount."""
    total = Decimal("0")
    for row in formset.forms:
        if formset.can_delete and row["DELETE"].value():
            continue
        value = row["amount"].value()
        try:
            amount = parse_amount(value)
        except ValidationError:
            continue
        if amount is not None and amount > 0:
            total += amount
    return total


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Uw antwoord"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ConflictForm(forms.Form):
    reason = single_line(
        forms.CharField(
            label=_("Waarom trekt u zich terug?"),
            max_length=300,
            help_text=_(
                "Bijvoorbeeld: de aanvraag gaat over mijn eigen straat of mijn eigen groep."
            ),
        )
    )


class AdviceForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Uw advies"), choices=HwzAdvice.Verdict.choices, widget=forms.RadioSelect
    )
    remarks = forms.CharField(
        label=_("Opmerkingen"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class IntakeForm(ApplicationForm):
    """Staff enter an application for a tenant who is not online: the same questions,
    plus who the tenant is and how to keep them informed."""

    PARTS = {  # the form's sections, in order (the budget sits between activity and payment)
        "tenant": [
            "received_on",
            "tenant_email",
            "contact_salutation",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_channel",
        ],
        "activity": ["applicant_kind", "group_name", "title", "description", "wijk", "pillar"],
        "payment": ["iban", "account_holder", "attachments", "declaration"],
    }

    tenant_email = forms.EmailField(
        label=_("E-mailadres van de huurder (als die een account heeft)"),
        required=False,
        help_text=_("Laat leeg als de huurder geen account heeft; vul dan naam en adres in."),
    )

    received_on = forms.DateField(
        label=_("Datum waarop het papieren formulier binnenkwam"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "De termijnen lopen vanaf die dag. Laat leeg als de aanvraag vandaag binnenkwam "
            "(bijvoorbeeld aan de telefoon)."
        ),
    )

    class Meta(ApplicationForm.Meta):
        fields = [
            "contact_salutation",
            "contact_name",
            "contact_address",
            "contact_phone",
            "contact_channel",
            # A paper form names its group in words: staff type it (group_name).
            *[
                "group_name" if f == "resident_group" else f
                for f in ApplicationForm.Meta.fields
                if f != "initiative"
            ],
        ]
        widgets = {
            **ApplicationForm.Meta.widgets,
            "contact_address": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"declaration": _("De huurder heeft de verklaring getekend")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration"].label = _("De huurder heeft de verklaring getekend")
        self.fields["contact_channel"].initial = Application.Channel.LETTER

    def clean_received_on(self):
        from django.utils import timezone

        received = self.cleaned_data.get("received_on")
        if received and received > timezone.localdate():
            raise forms.ValidationError(
                _("Deze datum ligt in de toekomst. Vul de dag in waarop het formulier binnenkwam.")
            )
        return received

    def clean_tenant_email(self):
        from portal.models import User

        email = self.cleaned_data.get("tenant_email", "").strip().lower()
        if not email:
            return None
        tenant = User.objects.filter(email__iexact=email, is_active=True).first()
        if tenant is None:
            raise forms.ValidationError(
                _(
                    "Er is geen account met dit e-mailadres. Laat het veld leeg voor een huurder "
                    "zonder account."
                )
            )
        return tenant

    def clean(self):
        data = super().clean()
        tenant = data.get("tenant_email")
        if tenant is None and not data.get("contact_name", "").strip():
            self.add_error("contact_name", _("Vul de naam van de huurder in."))
        if tenant is None and data.get("contact_channel") == Application.Channel.PORTAL:
            self.add_error(
                "contact_channel",
                _(
                    "Zonder account kan de huurder alleen per brief of telefoon op de hoogte "
                    "blijven."
                ),
            )
        channel = data.get("contact_channel")
        if channel == Application.Channel.LETTER and not data.get("contact_address", "").strip():
            self.add_error("contact_address", _("Vul het postadres in voor de brieven."))
        if channel == Application.Channel.PHONE and not data.get("contact_phone", "").strip():
            self.add_error("contact_phone", _("Vul het telefoonnummer in."))
        return data


# --- accountability reports (w5-report) ---------------------------------------------

EXTRA_ROWS_MAX = 10


class ReportForm(forms.Form):
    """The resident's accountability report: what happened, how many took part, the real
    cost per budget line of the application (the planned amount shown as a hint, never as
    a value), extra costs, photos and receipts. Every field may be empty in a draft;
    services.missing_for_report says what a submission needs."""

    what_happened = forms.CharField(
        label=_("Wat is er gebeurd?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Vertel in een paar zinnen hoe de activiteit ging en wat die opleverde."),
    )
    participants = forms.IntegerField(
        label=_("Aantal deelnemers"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Ongeveer is goed genoeg."),
        error_messages={
            "invalid": _("Vul een heel getal in, bijvoorbeeld 40."),
            "min_value": _("Vul 0 of meer in."),
            "max_value": _("Vul hoogstens 1.000.000 in."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    photos = MultiplePhotoField(
        label=_("Foto's van de activiteit"),
        help_text=_("JPG, PNG of WebP, hoogstens 5 tegelijk."),
    )
    receipts = MultipleDocumentField(
        label=_("Bonnen en facturen"),
        help_text=_("PDF of foto, hoogstens 5 tegelijk, elk tot 10 MB."),
    )

    def __init__(self, *args, report, extra_rows: int | None = None, **kwargs):
        from portal.templatetags.portal_tags import euro

        self.report = report
        self.lines = list(report.application.budget_lines.all())
        costs = list(report.costs.all())
        by_line = {cost.budget_line_id: cost for cost in costs if cost.budget_line_id}
        self.extras = [cost for cost in costs if cost.budget_line_id is None]
        initial = kwargs.pop("initial", None) or {
            "what_happened": report.what_happened,
            "participants": report.participants,
        }
        for line in self.lines:
            if line.pk in by_line:
                initial[f"line_{line.pk}"] = by_line[line.pk].amount
        if extra_rows is None:
            extra_rows = len(self.extras) + 2
        self.extra_rows = max(1, min(extra_rows, EXTRA_ROWS_MAX))
        for number, extra in enumerate(self.extras[: self.extra_rows]):
            initial[f"extra_{number}_description"] = extra.description
            initial[f"extra_{number}_amount"] = extra.amount
        super().__init__(*args, initial=initial, **kwargs)
        for line in self.lines:
            name = f"line_{line.pk}"
            self.fields[name] = MoneyField(
                allow_zero=True,
                required=False,
                label=line.description,
                help_text=_("Begroot: %(amount)s") % {"amount": euro(line.amount)},
            )
            self.fields[name].required_to_submit = True
            self.fields[name].widget.attrs["placeholder"] = euro(line.amount)
        for number in range(self.extra_rows):
            self.fields[f"extra_{number}_description"] = single_line(
                forms.CharField(
                    label=_("Omschrijving extra kosten %(number)s") % {"number": number + 1},
                    required=False,
                    max_length=200,
                )
            )
            self.fields[f"extra_{number}_amount"] = MoneyField(
                label=_("Bedrag extra kosten %(number)s") % {"number": number + 1},
                required=False,
            )
        self.fields["what_happened"].required_to_submit = True
        self.fields["participants"].required_to_submit = True

    def clean_what_happened(self):
        from portal.fields import free_text

        return free_text(self.cleaned_data.get("what_happened"))

    def clean(self):
        cleaned = super().clean()
        for number in range(self.extra_rows):
            description = f"extra_{number}_description"
            amount = f"extra_{number}_amount"
            if description in self.errors or amount in self.errors:
                continue
            has_text = bool((cleaned.get(description) or "").strip())
            has_amount = cleaned.get(amount) is not None
            if has_text and not has_amount:
                self.add_error(amount, _("Vul het bedrag van deze extra kosten in."))
            elif has_amount and not has_text:
                self.add_error(description, _("Schrijf op waarvoor deze extra kosten waren."))
        return cleaned

    def line_fields(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def extra_fields(self):
        return [
            (self[f"extra_{n}_description"], self[f"extra_{n}_amount"])
            for n in range(self.extra_rows)
        ]

    def valid_parts(self) -> tuple[dict, list, bool, list]:
        """What of the form can be kept, also when another field has a mistake: the
        report's fields, the costs per line, the extra costs (only when all their rows are
        right; otherwise the stored ones stay) and the files."""
        errors = self.errors  # validates once
        cleaned = getattr(self, "cleaned_data", {})
        data = {
            name: cleaned[name]
            for name in ("what_happened", "participants")
            if name in cleaned and name not in errors
        }
        costs = []
        for line in self.lines:
            name = f"line_{line.pk}"
            if name in cleaned and name not in errors:
                costs.append((line, line.description, cleaned[name]))
        extras_ok = not any(name.startswith("extra_") for name in errors)
        if extras_ok:
            for number in range(self.extra_rows):
                amount = cleaned.get(f"extra_{number}_amount")
                text = (cleaned.get(f"extra_{number}_description") or "").strip()
                if amount is not None and text:
                    costs.append((None, text, amount))
        files = []
        if "photos" in cleaned and "photos" not in errors:
            # The photos are re-encoded under a random name; keep the name the person knows.
            originals = [f.name for f in self.files.getlist("photos") if f] if self.files else []
            files += [
                (
                    ReportFileKind.PHOTO,
                    originals[n] if n < len(originals) else image.image.name,
                    image.image,
                )
                for n, image in enumerate(cleaned["photos"])
            ]
        if "receipts" in cleaned and "receipts" not in errors:
            files += [
                (ReportFileKind.RECEIPT, name, content) for name, content in cleaned["receipts"]
            ]
        return data, costs, extras_ok, files


class ReportReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom ging de activiteit niet door?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Schrijf kort op waarom de activiteit niet doorging.")},
    )

    def clean_reason(self):
        from portal.fields import free_text

        return free_text(self.cleaned_data.get("reason"), max_length=2000)


# --- co-funding (issue 14, w5-cofund) -------------------------------------------------


class DonationForm(HoneypotMixin, forms.Form):
    """Chip in on a funded initiative: an amount (€1 to €10,000), who gives it and
    whether the name may be shown. The payment itself happens at Stripe."""

    amount = forms.DecimalField(label=_("Bedrag in euro"))
    name = forms.CharField(
        label=_("Uw naam of de naam van uw bedrijf (niet verplicht)"),
        max_length=120,
        required=False,
    )
    show_name = forms.BooleanField(
        label=_("Toon mijn naam bij het initiatief"),
        required=False,
        help_text=_("Zonder vinkje staat uw bijdrage er zonder naam bij."),
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Voor het betaalbewijs en als we de bijdrage moeten terugbetalen."),
    )
    is_business = forms.TypedChoiceField(
        label=_("U draagt bij als"),
        choices=[("0", _("bewoner")), ("1", _("bedrijf of organisatie"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from portal.fields import MoneyField

        from .services.cofunding import MAXIMUM, MINIMUM

        self.fields["amount"] = MoneyField(
            label=_("Bedrag in euro"),
            maximum=MAXIMUM,
            help_text=_("Van € 1 tot en met € 10.000, bijvoorbeeld 25 of 12,50."),
            error_messages={
                "too_large": _("U kunt hoogstens € 10.000 bijdragen."),
                "zero": _("Vul een bedrag van minstens € 1 in."),
                "negative": _("Een bijdrage kan niet negatief zijn."),
            },
        )
        self.minimum = MINIMUM
        single_line(self.fields["name"])
        single_line(self.fields["email"])
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount is not None and amount < self.minimum:
            raise ValidationError(_("Vul een bedrag van minstens € 1 in."), code="too_small")
        return amount

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
