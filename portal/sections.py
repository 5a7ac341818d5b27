"""Places where domain apps add their part to a page without the page's app knowing them.

An app registers a Wagtail hook that takes (request, **context) and returns HTML or None:

    fijnewijk_home_sections          the home page (cms)
    fijnewijk_neighbourhood_sections a neighbourhood page (cms), with wijk=
    fijnewijk_my_overview            "Mijn overzicht" (portal)
    fijnewijk_main_nav               returns (label, url, order) for the main menu
    fijnewijk_demo_data              load_demo's extra data: fn(scale=, wijken=)
    fijnewijk_initiative_sections    an initiative's page, with initiative= and is_team=
    fijnewijk_search_sections        the site search (cms), with query=: a group of results
    fijnewijk_personal_data          an app's part of a resident's own data, for the
                                     download and erasure (see portal.personal_data)
    fijnewijk_initiative_moved       fn(initiative=, name=, user=, reason=) after an
                                     initiative's move, inside its transaction (an app
                                     that hangs on to it acts, e.g. refunds on withdrawal)
"""

from wagtail import hooks

HOME = "fijnewijk_home_sections"
NEIGHBOURHOOD = "fijnewijk_neighbourhood_sections"
MY_OVERVIEW = "fijnewijk_my_overview"
MAIN_NAV = "fijnewijk_main_nav"
DEMO_DATA = "fijnewijk_demo_data"
INITIATIVE = "fijnewijk_initiative_sections"
SEARCH = "fijnewijk_search_sections"
INITIATIVE_MOVED = "fijnewijk_initiative_moved"


def render_sections(hook_name: str, request, **context) -> list[str]:
    return [html for fn in hooks.get_hooks(hook_name) if (html := fn(request, **context))]


def nav_items() -> list[tuple[str, str, int]]:
    return sorted((fn() for fn in hooks.get_hooks(MAIN_NAV)), key=lambda item: item[2])


def per_language(name: str, build):
    """What `build()` makes of constant texts (translated labels, the markup around a
    section's rows, addresses from reverse()) in the active language, made once per
    process and language: the sections of "Mijn overzicht" write their rows out in Python
    around these instead of translating the same labels for every row and request. Only
    for what is the same for everyone: never a person's data."""
    from django.conf import settings
    from django.utils import translation

    from .fragment_cache import in_process

    language = translation.get_language() or settings.LANGUAGE_CODE
    return in_process(("per-language", name, language), build)


def address_pattern(name: str, sample="987654321") -> str:
    """reverse(name) with "{}" where its one argument goes, for str.format per row (for
    per_language(): one reverse() per process and language instead of one per row).
    `sample` is an argument the pattern accepts that appears nowhere else in the address."""
    from django.urls import reverse

    return reverse(name, args=[sample]).replace(str(sample), "{}")


def cell(label: str) -> str:
    """The opening of a table cell of the stacking tables (fw-table--stack), which show
    the column's label beside the value on a phone."""
    from django.utils.html import escape

    return f'<td class="utrecht-table__cell" data-label="{escape(label)}">'


def table_section(parts: dict, rows: list[str], *extras: str):
    """A section of Mijn overzicht from its per_language() parts: "open", then the table
    ("table", the rows, "table_end") or, without rows, "empty", then "actions" (if the
    section has any), the extras (links shown only to some) and "close". The rows and
    extras are safe markup made by the caller with every value escaped."""
    from django.utils.safestring import mark_safe

    body = [parts["table"], *rows, parts["table_end"]] if rows else [parts["empty"]]
    html = [parts["open"], *body, parts.get("actions", ""), *extras, parts["close"]]
    return mark_safe("".join(html))  # noqa: S308 - parts are escaped labels, rows escaped


def choice_labels(choices) -> dict[str, str]:
    """{value: label} of a TextChoices (or a {value: lazy label} dict) in the active
    language, for per_language()."""
    items = choices.items() if isinstance(choices, dict) else choices.choices
    return {str(value): str(label) for value, label in items}
