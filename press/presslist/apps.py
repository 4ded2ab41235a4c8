from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressListConfig(AppConfig):
    name = "press.presslist"
    label = "presslist"
    verbose_name = _("Liste de presse")

    def ready(self):
        from core import erasures
        from press.presslist import receivers
        from press.presslist.models import Subscriber
        from press.presslist.services import erase_again

        receivers.connect()
        erasures.register(Subscriber, erase_again)
