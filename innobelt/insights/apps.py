from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "innobelt.insights"
    verbose_name = _("The Belt's data")

    def ready(self) -> None:
        from innobelt.insights import figures, rules  # noqa: F401  (registers the figures and the permissions)
