"""WSGI entry point: `gunicorn clustermon.wsgi` or any WSGI server."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clustermon.settings")
application = get_wsgi_application()
