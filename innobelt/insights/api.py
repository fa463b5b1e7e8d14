"""The API of dashboards, the display wall and open data, read-only under /api/v1/.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape.
"""

from ninja import Router

router = Router(tags=["insights"])
