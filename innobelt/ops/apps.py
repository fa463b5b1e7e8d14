from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "innobelt.ops"
    label = "ops"
    verbose_name = "Operations"
