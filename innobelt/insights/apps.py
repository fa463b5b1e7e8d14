from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "innobelt.insights"
    verbose_name = _("The Belt's data")

    def ready(self) -> None:
        # registers the figures (those of today's apps, then of the apps built after insights) and the permissions
        from innobelt.insights import (  # noqa: F401
            figures,
            figures_financing,
            figures_pipeline,
            figures_services,
            figures_showcase,
            figures_talent,
            figures_vouchers,
            rules,
        )
