from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressListConfig(AppConfig):
    name = "press.presslist"
    label = "presslist"
    verbose_name = _("Liste de presse")

    def ready(self):
        from press.presslist import receivers

        receivers.connect()
