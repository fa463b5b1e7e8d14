from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "innobelt.challenges"
    verbose_name = _("Needs and challenges")

    def ready(self):
        from innobelt.challenges.contact import register_contact
        from innobelt.challenges.matching import register_challenges

        register_challenges()
        register_contact()
