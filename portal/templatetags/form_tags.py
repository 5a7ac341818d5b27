"""The error summary at the top of a form (the NL Design System pattern): one heading
that counts the mistakes and a link to each field that has one, formset rows included."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BaseFormSet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


def _field_entries(form: BaseForm, context: str = "") -> list[dict]:
    entries = []
    for error in form.non_field_errors():
        entries.append({"href": "", "message": f"{context}{error}"})
    for name in form.errors:
        if name == "__all__" or name not in form.fields:
            continue
        bound = form[name]
        if bound.is_hidden:
            for error in bound.errors:
                entries.append({"href": "", "message": f"{context}{error}"})
            continue
        label = bound.label or name
        for error in bound.errors:
            entries.append(
                {"href": f"#{bound.id_for_label}", "message": f"{context}{label}: {error}"}
            )
    return entries


def summary_entries(*forms, extra=None) -> list[dict]:
    """Every mistake on the page, in the order of the page; `extra` holds (anchor,
    message) pairs for mistakes that belong to no single field (the budget)."""
    entries: list[dict] = []
    for form in forms:
        if form is None or form == "":
            continue
        if isinstance(form, BaseFormSet):
            if not form.is_bound:
                continue  # an unbound formset has no mistakes
            label = str(getattr(form, "label", "") or "")
            for error in form.non_form_errors():
                entries.append({"href": "", "message": f"{label}: {error}" if label else error})
            for number, row in enumerate(form.forms, start=1):
                if form.can_delete and getattr(row, "cleaned_data", {}).get("DELETE"):
                    continue
                context = (
                    _("%(part)s, regel %(number)d: ") % {"part": label, "number": number}
                    if label
                    else _("Regel %(number)d: ") % {"number": number}
                )
                entries.extend(_field_entries(row, context))
        else:
            entries.extend(_field_entries(form))
    for anchor, message in extra or ():
        entries.append({"href": f"#{anchor}" if anchor else "", "message": str(message)})
    return entries


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms, extra=None):
    entries = summary_entries(*forms, extra=extra)
    count = len(entries)
    heading = ngettext("Er is %(count)d fout", "Er zijn %(count)d fouten", count) % {"count": count}
    return {"entries": entries, "heading": heading}
