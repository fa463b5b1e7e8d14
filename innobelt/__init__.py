"""innobelt: the open-innovation platform of the Shanghai–Nanjing Industrial Innovation Belt."""

# Load the Celery app with Django so @shared_task uses its settings (in-process
# without REDIS_URL, see settings.CELERY_TASK_ALWAYS_EAGER).
from innobelt.celery import app as celery_app

__all__ = ("celery_app",)
