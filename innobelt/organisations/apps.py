from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "innobelt.organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from innobelt.imports.registry import register
        from innobelt.organisations.importing import OrganisationImporter

        register(OrganisationImporter())
        from innobelt.organisations import personal_data

        personal_data.register()  # the person's organisations in their PIPL export (accounts.personal_data)
        from innobelt.kit import kept
        from innobelt.organisations.queries import DIRECTORY_SHOWS

        kept.watch(DIRECTORY_SHOWS)  # in every process: a save anywhere leaves the directory's kept cards behind
