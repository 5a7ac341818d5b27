"""Content-Security-Policy (django-csp 4.0).

The site: CONTENT_SECURITY_POLICY in portal.settings.base: no inline script, no inline
style, nothing from other origins. Our own templates keep to it: behaviour lives in
static/js/, looks in static/css/, data for scripts in <script type="application/json">.

The Wagtail admin (/admin/) gets its own policy from AdminContentSecurityPolicyMiddleware.
Scripts stay strict there too ('self' and a per-request nonce; no 'unsafe-inline', no
'unsafe-eval'): the few inline scripts Wagtail 7.4 still writes carry that nonce. Its
templates that write one (date and time widgets, inline and multiple-chooser panels) are
overridden in portal/templates/wagtailadmin/ with `nonce="{% admin_csp_nonce %}"`, and
the chooser widgets, which write theirs in Python (BaseChooser.render), get it in
`nonce_chooser_scripts` (installed by PortalConfig.ready). A script injected into a page
has no nonce and does not run. Styles need
'unsafe-inline' in the admin only: Wagtail's own templates and its React editors
(Draftail, the page explorer, the minimap, tooltips) write style attributes, which no
nonce can cover. Images may be data: and blob: URLs there (previews of uploads before
they are saved); the live preview is a frame of the same site.
"""

from __future__ import annotations

from contextvars import ContextVar

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from csp.utils import default_config

ADMIN_PREFIX = "/admin/"

ADMIN_DIRECTIVES = default_config(
    {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
)


_admin_request: ContextVar = ContextVar("admin_request", default=None)


def admin_nonce() -> str:
    """This admin request's script nonce ("" outside the admin)."""
    request = _admin_request.get()
    nonce = getattr(request, "csp_nonce", None)
    return str(nonce) if nonce is not None else ""


class AdminContentSecurityPolicyMiddleware:
    """The admin's policy for every /admin/ response. Place it after CSPMiddleware, which
    then reads the policy from the response when it writes the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        token = _admin_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _admin_request.reset(token)
        if getattr(response, "_csp_config", None) is None:
            response._csp_config = ADMIN_DIRECTIVES
        return response


def nonce_chooser_scripts() -> None:
    """Wagtail's chooser widgets end their HTML with an inline `<script>` written in
    Python; give it this request's nonce."""
    from django.utils.safestring import mark_safe
    from wagtail.admin.widgets.chooser import BaseChooser

    original = BaseChooser.render
    if getattr(original, "nonced", False):
        return

    def render(self, name, value, attrs=None, renderer=None):
        html = original(self, name, value, attrs=attrs, renderer=renderer)
        nonce = admin_nonce()
        head, found, tail = html.rpartition("<script>")
        if not nonce or not found:
            return html
        return mark_safe(f'{head}<script nonce="{nonce}">{tail}')  # noqa: S308 (Wagtail's own HTML)

    render.nonced = True
    BaseChooser.render = render
