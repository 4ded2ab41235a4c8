from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressListConfig(AppConfig):
    name = "presslist"
    verbose_name = _("Liste de presse")
