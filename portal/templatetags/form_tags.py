"""The error summary at the top of a form (the NL Design System pattern): one heading
that counts the mistakes and a link to each field that has one, formset rows included."""

from __future__ import annotations

from django import template
from django.forms import BaseForm, BaseFormSet
from django.template.loader import render_to_string
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext as _

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


@register.simple_tag
def error_summary(*forms, extra=None):
    """includes/error_summary.html with the page's mistakes; nothing (and no template to
    render) when there are none, as on every first visit of a form."""
    entries = summary_entries(*forms, extra=extra)
    if not entries:
        return ""
    count = len(entries)
    heading = ngettext("Er is %(count)d fout", "Er zijn %(count)d fouten", count) % {"count": count}
    return render_to_string("includes/error_summary.html", {"entries": entries, "heading": heading})


def _error_paragraphs(errors) -> str:
    return "".join(f"<p>{conditional_escape(e)}</p>" for e in errors)


def row_labels(form) -> dict[str, tuple[str, str]]:
    """{field name: (label, label with a capital)}, escaped: the labels of a formset's
    rows, translated once for all its rows (a model field's label is a lazy text, each use
    translated anew)."""
    labels = {}
    for name in form.fields:
        label = str(form[name].label)
        labels[name] = (conditional_escape(label), conditional_escape(capfirst(label)))
    return labels


def formset_row_html(row, number, labels=None) -> str:
    """One row of a budget formset (fonds/includes/formset.html): a cell per visible field
    with its label for screen readers and its errors, then the hidden fields and the
    remove box. Written out in Python: a formset row as a template cost about as much as
    the rest of the fund form (tests/fonds/test_formset_rows.py compares the markup with
    the template this replaced, byte for byte)."""
    number = conditional_escape(number)
    line, remove, regel = gettext("regel"), gettext("verwijderen"), gettext("Regel")
    parts = []
    non_field = row.non_field_errors()
    if non_field:
        parts.append(
            '<tr class="utrecht-table__row"><td class="utrecht-table__cell" colspan="4">'
            f'<div class="utrecht-form-field-error-message">{_error_paragraphs(non_field)}'
            "</div></td></tr>"
        )
    parts.append('\n    <tr class="utrecht-table__row" data-formset-row>\n      ')
    for field in row.visible_fields():
        if field.name == "DELETE":
            continue
        if labels is not None and field.name in labels:
            label, capitalised = labels[field.name]
        else:
            label = conditional_escape(field.label)
            capitalised = conditional_escape(capfirst(field.label))
        parts.append(
            "\n      "
            '<td class="utrecht-table__cell utrecht-form-field__input" '
            f'data-label="{capitalised}">\n        '
            f'<label class="fw-visually-hidden" for="{conditional_escape(field.id_for_label)}">'
            f"{label} {conditional_escape(line)} {number}</label>{field}\n        "
        )
        if field.errors:
            parts.append(
                '<div class="utrecht-form-field-error-message" '
                f'id="{conditional_escape(field.auto_id)}_error">'
                f"{_error_paragraphs(field.errors)}</div>"
            )
        parts.append("\n      </td>")
    parts.append('\n      <td class="utrecht-table__cell fw-table__cell--action">')
    for hidden in row.hidden_fields():
        parts.append(str(hidden))
        for e in hidden.errors:
            parts.append(
                '<div class="utrecht-form-field-error-message">'
                f"<p>{conditional_escape(e)}</p></div>"
            )
    if "DELETE" in row.fields:
        delete = row["DELETE"]
        checked = " checked" if delete.value() else ""
        parts.append(
            '<label class="fw-formset-delete"><input type="checkbox" '
            f'name="{conditional_escape(delete.html_name)}" '
            f'id="{conditional_escape(delete.id_for_label)}" data-formset-delete{checked}> '
            f'<span class="fw-visually-hidden">{conditional_escape(regel)} {number} </span>'
            f"{conditional_escape(remove)}</label>"
        )
    parts.append("</td>\n    </tr>\n")
    return "".join(parts)


@register.simple_tag
def formset_row(row, number):
    return mark_safe(formset_row_html(row, number))  # noqa: S308 - every value escaped above


def _required_mark(field) -> str:
    """` (verplicht)` or ` (verplicht om in te dienen)` after a label, or nothing."""
    if field.field.required:
        text = gettext("verplicht")
    elif getattr(field.field, "required_to_submit", False):
        text = gettext("verplicht om in te dienen")
    else:
        return ""
    return f' <span class="fw-required">({conditional_escape(text)})</span>'


def field_html(field) -> str:
    """One field with its label, description and mistakes: includes/field.html, written
    out in Python for the forms that show many fields on every request (the fund form).
    tests/portal/test_field_html.py compares the markup with the template, byte for byte,
    on every field of the site's forms, fresh and with mistakes, in Dutch and English."""
    errors = field.errors
    fieldset = field.use_fieldset
    classes = "utrecht-form-field"
    if errors:
        classes += " utrecht-form-field--invalid"
    if field.widget_type == "checkbox":
        classes += " utrecht-form-field--checkbox"
    label = f"{conditional_escape(field.label)}{_required_mark(field)}"
    parts = [f'<div class="{classes}">\n  ']
    if fieldset:
        describedby = field.aria_describedby
        parts.append(
            '<fieldset class="utrecht-form-fieldset"'
            + (f' aria-describedby="{conditional_escape(describedby)}"' if describedby else "")
            + (' aria-invalid="true"' if errors else "")
            + f'><legend class="utrecht-form-fieldset__legend">{label}</legend>\n  '
        )
    else:
        parts.append(
            '<div class="utrecht-form-field__label"><label class="utrecht-form-label" '
            f'for="{conditional_escape(field.id_for_label)}">{label}</label></div>'
        )
    parts.append("\n  ")
    auto_id = conditional_escape(field.auto_id)
    if field.help_text:
        parts.append(
            f'<div class="utrecht-form-field-description" id="{auto_id}_helptext">'
            f"{field.help_text}</div>"  # |safe in the template: help texts are ours
        )
    parts.append("\n  ")
    if errors:
        parts.append(
            f'<div class="utrecht-form-field-error-message" id="{auto_id}_error">'
            f"{_error_paragraphs(errors)}</div>"
        )
    parts.append(f'\n  <div class="utrecht-form-field__input">{field}</div>\n  ')
    if fieldset:
        parts.append("</fieldset>")
    parts.append("\n</div>\n")
    return "".join(parts)


@register.simple_tag
def form_field(field):
    """`{% form_field field %}`: the same as `{% include "includes/field.html" %}`."""
    return mark_safe(field_html(field))  # noqa: S308 - every value escaped above


@register.simple_tag
def form_fields(form, names: str):
    """`{% form_fields form "title description" %}`: the named visible fields of `form`,
    in the form's order, each as `{% form_field %}`."""
    wanted = set(names.split())
    return mark_safe(  # noqa: S308 - every value escaped in field_html
        "".join(field_html(field) for field in form.visible_fields() if field.name in wanted)
    )


def management_form_html(formset) -> str:
    """`{{ formset.management_form }}`: its hidden inputs, as django/forms/div.html writes
    a form of hidden fields only; a management form with mistakes (a tampered count) goes
    through the template, which shows them."""
    form = formset.management_form
    if form.errors:
        return str(form)
    return "".join(str(field) for field in form.hidden_fields())


def formset_html(formset, caption, add_label, *, anchor="", errors=(), add_class="") -> str:
    """A budget formset (fonds/includes/formset.html) written out in Python: the block
    with its management form, its mistakes, the table of rows, the script's template row
    and the button that adds a line without JavaScript. tests/fonds/test_formset_rows.py
    compares the markup with the template, byte for byte."""
    empty = formset.empty_form
    prefix = conditional_escape(formset.prefix)
    parts = [
        f'<div class="fw-formset-block" data-formset="{prefix}" '
        f'data-remove-label="{conditional_escape(gettext("Regel verwijderen"))}" '
        f'data-removed-text="{conditional_escape(gettext("De regel is verwijderd."))}" '
        f'data-added-text="{conditional_escape(gettext("Er is een regel toegevoegd."))}" '
        f'id="{conditional_escape(anchor) if anchor else prefix}" tabindex="-1">'
        f"{management_form_html(formset)}\n"
    ]
    non_form = formset.non_form_errors()
    if non_form:
        parts.append(
            f'<div class="utrecht-form-field-error-message">{_error_paragraphs(non_form)}</div>'
        )
    parts.append("\n")
    if errors:
        parts.append(
            f'<div class="utrecht-form-field-error-message" id="{prefix}_error">'
            f"{_error_paragraphs(e[1] for e in errors)}</div>"
        )
    parts.append(
        '\n<table class="utrecht-table fw-formset fw-table--stack">\n'
        f'  <caption class="fw-visually-hidden">{conditional_escape(caption)}</caption>\n'
        '  <thead class="utrecht-table__header"><tr class="utrecht-table__row">'
    )
    labels = row_labels(empty)
    for field in empty.visible_fields():
        if field.name != "DELETE":
            parts.append(
                f'<th class="utrecht-table__header-cell" scope="col">{labels[field.name][1]}</th>'
            )
    parts.append(
        '<th class="utrecht-table__header-cell" scope="col">'
        f"{conditional_escape(gettext('Verwijderen'))}</th></tr></thead>\n"
        '  <tbody class="utrecht-table__body" data-formset-body>\n  '
    )
    for number, row in enumerate(formset, start=1):
        parts.append(formset_row_html(row, number, labels))
    parts.append(
        "\n  </tbody>\n</table>\n"
        "<template data-formset-template>"
        f"{formset_row_html(empty, '__number__', labels)}</template>\n"
        '<p class="fw-formset-add"><button type="submit" name="toevoegen" '
        f'value="{prefix}" class="'
        f"{conditional_escape(add_class or 'utrecht-button utrecht-button--secondary-action')}"
        f'" formnovalidate data-formset-add>{conditional_escape(add_label)}</button></p>\n'
        "</div>\n"
    )
    return "".join(parts)


@register.simple_tag
def budget_formset(formset, caption, add_label, anchor="", errors=(), add_class=""):
    """`{% budget_formset formset caption add_label anchor=… errors=… %}`: the same as
    `{% include "fonds/includes/formset.html" %}` with those variables."""
    return mark_safe(  # noqa: S308 - every value escaped in formset_html
        formset_html(formset, caption, add_label, anchor=anchor, errors=errors, add_class=add_class)
    )
