from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DemoData(models.Model):
    """The demo was loaded into this database (at most one row; see innobelt/web/demo.py).

    `load_demo` does nothing once this row exists, so demo accounts deleted or changed
    afterwards stay that way across restarts.
    """

    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    accounts = models.JSONField(_("demo accounts created"), default=list, blank=True)

    class Meta:
        verbose_name = _("demo data")
        verbose_name_plural = _("demo data")

    def __str__(self) -> str:
        return f"demo loaded {self.loaded_at:%Y-%m-%d %H:%M}"
