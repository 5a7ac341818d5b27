"""The "Verantwoording" section of an application's admin page (fonds.report_admin)."""

from django import template

register = template.Library()


@register.inclusion_tag("fonds/admin/report_section.html", takes_context=True)
def report_section(context):
    from fonds.report_admin import report_context

    application = context["application"]
    return {
        "application": application,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        **report_context(
            request=context["request"],
            application=application,
            lines=context.get("lines"),
            can_review=bool(context.get("can_review")),
        ),
    }
