import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobelt.settings")
application = get_wsgi_application()

# Load the URLconf (and with it every app's views, forms and API) here, in gunicorn's preloaded master
# (deploy/gunicorn.conf.py: preload_app), so that workers fork with it loaded instead of each paying for it
# on its first request.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

# A production start refuses to serve while demo accounts keep the published password
# (innobelt/web/checks.py; nothing is checked in the embedded mode).
from innobelt.web.checks import refuse_published_demo_passwords  # noqa: E402

refuse_published_demo_passwords()
