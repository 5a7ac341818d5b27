"""Django's form renderer, with the most common widgets written out in Python.

A form field's widget is rendered through two or three small templates (text.html
includes input.html, which includes attrs.html; a select includes a template per
option), each with a fresh template context: on the fund form, with its budget lines,
about half the page's time. For the widgets that use Django's own templates unchanged
(the inputs, the textarea, the select, radio buttons and check boxes) this renderer
builds the same markup, byte for byte (tests/portal/test_form_renderer.py compares the
two on every form of the site),
with the same escaping and localisation as the templates. Any other template, and a
widget whose options use another template, goes through the templates as before.

Settings: FORM_RENDERER = "portal.form_renderer.FormRenderer".
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

WIDGETS = "django/forms/widgets/"
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "checkbox",
    )
)
TEXTAREA = f"{WIDGETS}textarea.html"
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
# Radio buttons and check boxes: multiple_input.html, an option template per choice.
MULTIPLE = frozenset({f"{WIDGETS}radio.html", f"{WIDGETS}checkbox_select.html"})
INPUT_OPTIONS = frozenset({f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"})


def _shown(value) -> str:
    """`{{ value }}`: in local time, localised and escaped."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}`: not localised; escaped unless already safe."""
    if isinstance(value, tuple):
        value = str(value)
    text = "%s" % value  # noqa: UP031 - exactly what the stringformat filter does
    if isinstance(value, SafeData):
        return text
    return conditional_escape(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is not False:
            parts.append(f" {_shown(name)}")
            if value is not True:
                parts.append(f'="{_formatted(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return (
        f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget: dict) -> str:
    value = _shown(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_shown(option['label'])}</option>"
    )


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option.get("template_name") != OPTION:
                return None
            parts.append(f"\n  {_option(option)}\n")  # select_option.html ends in a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


def _input_option(option: dict) -> str:
    """radio_option.html / checkbox_option.html: input_option.html, each include ending
    in its template's newline."""
    html = f"{_input(option)}\n"
    if option.get("wrap_label"):
        attrs_id = option["attrs"].get("id")
        label_for = f' for="{_shown(attrs_id)}"' if attrs_id else ""
        html = f"<label{label_for}>{html} {_shown(option['label'])}</label>"
    return f"{html}\n\n"


def _multiple(widget: dict) -> str | None:
    """multiple_input.html (radio.html and checkbox_select.html include it)."""
    attrs = widget["attrs"]
    parts = ["<div"]
    if attrs.get("id"):
        parts.append(f' id="{_shown(attrs["id"])}"')
    if attrs.get("class"):
        parts.append(f' class="{_shown(attrs["class"])}"')
    parts.append(">")
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f"\n  <div><label>{_shown(group_name)}</label>")
        for option in group_choices:
            if option.get("template_name") not in INPUT_OPTIONS:
                return None
            parts.append(f"<div>\n    {_input_option(option)}</div>")
        if group_name:
            parts.append("\n  </div>")
    parts.append("\n</div>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name in INPUTS:
                html = _input(widget)
            elif template_name == TEXTAREA:
                html = _textarea(widget)
            elif template_name == SELECT:
                html = _select(widget)
            elif template_name in MULTIPLE:
                html = _multiple(widget)
            if html is not None:
                return mark_safe(html.strip())  # noqa: S308 - every value escaped above
        return super().render(template_name, context, request)
