"""The Celery app. Without CELERY_BROKER_URL tasks run in-process (embedded mode).

A worker or beat started without DJANGO_SETTINGS_MODULE (`celery -A portal worker`) runs
the production settings, like gunicorn (portal.wsgi): the embedded mode needs no worker.
This module is imported with the package `portal`, before portal.wsgi sets its own default,
so the two defaults must be the same; manage.py sets dev before it imports anything."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
