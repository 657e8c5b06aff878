"""WSGI entry point (gunicorn troubleshooter.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "troubleshooter.config.settings")
application = get_wsgi_application()
