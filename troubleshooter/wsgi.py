"""WSGI entry point (gunicorn troubleshooter.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "troubleshooter.settings")
application = get_wsgi_application()
