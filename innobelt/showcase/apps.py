from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "innobelt.showcase"
    verbose_name = _("Exhibition zone and awards")
