"""The API of positions, talent profiles and recognitions under /api/v1/.

Endpoints only translate: look the object up among those the caller may see (404 otherwise), call the
domain, answer in the kit's error shape.
"""

from ninja import Router

router = Router(tags=["talent"])
