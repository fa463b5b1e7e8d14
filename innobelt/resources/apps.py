from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "innobelt.resources"
    verbose_name = _("Shared resources (GOI)")

    def ready(self):
        from innobelt.resources.matching import register_resources

        register_resources()

        from innobelt.resources.contact import register_contact

        register_contact()

        from innobelt.imports.registry import register
        from innobelt.resources.importing import EquipmentImporter

        register(EquipmentImporter())

        from innobelt.kit import kept
        from innobelt.resources.queries import OWNERS_SHOW

        kept.watch(OWNERS_SHOW)  # in every process: the register's owners left behind by a change anywhere
