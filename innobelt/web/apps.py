from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "innobelt.web"
    verbose_name = _("Web pages")

    def ready(self):
        from innobelt.kit import kept
        from innobelt.web import checks  # noqa: F401  (registers the demo password check)
        from innobelt.web.page_cache import WATCHED

        kept.watch(WATCHED)  # a save anywhere (a web machine, a worker) leaves the kept pages of its app behind
        kept.connect_signals()
