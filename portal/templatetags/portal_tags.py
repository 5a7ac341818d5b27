from django import template

from ..permissions import is_staff_member as _is_staff_member

register = template.Library()


@register.filter
def is_staff_member(user) -> bool:
    return _is_staff_member(user)
