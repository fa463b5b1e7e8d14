from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "innobelt.conversations"
    verbose_name = _("Conversations")

    def ready(self):
        from innobelt.conversations.subjects import register_builtin_subjects

        register_builtin_subjects()
