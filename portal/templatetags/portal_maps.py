from django import template

from ..maps import build_map

register = template.Library()


@register.inclusion_tag("portal/wijk_map.html")
def wijk_map(wijken, values=None, links=None, title="", value_label=""):
    """`{% wijk_map wijken values=... links=... title=... value_label=... %}`"""
    return {
        "map": build_map(wijken, values=values, links=links),
        "title": title,
        "value_label": value_label,
        "has_values": values is not None,
        "links": bool(links),
    }
