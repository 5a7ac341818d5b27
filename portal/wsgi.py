"""The WSGI application gunicorn serves. Without DJANGO_SETTINGS_MODULE it runs the
production settings, which refuse to start without their secrets: a server never falls
back to the dev settings (DEBUG on). `manage.py` (runserver, the demo) defaults to dev."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
