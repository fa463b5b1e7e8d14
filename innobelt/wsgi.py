import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innobelt.settings")
application = get_wsgi_application()

# A production start refuses to serve while demo accounts keep the published password
# (innobelt/web/checks.py; nothing is checked in the embedded mode).
from innobelt.web.checks import refuse_published_demo_passwords  # noqa: E402

refuse_published_demo_passwords()
