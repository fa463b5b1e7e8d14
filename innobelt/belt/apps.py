from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BeltConfig(AppConfig):
    name = "innobelt.belt"
    verbose_name = _("The Belt")
