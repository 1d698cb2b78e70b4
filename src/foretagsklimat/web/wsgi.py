"""WSGI entry point (used by ``foretagsklimat serve`` through gunicorn)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "foretagsklimat.web.settings")
application = get_wsgi_application()
